/**
 * From a dropped leg of a trace to the one change that removes that drop: the deciding hop says which component
 * refused and the packet as it arrived there says what to admit. Only the drops a single configuration change
 * answers are handled (a missing route, security-group rule or NACL rule, the source/destination check, IP
 * forwarding on an appliance); for the others (a firewall rule, an unsupported component…) there is no suggestion.
 *
 * Choices, stated in each change: rules admit exactly the traced packet's peer (/32) and port, never more — the
 * user widens them knowingly; a NACL rule for a reply admits the ephemeral ports 1024–65535 (NACL-6), because the
 * client's port changes per connection; a new NACL rule takes the highest free number below the rule that denied.
 */
import { containsAddr, formatPrefix, isRfc1918, tryIpv4 } from '../../net/prefix.js';
import { tryAddr } from '../../net/addr.js';
import { protocolName } from '../../model/protocol.js';
import type { NetworkAclRule, PortRange, SecurityGroupRule } from '../../model/network.js';
import type { CompiledNetwork, CNacl, CRouteTable, CVpc } from '../../dataplane/compiled.js';
import type { Hop } from '../../dataplane/hop.js';
import type { PacketJson } from '../../dataplane/packet.js';
import { protocolNumber } from '../../model/protocol.js';
import type { FixChange, FixSuggestion } from './change.js';
import type { ExplanationCode } from '../../diag/codes.js';

export interface Suggested {
  readonly change: FixChange;
  readonly suggestion: FixSuggestion;
}

const EPHEMERAL: PortRange = { from: 1024, to: 65535 };

function proto(p: PacketJson): number {
  return protocolNumber(p.protocol) ?? -1;
}

function matchText(p: PacketJson, ports: PortRange | undefined): string {
  const n = proto(p);
  if ((n === 6 || n === 17) && ports)
    return `${protocolName(n)} ${ports.from === ports.to ? ports.from : `${ports.from}-${ports.to}`}`;
  if (n === 1) return `ICMP type ${p.icmpType ?? -1}`;
  return protocolName(n);
}

function servicePorts(p: PacketJson): PortRange | undefined {
  const n = proto(p);
  return (n === 6 || n === 17) && p.dstPort !== undefined ? { from: p.dstPort, to: p.dstPort } : undefined;
}

function sgFix(c: CompiledNetwork, hop: Hop, path: 'forward' | 'return'): Suggested | undefined {
  const inbound = hop.direction === 'inbound';
  const p = hop.packet;
  const addr = inbound ? p.dst : p.src;
  const a = tryAddr(addr);
  const eni = a === null ? undefined : c.enis.find((e) => e.addrSet.has(a));
  const group = eni?.sgs[0];
  if (!eni || !group) return undefined;
  const peer = `${inbound ? p.src : p.dst}/32`;
  const ports = servicePorts(p);
  const n = proto(p);
  const rule: SecurityGroupRule = {
    protocol: n,
    ports,
    icmp: n === 1 ? { type: p.icmpType ?? -1, code: -1 } : undefined,
    peer: { kind: 'cidr', cidr: peer },
  };
  const dir = inbound ? 'inbound' : 'outbound';
  const has = eni.sgs.flatMap((g) => (inbound ? g.inbound : g.outbound).map((r) => `${g.id}: ${r.text}`));
  return {
    change: { kind: 'add-security-group-rule', group: group.id, direction: dir, rule },
    suggestion: {
      kind: 'add-security-group-rule',
      resource: group.id,
      change: `add ${dir} rule ${matchText(p, ports)} ${inbound ? 'from' : 'to'} ${peer} to security group ${group.id}`,
      path,
      answers: hop.code ?? 'ENI_SG_RULES_MISMATCH',
      ref: 'SG-1',
      has: has.length > 0 ? has : ['(no rules in this direction)'],
    },
  };
}

