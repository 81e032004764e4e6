/**
 * Terraform's IP network functions: `cidrsubnet`, `cidrsubnets`, `cidrhost`, `cidrnetmask` — IPv4 and IPv6, with
 * Terraform's errors for prefixes and numbers that do not fit.
 */
import { mask4, parseCidr } from '../../net/prefix.js';
import { formatIpv4 } from '../../net/ipv4.js';
import { formatIpv6 } from '../../net/ipv6.js';
import { functionTable, int, str, type TfFunction } from './fn-args.js';
import { EvalError } from './value.js';

/** `cidrsubnet("10.0.0.0/16", 8, 2)` → `"10.0.2.0/24"`. */
export function cidrsubnet(prefix: string, newbits: number, netnum: number): string {
  const r = parseCidr(prefix);
  if (!r.ok) throw new EvalError(`cidrsubnet: invalid CIDR "${prefix}": ${r.message}`);
  const p = r.value.prefix;
  const len = p.len + newbits;
  if (p.family === 4) {
    if (len > 32)
      throw new EvalError(
        `cidrsubnet: insufficient address space to extend prefix of ${p.len} by ${newbits}`,
      );
    if (netnum < 0 || netnum >= 2 ** newbits)
      throw new EvalError(
        `cidrsubnet: prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`,
      );
    const base = (p.base + (len === 32 ? netnum : netnum * 2 ** (32 - len))) >>> 0;
    return `${formatIpv4(base)}/${len}`;
  }
  if (len > 128)
    throw new EvalError(`cidrsubnet: insufficient address space to extend prefix of ${p.len} by ${newbits}`);
  if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits))
    throw new EvalError(`cidrsubnet: subnet number ${netnum} too large`);
  const base = p.base | (BigInt(netnum) << BigInt(128 - len));
  return `${formatIpv6(base)}/${len}`;
}

/** `cidrhost("10.0.1.0/24", 5)` → `"10.0.1.5"`; negative numbers count from the end. */
export function cidrhost(prefix: string, hostnum: number): string {
  const r = parseCidr(prefix);
  if (!r.ok) throw new EvalError(`cidrhost: invalid CIDR "${prefix}": ${r.message}`);
  const p = r.value.prefix;
  if (p.family === 4) {
    const size = 2 ** (32 - p.len);
    const n = hostnum < 0 ? size + hostnum : hostnum;
    if (n < 0 || n >= size)
      throw new EvalError(`cidrhost: prefix of ${p.len} does not accommodate a host numbered ${hostnum}`);
    return formatIpv4((p.base + n) >>> 0);
  }
  const size = 1n << BigInt(128 - p.len);
  const n = hostnum < 0 ? size + BigInt(hostnum) : BigInt(hostnum);
  if (n < 0n || n >= size) throw new EvalError(`cidrhost: host number ${hostnum} out of range`);
  return formatIpv6(p.base + n);
}

export function cidrsubnets(prefix: string, bits: number[]): string[] {
  const r = parseCidr(prefix);
  if (!r.ok) throw new EvalError(`cidrsubnets: invalid CIDR "${prefix}": ${r.message}`);
  const p = r.value.prefix;
  const out: string[] = [];
  if (p.family === 4) {
    let next = p.base;
    for (const nb of bits) {
      const len = p.len + nb;
      if (len > 32) throw new EvalError('cidrsubnets: not enough address space');
      const size = 2 ** (32 - len);
      const start = Math.ceil((next - p.base) / size) * size + p.base;
      if (start + size > p.base + 2 ** (32 - p.len))
        throw new EvalError('cidrsubnets: not enough remaining address space');
      out.push(`${formatIpv4(start >>> 0)}/${len}`);
      next = start + size;
    }
    return out;
  }
  let next = p.base;
  for (const nb of bits) {
    const len = p.len + nb;
    const size = 1n << BigInt(128 - len);
    const start = ((next - p.base + size - 1n) / size) * size + p.base;
    out.push(`${formatIpv6(start)}/${len}`);
    next = start + size;
  }
  return out;
}

export const NETWORK_FUNCTIONS: ReadonlyMap<string, TfFunction> = functionTable([
  [
    ['cidrsubnet'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const a2 = args[2] ?? null;
      return cidrsubnet(str(a0, name), int(a1, name), int(a2, name));
    },
  ],
  [
    ['cidrsubnets'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      return cidrsubnets(
        str(a0, name),
        args.slice(1).map((x) => int(x, name)),
      );
    },
  ],
  [
    ['cidrhost'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      return cidrhost(str(a0, name), int(a1, name));
    },
  ],
  [
    ['cidrnetmask'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const r = parseCidr(str(a0, name));
      if (!r.ok || r.value.prefix.family !== 4) throw new EvalError('cidrnetmask: an IPv4 CIDR is required');
      return formatIpv4(mask4(r.value.prefix.len));
    },
  ],
]);
