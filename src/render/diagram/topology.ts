/**
 * The network as a diagram-neutral graph: nested clusters (region › VPC › AZ › subnet) holding nodes (instances,
 * ENIs, gateways, endpoints, one "router" node per subnet standing for its route table and network ACL), plus
 * light topology edges (routes, attachments, associations). DOT, Mermaid and the web page all draw this graph.
 *
 * Model: every node and cluster has a stable id derived from its kind and the resource id the input used
 * (`inst:app`, `subnet:Private`), so the same network always yields the same graph, sorted canonically.
 * Invariants: every `parent` names an existing cluster; every edge joins existing nodes; `resources` maps each
 * resource id (and AWS id) that has a picture to the node(s) that draw it.
 * Input it does not understand: references to resources that do not exist (a route to a missing NAT gateway, a
 * subnet of an unknown VPC) get an "external"/"unplaced" node or cluster named after the reference, never dropped;
 * validation reports them as errors separately.
 */
import type { Network } from '../../model/network.js';
import { createTopologyBuilder } from './topology-builder.js';
import type { TopologyGraph } from './topology-graph.js';
import { addClientVpn, addGateways, addUnsupported } from './topology-gateways.js';
import { addInstances, addInterfaces } from './topology-instances.js';
import { addLoadBalancers } from './topology-load-balancers.js';
import { addRoutes } from './topology-routes.js';
import { addServices } from './topology-services.js';
import { addSubnets } from './topology-subnets.js';
import { addTransitGateways } from './topology-transit.js';

export * from './topology-graph.js';
export type { TopologyBuilder } from './topology-builder.js';

/**
 * Build the diagram graph of a network. Pure and deterministic: collections are sorted by id. Each section adds
 * its resources through the builder, in this order (later sections find earlier nodes: standalone ENIs fold into
 * service nodes, routes point at every node already drawn).
 * `buildTopology(net).nodes.find(n => n.id === 'inst:app')?.parent` → `'subnet:Private'`.
 */
export function buildTopology(net: Network): TopologyGraph {
  const b = createTopologyBuilder(net);
  addSubnets(net, b);
  const eniDrawnBy = addInstances(net, b);
  addServices(net, b);
  addLoadBalancers(net, b); // B14, B15, topology-load-balancers.ts
  addGateways(net, b);
  addTransitGateways(net, b); // B10, topology-transit.ts
  addClientVpn(net, b);
  addInterfaces(net, b, eniDrawnBy);
  addUnsupported(net, b);
  addRoutes(net, b);
  return b.finish();
}
