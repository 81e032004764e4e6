/**
 * The network builder every importer fills: typed drafts of every model collection (drafts.ts) indexed by id, the
 * name ↔ AWS-id index (a Terraform address or a native name ↔ `subnet-0abc…`), the deploy-time placeholders
 * (placeholders.ts) and `--assume` pins (assume.ts), the one report of unsupported resource types (unsupported.ts),
 * and the kind of every route target the input defines, for the one route-target table (route-targets.ts).
 *
 * An importer reads its syntax, turns each resource into drafts with `add`, looks up what a reference names with
 * `get` / `resolve`, and ends with `finish()`, which returns the network and the builder's own diagnostics.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { Network, RouteTargetKind, UnsupportedResource } from '../../model/network.js';
import { Pins } from './assume.js';
import { emptyDrafts, type Collection, type DraftOf, type Drafts } from './drafts.js';
import { AddressPlan, PublicAddresses } from './placeholders.js';
import { kindOfResourceType } from './route-targets.js';
import { UnsupportedReport } from './unsupported.js';

/** The route-target kind of resources of each collection that can be a route target. */
const TARGET_COLLECTIONS: readonly (readonly [Collection, RouteTargetKind])[] = [
  ['internetGateways', 'internet-gateway'],
  ['egressOnlyInternetGateways', 'egress-only-internet-gateway'],
  ['virtualPrivateGateways', 'virtual-private-gateway'],
  ['transitGateways', 'transit-gateway'],
  ['natGateways', 'nat-gateway'],
  ['networkInterfaces', 'network-interface'],
  ['instances', 'instance'],
  ['peerings', 'vpc-peering'],
];

export class NetworkBuilder {
  readonly net: Drafts = emptyDrafts();
  /** Diagnostics of the import (the importer's and the builder's). */
  readonly diags: Diagnostic[] = [];
  /** Private addresses per subnet, from the subnets added so far (ADDR-2). */
  readonly addresses = new AddressPlan((s) => this.get('subnets', s)?.cidr);
  readonly publicIps = new PublicAddresses();
  readonly pins: Pins;
  private readonly report = new UnsupportedReport();
  private readonly index = new Map<Collection, Map<string, unknown>>();
  private readonly awsToId = new Map<string, string>();

  constructor(assume: Readonly<Record<string, string>> = {}) {
    this.pins = new Pins(assume);
  }

  /**
   * Add a resource to its collection (in input order) and index it by id and AWS id. A finished model object (from a
   * shared reader such as the Network Firewall API reader) is accepted as it is; the returned draft is the same object.
   */
  add<K extends Collection>(
    collection: K,
    resource: DraftOf<K> | NonNullable<Network[K]>[number],
  ): DraftOf<K> {
    const draft = resource as DraftOf<K>;
    (this.net[collection] as DraftOf<K>[]).push(draft);
    const { id, awsId } = draft as { id: string; awsId?: string | undefined };
    this.indexOf(collection).set(id, draft);
    if (awsId !== undefined && awsId !== id) this.awsToId.set(awsId, id);
    return draft;
  }

  /** The draft with this id in a collection. */
  get<K extends Collection>(collection: K, id: string | undefined): DraftOf<K> | undefined {
    return id === undefined ? undefined : (this.indexOf(collection).get(id) as DraftOf<K> | undefined);
  }

  /** Take a draft out of its collection (an importer that learns late what a resource is). */
  remove(collection: Collection, id: string): void {
    const list = this.net[collection] as { id: string }[];
    const i = list.findIndex((x) => x.id === id);
    if (i >= 0) list.splice(i, 1);
    this.indexOf(collection).delete(id);
  }

  has(collection: Collection, id: string | undefined): boolean {
    return id !== undefined && this.indexOf(collection).has(id);
  }

  private indexOf(collection: Collection): Map<string, unknown> {
    let m = this.index.get(collection);
    if (!m) {
      m = new Map();
      this.index.set(collection, m);
    }
    return m;
  }

  /** Record that `awsId` names the resource `id` (ids from state files, describe-* output, a native `id:`). */
  alias(awsId: string, id: string): void {
    if (awsId !== id) this.awsToId.set(awsId, id);
  }

  /** The model id a reference names: an AWS id of a resource of the input, or the reference as written. */
  resolve(ref: string): string {
    return this.awsToId.get(ref) ?? ref;
  }

  /** Report a resource of a type vpcsim does not model (one warning per type at `finish`). */
  unsupported(
    resource: UnsupportedResource,
    type?: { readonly what?: string | undefined; readonly at?: UnsupportedResource['span'] },
  ): void {
    this.report.add(this.net.unsupported, resource, type);
  }

  /** The unsupported resource with this id. */
  unsupportedOf(id: string): UnsupportedResource | undefined {
    return this.net.unsupported.find((u) => u.id === id);
  }

  /**
   * The route-target kind of the resource `id` names, when the input defines it (route-targets.ts decides the rest
   * from the id's prefix): its collection, a VPC endpoint's type, a firewall endpoint, or an unsupported type that is
   * a route target (a transit gateway).
   */
  targetKind(id: string): RouteTargetKind | undefined {
    for (const [collection, kind] of TARGET_COLLECTIONS) if (this.has(collection, id)) return kind;
    // A Network Firewall endpoint is a GWLB-type endpoint, but its own kind of target (RT-3, NFW-1).
    if (this.net.firewalls.some((f) => f.endpoints.some((e) => e.id === id))) return 'firewall-endpoint';
    const ep = this.get('vpcEndpoints', id);
    if (ep)
      return ep.type === 'gateway'
        ? 'gateway-endpoint'
        : ep.type === 'gateway-load-balancer'
          ? 'gwlb-endpoint'
          : 'unknown';
    const u = this.unsupportedOf(id);
    return u ? kindOfResourceType(u.type) : undefined;
  }

  /** The finished network, and the diagnostics of the import followed by the unsupported-type warnings. */
  finish(): { network: Network; diagnostics: Diagnostic[] } {
    return { network: this.net, diagnostics: [...this.diags, ...this.report.diagnostics()] };
  }

  /** The unsupported-type warnings so far (for importers that place them among their own diagnostics). */
  unsupportedDiagnostics(): Diagnostic[] {
    return this.report.diagnostics();
  }
}
