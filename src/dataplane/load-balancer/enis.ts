/**
 * The ENIs load balancers and interface endpoints imply: one per load-balancer node (ELB-1, NLB-1: "ELB net/…",
 * carrying the load balancer's security groups) and one per interface-endpoint subnet (PL-1, carrying the
 * endpoint's security groups, PL-2). Ids are `<load balancer>/<subnet>` and `<endpoint>/<subnet>`. An address the
 * input does not give is the subnet's first free address (assumed, ADDR-2). An interface-endpoint ENI the input
 * already lists (CloudFormation `<endpoint>@<subnet>`, describe-* by address) is used as is, never duplicated.
 */
import { formatIpv4 } from '../../net/ipv4.js';
import { tryCidr4, tryIpv4, type Prefix4 } from '../../net/prefix.js';
import { firstFreeAddress } from '../../model/reserved-addresses.js';
import type { Network, NetworkInterface, VpcEndpoint } from '../../model/network.js';
import type { LoadBalancer } from '../../model/load-balancer.js';

export interface ImpliedEni {
  /** The load balancer or interface endpoint. */
  readonly owner: string;
  readonly kind: 'load-balancer' | 'interface-endpoint';
  readonly subnet: string;
  readonly eni: NetworkInterface;
  /** True when the input already lists this ENI (not synthesized). */
  readonly listed: boolean;
}

export function lbNodeEniId(lb: string, subnet: string): string {
  return `${lb}/${subnet}`;
}

/** The listed ENI of an interface endpoint in a subnet, if the input has one. */
function listedEndpointEni(net: Network, ep: VpcEndpoint, subnet: string): NetworkInterface | undefined {
  const want = ep.addresses?.[subnet];
  return net.networkInterfaces.find(
    (e) =>
      e.owner === 'interface-endpoint' &&
      e.subnet === subnet &&
      (e.id === `${ep.id}@${subnet}` ||
        e.id === `${ep.id}/${subnet}` ||
        (want !== undefined && e.addresses.some((a) => a.private === want))),
  );
}

/** Every load-balancer node ENI and interface-endpoint ENI of the network. `defaultSg(vpc)` is the VPC's default
 * security group (ALB-2, CLB-1: an ALB or Classic LB created without groups gets it). */
export function impliedLbEnis(net: Network, defaultSg: (vpc: string) => string | undefined): ImpliedEni[] {
  const prefixes = new Map<string, Prefix4>();
  for (const s of net.subnets) {
    const p = tryCidr4(s.cidr ?? '');
    if (p) prefixes.set(s.id, p);
  }
  const used = new Map<string, Set<number>>();
  const useIn = (subnet: string): Set<number> => {
    let u = used.get(subnet);
    if (!u) used.set(subnet, (u = new Set()));
    return u;
  };
  for (const e of net.networkInterfaces)
    for (const a of e.addresses) {
      const ip = tryIpv4(a.private);
      if (ip !== null) useIn(e.subnet).add(ip);
    }
  for (const n of net.natGateways) {
    const ip = tryIpv4(n.privateIp);
    if (ip !== null) useIn(n.subnet).add(ip);
  }
  for (const lb of net.loadBalancers ?? [])
    for (const n of lb.nodes) {
      const ip = n.privateIp !== undefined ? tryIpv4(n.privateIp) : null;
      if (ip !== null) useIn(n.subnet).add(ip);
    }
  const pick = (subnet: string, given: string | undefined): { ip: string; assumed: boolean } => {
    if (given !== undefined) return { ip: given, assumed: false };
    const p = prefixes.get(subnet);
    const ip = p ? firstFreeAddress(p, useIn(subnet)) : null;
    if (ip === null) return { ip: '', assumed: true };
    useIn(subnet).add(ip);
    return { ip: formatIpv4(ip), assumed: true };
  };
  const out: ImpliedEni[] = [];
  for (const lb of net.loadBalancers ?? []) out.push(...nodeEnis(lb, pick, defaultSg));
  for (const ep of net.vpcEndpoints) {
    if (ep.type !== 'interface') continue;
    for (const s of ep.subnets ?? []) {
      const listed = listedEndpointEni(net, ep, s);
      if (listed) {
        out.push({ owner: ep.id, kind: 'interface-endpoint', subnet: s, eni: listed, listed: true });
        continue;
      }
      const a = pick(s, ep.addresses?.[s]);
      out.push({
        owner: ep.id,
        kind: 'interface-endpoint',
        subnet: s,
        listed: false,
        eni: {
          id: `${ep.id}/${s}`,
          subnet: s,
          addresses: a.ip ? [{ private: a.ip }] : [],
          sourceDestCheck: true,
          securityGroups: ep.securityGroups ?? [],
          owner: 'interface-endpoint',
          span: ep.span,
          assumed: a.assumed ? ['addresses'] : undefined,
        },
      });
    }
  }
  return out;
}

function nodeEnis(
  lb: LoadBalancer,
  pick: (subnet: string, given: string | undefined) => { ip: string; assumed: boolean },
  defaultSg: (vpc: string) => string | undefined,
): ImpliedEni[] {
  // NLB-7, GWLB-5: no groups unless created with them; ALB-2, CLB-1: the VPC's default group when none is given.
  const proxy = lb.type === 'application' || lb.type === 'classic';
  const given = lb.securityGroups ?? [];
  const def = proxy && given.length === 0 ? defaultSg(lb.vpc) : undefined;
  const sgs = def !== undefined ? [def] : lb.type === 'gateway' ? [] : given;
  return lb.nodes.map((n) => {
    const a = pick(n.subnet, n.privateIp);
    return {
      owner: lb.id,
      kind: 'load-balancer' as const,
      subnet: n.subnet,
      listed: false,
      eni: {
        id: lbNodeEniId(lb.id, n.subnet),
        name: `ELB ${lb.id}`,
        subnet: n.subnet,
        addresses: a.ip ? [{ private: a.ip, public: n.publicIp }] : [],
        sourceDestCheck: true,
        securityGroups: sgs,
        owner: 'load-balancer' as const,
        span: lb.span,
        assumed: a.assumed ? ['addresses'] : undefined,
      },
    };
  });
}
