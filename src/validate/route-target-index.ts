/**
 * The resources a route can target, indexed once per network by id and AWS id: whether a route's target exists and
 * in which VPC it lives (a target in another VPC is InvalidParameterValue, except a peering connection), and the
 * network interface behind an instance or ENI target (for the source/destination check, ENI-1).
 */
import type { Instance, Network, NetworkInterface, RouteTargetKind } from '../model/network.js';

/** A target that exists, with its VPC when that is known (undefined: not checked). */
export interface TargetHome {
  readonly vpc?: string | undefined;
}

function byId<T extends { id: string; awsId?: string | undefined }>(xs: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const x of xs) {
    m.set(x.id, x);
    if (x.awsId !== undefined) m.set(x.awsId, x);
  }
  return m;
}

export class RouteTargetIndex {
  private readonly igws;
  private readonly nats;
  private readonly insts: Map<string, Instance>;
  private readonly enis: Map<string, NetworkInterface>;
  private readonly pcxs;
  private readonly endpoints;
  private readonly subnetVpc: Map<string, string>;
  private readonly fwEndpointVpc = new Map<string, string>();

  constructor(net: Network) {
    this.igws = byId(net.internetGateways);
    this.nats = byId(net.natGateways);
    this.insts = byId(net.instances);
    this.enis = byId(net.networkInterfaces);
    this.pcxs = byId(net.peerings);
    this.endpoints = byId(net.vpcEndpoints);
    this.subnetVpc = new Map(net.subnets.map((s) => [s.id, s.vpc]));
    for (const fw of net.firewalls)
      for (const e of fw.endpoints) if (fw.vpc !== undefined) this.fwEndpointVpc.set(e.id, fw.vpc);
  }

  /** The interface an instance (its first) or ENI route target sends to, if it is in the network. */
  applianceInterface(targetId: string): NetworkInterface | undefined {
    const inst = this.insts.get(targetId);
    const eniId = inst ? inst.interfaces[0] : targetId;
    return eniId !== undefined ? this.enis.get(eniId) : undefined;
  }

  /** Where a target lives; undefined when it does not exist in this network. */
  find(kind: RouteTargetKind, id: string): TargetHome | undefined {
    switch (kind) {
      case 'internet-gateway': {
        const g = this.igws.get(id);
        return g ? { vpc: g.vpc } : undefined;
      }
      case 'nat-gateway': {
        const n = this.nats.get(id);
        return n ? { vpc: this.subnetVpc.get(n.subnet) } : undefined;
      }
      case 'instance': {
        const i = this.insts.get(id);
        if (!i) return undefined;
        const eni = i.interfaces[0] !== undefined ? this.enis.get(i.interfaces[0]) : undefined;
        return { vpc: eni ? this.subnetVpc.get(eni.subnet) : undefined };
      }
      case 'network-interface': {
        const e = this.enis.get(id);
        return e ? { vpc: this.subnetVpc.get(e.subnet) } : undefined;
      }
      case 'vpc-peering':
        return this.pcxs.has(id) ? {} : undefined;
      case 'firewall-endpoint': {
        const v = this.fwEndpointVpc.get(id);
        return v !== undefined ? { vpc: v } : undefined;
      }
      case 'gwlb-endpoint': {
        const v = this.fwEndpointVpc.get(id);
        if (v !== undefined) return { vpc: v };
        const e = this.endpoints.get(id);
        return e ? { vpc: e.vpc } : undefined;
      }
      case 'gateway-endpoint': {
        const e = this.endpoints.get(id);
        return e ? { vpc: e.vpc } : undefined;
      }
      case 'local':
      case 'egress-only-internet-gateway':
      case 'transit-gateway':
      case 'virtual-private-gateway':
      case 'carrier-gateway':
      case 'core-network':
      case 'local-gateway':
      case 'unknown':
        return {}; // not modelled: existence is not checked
    }
  }
}
