/**
 * Validation and lint of AWS Client VPN endpoints and their clients (CVPN-1…CVPN-10, NACL-6).
 *
 * Model: pure function from the Network to diagnostics. Errors are what the AWS API refuses (or, for clients, what
 * makes the model meaningless): client CIDR size and overlaps (CVPN-1), target subnets (CVPN-2), routes to subnets
 * that are not associated (CVPN-5), quotas (CVPN-10), unknown references. Warnings are what AWS accepts but is almost
 * always a mistake: routes that differ between target networks (S3 B3.3: access is intermittent, CVPN-5), an
 * authorization rule with no route or a route with no authorization, a target subnet's NACL that does not admit
 * replies on the ports the Client VPN ENI may use (`CLIENT_VPN_ENI_PORT_RANGE`, assumed 1024–65535, NACL-6).
 * Every diagnostic carries the span of the resource, rule or field it is about and names the resource.
 * Input it does not understand: unparsable CIDRs/addresses are reported once and then left out of the other checks;
 * unknown subnets/VPCs/NACLs are reported (or left to the core validator for NACLs) and never throw. IPv6 (CVPN-10
 * [DRIFT, newer doc]: an endpoint's traffic IP address type is ipv4, ipv6 or dual-stack): an IPv6 route or rule on an
 * ipv4 endpoint is refused (`CLIENT_VPN_IPV6_ON_IPV4_ENDPOINT`), a target subnet without an IPv6 CIDR on an ipv6 or
 * dual-stack endpoint too (`CLIENT_VPN_TARGET_SUBNET_NO_IPV6`); on those endpoints IPv6 entries are named as not
 * simulated (warning `CLIENT_VPN_IPV6_UNSUPPORTED`) and left out.
 * ICMP replies are not linted (no ports).
 */
import type { DiagnosticCode } from '../diag/codes.js';
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import {
  CLIENT_VPN_ENI_PORT_RANGE,
  type ClientVpnEndpoint,
  type ClientVpnIpAddressType,
} from '../model/clientvpn.js';
import type { Network, NetworkAcl, NetworkAclRule, PortRange, Subnet } from '../model/network.js';
import { formatIpv4 } from '../net/ipv4.js';
import { resolveAssociations, type Associations } from '../associations/resolve.js';
import {
  contains4,
  covers,
  formatPrefix,
  last4,
  overlaps,
  parseCidr,
  size4,
  tryCidr4,
  tryIpv4,
  type Prefix4,
} from '../net/prefix.js';

/** Default quotas (adjustable): CVPN-10. */
export const CLIENT_VPN_QUOTAS = Object.freeze({ authorizationRules: 50, routes: 10, endpointsPerRegion: 5 });
/** Valid VPN ports (CVPN-10). */
const VPN_PORTS: readonly number[] = [443, 1194];
/** Free addresses a target subnet must keep (CVPN-2). */
const MIN_FREE_ADDRESSES = 20;

type Emit = (
  severity: Diagnostic['severity'],
  code: DiagnosticCode,
  message: string,
  span: Span | undefined,
  resource: string,
  ref: string,
) => void;

/** All Client VPN diagnostics of a network. `validateClientVpn(net)` → `[]` for scenario S3 as written. */
export function validateClientVpn(
  net: Network,
  assoc: Associations = resolveAssociations(net),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const emit: Emit = (severity, code, message, span, resource, ref) =>
    out.push({ severity, code, message, span, resource, ref });
  const subnets = new Map(net.subnets.map((s) => [s.id, s]));
  for (const ep of net.clientVpnEndpoints) validateEndpoint(net, ep, subnets, assoc, emit);
  validateClients(net, emit);
  endpointQuota(net, emit);
  return out;
}

/** Parse an IPv4 CIDR for validation: the prefix (and whether host bits were set), or an error text. */
function cidr4(text: string): { prefix: Prefix4; hostBits: boolean } | { error: string; ipv6: boolean } {
  const r = parseCidr(text);
  if (!r.ok) return { error: r.message, ipv6: false };
  if (r.value.prefix.family !== 4) return { error: 'IPv6', ipv6: true };
  return { prefix: r.value.prefix, hostBits: r.value.hostBits };
}

