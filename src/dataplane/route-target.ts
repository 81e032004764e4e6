/**
 * A route's target resolved to the compiled object it names, and whether the route is a blackhole (RT-7): a target
 * that does not exist, a detached gateway, a deleted NAT gateway (NGW-11), a terminated instance, an inactive
 * peering (PCX-4). Targets vpcsim does not model (or not in the input) are `unsupported`, not blackholes.
 */
import type { Network, Route } from '../model/network.js';
import type {
  CEni,
  CFirewallEndpoint,
  CGwlbEndpoint,
  CIgw,
  CInstance,
  CNatGateway,
  CPeering,
  CTarget,
  CVpc,
} from './compiled.js';
import type { CompiledTransit } from './transit-gateway/compiled.js';
import { egressOnlyTarget, type EgressOnlyGateways } from './egress-only-gateway.js';

/** The compiled objects a route can target, by id and AWS id. */
export interface TargetIndex {
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
export function resolveRouteTarget(
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
