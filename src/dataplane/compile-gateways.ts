/**
 * Gateways and endpoints compiled: internet gateways (attached ones only), NAT gateways (NGW-11 state), Network
 * Firewall endpoints with their compiled firewall (NFW-1; an address assumed after the reserved ones when not given,
 * ADDR-2), Gateway Load Balancer endpoints with the GWLB behind their service (GWLB-8), and peering connections
 * (PCX-4: only active ones are a VPC's peerings). Each with a private address is registered in its VPC's `byIp`.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { tryIpv4 } from '../net/prefix.js';
import { firstFreeAddress } from '../model/reserved-addresses.js';
import type { Network } from '../model/network.js';
import type {
  CFirewallEndpoint,
  CGwlbEndpoint,
  CIgw,
  CNatGateway,
  CPeering,
  CSubnet,
  CVpc,
} from './compiled.js';
import { compileFirewall, type CompiledFirewall } from './firewall/index.js';
import type { CLoadBalancer } from './load-balancer/types.js';

/** Internet gateways by id and AWS id; each attached one becomes its VPC's `igw`. */
export function compileInternetGateways(net: Network, vpcs: ReadonlyMap<string, CVpc>): Map<string, CIgw> {
  const igws = new Map<string, CIgw>();
  for (const g of net.internetGateways) {
    const vpc = g.vpc !== undefined ? vpcs.get(g.vpc) : undefined;
    if (!vpc) continue;
    const c: CIgw = { id: g.id, vpc };
    vpc.igw = c;
    igws.set(g.id, c);
    if (g.awsId) igws.set(g.awsId, c);
  }
  return igws;
}

/** NAT gateways by id and AWS id, registered at their private address. */
export function compileNatGateways(
  net: Network,
  subnets: ReadonlyMap<string, CSubnet>,
): Map<string, CNatGateway> {
  const natGateways = new Map<string, CNatGateway>();
  for (const n of net.natGateways) {
    const subnet = subnets.get(n.subnet);
    const ip = tryIpv4(n.privateIp);
    if (!subnet || ip === null) continue;
    const c: CNatGateway = {
      id: n.id,
      subnet,
      privateIp: ip,
      publicIp: n.publicIp !== undefined ? tryIpv4(n.publicIp) : null,
      isPublic: n.connectivity === 'public',
      available: n.state === undefined || n.state === 'available',
      index: natGateways.size,
    };
    natGateways.set(n.id, c);
    if (n.awsId) natGateways.set(n.awsId, c);
    subnet.vpc.byIp.set(ip, { kind: 'nat-gateway', natgw: c });
  }
  return natGateways;
}

export interface CompiledFirewalls {
  readonly firewallEndpoints: Map<string, CFirewallEndpoint>;
  /** Each firewall (by id and AWS id), undefined when it could not be compiled. */
  readonly compiledFirewalls: Map<string, CompiledFirewall | undefined>;
}

/** Network Firewalls and their endpoints; the compiler's diagnostics are added to `diags`. */
export function compileFirewalls(
  net: Network,
  subnets: ReadonlyMap<string, CSubnet>,
  diags: Diagnostic[],
): CompiledFirewalls {
  const firewallEndpoints = new Map<string, CFirewallEndpoint>();
  const compiledFirewalls = new Map<string, CompiledFirewall | undefined>();
  for (const fw of net.firewalls) {
    const compiledFw = compileFirewall(net, fw);
    diags.push(...compiledFw.diagnostics);
    compiledFirewalls.set(fw.id, compiledFw.firewall);
    if (fw.awsId !== undefined) compiledFirewalls.set(fw.awsId, compiledFw.firewall);
    for (const ep of fw.endpoints) {
      const subnet = subnets.get(ep.subnet);
      if (!subnet) continue;
      // Assumed when not given: the first free address after AWS's reserved ones (ADDR-2).
      const ip =
        (ep.ip !== undefined ? tryIpv4(ep.ip) : null) ??
        firstFreeAddress(subnet.prefix, new Set(subnet.vpc.byIp.keys())) ??
        subnet.prefix.base;
      const c: CFirewallEndpoint = {
        id: ep.id,
        firewallId: fw.id,
        subnet,
        ip,
        firewall: compiledFw.firewall,
        index: firewallEndpoints.size,
      };
      firewallEndpoints.set(ep.id, c);
      if (!subnet.vpc.byIp.has(ip)) subnet.vpc.byIp.set(ip, { kind: 'firewall-endpoint', endpoint: c });
    }
  }
  return { firewallEndpoints, compiledFirewalls };
}

/** Gateway Load Balancer endpoints by id and AWS id (the first subnet given), each with its GWLB when modelled. */
export function compileGwlbEndpoints(
  net: Network,
  subnets: ReadonlyMap<string, CSubnet>,
  loadBalancers: ReadonlyMap<string, CLoadBalancer>,
): Map<string, CGwlbEndpoint> {
  const gwlbEndpoints = new Map<string, CGwlbEndpoint>();
  for (const ep of net.vpcEndpoints) {
    if (ep.type !== 'gateway-load-balancer') continue;
    const subnet = ep.subnets?.[0] !== undefined ? subnets.get(ep.subnets[0]) : undefined;
    if (!subnet) continue;
    const c: CGwlbEndpoint = {
      id: ep.id,
      subnet,
      ip: firstFreeAddress(subnet.prefix, new Set(subnet.vpc.byIp.keys())) ?? subnet.prefix.base,
      verdict: ep.inspection ?? 'pass',
      index: gwlbEndpoints.size,
      gwlb: gwlbOfService(net, ep.service, loadBalancers),
    };
    gwlbEndpoints.set(ep.id, c);
    if (!subnet.vpc.byIp.has(c.ip)) subnet.vpc.byIp.set(c.ip, { kind: 'gwlb-endpoint', endpoint: c });
    if (ep.awsId) gwlbEndpoints.set(ep.awsId, c);
  }
  return gwlbEndpoints;
}

/** Peering connections by id and AWS id; active ones are added to both VPCs' peerings. */
export function compilePeerings(net: Network, vpcs: ReadonlyMap<string, CVpc>): Map<string, CPeering> {
  const peerings = new Map<string, CPeering>();
  for (const p of net.peerings) {
    const a = vpcs.get(p.requesterVpc);
    const b = vpcs.get(p.accepterVpc);
    if (!a || !b) continue;
    const c: CPeering = { id: p.id, a, b, active: (p.state ?? 'active') === 'active' };
    peerings.set(p.id, c);
    if (p.awsId) peerings.set(p.awsId, c);
    if (c.active) {
      a.peerings.push(c);
      b.peerings.push(c);
    }
  }
  return peerings;
}

/** GWLB-8: the Gateway Load Balancer behind a GWLB endpoint's service (by id, AWS id or service name), if modelled. */
function gwlbOfService(
  net: Network,
  service: string,
  lbs: ReadonlyMap<string, CLoadBalancer>,
): CLoadBalancer | undefined {
  const svc = (net.endpointServices ?? []).find(
    (s) => s.id === service || s.awsId === service || s.serviceName === service,
  );
  for (const id of svc?.loadBalancers ?? []) {
    const lb = lbs.get(id);
    if (lb?.type === 'gateway') return lb;
  }
  return undefined;
}
