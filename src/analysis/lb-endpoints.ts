/**
 * Load balancers, listeners, target groups and interface endpoints as flow endpoints (issue 16 §5):
 * `nlb:NAME:443` (also `alb:`, `clb:`, `gwlb:`, `lb:`), a load balancer's or target group's name (`tg:NAME` too:
 * the first listener that forwards to it gives the port), an interface endpoint's name (its first ENI). A load
 * balancer is addressed at one of its nodes, as its DNS name resolves (ELB-1): from inside its VPC (or a peered VPC)
 * the node in the sender's AZ, else its first node — by its public address when internet-facing and the sender is
 * outside the VPC.
 */
import { formatIpv4 } from '../net/ipv4.js';
import type { CompiledNetwork } from '../dataplane/compiled.js';
import type { CLoadBalancer, CTargetGroup } from '../dataplane/load-balancer/types.js';
import type { DestinationChoice, EndpointResult, ResolvedEndpoint } from './endpoints.js';

const PREFIX = /^(nlb|alb|clb|gwlb|lb|tg|vpce):(.+?)(?::(\d+))?$/;

function listenerOf(
  c: CompiledNetwork,
  tg: CTargetGroup,
): { lb: CLoadBalancer; port: number | undefined } | undefined {
  for (const lb of new Set(c.loadBalancing.loadBalancers.values()))
    for (const l of lb.listeners) if (l.rules.some((r) => r.groups.includes(tg))) return { lb, port: l.port };
  return undefined;
}

function lbEndpoint(lb: CLoadBalancer, port: number | undefined, label: string): EndpointResult {
  const node = lb.nodes[0];
  if (!node)
    return { ok: false, message: `load balancer ${lb.id} has no node (no enabled subnet with an address)` };
  return { ok: true, value: { kind: 'load-balancer', lb, port, addr: node.ip, label } };
}

/** Resolve `text` when it names a load balancer, listener, target group or interface endpoint; else undefined. */
export function resolveLoadBalancing(c: CompiledNetwork, text: string): EndpointResult | undefined {
  const lbs = c.loadBalancing;
  const m = PREFIX.exec(text);
  const name = m?.[2] ?? text;
  const port = m?.[3] !== undefined ? Number(m[3]) : undefined;
  if (m?.[1] !== 'tg' && m?.[1] !== 'vpce') {
    const lb = lbs.loadBalancers.get(name);
    if (lb) return lbEndpoint(lb, port, text);
    if (m) return { ok: false, message: `no load balancer is named ${name}` };
  }
  if (m?.[1] !== 'vpce') {
    const tg = lbs.targetGroups.get(name);
    if (tg) {
      const l = listenerOf(c, tg);
      if (!l)
        return { ok: false, message: `no listener of any load balancer forwards to target group ${name}` };
      return lbEndpoint(l.lb, port ?? l.port, text);
    }
    if (m) return { ok: false, message: `no target group is named ${name}` };
  }
  const ep = [...lbs.interfaceEndpoints.values()].find((e) => e.id === name);
  if (ep) {
    const addr = ep.eni.addrs[0];
    if (addr === undefined) return { ok: false, message: `interface endpoint ${name} has no address` };
    return { ok: true, value: { kind: 'eni', eni: ep.eni, addr, label: text, literal: false } };
  }
  if (m) return { ok: false, message: `no interface endpoint is named ${name}` };
  return undefined;
}

/** The destination port a load-balancer endpoint implies (`nlb:NAME:443`, or a target group's listener). */
export function endpointPort(e: ResolvedEndpoint): number | undefined {
  return e.kind === 'load-balancer' ? e.port : undefined;
}

/** Which node's address a load balancer is reached at from `src` (ELB-1), and why. */
export function lbNodeAddress(src: ResolvedEndpoint, lb: CLoadBalancer, label: string): DestinationChoice {
  const inside =
    (src.kind === 'instance' || src.kind === 'eni') &&
    lb.nodes.some(
      (n) =>
        n.eni.subnet.vpc === src.eni.subnet.vpc ||
        src.eni.subnet.vpc.peerings.some((p) => p.a === n.eni.subnet.vpc || p.b === n.eni.subnet.vpc),
    );
  const az = src.kind === 'instance' || src.kind === 'eni' ? src.eni.subnet.az : undefined;
  const node = (inside ? lb.nodes.find((n) => n.az === az) : undefined) ?? lb.nodes[0];
  if (!node) return { addr: 0 };
  const pub = node.eni.publicOf.get(node.ip);
  if (!inside && lb.scheme === 'internet-facing' && pub !== undefined)
    return {
      addr: pub,
      note: `${label} is addressed at its ${node.az} node's public address ${formatIpv4(pub)}, as its DNS name resolves outside its VPC (ELB-1, NLB-1); the other nodes are traced by giving their addresses`,
    };
  return {
    addr: node.ip,
    note: `${label} is addressed at its ${node.az} node ${formatIpv4(node.ip)}${inside ? ` (the node in the sender's AZ when there is one)` : ''} (ELB-1)`,
  };
}
