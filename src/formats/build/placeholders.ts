/**
 * Deterministic placeholders for the values AWS assigns at deploy time and an input does not give:
 *
 * - private IPv4 addresses (`AddressPlan`): per subnet, the addresses the input gives are reserved first; each
 *   request then gets the lowest free address after the five AWS reserves (ADDR-2, model/reserved-addresses.ts),
 *   in the order the importer asks — so the same input always gives the same addresses;
 * - public IPv4 addresses (`PublicAddresses`): consecutive addresses from 198.18.0.0/15, the benchmarking range
 *   (RFC 2544), which is never a real internet host, remembered per key.
 *
 * The resource that gets one lists the field in `assumed`, so traces can say the value was assumed.
 */
import { formatIpv4, parseIpv4 } from '../../net/ipv4.js';
import { tryCidr4, type Prefix4 } from '../../net/prefix.js';
import { firstFreeAddress } from '../../model/reserved-addresses.js';

interface SubnetPlan {
  readonly prefix: Prefix4 | null;
  readonly used: Set<number>;
  /** Where the next search starts (addresses below it are taken or reserved). */
  next: number;
}

/** Private addresses per subnet (ADDR-2). */
export class AddressPlan {
  private readonly subnets = new Map<string, SubnetPlan>();

  /** `cidrOf(subnet)` gives a subnet's IPv4 CIDR as written (undefined or malformed: nothing can be assigned). */
  constructor(private readonly cidrOf: (subnet: string) => string | undefined) {}

  private plan(subnet: string): SubnetPlan {
    let p = this.subnets.get(subnet);
    if (!p) {
      const cidr = this.cidrOf(subnet);
      const prefix = cidr === undefined ? null : tryCidr4(cidr);
      p = { prefix, used: new Set(), next: prefix ? prefix.base + 4 : 0 };
      this.subnets.set(subnet, p);
    }
    return p;
  }

  /** Does the subnet have a usable IPv4 CIDR? */
  known(subnet: string): boolean {
    return this.plan(subnet).prefix !== null;
  }

  /** An address the input gives: no placeholder may take it. */
  reserve(subnet: string, ip: string | undefined): void {
    if (ip === undefined) return;
    const a = parseIpv4(ip);
    if (a.ok) this.plan(subnet).used.add(a.value);
  }

  /** The lowest free address of the subnet (ADDR-2), now taken; undefined when the subnet is full or unknown. */
  take(subnet: string): string | undefined {
    const p = this.plan(subnet);
    if (!p.prefix) return undefined;
    const ip = firstFreeAddress(p.prefix, p.used, p.next);
    if (ip === null) return undefined;
    p.used.add(ip);
    p.next = ip + 1;
    return formatIpv4(ip);
  }
}

const PUBLIC_BASE = 0xc6120000; // 198.18.0.0

/** Placeholder public addresses from 198.18.0.0/15, in the order asked, one per key. */
export class PublicAddresses {
  private readonly byKey = new Map<string, string>();
  private count = 0;

  /** The next placeholder, or the one already given to `key`. */
  next(key?: string): string {
    const have = key === undefined ? undefined : this.byKey.get(key);
    if (have !== undefined) return have;
    const ip = formatIpv4((PUBLIC_BASE + 1 + this.count++) >>> 0);
    if (key !== undefined) this.byKey.set(key, ip);
    return ip;
  }
}