/**
 * Severity, code and message for a CIDR `cidr4` could not use. IPv6 (CVPN-10 [DRIFT, newer doc]): refused on an
 * endpoint whose traffic is IPv4 (`traffic` ipv4), named as not simulated on an ipv6 / dual-stack one; the client CIDR
 * is always IPv4 (`traffic` undefined: AWS assigns IPv6 client addresses itself). The rest is invalid.
 */
function cidrProblem(
  p: { error: string; ipv6: boolean },
  what: string,
  text: string,
  invalidCode: DiagnosticCode,
  traffic: ClientVpnIpAddressType | undefined,
): [Diagnostic['severity'], DiagnosticCode, string] {
  if (!p.ipv6 || traffic === undefined)
    return [
      'error',
      invalidCode,
      `${what} "${text}" is invalid: ${p.ipv6 ? 'the client CIDR is an IPv4 block (AWS assigns IPv6 client addresses itself, CVPN-10)' : p.error}`,
    ];
  if (traffic === 'ipv4')
    return [
      'error',
      'CLIENT_VPN_IPV6_ON_IPV4_ENDPOINT',
      `${what} "${text}" is IPv6, but the endpoint's traffic IP address type is ipv4 (the default): AWS takes IPv6 routes and rules only on an ipv6 or dual-stack endpoint (CVPN-10)`,
    ];
  return [
    'warning',
    'CLIENT_VPN_IPV6_UNSUPPORTED',
    `${what} "${text}" is IPv6: AWS carries IPv6 on this ${traffic} endpoint, giving each client an IPv6 address of its own choosing without translation (CVPN-10 [DRIFT, newer doc]), which vpcsim does not simulate — left out; an IPv6 trace from a client of this endpoint ends UNSUPPORTED_COMPONENT`,
  ];
}

function fieldSpan(ep: ClientVpnEndpoint, field: string): Span | undefined {
  return ep.spans?.[field] ?? ep.span;
}

interface ParsedRoute {
  readonly prefix: Prefix4;
  readonly target: string;
  readonly span: Span | undefined;
}
interface ParsedRule {
  readonly prefix: Prefix4;
  readonly group: string | undefined;
  readonly span: Span | undefined;
}

