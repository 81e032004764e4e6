/**
 * Typed drafts of every model collection: the network an importer is building, with its arrays and fields writable.
 * A draft is structurally a model object (the model is read-only, a draft is not), so the finished network is the
 * drafts themselves — nothing is copied and no scratch field rides on a model object (an importer keeps its own
 * bookkeeping in its own maps).
 */
import type { Network } from '../../model/network.js';

/** A model object under construction: fields writable, top-level arrays mutable. */
export type Draft<T> = {
  -readonly [K in keyof T]: T[K] extends readonly (infer U)[] | undefined ? U[] : T[K];
};

/** The name of a model collection (`vpcs`, `subnets`, …). */
export type Collection = keyof Network;

/** The draft type of one collection's resources. */
export type DraftOf<K extends Collection> = Draft<NonNullable<Network[K]>[number]>;

/** Every collection of the network, as drafts (optional collections of the model are always present here). */
export type Drafts = { [K in Collection]-?: DraftOf<K>[] };

/** A network with no resources, to build on. */
export function emptyDrafts(): Drafts {
  return {
    vpcs: [],
    subnets: [],
    routeTables: [],
    internetGateways: [],
    egressOnlyInternetGateways: [],
    virtualPrivateGateways: [],
    natGateways: [],
    networkInterfaces: [],
    instances: [],
    securityGroups: [],
    networkAcls: [],
    peerings: [],
    prefixLists: [],
    vpcEndpoints: [],
    firewalls: [],
    firewallPolicies: [],
    ruleGroups: [],
    clientVpnEndpoints: [],
    vpnClients: [],
    unsupported: [],
    elasticIps: [],
    loadBalancers: [],
    targetGroups: [],
    endpointServices: [],
    transitGateways: [],
    transitGatewayAttachments: [],
    transitGatewayRouteTables: [],
    customerGateways: [],
    vpnConnections: [],
    directConnectGateways: [],
    onPremisesNetworks: [],
  };
}

/** Mark `field` of a draft as assumed (a deploy-time value the input did not give). */
export function markAssumed(d: { assumed?: string[] | undefined }, field: string): void {
  if (!(d.assumed ?? []).includes(field)) d.assumed = [...(d.assumed ?? []), field];
}
