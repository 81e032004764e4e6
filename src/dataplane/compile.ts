/**
 * Compile a model `Network` once into a `CompiledNetwork` for the per-packet path.
 *
 * Resolves every reference, takes each subnet's route table and NACL, each VPC's main table, default NACL and
 * default security group, and every implied resource from the associations (associations/resolve.ts: RT-9,
 * NACL-4, SG-4, RT-11 — never re-derived here), decides blackhole state of routes (RT-7), and compiles route
 * tables, security groups, NACLs, instance OS configs, firewalls and Client VPN endpoints. Never throws on a bad model: what cannot be compiled is skipped with a
 * diagnostic (validate/ reports the cause with the input's positions).
 */
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { tryCidr, tryCidr4, tryIpv4, type Prefix, type Prefix6 } from '../net/prefix.js';
import { parseIpv6 } from '../net/ipv6.js';
import type { Addr } from '../net/addr.js';
import { IntervalLpm } from '../net/lpm.js';
import { firstFreeAddress } from '../model/reserved-addresses.js';
import type { Network, NetworkInterface, Route } from '../model/network.js';
import { interfaceSecurityGroups, resolveAssociations } from '../associations/resolve.js';
import { sgReferenceChecker } from '../model/sg-reference.js';
import type {
  CAttachment,
  CEni,
  CFirewallEndpoint,
  CGwlbEndpoint,
  CIgw,
  CInstance,
  CNacl,
  CNatGateway,
  CompiledNetwork,
  CPeering,
  CPublicTarget,
  CRouteTable,
  CSecurityGroup,
  CSubnet,
  CTarget,
  CVpc,
} from './compiled.js';
import { compileNacl } from './network-acl.js';
import { compileRouteTable } from './route-table.js';
import { compileSecurityGroup } from './security-group.js';
import { compileOs } from './os/index.js';
import { compileFirewall, type CompiledFirewall } from './firewall/index.js';
import { compileClientVpn } from './clientvpn/index.js';
import { compileTransit, vgwPropagatedRoutes } from './transit-gateway/compile.js';
import type { CompiledTransit } from './transit-gateway/compiled.js';
import { assignedClientVpnEnis } from './clientvpn-enis.js';
import { vpcDnsAddress } from './amazon-services.js';
import { impliedLbEnis } from './load-balancer/enis.js';
import { compileLoadBalancing } from './load-balancer/compile.js';
import type { CLoadBalancer } from './load-balancer/types.js';
import {
  compileEgressOnlyGateways,
  egressOnlyTarget,
  NO_IPV4,
  type EgressOnlyGateways,
} from './egress-only-gateway.js';

export interface CompileResult {
  readonly compiled: CompiledNetwork;
  readonly diagnostics: readonly Diagnostic[];
}

