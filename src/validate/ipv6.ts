/**
 * IPv6 as the AWS API checks it (V6-1, V6-5, V6-6, RT-6): the VPC's IPv6 blocks (an Amazon-provided block is a
 * /56; up to five), subnet IPv6 CIDRs (/64, inside a VPC IPv6 block, no overlap), IPv6-only subnets (no IPv4
 * CIDR: no NAT gateway, no IPv4 address on an interface), interface IPv6 addresses (in the subnet's /64, not one of
 * the reserved ones, unique), and IPv6 routes (a NAT gateway takes only NAT64's 64:ff9b::/96; an egress-only
 * internet gateway takes only IPv6 destinations, of its own VPC; nothing in fd00:ec2::/32).
 */
import { error, warning, type Diagnostic, type Span } from '../diag/diagnostic.js';
import { parseIpv6 } from '../net/ipv6.js';
import {
  containsAddr,
  covers,
  formatPrefix,
  last6,
  mustParseCidr,
  overlaps,
  tryCidr,
  type Prefix6,
} from '../net/prefix.js';
import type { Network, Subnet } from '../model/network.js';
import { checkCidr } from './addressing.js';

const NAT64 = mustParseCidr('64:ff9b::/96');
const RESERVED6 = mustParseCidr('fd00:ec2::/32');

/** Parse an IPv6 CIDR with the API's checks; null (reported) when it is not one. */
function cidr6(
  text: string,
  what: string,
  span: Span | undefined,
  resource: string,
  out: Diagnostic[],
): Prefix6 | null {
  const p = checkCidr(text, what, span, resource, out);
  if (!p) return null;
  if (p.family !== 6) {
    out.push(error('INVALID_CIDR', `${what} "${text}" is not an IPv6 block`, span, { resource }));
    return null;
  }
  return p;
}

export function validateIpv6(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  const vpc6 = new Map<string, Prefix6[]>();
  for (const v of net.vpcs) {
    const list: Prefix6[] = [];
    const texts = v.ipv6Cidrs ?? [];
    const span = v.spans?.ipv6Cidr ?? v.span;
    if (texts.length > 5)
      out.push(
        error(
          'VPC_IPV6_CIDR_QUOTA',
          `VPC ${v.id} has ${texts.length} IPv6 CIDR blocks; a VPC takes at most 5 (V6-1)`,
          span,
          { resource: v.id, ref: 'V6-1' },
        ),
      );
    for (const t of texts) {
      const p = cidr6(t, `VPC ${v.id} IPv6 CIDR`, span, v.id, out);
      if (!p) continue;
      if (p.len !== 56)
        out.push(
          warning(
            'VPC_IPV6_CIDR_SIZE',
            `VPC ${v.id} IPv6 CIDR ${t} is a /${p.len}: an Amazon-provided IPv6 block is always a /56; other sizes come only from your own addresses (BYOIP) or an IPAM pool (V6-1)`,
            span,
            { resource: v.id, ref: 'V6-1' },
          ),
        );
      list.push(p);
    }
    vpc6.set(v.id, list);
  }
  const subnet6 = new Map<string, Prefix6>();
  const byVpc = new Map<string, { id: string; p: Prefix6 }[]>();
  for (const s of net.subnets) {
    checkSubnet(s, vpc6, subnet6, byVpc, out);
  }
  checkIpv6OnlySubnets(net, out);
  checkInterfaceAddresses(net, subnet6, out);
  checkRoutes(net, out);
  return out;
}

