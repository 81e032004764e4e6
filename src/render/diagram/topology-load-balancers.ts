/**
 * Elastic Load Balancing and PrivateLink in the diagram graph (issue 16 item 7; aws-semantics.md B14, B15): a node
 * per load-balancer node in its subnet (one per enabled AZ, ELB-1, NLB-1) labelled with its addresses and listeners;
 * a node per target group in its VPC, joined to each load-balancer node whose listener forwards to it (the listener
 * on the edge, weights of a weighted forward too, ALB-3) and to each target (its port on the edge); a node per
 * endpoint service joined to its load balancers, and each interface or GWLB endpoint joined to the service it names
 * (PL-5, GWLB-8). Targets that are not drawn elsewhere (IP addresses outside the VPC, ELB-3) get an "external" node.
 */
import type { Listener, LoadBalancer, TargetGroup } from '../../model/load-balancer.js';
import type { Network } from '../../model/network.js';
import type { TopologyBuilder } from './topology-builder.js';
import { ids, sorted } from './topology-graph.js';
import { isAssumed, mark } from './topology-instances.js';

const TITLE = {
  network: 'NLB',
  application: 'ALB',
  classic: 'Classic LB',
  gateway: 'GWLB',
} as const;

/** Targets listed on a target group's label before "…". */
const TARGETS_LISTED = 6;

/** `TCP:443`, `GENEVE`, `HTTP:80 → 8080` (Classic). */
function listenerText(l: Listener): string {
  const base = `${l.protocol}${l.port !== undefined ? `:${l.port}` : ''}`;
  return l.instancePort !== undefined ? `${base} → ${l.instancePort}` : base;
}

/** Each target group a listener forwards to (default action and rules), with the edge label. */
function forwards(l: Listener): { tg: string; label: string }[] {
  const out = new Map<string, string>();
  const text = listenerText(l);
  if (l.targetGroup !== undefined) out.set(l.targetGroup, text);
  for (const r of l.rules ?? []) {
    if (r.action !== 'forward') continue;
    r.targetGroups.forEach((tg, i) => {
      const cond = [...(r.hosts ?? []), ...(r.paths ?? [])].join(' ');
      const w = r.weights !== undefined ? ` weight ${r.weights[i] ?? 1}` : '';
      const label = `${text}${cond ? ` ${cond}` : ''}${w}`;
      const had = out.get(tg);
      out.set(tg, had !== undefined && had !== label ? `${had}; ${label}` : label);
    });
  }
  return [...out].map(([tg, label]) => ({ tg, label }));
}

function addLoadBalancer(lb: LoadBalancer, b: TopologyBuilder): void {
  const listeners = lb.listeners.map(listenerText).join(', ') || 'no listener';
  for (const n of lb.nodes) {
    const w = b.place(n.subnet);
    const assumed = isAssumed(lb, 'nodes');
    const priv = n.privateIp !== undefined ? mark(n.privateIp, assumed) : 'private address assumed';
    const pub = n.publicIp !== undefined ? ` (${mark(n.publicIp, assumed)})` : '';
    b.addNode(
      {
        id: `lb:${lb.id}:${n.subnet}`,
        kind: 'load-balancer',
        label: [`${TITLE[lb.type]} ${lb.id}`, `${lb.scheme} · node ${w.az} · ${priv}${pub}`, listeners],
        parent: w.parent,
        resource: lb.id,
        vpc: w.vpc,
        az: w.az,
        subnet: w.subnet,
        ips: [
          ...(n.privateIp !== undefined ? [n.privateIp] : []),
          ...(n.publicIp !== undefined ? [n.publicIp] : []),
        ],
      },
      lb.awsId,
    );
  }
}

/** The node drawing a target: its instance, a load balancer's first node (alb targets), else an external node. */
function targetNode(net: Network, tg: TargetGroup, target: string, b: TopologyBuilder): string {
  const drawn = [...(b.nodesOf(target) ?? [])].sort();
  const inst = drawn.find((x) => x.startsWith('inst:'));
  if (inst) return inst;
  if (drawn[0] !== undefined) return drawn[0];
  const byIp = [...b.nodes()].find((n) => n.ips.includes(target) && n.kind !== 'load-balancer');
  if (byIp) return byIp.id;
  const id = ids.external('target', target);
  if (!b.hasNode(id))
    b.addNode({
      id,
      kind: 'external',
      label: [
        `target ${target}`,
        tg.targetType === 'ip' ? 'IP outside the drawn network (ELB-3)' : 'not in the input',
      ],
      parent: tg.vpc !== undefined && net.vpcs.some((v) => v.id === tg.vpc) ? b.ensureVpc(tg.vpc) : undefined,
      resource: target,
      ips: [target],
    });
  return id;
}