/** The highest free rule number below the deciding rule (or above the last rule when `*` decided). */
function freeNumber(acl: CNacl, inbound: boolean, decidedBy: string | undefined): number | undefined {
  const rules = (inbound ? acl.inbound : acl.outbound).filter((r) => r.number <= 32766);
  const used = new Set(rules.map((r) => r.number));
  const denying = decidedBy !== undefined ? Number.parseInt(decidedBy, 10) : Number.NaN;
  if (Number.isNaN(denying)) {
    const max = rules.reduce((m, r) => Math.max(m, r.number), 0);
    for (const n of [max + 10, max + 1]) if (n <= 32766 && !used.has(n)) return n;
    return undefined;
  }
  for (let n = denying - 1; n >= 1; n--) if (!used.has(n)) return n;
  return undefined;
}

function naclFix(c: CompiledNetwork, hop: Hop, path: 'forward' | 'return'): Suggested | undefined {
  const subnet = hop.owner !== undefined ? c.subnets.get(hop.owner) : undefined;
  const acl = subnet?.nacl;
  if (!subnet || !acl || acl.id !== hop.id) return undefined;
  const inbound = hop.direction === 'inbound';
  const number = freeNumber(acl, inbound, hop.rule?.split(' ')[0]);
  if (number === undefined) return undefined;
  const p = hop.packet;
  const n = proto(p);
  const ports = path === 'return' && (n === 6 || n === 17) ? EPHEMERAL : servicePorts(p);
  const cidr = `${inbound ? p.src : p.dst}/32`;
  const rule: NetworkAclRule = {
    number,
    protocol: n,
    ports,
    icmp: n === 1 ? { type: p.icmpType ?? -1, code: -1 } : undefined,
    cidr,
    action: 'allow',
  };
  const dir = inbound ? 'inbound' : 'outbound';
  return {
    change: { kind: 'add-network-acl-rule', networkAcl: acl.id, direction: dir, rule },
    suggestion: {
      kind: 'add-network-acl-rule',
      resource: acl.id,
      change: `add ${dir} rule ${number} ALLOW ${matchText(p, ports)} ${inbound ? 'from' : 'to'} ${cidr} to network ACL ${acl.id}${path === 'return' ? ' (replies go to the client’s ephemeral port, NACL-6)' : ''}`,
      path,
      answers: 'SUBNET_ACL_RESTRICTION',
      ref: path === 'return' ? 'NACL-6' : 'NACL-2',
      has: (inbound ? acl.inbound : acl.outbound).map((r) => r.text),
    },
  };
}

function vpcOfTable(c: CompiledNetwork, rt: CRouteTable): CVpc | undefined {
  for (const s of c.subnets.values()) if (s.routeTable === rt) return s.vpc;
  return undefined;
}

function routeFix(c: CompiledNetwork, hop: Hop, path: 'forward' | 'return'): Suggested | undefined {
  const rt = c.routeTables.get(hop.id);
  const vpc = rt && !rt.gateway ? vpcOfTable(c, rt) : undefined;
  if (!rt || !vpc) return undefined;
  const dst = tryAddr(hop.packet.dst);
  if (dst === null) return undefined;
  const add = (
    destination: string,
    kind: 'vpc-peering' | 'internet-gateway' | 'nat-gateway' | 'egress-only-internet-gateway',
    id: string,
    ref: string,
  ): Suggested => ({
    change: { kind: 'add-route', routeTable: rt.id, route: { destination, target: { kind, id } } },
    suggestion: {
      kind: 'add-route',
      resource: rt.id,
      change: `add route ${destination} → ${id} to route table ${rt.id}`,
      path,
      answers: 'NO_ROUTE_TO_DESTINATION',
      ref,
      has: rt.routes.map((r) => r.text),
    },
  });
  for (const pcx of vpc.peerings) {
    if (!pcx.active) continue;
    const other = pcx.a === vpc ? pcx.b : pcx.a;
    const cidr = other.cidrs.find((p) => containsAddr(p, dst));
    if (cidr) return add(formatPrefix(cidr), 'vpc-peering', pcx.id, 'PCX-4');
  }
  if (c.vpcByAddress.lookup(dst) !== undefined) return undefined;
  if (typeof dst === 'bigint') {
    // IPv6 (issue 14): every global address is public, so the internet is ::/0 through the VPC's egress-only
    // internet gateway (IGW-7: outbound-initiated only, the safer change) or else its internet gateway (IGW-1).
    // Unique local addresses (fc00::/7) are never routed on the internet.
    if (dst >> 121n === 0x7en) return undefined;
    if (vpc.eigw) return add('::/0', 'egress-only-internet-gateway', vpc.eigw.id, 'IGW-7');
    if (vpc.igw) return add('::/0', 'internet-gateway', vpc.igw.id, 'IGW-1');
    return undefined;
  }
  if (isRfc1918(dst)) return undefined;
  const srcEni = c.attachmentByIp.get(tryIpv4(hop.packet.src) ?? -1);
  const hasPublic = srcEni?.kind === 'eni' && srcEni.eni.publicOf.size > 0;
  if (vpc.igw && hasPublic) return add('0.0.0.0/0', 'internet-gateway', vpc.igw.id, 'IGW-2');
  for (const nat of c.natGateways.values()) {
    if (nat.subnet.vpc !== vpc || !nat.isPublic || !nat.available || nat.subnet.routeTable === rt) continue;
    const viaIgw = nat.subnet.routeTable.routes.some(
      (r) => r.dest.len === 0 && r.target.kind === 'internet-gateway',
    );
    if (viaIgw) return add('0.0.0.0/0', 'nat-gateway', nat.id, 'NGW-1');
  }
  return undefined;
}

