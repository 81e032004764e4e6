/**
 * DNS64 for a flow from an IPv6-only interface to an IPv4 destination (V6-6). DNS64 is a subnet attribute
 * (`EnableDns64`): the Route 53 Resolver answers a name that has no AAAA record with 64:ff9b::/96 plus the name's IPv4
 * address, and a NAT gateway the subnet routes 64:ff9b::/96 to translates the packet (NAT64, dataplane/nat64.ts).
 * vpcsim decides it as follows:
 * - the destination is **named** and has an IPv6 address (an AAAA record): the source uses it, DNS64 or not;
 * - the destination is **named** (an instance or interface with no IPv6 address, a load balancer node): the source
 *   resolves the name. DNS64 on in the source's subnet → the answer is the synthesised 64:ff9b:: address of the IPv4
 *   address the name resolves to from there (public or private, IGW-2), and that is what vpcsim traces — the note
 *   says so. DNS64 off → the name has no answer an IPv6-only host can use: the flow stays IPv4 and ends
 *   `SOURCE_HAS_NO_IPV4` at the source, the note naming the fix.
 * - the destination is an IPv4 **literal**: a host without IPv4 cannot send it at all (`SOURCE_HAS_NO_IPV4`, S8 flow
 *   5); the note says what DNS64 would answer for a name with that address, when it is on.
 */
import { formatAddr, type Addr } from '../net/addr.js';
import { destinationAddress, type ResolvedEndpoint } from './endpoints.js';

/** The NAT64 well-known prefix 64:ff9b::/96 (V6-6). */
const NAT64_BASE = 0x0064ff9b_0000_0000_0000_0000_0000_0000n;

/** The DNS64 answer for IPv4 address `v4`: 64:ff9b::/96 + v4. `dns64Address(198.51.100.10)` → 64:ff9b::c633:640a. */
export function dns64Address(v4: number): bigint {
  return NAT64_BASE | BigInt(v4);
}

type Interface = Extract<ResolvedEndpoint, { kind: 'instance' | 'eni' }>;

/** Source and destination addresses, and the note, for IPv6-only `src` sending to IPv4 `dst` (see the header). */
export function dns64Choice(
  src: Interface,
  dst: ResolvedEndpoint,
): { srcAddr: Addr; dstAddr: Addr | undefined; note: string } {
  const subnet = src.eni.subnet;
  const named =
    dst.kind === 'load-balancer' || ((dst.kind === 'instance' || dst.kind === 'eni') && dst.literal !== true);
  const v4 = named ? destinationAddress(src, dst).addr : dst.addr;
  const own = src.eni.addrs6[0];
  // A named destination with an IPv6 address has an AAAA record: the IPv6-only source uses it, DNS64 or not.
  const aaaa = (dst.kind === 'instance' || dst.kind === 'eni') && named ? dst.eni.addrs6[0] : undefined;
  if (aaaa !== undefined && own !== undefined)
    return {
      srcAddr: own,
      dstAddr: aaaa,
      note: `${src.label} has no IPv4 address (IPv6-only, V6-1) and ${dst.label} is named: its IPv6 address ${formatAddr(aaaa)} (its AAAA record) is used`,
    };
  if (named && subnet.dns64 === true && typeof v4 === 'number' && own !== undefined) {
    const synth = dns64Address(v4);
    return {
      srcAddr: own,
      dstAddr: synth,
      note: `${dst.label} has no IPv6 address (no AAAA record) and ${src.label} has no IPv4: DNS64 is on in ${subnet.id}, so the resolver answers ${formatAddr(synth)} (64:ff9b::/96 + ${formatAddr(v4)}, V6-6) and ${src.label} sends there from ${formatAddr(own)} — vpcsim traces that address; only a NAT gateway the route table sends 64:ff9b::/96 to translates it (NAT64)`,
    };
  }
  const head = `${src.label} has no IPv4 address (IPv6-only, V6-1): an IPv4 destination is reached only through NAT64 at 64:ff9b::/96 (V6-6)`;
  if (named)
    return {
      srcAddr: 0,
      dstAddr: undefined,
      note: `${head}; ${dst.label} has no IPv6 address and DNS64 is off in ${subnet.id}, so its name has no answer ${src.label} can use — enable DNS64 on ${subnet.id} and route 64:ff9b::/96 to a NAT gateway`,
    };
  return {
    srcAddr: 0,
    dstAddr: undefined,
    note:
      subnet.dns64 === true && typeof v4 === 'number'
        ? `${head}; DNS64 is on in ${subnet.id}: a name with only the address ${formatAddr(v4)} resolves to ${formatAddr(dns64Address(v4))} — trace that address to follow NAT64`
        : `${head}; DNS64 is off in ${subnet.id}, so names without an AAAA record get no answer there either`,
  };
}