function addTargetGroup(net: Network, tg: TargetGroup, b: TopologyBuilder): void {
  const id = `tg:${tg.id}`;
  const shown = tg.targets.slice(0, TARGETS_LISTED).map((t) => t.id);
  const more = tg.targets.length - shown.length;
  b.addNode(
    {
      id,
      kind: 'target-group',
      label: [
        `target group ${tg.id}`,
        `${tg.targetType}${tg.protocol !== undefined ? ` · ${tg.protocol}` : ''}${tg.port !== undefined ? `:${tg.port}` : ''}`,
        tg.targets.length === 0 ? 'no targets' : `${shown.join(', ')}${more > 0 ? ` … (${more} more)` : ''}`,
      ],
      parent: tg.vpc !== undefined ? b.ensureVpc(tg.vpc) : undefined,
      resource: tg.id,
      vpc: tg.vpc,
      ips: [],
    },
    tg.awsId,
  );
  for (const t of tg.targets) {
    const port = t.port ?? tg.port;
    b.addEdge({
      from: id,
      to: targetNode(net, tg, t.id, b),
      kind: 'association',
      label: port !== undefined ? `:${port}` : undefined,
    });
  }
}

export function addLoadBalancers(net: Network, b: TopologyBuilder): void {
  const lbs = sorted(net.loadBalancers ?? []);
  for (const lb of lbs) addLoadBalancer(lb, b);
  const tgIds = new Map<string, string>();
  for (const tg of sorted(net.targetGroups ?? [])) {
    addTargetGroup(net, tg, b);
    tgIds.set(tg.id, `tg:${tg.id}`);
    if (tg.awsId !== undefined) tgIds.set(tg.awsId, `tg:${tg.id}`);
  }
  // Listener → target group, from every node of the load balancer (ELB-1: each node forwards).
  for (const lb of lbs) {
    const nodes = lb.nodes.map((n) => `lb:${lb.id}:${n.subnet}`);
    for (const l of lb.listeners)
      for (const f of forwards(l)) {
        const tg = tgIds.get(f.tg);
        if (tg === undefined) continue;
        for (const n of nodes) b.addEdge({ from: n, to: tg, kind: 'association', label: f.label });
      }
    // Classic: its registered instances (CLB-1).
    for (const i of lb.instances ?? []) {
      const inst = ids.instance(i);
      if (!b.hasNode(inst)) continue;
      for (const n of nodes) b.addEdge({ from: n, to: inst, kind: 'association' });
    }
  }
  addEndpointServices(net, b);
}

/** Endpoint services (PL-5) joined to their load balancers' nodes, and the endpoints that name them. */
function addEndpointServices(net: Network, b: TopologyBuilder): void {
  for (const s of sorted(net.endpointServices ?? [])) {
    const id = `vpces:${s.id}`;
    const lbNodes = s.loadBalancers.flatMap((l) => [...(b.nodesOf(l) ?? [])].sort());
    const home = lbNodes.map((n) => b.node(n)?.vpc).find((v) => v !== undefined);
    b.addNode(
      {
        id,
        kind: 'endpoint-service',
        label: [
          `endpoint service ${s.id}`,
          s.serviceName ?? `load balancers ${s.loadBalancers.join(', ')}`,
          s.acceptanceRequired === false ? 'accepts automatically' : 'acceptance required',
        ],
        parent: home !== undefined ? b.ensureVpc(home) : undefined,
        resource: s.id,
        vpc: home,
        ips: [],
      },
      s.awsId,
    );
    if (s.serviceName !== undefined) b.mapResource(s.serviceName, id);
    for (const n of lbNodes) b.addEdge({ from: id, to: n, kind: 'association' });
  }
  for (const e of sorted(net.vpcEndpoints)) {
    if (e.type === 'gateway') continue;
    const svc = [...(b.nodesOf(e.service) ?? [])].find((n) => n.startsWith('vpces:'));
    if (svc === undefined || !b.hasNode(ids.vpce(e.id))) continue;
    b.addEdge({
      from: ids.vpce(e.id),
      to: svc,
      kind: 'association',
      label: e.type === 'gateway-load-balancer' ? 'GENEVE (GWLB-8)' : 'PrivateLink (PL-7)',
    });
  }
}