function validateEndpoint(
  net: Network,
  ep: ClientVpnEndpoint,
  subnets: Map<string, Subnet>,
  assoc: Associations,
  emit: Emit,
): void {
  const id = ep.id;
  const vpc = net.vpcs.find((v) => v.id === ep.vpc);
  if (!vpc) {
    emit(
      'error',
      'CLIENT_VPN_UNKNOWN_VPC',
      `Client VPN endpoint ${id} names VPC "${ep.vpc}", which is not defined`,
      fieldSpan(ep, 'vpc'),
      id,
      'CVPN-2',
    );
  }
  const vpcCidrs = (vpc?.cidrs ?? []).map(tryCidr4).filter((p): p is Prefix4 => p !== null);

  // CVPN-1: client CIDR.
  let client: Prefix4 | undefined;
  const cc = cidr4(ep.clientCidr);
  if ('error' in cc) {
    const [sev, code, msg] = cidrProblem(
      cc,
      `Client VPN endpoint ${id}: client CIDR`,
      ep.clientCidr,
      'CLIENT_VPN_CLIENT_CIDR_INVALID',
      undefined,
    );
    emit(sev, code, msg, fieldSpan(ep, 'clientCidr'), id, 'CVPN-1');
  } else {
    client = cc.prefix;
    if (cc.hostBits) {
      emit(
        'warning',
        'CLIENT_VPN_CLIENT_CIDR_HOST_BITS',
        `Client VPN endpoint ${id}: client CIDR ${ep.clientCidr} has host bits set; the block is ${formatPrefix(client)}`,
        fieldSpan(ep, 'clientCidr'),
        id,
        'CVPN-1',
      );
    }
    if (client.len < 12 || client.len > 22) {
      emit(
        'error',
        'CLIENT_VPN_CLIENT_CIDR_SIZE',
        `Client VPN endpoint ${id}: client CIDR ${ep.clientCidr} is a /${client.len}; AWS requires a block between /12 and /22 (InvalidParameterValue)`,
        fieldSpan(ep, 'clientCidr'),
        id,
        'CVPN-1',
      );
    }
    for (const v of vpcCidrs) {
      if (overlaps(client, v)) {
        emit(
          'error',
          'CLIENT_VPN_CLIENT_CIDR_OVERLAPS_VPC',
          `Client VPN endpoint ${id}: client CIDR ${ep.clientCidr} overlaps the CIDR ${formatPrefix(v)} of VPC ${ep.vpc}; AWS requires the client CIDR not to overlap the VPC`,
          fieldSpan(ep, 'clientCidr'),
          id,
          'CVPN-1',
        );
      }
    }
  }
  if (ep.vpnPort !== undefined && !VPN_PORTS.includes(ep.vpnPort)) {
    emit(
      'error',
      'CLIENT_VPN_PORT_INVALID',
      `Client VPN endpoint ${id}: VPN port ${ep.vpnPort} is not allowed; AWS accepts 443 or 1194`,
      fieldSpan(ep, 'vpnPort'),
      id,
      'CVPN-10',
    );
  }
  for (const sgId of ep.securityGroups) {
    const sg = net.securityGroups.find((g) => g.id === sgId);
    if (!sg) {
      emit(
        'error',
        'CLIENT_VPN_UNKNOWN_SECURITY_GROUP',
        `Client VPN endpoint ${id} names security group "${sgId}", which is not defined`,
        fieldSpan(ep, 'securityGroups'),
        id,
        'CVPN-9',
      );
    } else if (sg.vpc !== ep.vpc) {
      emit(
        'error',
        'CLIENT_VPN_SECURITY_GROUP_OTHER_VPC',
        `Client VPN endpoint ${id}: security group ${sgId} belongs to VPC ${sg.vpc}, not to the endpoint's VPC ${ep.vpc}`,
        fieldSpan(ep, 'securityGroups'),
        id,
        'CVPN-9',
      );
    }
  }

  // CVPN-2: target networks.
  const targetSubnets = new Map<string, Prefix4>();
  const byAz = new Map<string, string>();
  if (ep.targetNetworks.length === 0) {
    emit(
      'warning',
      'CLIENT_VPN_NO_TARGET_NETWORK',
      `Client VPN endpoint ${id} has no target network: it stays pending-associate and no client can connect`,
      ep.span,
      id,
      'CVPN-2',
    );
  }
  for (const tn of ep.targetNetworks) {
    const span = tn.span ?? ep.span;
    const sn = subnets.get(tn.subnet);
    if (targetSubnets.has(tn.subnet)) {
      emit(
        'error',
        'CLIENT_VPN_TARGET_SUBNET_DUPLICATE',
        `Client VPN endpoint ${id}: subnet ${tn.subnet} is associated twice`,
        span,
        id,
        'CVPN-2',
      );
      continue;
    }
    if (!sn) {
      emit(
        'error',
        'CLIENT_VPN_UNKNOWN_SUBNET',
        `Client VPN endpoint ${id}: target network ${tn.id} names subnet "${tn.subnet}", which is not defined`,
        span,
        id,
        'CVPN-2',
      );
      continue;
    }
    const sp = tryCidr4(sn.cidr ?? '');
    if (sp) targetSubnets.set(tn.subnet, sp);
    if ((ep.trafficIpAddressType ?? 'ipv4') !== 'ipv4' && sn.ipv6Cidr === undefined)
      emit(
        'error',
        'CLIENT_VPN_TARGET_SUBNET_NO_IPV6',
        `Client VPN endpoint ${id}: target subnet ${tn.subnet} has no IPv6 CIDR, but the endpoint's traffic IP address type is ${ep.trafficIpAddressType ?? ''}: AWS requires IPv6 (or dual-stack) target subnets for IPv6 traffic (CVPN-10 [DRIFT, newer doc])`,
        span,
        id,
        'CVPN-10',
      );
    if (sn.vpc !== ep.vpc) {
      emit(
        'error',
        'CLIENT_VPN_TARGET_SUBNET_OTHER_VPC',
        `Client VPN endpoint ${id}: target subnet ${tn.subnet} is in VPC ${sn.vpc}, but every target subnet must be in the endpoint's VPC ${ep.vpc}`,
        span,
        id,
        'CVPN-2',
      );
    }
    if (sp && sp.len > 27) {
      emit(
        'error',
        'CLIENT_VPN_TARGET_SUBNET_TOO_SMALL',
        `Client VPN endpoint ${id}: target subnet ${tn.subnet} (${sn.cidr}) is a /${sp.len}; AWS requires at least a /27`,
        span,
        id,
        'CVPN-2',
      );
    }
    if (sp && client && overlaps(sp, client)) {
      emit(
        'error',
        'CLIENT_VPN_CLIENT_CIDR_OVERLAPS_SUBNET',
        `Client VPN endpoint ${id}: client CIDR ${ep.clientCidr} overlaps target subnet ${tn.subnet} (${sn.cidr})`,
        fieldSpan(ep, 'clientCidr'),
        id,
        'CVPN-1',
      );
    }
    if (sn.az !== undefined) {
      const other = byAz.get(sn.az);
      if (other !== undefined) {
        emit(
          'error',
          'CLIENT_VPN_TARGET_SUBNET_SAME_AZ',
          `Client VPN endpoint ${id}: target subnets ${other} and ${tn.subnet} are both in ${sn.az}; AWS allows at most one target subnet per Availability Zone`,
          span,
          id,
          'CVPN-2',
        );
      } else byAz.set(sn.az, tn.subnet);
    }
    if (sp) {
      checkEniIp(ep, tn.id, tn.eniIp, sp, span, emit);
      checkFreeAddresses(net, ep, tn.subnet, sp, span, emit);
    }
  }

  // CVPN-4: authorization rules.
  const rules: ParsedRule[] = [];
  const ruleKeys = new Set<string>();
  for (const r of ep.authorizationRules) {
    const span = r.span ?? ep.span;
    const p = cidr4(r.destination);
    if ('error' in p) {
      const [sev, code, msg] = cidrProblem(
        p,
        `Client VPN endpoint ${id}: authorization rule destination`,
        r.destination,
        'CLIENT_VPN_AUTH_RULE_INVALID_CIDR',
        ep.trafficIpAddressType ?? 'ipv4',
      );
      emit(sev, code, msg, span, id, 'CVPN-4');
      continue;
    }
    const key = `${formatPrefix(p.prefix)}|${r.group ?? ''}`;
    if (ruleKeys.has(key)) {
      emit(
        'error',
        'CLIENT_VPN_AUTH_RULE_DUPLICATE',
        `Client VPN endpoint ${id}: authorization rule ${formatPrefix(p.prefix)} for ${r.group === undefined ? 'all users' : `group ${r.group}`} is defined twice`,
        span,
        id,
        'CVPN-4',
      );
    }
    ruleKeys.add(key);
    if (r.group !== undefined && ep.authentication === 'certificate') {
      emit(
        'warning',
        'CLIENT_VPN_GROUP_RULE_WITH_CERTIFICATE',
        `Client VPN endpoint ${id}: authorization rule ${r.destination} grants group ${r.group}, but mutual-certificate authentication has no groups: the rule grants nobody (grant all users instead)`,
        span,
        id,
        'CVPN-4',
      );
    }
    rules.push({ prefix: p.prefix, group: r.group, span });
  }
  if (ep.authorizationRules.length > CLIENT_VPN_QUOTAS.authorizationRules) {
    emit(
      'error',
      'CLIENT_VPN_AUTH_RULE_QUOTA',
      `Client VPN endpoint ${id} has ${ep.authorizationRules.length} authorization rules; the default quota is ${CLIENT_VPN_QUOTAS.authorizationRules} per endpoint (adjustable)`,
      ep.span,
      id,
      'CVPN-10',
    );
  }

  // CVPN-5: routes.
  const routes: ParsedRoute[] = [];
  const routeKeys = new Set<string>();
  for (const r of ep.routes) {
    const span = r.span ?? ep.span;
    const p = cidr4(r.destination);
    if ('error' in p) {
      const [sev, code, msg] = cidrProblem(
        p,
        `Client VPN endpoint ${id}: route destination`,
        r.destination,
        'CLIENT_VPN_ROUTE_INVALID_CIDR',
        ep.trafficIpAddressType ?? 'ipv4',
      );
      emit(sev, code, msg, span, id, 'CVPN-5');
      continue;
    }
    const dest = formatPrefix(p.prefix);
    const key = `${dest}|${r.targetSubnet}`;
    if (routeKeys.has(key)) {
      emit(
        'error',
        'CLIENT_VPN_ROUTE_DUPLICATE',
        `Client VPN endpoint ${id}: route ${dest} -> ${r.targetSubnet} is defined twice`,
        span,
        id,
        'CVPN-5',
      );
    }
    routeKeys.add(key);
    if (r.targetSubnet === 'local') {
      if (client && !(p.prefix.base === client.base && p.prefix.len === client.len)) {
        emit(
          'warning',
          'CLIENT_VPN_LOCAL_ROUTE_NOT_CLIENT_CIDR',
          `Client VPN endpoint ${id}: route ${dest} -> local: a local route is for client-to-client access and should be the client CIDR ${ep.clientCidr}`,
          span,
          id,
          'CVPN-7',
        );
      }
    } else {
      if (!ep.targetNetworks.some((t) => t.subnet === r.targetSubnet)) {
        emit(
          'error',
          'CLIENT_VPN_ROUTE_TARGET_NOT_ASSOCIATED',
          `Client VPN endpoint ${id}: route ${dest} targets subnet ${r.targetSubnet}, which is not associated with the endpoint; AWS requires the target to be an associated subnet`,
          span,
          id,
          'CVPN-5',
        );
      }
      // CVPN-1 (literal reading of the guide): the client CIDR must not overlap routes added to the endpoint route
      // table; the internet route 0.0.0.0/0 is the documented exception (CVPN-6). A route to a VPC CIDR (added by
      // the association, CVPN-2) is skipped: the overlap with the VPC is already reported.
      const isVpcRoute = vpcCidrs.some((v) => v.base === p.prefix.base && v.len === p.prefix.len);
      if (client && p.prefix.len > 0 && !isVpcRoute && overlaps(p.prefix, client)) {
        emit(
          'error',
          'CLIENT_VPN_CLIENT_CIDR_OVERLAPS_ROUTE',
          `Client VPN endpoint ${id}: client CIDR ${ep.clientCidr} overlaps route ${dest} -> ${r.targetSubnet}; AWS requires the client CIDR not to overlap the endpoint's routes`,
          span,
          id,
          'CVPN-1',
        );
      }
    }
    if (ep.splitTunnel && p.prefix.len === 0) {
      emit(
        'warning',
        'CLIENT_VPN_SPLIT_TUNNEL_DEFAULT_ROUTE',
        `Client VPN endpoint ${id}: split tunnel is on but route ${dest} is pushed to clients, so all their traffic enters the tunnel anyway; AWS advises against 0.0.0.0/0 with split tunnel`,
        span,
        id,
        'CVPN-8',
      );
    }
    routes.push({ prefix: p.prefix, target: r.targetSubnet, span });
  }
  if (ep.routes.length > CLIENT_VPN_QUOTAS.routes) {
    emit(
      'error',
      'CLIENT_VPN_ROUTE_QUOTA',
      `Client VPN endpoint ${id} has ${ep.routes.length} routes; the default quota is ${CLIENT_VPN_QUOTAS.routes} per endpoint (adjustable)`,
      ep.span,
      id,
      'CVPN-10',
    );
  }

  lintRoutesPerTarget(ep, routes, emit);
  lintRulesAndRoutes(ep, rules, routes, emit);
  lintNaclReplies(assoc, ep, rules, routes, subnets, emit);
}