function checkSubnet(
  s: Subnet,
  vpc6: ReadonlyMap<string, readonly Prefix6[]>,
  subnet6: Map<string, Prefix6>,
  byVpc: Map<string, { id: string; p: Prefix6 }[]>,
  out: Diagnostic[],
): void {
  const span = s.spans?.ipv6Cidr ?? s.span;
  if (s.cidr === undefined && s.ipv6Cidr === undefined) {
    out.push(
      error(
        'SUBNET_NO_CIDR',
        `subnet ${s.id} has neither an IPv4 nor an IPv6 CIDR; AWS needs one (an IPv6-only subnet has its IPv6 /64 only, V6-1)`,
        s.span,
        { resource: s.id, ref: 'V6-1' },
      ),
    );
    return;
  }
  if (s.ipv6Cidr === undefined) return;
  const p = cidr6(s.ipv6Cidr, `subnet ${s.id} IPv6 CIDR`, span, s.id, out);
  if (!p) return;
  if (p.len !== 64)
    out.push(
      error(
        'SUBNET_IPV6_CIDR_SIZE',
        `subnet ${s.id} IPv6 CIDR ${s.ipv6Cidr} must be a /64 (V6-1; AWS: InvalidSubnet.Range)`,
        span,
        { resource: s.id, ref: 'V6-1' },
      ),
    );
  const blocks = vpc6.get(s.vpc);
  if (blocks !== undefined && blocks.length === 0) {
    out.push(
      error(
        'SUBNET_IPV6_WITHOUT_VPC_IPV6',
        `subnet ${s.id} has IPv6 CIDR ${s.ipv6Cidr}, but VPC ${s.vpc} has no IPv6 CIDR block; associate one with the VPC first (V6-1)`,
        span,
        { resource: s.id, ref: 'V6-1' },
      ),
    );
  } else if (blocks !== undefined && !blocks.some((b) => covers(b, p))) {
    out.push(
      error(
        'SUBNET_OUTSIDE_VPC',
        `subnet ${s.id} IPv6 CIDR ${s.ipv6Cidr} is not inside an IPv6 block of VPC ${s.vpc} (${blocks.map(formatPrefix).join(', ')}) (AWS: InvalidSubnet.Range)`,
        span,
        { resource: s.id, ref: 'V6-1' },
      ),
    );
  }
  const list = byVpc.get(s.vpc) ?? [];
  const q = list.find((x) => overlaps(x.p, p));
  if (q)
    out.push(
      error(
        'SUBNET_OVERLAP',
        `subnet ${s.id} IPv6 CIDR ${s.ipv6Cidr} overlaps subnet ${q.id} (${formatPrefix(q.p)}) (AWS: InvalidSubnet.Conflict)`,
        span,
        { resource: s.id },
      ),
    );
  list.push({ id: s.id, p });
  byVpc.set(s.vpc, list);
  subnet6.set(s.id, p);
}

/** IPv6-only subnets (V6-1): no NAT gateway (it needs an IPv4 address, NGW-1, V6-12), no IPv4 on an interface. */
function checkIpv6OnlySubnets(net: Network, out: Diagnostic[]): void {
  const only = new Set(net.subnets.filter((s) => s.cidr === undefined).map((s) => s.id));
  if (only.size === 0) return;
  for (const n of net.natGateways)
    if (only.has(n.subnet))
      out.push(
        error(
          'NAT_GATEWAY_IPV6_ONLY_SUBNET',
          `NAT gateway ${n.id} is in IPv6-only subnet ${n.subnet}; a NAT gateway needs an IPv4 address, so it lives in a subnet with an IPv4 CIDR — IPv6-only hosts reach it by a 64:ff9b::/96 route (NGW-1, V6-6)`,
          n.span,
          { resource: n.id, ref: 'V6-6' },
        ),
      );
  for (const e of net.networkInterfaces) {
    if (!only.has(e.subnet) || e.addresses.length === 0) continue;
    out.push(
      error(
        'IPV6_ONLY_SUBNET_IPV4_ADDRESS',
        `network interface ${e.id} has IPv4 address ${e.addresses[0]?.private ?? ''}, but subnet ${e.subnet} is IPv6-only (no IPv4 CIDR, V6-1)`,
        e.spans?.ip ?? e.spans?.ips ?? e.span,
        { resource: e.id, ref: 'V6-1' },
      ),
    );
  }
}