function sourceDestFix(c: CompiledNetwork, hop: Hop, path: 'forward' | 'return'): Suggested | undefined {
  const eni = c.eniById.get(hop.id);
  if (!eni) return undefined;
  return {
    change: { kind: 'disable-source-dest-check', networkInterface: eni.id },
    suggestion: {
      kind: 'disable-source-dest-check',
      resource: eni.id,
      change: `turn off the source/destination check of network interface ${eni.id}`,
      path,
      answers: 'ENI_SOURCE_DEST_CHECK_RESTRICTION',
      ref: 'ENI-1',
    },
  };
}

function ipForwardFix(c: CompiledNetwork, hop: Hop, path: 'forward' | 'return'): Suggested | undefined {
  const inst = c.instances.get(hop.id);
  if (!inst) return undefined;
  return {
    change: { kind: 'enable-ip-forwarding', instance: inst.id },
    suggestion: {
      kind: 'enable-ip-forwarding',
      resource: inst.id,
      change: `set net.ipv4.ip_forward = 1 on instance ${inst.id} (sysctl, persisted in /etc/sysctl.d)`,
      path,
      answers: 'INSTANCE_IP_FORWARDING_DISABLED',
      ref: 'NATI-3',
    },
  };
}

type Suggester = (c: CompiledNetwork, hop: Hop, path: 'forward' | 'return') => Suggested | undefined;

/** The drops one change answers, by explanation code; a drop with another code has no suggestion. */
const SUGGESTERS: Partial<Record<ExplanationCode, Suggester>> = {
  ENI_SG_RULES_MISMATCH: (c, hop, path) => (hop.kind === 'security-group' ? sgFix(c, hop, path) : undefined),
  SG_HAS_NO_RULES: (c, hop, path) => (hop.kind === 'security-group' ? sgFix(c, hop, path) : undefined),
  SUBNET_ACL_RESTRICTION: (c, hop, path) => (hop.kind === 'network-acl' ? naclFix(c, hop, path) : undefined),
  NO_ROUTE_TO_DESTINATION: routeFix,
  ENI_SOURCE_DEST_CHECK_RESTRICTION: sourceDestFix,
  INSTANCE_IP_FORWARDING_DISABLED: ipForwardFix,
};

/** The change that removes the drop at `hop` (the last hop of a dropped leg), if one change can. */
export function suggestFor(c: CompiledNetwork, hop: Hop, path: 'forward' | 'return'): Suggested | undefined {
  const s = hop.code !== undefined ? SUGGESTERS[hop.code] : undefined;
  return s ? s(c, hop, path) : undefined;
}
