/**
 * VPCs and subnets compiled: each VPC's CIDRs of both families (V6-1), DNS address (ADDR-4), default NACL and a
 * placeholder main table (set once route tables are compiled); each subnet's prefixes, AZ and NACL from the
 * associations (NACL-4). An IPv6-only subnet gets `NO_IPV4`. A VPC or subnet that cannot be compiled is skipped.
 */
import { tryCidr4, type Prefix, type Prefix6 } from '../net/prefix.js';
import type { Network } from '../model/network.js';
import type { Associations } from '../associations/resolve.js';
import type { CNacl, CSubnet, CVpc } from './compiled.js';
import { compileNacl } from './network-acl.js';
import { compileRouteTable } from './route-table.js';
import { vpcDnsAddress } from './amazon-services.js';
import { NO_IPV4 } from './egress-only-gateway.js';

export interface CompiledVpcs {
  readonly vpcs: Map<string, CVpc>;
  readonly subnets: Map<string, CSubnet>;
}

export function compileVpcs(
  net: Network,
  assoc: Associations,
  parse: (t: string) => Prefix | null,
  plLookup: (id: string) => readonly Prefix[] | undefined,
): CompiledVpcs {
  const nacls = new Map<string, CNacl>();
  const naclOf = (id: string): CNacl => {
    let c = nacls.get(id);
    if (!c) {
      const m = assoc.networkAcls.get(id);
      // Every id comes from the associations, so `m` exists; an empty NACL (deny all) is the safe fallback.
      c = compileNacl(m ?? { id, vpc: '', inbound: [], outbound: [] }, parse);
      nacls.set(id, c);
    }
    return c;
  };
  const vpcs = new Map<string, CVpc>();
  const placeholderLpm = compileRouteTable({ id: '', vpc: '', routes: [] }, [], false, {
    parseCidr: parse,
    prefixList: plLookup,
    target: () => ({ target: { kind: 'local' }, blackhole: null }),
  });
  for (const v of net.vpcs) {
    // IPv4 CIDRs first (the primary one gives the DNS address), then the IPv6 blocks (V6-1).
    const cidrs4 = v.cidrs.map(tryCidr4).filter((p) => p !== null);
    const cidrs6 = (v.ipv6Cidrs ?? []).map(parse).filter((p): p is Prefix6 => p !== null && p.family === 6);
    const cidrs: Prefix[] = [...cidrs4, ...cidrs6];
    const a = assoc.vpcs.get(v.id);
    if (!a || vpcs.has(v.id)) continue;
    vpcs.set(v.id, {
      id: v.id,
      cidrs,
      subnets: [],
      byIp: new Map(),
      mainRouteTable: { ...placeholderLpm, id: a.mainRouteTable.id },
      defaultNacl: naclOf(a.defaultNetworkAcl.id),
      region: v.region ?? 'us-east-1',
      accountId: v.accountId ?? '000000000000',
      peerings: [],
      dnsAddress: vpcDnsAddress(cidrs4[0]?.base),
      dnsSupport: v.enableDnsSupport ?? true,
    });
  }
  const subnets = new Map<string, CSubnet>();
  for (const s of net.subnets) {
    const vpc = vpcs.get(s.vpc);
    const prefix = s.cidr !== undefined ? tryCidr4(s.cidr) : null;
    const p6 = s.ipv6Cidr !== undefined ? parse(s.ipv6Cidr) : null;
    const a = assoc.subnets.get(s.id);
    // An IPv6-only subnet (V6-1) has no IPv4 CIDR: it gets NO_IPV4, which holds no address of its interfaces.
    if (!vpc || !a || (!prefix && p6?.family !== 6)) continue;
    const nacl = naclOf(a.networkAcl.id);
    const sub: CSubnet = {
      id: s.id,
      vpc,
      prefix: prefix ?? NO_IPV4,
      ipv6Only: prefix === null,
      prefix6: p6?.family === 6 ? p6 : undefined,
      dns64: s.enableDns64 === true,
      az: s.az ?? `${vpc.region}a`,
      routeTable: vpc.mainRouteTable,
      nacl,
    };
    subnets.set(s.id, sub);
    vpc.subnets.push(sub);
  }
  return { vpcs, subnets };
}
