/**
 * Compile a model `Network` once into a `CompiledNetwork` for the per-packet path.
 *
 * Resolves every reference, takes each subnet's route table and NACL, each VPC's main table, default NACL and
 * default security group, and every implied resource from the associations (associations/resolve.ts: RT-9,
 * NACL-4, SG-4, RT-11 — never re-derived here), decides blackhole state of routes (RT-7), and compiles route
 * tables, security groups, NACLs, instance OS configs, firewalls and Client VPN endpoints. Never throws on a bad
 * model: what cannot be compiled is skipped with a diagnostic (validate/ reports the cause with the input's
 * positions). This module runs the phases in order; each phase is its own module (compile-vpcs, compile-interfaces,
 * compile-instances, compile-gateways, transit-gateway/compile, compile-route-tables, public-addresses).
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { tryCidr, type Prefix } from '../net/prefix.js';
import type { Addr } from '../net/addr.js';
import { IntervalLpm } from '../net/lpm.js';
import type { Network } from '../model/network.js';
import { resolveAssociations } from '../associations/resolve.js';
import type { CAttachment, CompiledNetwork } from './compiled.js';
import { compileClientVpn } from './clientvpn/index.js';
import { compileTransit, vgwPropagatedRoutes } from './transit-gateway/compile.js';
import { compileLoadBalancing } from './load-balancer/compile.js';
import { compileEgressOnlyGateways } from './egress-only-gateway.js';
import { compileVpcs } from './compile-vpcs.js';
import { compileInterfaces } from './compile-interfaces.js';
import { compileInstances } from './compile-instances.js';
import {
  compileFirewalls,
  compileGwlbEndpoints,
  compileInternetGateways,
  compileNatGateways,
  compilePeerings,
} from './compile-gateways.js';
import { compileRouteTables } from './compile-route-tables.js';
import { publicAddresses } from './public-addresses.js';

export interface CompileResult {
  readonly compiled: CompiledNetwork;
  readonly diagnostics: readonly Diagnostic[];
}

/** Compile a network. `compileNetwork(net).compiled` is what `traceFlow` walks. */
export function compileNetwork(net: Network): CompileResult {
  const diags: Diagnostic[] = [];
  const assoc = resolveAssociations(net);
  // Rules, routes and prefix lists of both families (RT-1, V6-3, V6-7, V6-8).
  // Each CIDR text is parsed once per compilation (a million rules name far fewer distinct blocks; the
  // prefixes are immutable and shared).
  const cidrs = new Map<string, Prefix | null>();
  const parse = (t: string): Prefix | null => {
    let p = cidrs.get(t);
    if (p === undefined) cidrs.set(t, (p = tryCidr(t)));
    return p;
  };
  const prefixLists = new Map<string, Prefix[]>();
  for (const pl of net.prefixLists) {
    prefixLists.set(
      pl.id,
      pl.entries.map(parse).filter((p): p is Prefix => p !== null),
    );
    if (pl.awsId) prefixLists.set(pl.awsId, prefixLists.get(pl.id) ?? []);
  }
  const plLookup = (id: string): readonly Prefix[] | undefined => prefixLists.get(id);

  const { vpcs, subnets } = compileVpcs(net, assoc, parse, plLookup);
  const { enis, eniById, lbEnis } = compileInterfaces(net, assoc, subnets, parse, plLookup, diags);
  const instances = compileInstances(net, eniById);
  const loadBalancing = compileLoadBalancing(net, lbEnis, { eniById, instances, vpcs, subnets });

  // --- Gateways and endpoints ----------------------------------------------------------------------------
  const igws = compileInternetGateways(net, vpcs);
  const eigws = compileEgressOnlyGateways(net, vpcs);
  const natGateways = compileNatGateways(net, subnets);
  const { firewallEndpoints, compiledFirewalls } = compileFirewalls(net, subnets, diags);
  const gwlbEndpoints = compileGwlbEndpoints(net, subnets, loadBalancing.loadBalancers);
  const peerings = compilePeerings(net, vpcs);

  // --- Transit gateways and the hybrid edge (B10, B16) --------------------------------------------------
  const transit = compileTransit(net, vpcs, subnets, compiledFirewalls);
  // VPN-3: routes a virtual private gateway propagates into the tables that enable propagation from it.
  const propagated = vgwPropagatedRoutes(net, transit);

  const routeTables = compileRouteTables(
    net,
    assoc,
    vpcs,
    subnets,
    igws,
    {
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
    },
    propagated,
    parse,
    plLookup,
  );
  const { byPublicIp, unresolvedEips } = publicAddresses(net, enis, natGateways);

  // --- Client VPN -----------------------------------------------------------------------------------------
  const clientVpns = new Map<string, ReturnType<typeof compileClientVpn>['cvpn']>();
  for (const ep of net.clientVpnEndpoints) {
    const r = compileClientVpn(net, ep, assoc, (id) => subnets.has(id));
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
    network: net,
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

export type { CAttachment };