function checkEniIp(
  ep: ClientVpnEndpoint,
  tn: string,
  eniIp: string | undefined,
  subnet: Prefix4,
  span: Span | undefined,
  emit: Emit,
): void {
  if (eniIp === undefined) return;
  const ip = tryIpv4(eniIp);
  const bad = (why: string): void => {
    emit(
      'error',
      'CLIENT_VPN_ENI_IP_INVALID',
      `Client VPN endpoint ${ep.id}: ENI address "${eniIp}" of target network ${tn} ${why}`,
      span,
      ep.id,
      'CVPN-3',
    );
  };
  if (ip === null) bad('is not an IPv4 address');
  else if (!contains4(subnet, ip)) bad(`is outside its subnet ${formatPrefix(subnet)}`);
  else if (ip - subnet.base < 4 || ip === last4(subnet))
    bad('is one of the 5 addresses AWS reserves in every subnet (ADDR-2)');
}

function checkFreeAddresses(
  net: Network,
  ep: ClientVpnEndpoint,
  subnetId: string,
  subnet: Prefix4,
  span: Span | undefined,
  emit: Emit,
): void {
  // CVPN-2: ≥ 20 free addresses at all times. Used: ENIs, NAT gateways, given Client VPN ENI addresses.
  const used = new Set<number>();
  const add = (t: string | undefined): void => {
    const ip = t === undefined ? null : tryIpv4(t);
    if (ip !== null && contains4(subnet, ip)) used.add(ip);
  };
  // Only what sits in this subnet: another VPC may reuse the same CIDR.
  for (const e of net.networkInterfaces)
    if (e.subnet === subnetId) for (const a of e.addresses) add(a.private);
  for (const n of net.natGateways) if (n.subnet === subnetId) add(n.privateIp);
  for (const e of net.clientVpnEndpoints)
    for (const t of e.targetNetworks) if (t.subnet === subnetId) add(t.eniIp);
  const free = size4(subnet) - 5 - used.size;
  if (free < MIN_FREE_ADDRESSES) {
    emit(
      'warning',
      'CLIENT_VPN_TARGET_SUBNET_FEW_FREE_ADDRESSES',
      `Client VPN endpoint ${ep.id}: target subnet ${subnetId} (${formatPrefix(subnet)}) has ${free} free addresses; AWS requires at least ${MIN_FREE_ADDRESSES} free at all times`,
      span,
      ep.id,
      'CVPN-2',
    );
  }
}