/** Compile a network. `compileNetwork(net).compiled` is what `traceFlow` walks. */
export function compileNetwork(net: Network): CompileResult {
  const diags: Diagnostic[] = [];
  const assoc = resolveAssociations(net);
  // Rules, routes and prefix lists of both families (RT-1, V6-3, V6-7, V6-8).
  const parse = (t: string): Prefix | null => tryCidr(t);
  const prefixLists = new Map<string, Prefix[]>();
  for (const pl of net.prefixLists) {
    prefixLists.set(
      pl.id,
      pl.entries.map(parse).filter((p): p is Prefix => p !== null),
    );
    if (pl.awsId) prefixLists.set(pl.awsId, prefixLists.get(pl.id) ?? []);
  }
  const plLookup = (id: string): readonly Prefix[] | undefined => prefixLists.get(id);

  // --- VPCs, NACLs, subnets ------------------------------------------------------------------------------
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
      az: s.az ?? `${vpc.region}a`,
      routeTable: vpc.mainRouteTable,
      nacl,
    };
    subnets.set(s.id, sub);
    vpc.subnets.push(sub);
  }

  // --- Security groups (SG-6 needs the ENIs' IPs per group) -----------------------------------------------
  // A Client VPN ENI the input already lists (describe-*: owner client-vpn, same subnet and address) is used as
  // is; only the missing ones are synthesized, so one address never belongs to two ENIs.
  const listed = new Map<string, string>();
  for (const e of net.networkInterfaces) {
    if (e.owner !== 'client-vpn') continue;
    for (const a of e.addresses) listed.set(`${e.subnet}|${a.private}`, e.id);
  }
  const cvpnAll = assignedClientVpnEnis(net);
  const cvpnListed = new Map<string, string>(); // listed ENI id → endpoint
  const cvpnEnis = cvpnAll.filter((c) => {
    const id = listed.get(`${c.eni.subnet}|${c.eni.addresses[0]?.private ?? ''}`);
    if (id === undefined) return true;
    cvpnListed.set(id, c.endpoint);
    return false;
  });
  // Load-balancer nodes and interface endpoints imply ENIs (ELB-1, PL-1); listed ones are used as they are.
  const lbEnis = impliedLbEnis(net, (v) => assoc.vpcs.get(v)?.defaultSecurityGroup.id);
  const allEnis = [
    ...net.networkInterfaces,
    ...cvpnEnis.map((c) => c.eni),
    ...lbEnis.filter((e) => !e.listed).map((e) => e.eni),
  ];
  // SG-4: an interface launched without security groups gets its VPC's default group.
  const eniSgIds = new Map<string, readonly string[]>();
  for (const e of allEnis) eniSgIds.set(e.id, interfaceSecurityGroups(assoc, e));
  const groupIps = new Map<string, Set<Addr>>();
  for (const e of allEnis) {
    for (const g of eniSgIds.get(e.id) ?? []) {
      let set = groupIps.get(g);
      if (!set) groupIps.set(g, (set = new Set()));
      for (const a of e.addresses) {
        const ip = tryIpv4(a.private);
        if (ip !== null) set.add(ip);
      }
      for (const ip of ipv6Of(e)) set.add(ip); // SG-6 references match IPv6 addresses too (V6-7)
    }
  }
  const sgs = new Map<string, CSecurityGroup>();
  // SG-6, PCX-6: a reference to a group of another Region or of an unpeered VPC never matches.
  const refCheck = sgReferenceChecker(net, (id) => assoc.securityGroups.get(id)?.vpc);
  const sgRes = {
    groupIps: (id: string) => groupIps.get(id),
    refProblem: (owner: string, ref: string) => refCheck(owner, ref)?.reason,
    prefixList: plLookup,
    parseCidr: parse,
  };
  for (const g of [...net.securityGroups, ...assoc.implied.securityGroups])
    if (!sgs.has(g.id)) sgs.set(g.id, compileSecurityGroup(g, sgRes));
  for (const g of net.securityGroups) if (g.awsId) sgs.set(g.awsId, sgs.get(g.id) as CSecurityGroup);

  // --- ENIs ---------------------------------------------------------------------------------------------
  const enis: CEni[] = [];
  const eniById = new Map<string, CEni>();
  for (const e of allEnis) {
    const subnet = subnets.get(e.subnet);
    if (!subnet) {
      diags.push(
        error('ENI_SUBNET_UNKNOWN', `network interface ${e.id} names unknown subnet ${e.subnet}`, e.span),
      );
      continue;
    }
    const addrs: number[] = [];
    const publicOf = new Map<number, number>();
    for (const a of e.addresses) {
      const ip = tryIpv4(a.private);
      if (ip === null) continue;
      addrs.push(ip);
      const pub = a.public !== undefined ? tryIpv4(a.public) : null;
      if (pub !== null) publicOf.set(ip, pub);
    }
    const addrs6 = ipv6Of(e);
    const sgList = (eniSgIds.get(e.id) ?? []).map((g) => sgs.get(g)).filter((g): g is CSecurityGroup => !!g);
    const c: CEni = {
      id: e.id,
      model: e,
      subnet,
      addrs,
      addrs6,
      addrSet: new Set<Addr>([...addrs, ...addrs6]),
      publicOf,
      sourceDestCheck: e.sourceDestCheck,
      sgs: sgList,
      sgLabel: sgList.map((g) => g.id).join('+') || '(no security group)',
      deviceIndex: e.deviceIndex ?? 0,
      index: enis.length,
    };
    enis.push(c);
    eniById.set(e.id, c);
    if (e.awsId) eniById.set(e.awsId, c);
    for (const ip of [...addrs, ...addrs6]) subnet.vpc.byIp.set(ip, { kind: 'eni', eni: c });
  }
  for (const c of cvpnEnis) {
    const ce = eniById.get(c.eni.id);
    if (ce) ce.clientVpn = c.endpoint;
  }
  for (const [id, endpoint] of cvpnListed) {
    const ce = eniById.get(id);
    if (ce) ce.clientVpn = endpoint;
  }

  // --- Instances and their OS ----------------------------------------------------------------------------
  const instances = new Map<string, CInstance>();
  for (const inst of net.instances) {
    const ienis = inst.interfaces
      .map((id) => eniById.get(id))
      .filter((x): x is CEni => !!x)
      .sort((a, b) => a.deviceIndex - b.deviceIndex);
    const ci: CInstance = {
      id: inst.id,
      model: inst,
      enis: ienis,
      running: (inst.state ?? 'running') === 'running',
      os: undefined,
      hasOs: inst.os !== undefined,
      index: instances.size,
    };
    for (const e of ienis) e.instance = ci;
    ci.os = compileOs(
      inst.id,
      inst.os,
      ienis.map((e) => ({
        name: `eth${e.deviceIndex}`,
        addresses: e.addrs,
        subnet: e.subnet.prefix,
        addresses6: e.addrs6,
        subnet6: e.subnet.prefix6,
      })),
    );
    instances.set(inst.id, ci);
    if (inst.awsId) instances.set(inst.awsId, ci);
  }

  const loadBalancing = compileLoadBalancing(net, lbEnis, { eniById, instances, vpcs, subnets });

  // --- Gateways and endpoints ----------------------------------------------------------------------------
  const igws = new Map<string, CIgw>();
  for (const g of net.internetGateways) {
    const vpc = g.vpc !== undefined ? vpcs.get(g.vpc) : undefined;
    if (!vpc) continue;
    const c: CIgw = { id: g.id, vpc };
    vpc.igw = c;
    igws.set(g.id, c);
    if (g.awsId) igws.set(g.awsId, c);
  }
  const eigws = compileEgressOnlyGateways(net, vpcs);
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
      gwlb: gwlbOfService(net, ep.service, loadBalancing.loadBalancers),
    };
    gwlbEndpoints.set(ep.id, c);
    if (!subnet.vpc.byIp.has(c.ip)) subnet.vpc.byIp.set(c.ip, { kind: 'gwlb-endpoint', endpoint: c });
    if (ep.awsId) gwlbEndpoints.set(ep.awsId, c);
  }
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

  // --- Transit gateways and the hybrid edge (B10, B16) --------------------------------------------------
  const transit = compileTransit(net, vpcs, subnets, compiledFirewalls);
  // VPN-3: routes a virtual private gateway propagates into the tables that enable propagation from it.
  const propagated = vgwPropagatedRoutes(net, transit);

  // --- Route tables --------------------------------------------------------------------------------------
  const gatewayTables = new Set([...assoc.gatewayRouteTables.values()].map((a) => a.id));
  const resolveTarget = (r: Route, vpc: CVpc): { target: CTarget; blackhole: string | null } =>
    resolveRouteTarget(r, vpc, {
      instances,
      eniById,
      igws,
      eigws,
      natGateways,
      peerings,
      firewallEndpoints,
      gwlbEndpoints,
      transit,
      net,
    });
  // RT-18: a gateway endpoint adds a route (its service prefix list → the endpoint) to each table it is given.
  const implied = new Map<string, Route[]>();
  for (const ep of net.vpcEndpoints) {
    if (ep.type !== 'gateway' || ep.prefixList === undefined) continue;
    for (const t of ep.routeTables ?? []) {
      const list = implied.get(t) ?? [];
      list.push({
        destinationPrefixList: ep.prefixList,
        target: { kind: 'gateway-endpoint', id: ep.id },
        origin: 'auto',
        span: ep.span,
      });
      implied.set(t, list);
    }
  }
  const routeTables = new Map<string, CRouteTable>();
  for (const model of [...net.routeTables, ...assoc.implied.routeTables]) {
    const vpc = vpcs.get(model.vpc);
    if (!vpc) continue;
    const gw = implied.get(model.id) ?? (model.awsId !== undefined ? implied.get(model.awsId) : undefined);
    const learned = propagated.get(model.id);
    const extra = gw || learned ? [...(gw ?? []), ...(learned ?? [])] : undefined;
    const rt = extra
      ? {
          ...model,
          routes: [
            ...model.routes,
            ...extra.filter(
              (e) =>
                e.destinationPrefixList === undefined ||
                !model.routes.some((r) => r.destinationPrefixList === e.destinationPrefixList),
            ),
          ],
        }
      : model;
    const c = compileRouteTable(rt, vpc.cidrs, gatewayTables.has(rt.id), {
      parseCidr: parse,
      prefixList: plLookup,
      target: (r) => resolveTarget(r, vpc),
    });
    routeTables.set(rt.id, c);
    if (rt.awsId) routeTables.set(rt.awsId, c);
  }
  // RT-9: the main table (named, flagged or implied) and each subnet's table come from the associations.
  for (const [id, a] of assoc.vpcs) {
    const vpc = vpcs.get(id);
    const main = routeTables.get(a.mainRouteTable.id);
    if (vpc && main) (vpc as { mainRouteTable: CRouteTable }).mainRouteTable = main;
  }
  for (const [id, a] of assoc.subnets) {
    const sub = subnets.get(id);
    if (sub) sub.routeTable = routeTables.get(a.routeTable.id) ?? sub.vpc.mainRouteTable;
  }
  for (const [id, a] of assoc.gatewayRouteTables) {
    const c = igws.get(id);
    if (c) c.routeTable = routeTables.get(a.id);
    const v = transit.vgws.get(id);
    if (v) v.routeTable = routeTables.get(a.id);
  }

  // --- Public addresses (IGW-2) ---------------------------------------------------------------------------
  const byPublicIp = new Map<number, CPublicTarget & { igw: CIgw | undefined }>();
  for (const e of enis) {
    for (const [priv, pub] of e.publicOf) {
      byPublicIp.set(pub, {
        kind: e.clientVpn !== undefined ? 'client-vpn' : 'eni',
        eni: e,
        privateIp: priv,
        igw: e.subnet.vpc.igw,
      });
    }
  }
  for (const n of natGateways.values()) {
    if (n.publicIp !== null)
      byPublicIp.set(n.publicIp, {
        kind: 'nat-gateway',
        natgw: n,
        privateIp: n.privateIp,
        igw: n.subnet.vpc.igw,
      });
  }

  // An Elastic IP the input declares but does not associate with anything it contains is not the internet.
  const unresolvedEips = new Map<number, { id: string; reason: string }>();
  for (const e of net.elasticIps ?? []) {
    const ip = tryIpv4(e.publicIp);
    if (ip === null || byPublicIp.has(ip)) continue;
    unresolvedEips.set(ip, {
      id: e.id,
      reason:
        e.unresolved ??
        'the network interface or NAT gateway it is associated with is not in the input (a launch template, a script or another stack may associate it)',
    });
  }

  // --- Client VPN -----------------------------------------------------------------------------------------
  const clientVpns = new Map<string, ReturnType<typeof compileClientVpn>['cvpn']>();
  for (const ep of net.clientVpnEndpoints) {
    const r = compileClientVpn(net, ep, assoc);
    diags.push(...r.diagnostics);
    clientVpns.set(ep.id, r.cvpn);
  }
  const clients = new Map(net.vpnClients.map((c) => [c.id, c]));

  const attachmentByIp = new Map<Addr, CAttachment>();
  for (const v of vpcs.values())
    for (const [ip, a] of v.byIp) if (!attachmentByIp.has(ip)) attachmentByIp.set(ip, a);
  const vpcByAddress = new IntervalLpm(
    [...vpcs.values()].flatMap((v) => v.cidrs.map((prefix) => ({ prefix, value: v }))),
  );

  const compiled: CompiledNetwork = {
    transit,
    attachmentByIp,
    vpcByAddress,
    vpcs,
    subnets,
    enis,
    eniById,
    instances,
    natGateways,
    routeTables,
    firewallEndpoints,
    gwlbEndpoints,
    igws,
    peerings,
    byPublicIp,
    unresolvedEips,
    clientVpns,
    clients,
    loadBalancing,
    memo: new Map(),
    counts: {
      enis: enis.length,
      natgws: natGateways.size,
      fwes: firewallEndpoints.size,
      instances: instances.size,
    },
  };
  return { compiled, diagnostics: diags };
}

