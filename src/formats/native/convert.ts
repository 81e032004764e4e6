/**
 * Convert a schema-checked native document into the model.
 *
 * Every name is declared first (names.ts), then each section is mapped by its mapper, in the order of the tables
 * below — each VPC's sections, the top-level sections, then every VPC's route tables (a route may name a target
 * anywhere in the file) — into the shared network builder (formats/build/network-builder.ts). A name that resolves to
 * nothing, or to the wrong kind of thing, is an error at the referring field. Embedded text (OS configuration,
 * Suricata rules) is parsed by its own parser with positions mapped back into this file.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { Expectation } from '../../model/expectation.js';
import type { Network } from '../../model/network.js';
import { NetworkBuilder } from '../build/network-builder.js';
import type { NativeContext, VpcScope } from './context.js';
import { expectationOf } from './expectation.js';
import { mapClientVpnEndpoints } from './map-clientvpn.js';
import { mapEndpoints, mapInstances, mapNatGateways, mapNetworkInterfaces } from './map-compute.js';
import { mapNetworkAcls, mapSecurityGroups } from './map-filters.js';
import { mapFirewallPolicies, mapFirewalls, mapRuleGroups } from './map-firewall.js';
import {
  mapElasticIps,
  mapPeerings,
  mapPrefixLists,
  mapRouteTables,
  mapSubnets,
  mapUnsupported,
  mapVpc,
} from './map-network.js';
import { NameTable, obj } from './names.js';
import { mapEndpointServices, mapLoadBalancing } from './convert-load-balancers.js';
import { mapHybridEdge, mapTransitGateways } from './map-transit.js';
import type { NativeDocument } from './schema.js';
import { isScopeExpectation } from './scopes.js';
import type { SourcePositions } from '../yaml/positions.js';
import type { SpanIndex } from './yaml-source.js';

export { expectationOf, flowShorthandError } from './expectation.js';

type VpcMapper = (c: NativeContext, scope: VpcScope) => void;

/** A VPC, then its sections, in mapping order: what a mapper looks up was added before it. */
const VPC_MAPPERS: Readonly<Record<string, VpcMapper>> = {
  vpc: mapVpc, // with its internet gateway
  subnets: mapSubnets,
  securityGroups: mapSecurityGroups,
  networkAcls: mapNetworkAcls,
  networkInterfaces: mapNetworkInterfaces,
  instances: mapInstances,
  natGateways: mapNatGateways,
  endpoints: mapEndpoints,
  firewalls: mapFirewalls,
  clientVpnEndpoints: mapClientVpnEndpoints,
  loadBalancing: mapLoadBalancing, // load balancers and target groups (B14)
};

/** Mapped last: a route may name any target of the file (a peering, another VPC's interface). */
const LATE_VPC_MAPPERS: readonly VpcMapper[] = [mapRouteTables];

/** Top-level sections, after the VPCs. */
const TOP_MAPPERS: Readonly<Record<string, (c: NativeContext) => void>> = {
  peerings: mapPeerings,
  prefixLists: mapPrefixLists,
  elasticIps: mapElasticIps,
  unsupported: mapUnsupported,
  firewallPolicies: mapFirewallPolicies,
  ruleGroups: mapRuleGroups,
  endpointServices: mapEndpointServices,
  transitGateways: mapTransitGateways, // with attachments and route tables (B10)
  hybridEdge: mapHybridEdge, // customer gateways, VPN, Direct Connect, on-premises (B16)
};

export interface Converted {
  readonly network: Network;
  readonly expectations: Expectation[];
  readonly diagnostics: Diagnostic[];
}

/** Convert `doc` (schema-valid) read from `raw` (same value, with spans in `spans`). */
export function convertDocument(
  doc: NativeDocument,
  raw: unknown,
  spans: SpanIndex,
  file: string,
  positions?: SourcePositions,
): Converted {
  const b = new NetworkBuilder();
  const rawRoot = obj(raw);
  const names = new NameTable(b.diags);
  names.declareAll(doc, rawRoot, spans);
  const c: NativeContext = { b, doc, raw: rawRoot, spans, file, names, positions };
  const rawVpcs = obj(rawRoot.vpcs);
  const scopes: VpcScope[] = Object.entries(doc.vpcs).map(([name, v]) => ({
    name,
    v,
    raw: obj(rawVpcs[name]),
  }));
  for (const scope of scopes) for (const map of Object.values(VPC_MAPPERS)) map(c, scope);
  for (const map of Object.values(TOP_MAPPERS)) map(c);
  for (const map of LATE_VPC_MAPPERS) for (const scope of scopes) map(c, scope);
  const expectations = (doc.expect ?? []).flatMap((e, i) =>
    isScopeExpectation(e) ? [] : [expectationOf(e, spans.valueSpan(obj(rawRoot.expect), i), i)],
  );
  const built = b.finish();
  return { network: built.network, expectations, diagnostics: built.diagnostics };
}
