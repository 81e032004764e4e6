/**
 * What the AWS API refuses about addresses: malformed or host-bit CIDRs, VPC and subnet sizes (ADDR-1), subnets
 * outside their VPC or overlapping each other, ENI addresses outside their subnet or on reserved addresses
 * (ADDR-2), duplicate addresses in a VPC.
 */
import { error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import { firstOverlap } from '../net/first-overlap.js';
import { parseIpv4, type ParseResult } from '../net/ipv4.js';
import {
  contains4,
  covers,
  formatPrefix,
  parseCidr,
  type ParsedCidr,
  type Prefix,
  type Prefix4,
} from '../net/prefix.js';
import type { Network } from '../model/network.js';
import { isReservedInSubnet } from '../model/reserved-addresses.js';

/** A CIDR parser for one validation run. */
export type CidrParser = (text: string) => ParseResult<ParsedCidr>;

/**
 * `parseCidr` remembering each text's result, for one validation run: a million security-group and NACL rules
 * name far fewer distinct blocks. The results are immutable and shared.
 */
export function cidrParser(): CidrParser {
  const seen = new Map<string, ParseResult<ParsedCidr>>();
  return (text) => {
    let r = seen.get(text);
    if (r === undefined) seen.set(text, (r = parseCidr(text)));
    return r;
  };
}

/** Parse a CIDR strictly, reporting problems the way the API would. */
export function checkCidr(
  text: string,
  what: string,
  span: Span | undefined,
  resource: string,
  out: Diagnostic[],
  opts: { allowHostBits?: boolean; parse?: CidrParser } = {},
): Prefix | null {
  const r = (opts.parse ?? parseCidr)(text);
  if (!r.ok) {
    out.push(
      error(
        'INVALID_CIDR',
        `${what} "${text}" is not a valid CIDR block: ${r.message} (AWS: InvalidParameterValue)`,
        span,
        { resource },
      ),
    );
    return null;
  }
  if (r.value.hostBits && !opts.allowHostBits) {
    out.push(
      error(
        'CIDR_HOST_BITS',
        `${what} "${text}" has host bits set; did you mean ${formatPrefix(r.value.prefix)}? (AWS: InvalidParameterValue)`,
        span,
        {
          resource,
          ref: 'ADDR-3',
        },
      ),
    );
  }
  return r.value.prefix;
}

export function validateAddressing(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  const vpcCidrs = checkVpcCidrs(net, out);
  const subnetPrefix = checkSubnetCidrs(net, vpcCidrs, out);
  // Private addresses in use per VPC (`vpc|address` → owner), shared by interfaces and NAT gateways.
  const seen = new Map<string, string>();
  const subnetVpc = new Map(net.subnets.map((s) => [s.id, s.vpc]));
  checkInterfaceAddresses(net, subnetPrefix, subnetVpc, seen, out);
  checkNatGatewayAddresses(net, subnetPrefix, subnetVpc, seen, out);
  checkPublicAddresses(net, out);
  return out;
}

/** VPC CIDR blocks (ADDR-1): valid, IPv4, /16–/28, outside 169.254.0.0/16, not overlapping each other. */
function checkVpcCidrs(net: Network, out: Diagnostic[]): Map<string, Prefix4[]> {
  const vpcCidrs = new Map<string, Prefix4[]>();
  for (const v of net.vpcs) {
    const list: Prefix4[] = [];
    const texts: string[] = [];
    v.cidrs.forEach((c) => {
      const span = v.spans?.cidr ?? v.span;
      const p = checkCidr(c, `VPC ${v.id} CIDR`, span, v.id, out);
      if (!p) return;
      if (p.family !== 4) {
        out.push(
          error('INVALID_CIDR', `VPC ${v.id} IPv4 CIDR "${c}" is an IPv6 block`, span, { resource: v.id }),
        );
        return;
      }
      if (p.len < 16 || p.len > 28) {
        out.push(
          error(
            'VPC_CIDR_SIZE',
            `VPC ${v.id} CIDR ${c} must be between /16 and /28 (ADDR-1; AWS: InvalidVpc.Range)`,
            span,
            { resource: v.id, ref: 'ADDR-1' },
          ),
        );
      }
      if (contains4({ family: 4, base: 0xa9fe0000, len: 16 }, p.base)) {
        out.push(
          error(
            'VPC_CIDR_RESERVED',
            `VPC ${v.id} CIDR ${c} is in 169.254.0.0/16, which AWS does not allow (ADDR-1)`,
            span,
            { resource: v.id, ref: 'ADDR-1' },
          ),
        );
      }
      list.push(p);
      texts.push(c);
    });
    // Each CIDR overlapping one before it once (O(n log n), as subnets below).
    const first = firstOverlap(list);
    list.forEach((_, k) => {
      const q = list[first[k] ?? -1];
      if (q)
        out.push(
          error(
            'VPC_CIDR_OVERLAP',
            `VPC ${v.id} CIDR ${texts[k]} overlaps its CIDR ${formatPrefix(q)}`,
            v.spans?.cidr ?? v.span,
            { resource: v.id },
          ),
        );
    });
    vpcCidrs.set(v.id, list);
  }
  return vpcCidrs;
}

/** Subnet CIDR blocks (ADDR-1): valid, /16–/28, inside their VPC, not overlapping; each subnet's IPv4 prefix. */
function checkSubnetCidrs(
  net: Network,
  vpcCidrs: ReadonlyMap<string, readonly Prefix4[]>,
  out: Diagnostic[],
): Map<string, Prefix4> {
  const subnetsByVpc = new Map<string, { id: string; cidr: string; p: Prefix4; span?: Span | undefined }[]>();
  const subnetPrefix = new Map<string, Prefix4>();
  const vpcIds = new Set(net.vpcs.map((v) => v.id));
  for (const s of net.subnets) {
    const span = s.spans?.cidr ?? s.span;
    if (!vpcIds.has(s.vpc)) {
      out.push(
        error('UNKNOWN_REFERENCE', `subnet ${s.id} names unknown VPC ${s.vpc}`, s.span, { resource: s.id }),
      );
      continue;
    }
    // An IPv6-only subnet (no IPv4 CIDR) is checked by validate/ipv6.ts (V6-1).
    if (s.cidr === undefined) continue;
    const p = checkCidr(s.cidr, `subnet ${s.id} CIDR`, span, s.id, out);
    if (!p || p.family !== 4) continue;
    subnetPrefix.set(s.id, p);
    if (p.len < 16 || p.len > 28) {
      out.push(
        error(
          'SUBNET_CIDR_SIZE',
          `subnet ${s.id} CIDR ${s.cidr} must be between /16 and /28 (ADDR-1; AWS: InvalidSubnet.Range)`,
          span,
          { resource: s.id, ref: 'ADDR-1' },
        ),
      );
    }
    const vc = vpcCidrs.get(s.vpc) ?? [];
    if (!vc.some((c) => covers(c, p))) {
      out.push(
        error(
          'SUBNET_OUTSIDE_VPC',
          `subnet ${s.id} CIDR ${s.cidr} is not inside a CIDR of VPC ${s.vpc} (${vc.map(formatPrefix).join(', ')}) (AWS: InvalidSubnet.Range)`,
          span,
          { resource: s.id },
        ),
      );
    }
    const list = subnetsByVpc.get(s.vpc) ?? [];
    list.push({ id: s.id, cidr: s.cidr, p, span });
    subnetsByVpc.set(s.vpc, list);
  }
  // Each subnet that overlaps one created before it is reported once, naming the first (AWS refuses creating it:
  // InvalidSubnet.Conflict); O(n log n), so thousands of subnets on one CIDR stay thousands of findings.
  for (const list of subnetsByVpc.values()) {
    const first = firstOverlap(list.map((x) => x.p));
    list.forEach((s, k) => {
      const q = list[first[k] ?? -1];
      if (q)
        out.push(
          error(
            'SUBNET_OVERLAP',
            `subnet ${s.id} CIDR ${s.cidr} overlaps subnet ${q.id} (${formatPrefix(q.p)}) (AWS: InvalidSubnet.Conflict)`,
            s.span,
            { resource: s.id },
          ),
        );
    });
  }
  return subnetPrefix;
}

/** ENI addresses (ADDR-2): valid, inside the subnet, not reserved, unique per VPC. */
function checkInterfaceAddresses(
  net: Network,
  subnetPrefix: ReadonlyMap<string, Prefix4>,
  subnetVpc: ReadonlyMap<string, string>,
  seen: Map<string, string>,
  out: Diagnostic[],
): void {
  for (const e of net.networkInterfaces) {
    const sp = subnetPrefix.get(e.subnet);
    if (!subnetVpc.has(e.subnet)) {
      out.push(
        error('UNKNOWN_REFERENCE', `network interface ${e.id} names unknown subnet ${e.subnet}`, e.span, {
          resource: e.id,
        }),
      );
      continue;
    }
    const span = e.spans?.ip ?? e.spans?.ips ?? e.span;
    if (e.addresses.length === 0 && (e.ipv6Addresses ?? []).length === 0)
      out.push(
        error('ENI_NO_ADDRESS', `network interface ${e.id} has no private IPv4 address`, span, {
          resource: e.id,
        }),
      );
    for (const a of e.addresses) {
      const ip = parseIpv4(a.private);
      if (!ip.ok) {
        out.push(
          error(
            'INVALID_IP',
            `network interface ${e.id}: "${a.private}" is not a valid IPv4 address: ${ip.message}`,
            span,
            { resource: e.id },
          ),
        );
        continue;
      }
      if (a.public !== undefined && !parseIpv4(a.public).ok) {
        out.push(
          error(
            'INVALID_IP',
            `network interface ${e.id}: public address "${a.public}" is not a valid IPv4 address`,
            e.spans?.publicIp ?? span,
            { resource: e.id },
          ),
        );
      }
      if (!sp) continue;
      if (!contains4(sp, ip.value)) {
        out.push(
          error(
            'IP_OUTSIDE_SUBNET',
            `network interface ${e.id}: ${a.private} is not in subnet ${e.subnet} (${formatPrefix(sp)}) (AWS: InvalidParameterValue)`,
            span,
            { resource: e.id },
          ),
        );
        continue;
      }
      if (isReservedInSubnet(sp, ip.value)) {
        out.push(
          error(
            'IP_RESERVED',
            `network interface ${e.id}: ${a.private} is reserved by AWS in subnet ${formatPrefix(sp)} (the first four and the last address, ADDR-2)`,
            span,
            { resource: e.id, ref: 'ADDR-2' },
          ),
        );
      }
      const key = `${subnetVpc.get(e.subnet) ?? ''}|${a.private}`;
      const prev = seen.get(key);
      if (prev !== undefined)
        out.push(
          error(
            'IP_IN_USE',
            `${a.private} is used by both ${prev} and ${e.id} (AWS: InvalidIPAddress.InUse)`,
            span,
            { resource: e.id },
          ),
        );
      else seen.set(key, e.id);
    }
  }
}

/** NAT gateway addresses: valid, inside the subnet, unique per VPC; an Elastic IP exactly when public (NGW-1). */
function checkNatGatewayAddresses(
  net: Network,
  subnetPrefix: ReadonlyMap<string, Prefix4>,
  subnetVpc: ReadonlyMap<string, string>,
  seen: Map<string, string>,
  out: Diagnostic[],
): void {
  for (const n of net.natGateways) {
    const sp = subnetPrefix.get(n.subnet);
    const ip = parseIpv4(n.privateIp);
    const span = n.spans?.ip ?? n.span;
    if (!ip.ok) {
      out.push(
        error('INVALID_IP', `NAT gateway ${n.id}: "${n.privateIp}" is not a valid IPv4 address`, span, {
          resource: n.id,
        }),
      );
      continue;
    }
    if (sp && !contains4(sp, ip.value)) {
      out.push(
        error(
          'IP_OUTSIDE_SUBNET',
          `NAT gateway ${n.id}: ${n.privateIp} is not in subnet ${n.subnet} (${formatPrefix(sp)})`,
          span,
          { resource: n.id },
        ),
      );
    }
    const key = `${subnetVpc.get(n.subnet) ?? ''}|${n.privateIp}`;
    const prev = seen.get(key);
    if (prev !== undefined)
      out.push(
        error('IP_IN_USE', `${n.privateIp} is used by both ${prev} and ${n.id}`, span, { resource: n.id }),
      );
    else seen.set(key, n.id);
    // NGW-1: a public NAT gateway must have an Elastic IP; a private one cannot.
    if (n.connectivity === 'public' && n.publicIp === undefined) {
      out.push(
        error(
          'NAT_GATEWAY_NO_EIP',
          `public NAT gateway ${n.id} needs an Elastic IP (NGW-1; AWS: MissingParameter AllocationId)`,
          n.span,
          { resource: n.id, ref: 'NGW-1' },
        ),
      );
    }
    if (n.connectivity === 'private' && n.publicIp !== undefined) {
      out.push(
        error(
          'NAT_GATEWAY_PRIVATE_EIP',
          `private NAT gateway ${n.id} cannot have an Elastic IP (NGW-1)`,
          n.span,
          { resource: n.id, ref: 'NGW-1' },
        ),
      );
    }
  }
}

/** Public addresses (on interfaces and NAT gateways) are each associated with one resource. */
function checkPublicAddresses(net: Network, out: Diagnostic[]): void {
  const pubs = new Map<string, string>();
  for (const e of net.networkInterfaces) {
    for (const a of e.addresses) {
      if (a.public === undefined) continue;
      const prev = pubs.get(a.public);
      if (prev !== undefined && prev !== e.id)
        out.push(
          error(
            'PUBLIC_IP_IN_USE',
            `public address ${a.public} is associated with both ${prev} and ${e.id}`,
            e.spans?.publicIp ?? e.span,
            { resource: e.id },
          ),
        );
      pubs.set(a.public, e.id);
    }
  }
  for (const n of net.natGateways) {
    if (n.publicIp === undefined) continue;
    const prev = pubs.get(n.publicIp);
    if (prev !== undefined)
      out.push(
        error(
          'PUBLIC_IP_IN_USE',
          `Elastic IP ${n.publicIp} is associated with both ${prev} and ${n.id}`,
          n.span,
          { resource: n.id },
        ),
      );
    pubs.set(n.publicIp, n.id);
  }
}