/** Interface IPv6 addresses (V6-1): valid, in the subnet's /64, not reserved (first four, last), unique. */
function checkInterfaceAddresses(
  net: Network,
  subnet6: ReadonlyMap<string, Prefix6>,
  out: Diagnostic[],
): void {
  const seen = new Map<bigint, string>();
  for (const e of net.networkInterfaces) {
    const span = e.spans?.ipv6 ?? e.spans?.ipv6Ips ?? e.span;
    for (const t of e.ipv6Addresses ?? []) {
      const a = parseIpv6(t);
      if (!a.ok) {
        out.push(
          error(
            'INVALID_IP',
            `network interface ${e.id}: "${t}" is not a valid IPv6 address: ${a.message}`,
            span,
            {
              resource: e.id,
            },
          ),
        );
        continue;
      }
      const p = subnet6.get(e.subnet);
      if (!p) {
        if (net.subnets.some((s) => s.id === e.subnet && s.ipv6Cidr === undefined))
          out.push(
            error(
              'IPV6_ADDRESS_WITHOUT_SUBNET_IPV6',
              `network interface ${e.id} has IPv6 address ${t}, but subnet ${e.subnet} has no IPv6 CIDR (V6-1)`,
              span,
              { resource: e.id, ref: 'V6-1' },
            ),
          );
        continue;
      }
      if (!containsAddr(p, a.value)) {
        out.push(
          error(
            'IP_OUTSIDE_SUBNET',
            `network interface ${e.id}: ${t} is not in subnet ${e.subnet} (${formatPrefix(p)}) (AWS: InvalidParameterValue)`,
            span,
            { resource: e.id },
          ),
        );
        continue;
      }
      if (a.value - p.base <= 3n || a.value === last6(p))
        out.push(
          error(
            'IP_RESERVED',
            `network interface ${e.id}: ${t} is reserved by AWS in subnet ${formatPrefix(p)} (the first four and the last address of the /64, V6-1)`,
            span,
            { resource: e.id, ref: 'V6-1' },
          ),
        );
      const prev = seen.get(a.value);
      if (prev !== undefined && prev !== e.id)
        out.push(
          error('IP_IN_USE', `${t} is used by both ${prev} and ${e.id} (AWS: InvalidIPAddress.InUse)`, span, {
            resource: e.id,
          }),
        );
      else seen.set(a.value, e.id);
    }
  }
}

/** IPv6 routes (V6-5, V6-6, NGW-4, RT-6). */
function checkRoutes(net: Network, out: Diagnostic[]): void {
  const eigwVpc = new Map<string, string | undefined>();
  for (const g of net.egressOnlyInternetGateways ?? []) {
    eigwVpc.set(g.id, g.vpc);
    if (g.awsId !== undefined) eigwVpc.set(g.awsId, g.vpc);
  }
  for (const rt of net.routeTables) {
    for (const r of rt.routes) {
      if (r.destination === undefined) continue;
      const span = r.span ?? rt.span;
      const label = `route ${r.destination} -> ${r.target.kind} ${r.target.id ?? ''} in ${rt.id}`;
      const six = r.destination.includes(':');
      if (r.target.kind === 'egress-only-internet-gateway') {
        if (!six)
          out.push(
            error(
              'ROUTE_EIGW_IPV4',
              `${label}: an egress-only internet gateway carries IPv6 only; route IPv4 to a NAT gateway (V6-5; AWS: InvalidParameterValue)`,
              span,
              { resource: rt.id, ref: 'V6-5' },
            ),
          );
        const v = r.target.id !== undefined ? eigwVpc.get(r.target.id) : undefined;
        if (v !== undefined && v !== rt.vpc)
          out.push(
            error(
              'ROUTE_TARGET_OTHER_VPC',
              `${label}: the egress-only internet gateway is attached to VPC ${v}, not ${rt.vpc} (AWS: InvalidParameterValue)`,
              span,
              { resource: rt.id, ref: 'V6-5' },
            ),
          );
      }
      if (!six) continue;
      const p = tryCidr(r.destination);
      if (p?.family !== 6) continue; // reported by validate/routes.ts
      if (r.target.kind === 'nat-gateway' && !covers(NAT64, p))
        out.push(
          error(
            'ROUTE_IPV6_NAT_GATEWAY',
            `${label}: a NAT gateway translates IPv6 only as NAT64, for 64:ff9b::/96 (NGW-4, V6-6); route ${r.destination} to an egress-only internet gateway (outbound only, V6-5) or an internet gateway instead`,
            span,
            { resource: rt.id, ref: 'V6-6' },
          ),
        );
      if (covers(RESERVED6, p))
        out.push(
          error(
            'ROUTE_RESERVED_DESTINATION',
            `${label}: routes to fd00:ec2::/32 are not allowed (RT-6)`,
            span,
            { resource: rt.id, ref: 'RT-6' },
          ),
        );
    }
  }
}