interface TargetIndex {
  readonly instances: ReadonlyMap<string, CInstance>;
  readonly eniById: ReadonlyMap<string, CEni>;
  readonly igws: ReadonlyMap<string, CIgw>;
  readonly eigws: EgressOnlyGateways;
  readonly natGateways: ReadonlyMap<string, CNatGateway>;
  readonly peerings: ReadonlyMap<string, CPeering>;
  readonly firewallEndpoints: ReadonlyMap<string, CFirewallEndpoint>;
  readonly gwlbEndpoints: ReadonlyMap<string, CGwlbEndpoint>;
  readonly transit: CompiledTransit;
  readonly net: Network;
}

/** Resolve a route target and decide whether the route is a blackhole (RT-7). */
function resolveRouteTarget(
  r: Route,
  vpc: CVpc,
  ix: TargetIndex,
): { target: CTarget; blackhole: string | null } {
  const id = r.target.id ?? '';
  const missing = (what: string): { target: CTarget; blackhole: string } => ({
    target: { kind: 'unsupported', targetKind: r.target.kind, id },
    blackhole: `${what} ${id} does not exist`,
  });
  switch (r.target.kind) {
    case 'local':
      return { target: { kind: 'local' }, blackhole: null };
    case 'internet-gateway': {
      const g = ix.igws.get(id);
      if (!g) {
        const model = ix.net.internetGateways.find((x) => x.id === id);
        return model
          ? {
              target: { kind: 'unsupported', targetKind: 'internet-gateway', id },
              blackhole: `internet gateway ${id} is detached`,
            }
          : missing('internet gateway');
      }
      return { target: { kind: 'internet-gateway', igw: g }, blackhole: null };
    }
    case 'nat-gateway': {
      const n = ix.natGateways.get(id);
      if (!n) return missing('NAT gateway');
      return {
        target: { kind: 'nat-gateway', natgw: n },
        blackhole: n.available ? null : `NAT gateway ${id} is deleted (NGW-11)`,
      };
    }
    case 'instance':
    case 'network-interface': {
      const inst = ix.instances.get(id);
      const eni = inst ? inst.enis[0] : ix.eniById.get(id);
      if (!eni) {
        const model = ix.net.instances.find((x) => x.id === id);
        return model
          ? {
              target: { kind: 'unsupported', targetKind: r.target.kind, id },
              blackhole: `instance ${id} has no network interface`,
            }
          : missing(r.target.kind === 'instance' ? 'instance' : 'network interface');
      }
      const owner = eni.instance;
      if (owner && owner.model.state === 'terminated') {
        return {
          target: { kind: 'network-interface', eni },
          blackhole: `instance ${owner.id} is terminated`,
        };
      }
      return { target: { kind: 'network-interface', eni }, blackhole: null };
    }
    case 'vpc-peering': {
      const p = ix.peerings.get(id);
      if (!p) return missing('peering connection');
      return {
        target: { kind: 'vpc-peering', peering: p },
        blackhole: p.active ? null : `peering connection ${id} is not active (PCX-4)`,
      };
    }
    case 'firewall-endpoint': {
      const ep = ix.firewallEndpoints.get(id);
      if (!ep) return missing('firewall endpoint');
      return { target: { kind: 'firewall-endpoint', endpoint: ep }, blackhole: null };
    }
    case 'gwlb-endpoint': {
      const fe = ix.firewallEndpoints.get(id);
      if (fe) return { target: { kind: 'firewall-endpoint', endpoint: fe }, blackhole: null };
      const ep = ix.gwlbEndpoints.get(id);
      if (!ep) return missing('Gateway Load Balancer endpoint');
      return { target: { kind: 'gwlb-endpoint', endpoint: ep }, blackhole: null };
    }
    case 'gateway-endpoint': {
      const ep = ix.net.vpcEndpoints.find((e) => e.id === id || e.awsId === id);
      if (!ep) return missing('VPC endpoint');
      return { target: { kind: 'gateway-endpoint', id: ep.id, service: ep.service }, blackhole: null };
    }
    case 'transit-gateway': {
      const tgw = ix.transit.tgws.get(id);
      // Not in the input (another stack, another account): the path depends on it (UNSUPPORTED_COMPONENT).
      if (!tgw)
        return { target: { kind: 'unsupported', targetKind: 'transit-gateway', id }, blackhole: null };
      return { target: { kind: 'transit-gateway', tgw }, blackhole: null };
    }
    case 'virtual-private-gateway': {
      const vgw = ix.transit.vgws.get(id);
      if (!vgw)
        return {
          target: { kind: 'unsupported', targetKind: 'virtual-private-gateway', id },
          blackhole: null,
        };
      return {
        target: { kind: 'virtual-private-gateway', vgw },
        blackhole: vgw.vpc ? null : `virtual private gateway ${id} is detached`,
      };
    }
    case 'egress-only-internet-gateway':
      return egressOnlyTarget(ix.eigws, id, vpc);
    case 'carrier-gateway':
    case 'core-network':
    case 'local-gateway':
    case 'unknown':
      return { target: { kind: 'unsupported', targetKind: r.target.kind, id }, blackhole: null };
  }
}

export type { CAttachment };

/** The IPv6 addresses of an interface (V6-1); invalid ones were reported by validate/. */
function ipv6Of(e: NetworkInterface): bigint[] {
  const out: bigint[] = [];
  for (const t of e.ipv6Addresses ?? []) {
    const r = parseIpv6(t);
    if (r.ok) out.push(r.value);
  }
  return out;
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