/** CVPN-5 / S3 B3.3: every target network should have the same routes. */
function lintRoutesPerTarget(ep: ClientVpnEndpoint, routes: readonly ParsedRoute[], emit: Emit): void {
  const targets = ep.targetNetworks.filter((t, i, all) => all.findIndex((o) => o.subnet === t.subnet) === i);
  if (targets.length < 2) return;
  const dests = new Map<string, Map<string, ParsedRoute>>(); // destination → subnet → route
  for (const r of routes) {
    if (r.target === 'local') continue;
    const d = formatPrefix(r.prefix);
    let m = dests.get(d);
    if (!m) {
      m = new Map<string, ParsedRoute>();
      dests.set(d, m);
    }
    if (!m.has(r.target)) m.set(r.target, r);
  }
  for (const [d, m] of dests) {
    const have = targets.filter((t) => m.has(t.subnet));
    const missing = targets.filter((t) => !m.has(t.subnet));
    if (missing.length === 0 || have.length === 0) continue;
    const first = m.values().next().value as ParsedRoute;
    emit(
      'warning',
      'CLIENT_VPN_ROUTES_DIFFER_BETWEEN_TARGETS',
      `Client VPN endpoint ${ep.id}: route ${d} exists for target network${have.length > 1 ? 's' : ''} ${have
        .map((t) => `${t.id} (${t.subnet})`)
        .join(
          ', ',
        )} but not for ${missing.map((t) => `${t.id} (${t.subnet})`).join(', ')}: routes must be the same for every target network, or access is intermittent`,
      first.span ?? ep.span,
      ep.id,
      'CVPN-5',
    );
  }
}

