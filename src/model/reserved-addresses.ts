/**
 * The addresses AWS reserves in every subnet (ADDR-2: the network address, base+1 for the VPC router, base+2 for
 * DNS, base+3 for future use, and the last address) and the deterministic choice of a free one, used wherever a
 * deploy-time address has to be assumed (an instance or NAT gateway without a given IP, a Client VPN ENI, a
 * firewall endpoint).
 */
import { contains4, last4, type Prefix4 } from '../net/prefix.js';

/** Is `ip` one of the five addresses AWS reserves in subnet `p` (ADDR-2)? */
export function isReservedInSubnet(p: Prefix4, ip: number): boolean {
  return ip - p.base <= 3 || ip === last4(p);
}

/**
 * The lowest address of `p` after the reserved ones that is not in `used`, or null when the subnet is full.
 * `firstFreeAddress(10.0.1.0/24, {10.0.1.4})` → 10.0.1.5. `from` lets a caller allocating many addresses resume
 * where it stopped instead of rescanning.
 */
export function firstFreeAddress(
  p: Prefix4,
  used: ReadonlySet<number | bigint>,
  from = p.base + 4,
): number | null {
  const last = last4(p);
  for (let ip = Math.max(from, p.base + 4); ip < last && contains4(p, ip); ip++) {
    if (!used.has(ip)) return ip;
  }
  return null;
}
