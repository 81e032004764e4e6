/**
 * Lint of the network ACLs of Client VPN target subnets (NACL-6, CVPN-3): replies to what clients send must come back
 * in on the ports the Client VPN ENI may use after its source NAT. First-match evaluation over port ranges, one peer
 * address per piece of each destination within which every rule's CIDR matches all addresses or none.
 */
import type { Associations } from '../associations/resolve.js';
import { CLIENT_VPN_ENI_PORT_RANGE, type ClientVpnEndpoint } from '../model/clientvpn.js';
import type { NetworkAcl, NetworkAclRule, PortRange, Subnet } from '../model/network.js';
import { contains4, covers, formatPrefix, last4, overlaps, tryCidr4, type Prefix4 } from '../net/prefix.js';
import type { Emit, ParsedRoute, ParsedRule } from './clientvpn-common.js';

interface ParsedNaclRule {
  readonly number: number;
  readonly protocol: number;
  readonly ports: PortRange;
  readonly prefix: Prefix4 | null;
  readonly allow: boolean;
}

function parseNaclRules(rules: readonly NetworkAclRule[]): ParsedNaclRule[] {
  return [...rules]
    .sort((a, b) => a.number - b.number)
    .map((r) => ({
      number: r.number,
      protocol: r.protocol,
      ports: r.protocol === -1 || !r.ports ? { from: 0, to: 65535 } : r.ports,
      prefix: tryCidr4(r.cidr), // IPv6 rules never match IPv4 (NACL-2)
      allow: r.action === 'allow',
    }));
}

/** First-match evaluation over a port range for one peer address: admitted sub-ranges (NACL-2; `*` deny last). */
function admittedPorts(
  rules: readonly ParsedNaclRule[],
  proto: number,
  peer: number,
  range: PortRange,
): PortRange[] {
  let open: PortRange[] = [range];
  const allowed: PortRange[] = [];
  for (const r of rules) {
    if (open.length === 0) break;
    if (r.prefix === null || !contains4(r.prefix, peer)) continue;
    if (r.protocol !== -1 && r.protocol !== proto) continue;
    const next: PortRange[] = [];
    for (const o of open) {
      const lo = Math.max(o.from, r.ports.from);
      const hi = Math.min(o.to, r.ports.to);
      if (lo > hi) {
        next.push(o);
        continue;
      }
      if (r.allow) allowed.push({ from: lo, to: hi });
      if (o.from < lo) next.push({ from: o.from, to: lo - 1 });
      if (hi < o.to) next.push({ from: hi + 1, to: o.to });
    }
    open = next;
  }
  return allowed.sort((a, b) => a.from - b.from);
}

/** Start addresses of the pieces of `d` within which each of `prefixes` contains all addresses or none. */
function representatives(d: Prefix4, prefixes: readonly (Prefix4 | null)[]): number[] {
  const end = last4(d);
  const cuts = new Set<number>([d.base]);
  for (const p of prefixes) {
    if (p === null || !overlaps(p, d)) continue;
    if (p.base > d.base) cuts.add(p.base);
    const after = last4(p) + 1;
    if (after <= end) cuts.add(after);
  }
  return [...cuts].sort((a, b) => a - b);
}

function portsText(rs: readonly PortRange[]): string {
  return rs.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', ');
}

/**
 * NACL-6, CVPN-3: the target subnet's network ACL must admit replies on the ports the Client VPN ENI may use
 * (`CLIENT_VPN_ENI_PORT_RANGE`, assumed 1024–65535) from every destination the endpoint can send to.
 */
export function lintNaclReplies(
  assoc: Associations,
  ep: ClientVpnEndpoint,
  rules: readonly ParsedRule[],
  routes: readonly ParsedRoute[],
  subnets: Map<string, Subnet>,
  emit: Emit,
): void {
  const eniRange = CLIENT_VPN_ENI_PORT_RANGE;
  const rangeText = `${eniRange.from}-${eniRange.to}`;
  for (const tn of ep.targetNetworks) {
    const sn = subnets.get(tn.subnet);
    const sp = sn ? tryCidr4(sn.cidr ?? '') : null;
    if (!sn || !sp) continue;
    // The subnet's NACL in effect: explicit, else the VPC's default (NACL-4; implied = allow all).
    const a = assoc.subnets.get(sn.id)?.networkAcl;
    const acl: NetworkAcl | undefined = a ? assoc.networkAcls.get(a.id) : undefined;
    if (!acl) continue; // subnet of an unknown VPC: reported by the core validator
    const inbound = parseNaclRules(acl.inbound);
    const outbound = parseNaclRules(acl.outbound);
    // Where the ENI can send: routes of this target ∩ authorization rules (the more specific of each pair).
    const dests = new Map<string, Prefix4>();
    for (const r of routes) {
      if (r.target !== tn.subnet) continue;
      for (const a of rules) {
        if (!overlaps(r.prefix, a.prefix)) continue;
        const d = r.prefix.len >= a.prefix.len ? r.prefix : a.prefix;
        if (covers(sp, d)) continue; // same subnet: the NACL is not crossed
        dests.set(formatPrefix(d), d);
      }
    }
    for (const [dText, d] of dests) {
      for (const proto of [6, 17]) {
        const name = proto === 6 ? 'tcp' : 'udp';
        let total = 0;
        let admitted = 0;
        const partial: PortRange[][] = [];
        const reps = representatives(d, [
          sp,
          ...inbound.map((r) => r.prefix),
          ...outbound.map((r) => r.prefix),
        ]);
        for (const peer of reps) {
          if (covers(sp, { family: 4, base: peer, len: 32 })) continue;
          // Only where requests can leave: the outbound NACL admits some port of this protocol to `peer`.
          if (admittedPorts(outbound, proto, peer, { from: 0, to: 65535 }).length === 0) continue;
          const ok = admittedPorts(inbound, proto, peer, eniRange);
          const n = ok.reduce((s, r) => s + r.to - r.from + 1, 0);
          total += eniRange.to - eniRange.from + 1;
          admitted += n;
          if (n > 0) partial.push(ok);
        }
        if (total === 0 || admitted === total) continue;
        const none = admitted === 0;
        const sample = partial[0];
        emit(
          'warning',
          'CLIENT_VPN_NACL_BLOCKS_REPLIES',
          none
            ? `network ACL ${acl.id} of Client VPN target subnet ${tn.subnet} admits no ${name} replies from ${dText} on ports ${rangeText}, the ports the Client VPN ENI may use (assumed, NACL-6): requests it lets out get no reply`
            : `network ACL ${acl.id} of Client VPN target subnet ${tn.subnet} admits ${name} replies from ${dText} only on ${sample ? portsText(sample) : 'some'} of the ports ${rangeText} the Client VPN ENI may use (assumed, NACL-6): works for some connections only`,
          acl.span ?? tn.span ?? ep.span,
          acl.id,
          'NACL-6',
        );
      }
    }
  }
}