/** CVPN-5: a packet needs both a route and an authorization rule. */
function lintRulesAndRoutes(
  ep: ClientVpnEndpoint,
  rules: readonly ParsedRule[],
  routes: readonly ParsedRoute[],
  emit: Emit,
): void {
  for (const a of rules) {
    if (!routes.some((r) => overlaps(r.prefix, a.prefix))) {
      emit(
        'warning',
        'CLIENT_VPN_AUTH_RULE_WITHOUT_ROUTE',
        `Client VPN endpoint ${ep.id}: authorization rule ${formatPrefix(a.prefix)} has no endpoint route: the traffic it allows cannot be sent anywhere`,
        a.span,
        ep.id,
        'CVPN-5',
      );
    }
  }
  for (const r of routes) {
    if (!rules.some((a) => overlaps(r.prefix, a.prefix))) {
      emit(
        'warning',
        'CLIENT_VPN_ROUTE_WITHOUT_AUTHORIZATION',
        `Client VPN endpoint ${ep.id}: route ${formatPrefix(r.prefix)} -> ${r.target} has no authorization rule: every client is denied it (default deny)`,
        r.span,
        ep.id,
        'CVPN-4',
      );
    }
  }
}

// ---- NACL replies (NACL-6, CVPN-3) ----

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

function lintNaclReplies(
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

function validateClients(net: Network, emit: Emit): void {
  const eps = new Map(net.clientVpnEndpoints.map((e) => [e.id, e]));
  const taken = new Map<string, string>();
  for (const c of net.vpnClients) {
    const ep = eps.get(c.endpoint);
    const span = c.spans?.endpoint ?? c.span;
    if (!ep) {
      emit(
        'error',
        'CLIENT_VPN_CLIENT_UNKNOWN_ENDPOINT',
        `VPN client ${c.id} names Client VPN endpoint "${c.endpoint}", which is not defined`,
        span,
        c.id,
        'CVPN-1',
      );
      continue;
    }
    const cidr = tryCidr4(ep.clientCidr);
    if (c.tunnelIp !== undefined) {
      const ipSpan = c.spans?.tunnelIp ?? c.span;
      const ip = tryIpv4(c.tunnelIp);
      if (ip === null) {
        emit(
          'error',
          'CLIENT_VPN_CLIENT_TUNNEL_IP_INVALID',
          `VPN client ${c.id}: tunnel address "${c.tunnelIp}" is not an IPv4 address`,
          ipSpan,
          c.id,
          'CVPN-1',
        );
      } else if (cidr && !contains4(cidr, ip)) {
        emit(
          'error',
          'CLIENT_VPN_CLIENT_TUNNEL_IP_INVALID',
          `VPN client ${c.id}: tunnel address ${c.tunnelIp} is outside the client CIDR ${ep.clientCidr} of endpoint ${ep.id}`,
          ipSpan,
          c.id,
          'CVPN-1',
        );
      } else {
        const key = `${ep.id}|${formatIpv4(ip)}`;
        const other = taken.get(key);
        if (other !== undefined) {
          emit(
            'error',
            'CLIENT_VPN_CLIENT_TUNNEL_IP_DUPLICATE',
            `VPN client ${c.id}: tunnel address ${c.tunnelIp} is already used by client ${other}`,
            ipSpan,
            c.id,
            'CVPN-1',
          );
        } else taken.set(key, c.id);
      }
    }
    if (c.groups.length > 0 && ep.authentication === 'certificate') {
      emit(
        'warning',
        'CLIENT_VPN_CLIENT_GROUPS_WITH_CERTIFICATE',
        `VPN client ${c.id} has groups (${c.groups.join(', ')}), but endpoint ${ep.id} uses mutual-certificate authentication, which has no groups: they grant nothing`,
        c.spans?.groups ?? c.span,
        c.id,
        'CVPN-4',
      );
    }
    for (const g of c.groups) {
      if (!ep.authorizationRules.some((r) => r.group === g)) {
        emit(
          'warning',
          'CLIENT_VPN_CLIENT_GROUP_WITHOUT_RULE',
          `VPN client ${c.id}: group "${g}" is named by no authorization rule of endpoint ${ep.id} (misspelt?)`,
          c.spans?.groups ?? c.span,
          c.id,
          'CVPN-4',
        );
      }
    }
  }
}

function endpointQuota(net: Network, emit: Emit): void {
  const byRegion = new Map<string, ClientVpnEndpoint[]>();
  for (const ep of net.clientVpnEndpoints) {
    const region = net.vpcs.find((v) => v.id === ep.vpc)?.region ?? '';
    const l = byRegion.get(region) ?? [];
    l.push(ep);
    byRegion.set(region, l);
  }
  for (const [region, eps] of byRegion) {
    if (eps.length <= CLIENT_VPN_QUOTAS.endpointsPerRegion) continue;
    const extra = eps[CLIENT_VPN_QUOTAS.endpointsPerRegion] as ClientVpnEndpoint;
    emit(
      'warning',
      'CLIENT_VPN_ENDPOINT_QUOTA',
      `${eps.length} Client VPN endpoints${region ? ` in ${region}` : ''}; the default quota is ${CLIENT_VPN_QUOTAS.endpointsPerRegion} per Region (adjustable)`,
      extra.span,
      extra.id,
      'CVPN-10',
    );
  }
}
