/**
 * A traced flow laid over the diagram graph: each hop mapped to the node that draws its component, the numbered
 * steps between distinct nodes, address translations on the step where they happen, and the drop marker.
 *
 * Model: hop ids are the identifiers the input used (architecture.md §2). Components without a picture of their
 * own are drawn through the thing they filter or route for: a route table or network ACL hop lands on the
 * router node of the subnet it serves, a security-group hop on the instance/ENI that carries the group, a gateway
 * route table (RT-11) on its gateway. When an id maps to several nodes (a table shared by subnets, a default
 * NACL, a group on many ENIs) the choice is made from the packet's addresses and from the neighbouring hops:
 * inbound filters look at where the packet goes next, everything else at where it came from.
 * Input it does not understand: a hop whose id names nothing in the graph gets an "external" node of its own,
 * labelled with its kind and id, so the path is never silently shortened.
 */
import type { Hop } from '../../dataplane/hop.js';
import type { PacketJson } from '../../dataplane/packet.js';
import type { PathResult, TraceResult } from '../../analysis/trace-result.js';
import { INTERNET_NODE, ids, type DiagramNode, type NodeKind, type TopologyGraph } from './topology.js';
import type { ExplanationCode } from '../../diag/codes.js';

export interface PathStep {
  /** 1-based step number within its direction. */
  readonly n: number;
  readonly from: string;
  readonly to: string;
  /** Address translations that happened at `from` (or at `to` when the path ends there). */
  readonly translations: readonly string[];
}

export interface PathOverlay {
  readonly direction: 'forward' | 'return';
  readonly disposition: PathResult['disposition'];
  readonly code: ExplanationCode | null;
  /** Node of each hop, index-aligned with the path's hops. */
  readonly hopNodes: readonly string[];
  /** Distinct nodes in the order first visited. */
  readonly nodes: readonly string[];
  readonly steps: readonly PathStep[];
  readonly drop?:
    { readonly node: string; readonly code: ExplanationCode; readonly rule?: string | undefined } | undefined;
}

export interface TraceOverlay {
  readonly title: string;
  readonly verdict: TraceResult['verdict'];
  readonly forward: PathOverlay;
  readonly return: PathOverlay | null;
  /** Where the reply leaves the request's path (asymmetric verdicts), with the explanation lines. */
  readonly asymmetry?: { readonly node: string; readonly lines: readonly string[] } | undefined;
  /** Nodes the trace needed that the topology lacks (unknown ids), to be drawn at top level. */
  readonly extraNodes: readonly DiagramNode[];
}

/** Node kinds a hop kind may land on; undefined = any node the id maps to. */
const HOP_NODE_KINDS: Partial<Record<Hop['kind'], readonly NodeKind[]>> = {
  'route-table': ['subnet-router'],
  'network-acl': ['subnet-router'],
  'gateway-route-table': ['internet-gateway', 'virtual-private-gateway'],
  'security-group': [
    'instance',
    'network-interface',
    'client-vpn-eni',
    'nat-gateway',
    'interface-endpoint',
    'gwlb-endpoint',
    'firewall-endpoint',
    'load-balancer',
  ],
  'firewall-endpoint': ['firewall-endpoint'],
  'client-vpn': ['client-vpn-endpoint', 'client-vpn-eni'],
  client: ['vpn-client'],
};

/** Hop kinds that happen inside the previous component (no picture of their own). */
const INSIDE_KINDS: ReadonlySet<Hop['kind']> = new Set(['netfilter', 'os', 'security-group']);

/** `SNAT 10.60.30.10:40312 → 10.60.20.10:1024` / `DNAT …`; empty when nothing changed. */
export function describeTranslation(before: PacketJson, after: PacketJson | undefined): string[] {
  if (!after) return [];
  const out: string[] = [];
  const ep = (ip: string, port: number | undefined): string => (port !== undefined ? `${ip}:${port}` : ip);
  if (before.src !== after.src || before.srcPort !== after.srcPort) {
    out.push(`SNAT ${ep(before.src, before.srcPort)} → ${ep(after.src, after.srcPort)}`);
  }
  if (before.dst !== after.dst || before.dstPort !== after.dstPort) {
    out.push(`DNAT ${ep(before.dst, before.dstPort)} → ${ep(after.dst, after.dstPort)}`);
  }
  return out;
}

/** `tcp/443`, `icmp type 8`, `udp/53`. */
export function describeService(p: PacketJson): string {
  if (p.dstPort !== undefined) return `${p.protocol}/${p.dstPort}`;
  if (p.icmpType !== undefined) return `${p.protocol} type ${p.icmpType}`;
  return p.protocol;
}

/** Lay a trace over a topology graph. Pure: the same inputs always give the same overlay. */
export function traceOverlay(graph: TopologyGraph, trace: TraceResult): TraceOverlay {
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  const extra = new Map<string, DiagramNode>();
  const forward = pathOverlay('forward', trace.forward, graph, nodeById, extra);
  const ret = trace.return ? pathOverlay('return', trace.return, graph, nodeById, extra) : null;
  const f = trace.flow;
  const sni = f.sni ? ` SNI ${f.sni}` : f.host ? ` Host ${f.host}` : '';
  const title = `${f.from} → ${f.to} ${describeService(f.packet)}${sni}: ${trace.verdict}`;
  let asymmetry: TraceOverlay['asymmetry'];
  if (trace.asymmetry) {
    const a = trace.asymmetry;
    const lines = ["the reply leaves the request's path here"];
    if (a.skipped.length > 0) lines.push(`reply skips ${a.skipped.join(', ')}`);
    if (a.extra.length > 0) lines.push(`reply also crosses ${a.extra.join(', ')}`);
    if (a.suggestion) lines.push(`fix: ${a.suggestion}`);
    lines.push(a.code);
    // Prefer the diverging table's node on the return path; else the first return node not on the forward path.
    const candidates =
      a.divergedAt !== undefined ? (graph.resources[a.divergedAt] ?? []).filter((n) => nodeById.has(n)) : [];
    const onReturn = candidates.find((c) => ret?.nodes.includes(c));
    const firstNew = ret?.nodes.find((n) => !forward.nodes.includes(n));
    const node = onReturn ?? candidates[0] ?? firstNew ?? ret?.nodes[0];
    if (node !== undefined) asymmetry = { node, lines };
  }
  // A path to or from the internet on a graph that does not draw it (no routed internet gateway: topology-gateways)
  // still needs the node to end on.
  const usesInternet = [forward, ...(ret ? [ret] : [])].some((p) => p.nodes.includes(INTERNET_NODE));
  if (usesInternet && !nodeById.has(INTERNET_NODE))
    extra.set(INTERNET_NODE, {
      id: INTERNET_NODE,
      kind: 'internet',
      label: ['the internet'],
      resource: 'internet',
      ips: [],
    });
  return {
    title,
    verdict: trace.verdict,
    forward,
    return: ret,
    asymmetry,
    extraNodes: [...extra.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

function pathOverlay(
  direction: 'forward' | 'return',
  path: PathResult,
  graph: TopologyGraph,
  nodeById: ReadonlyMap<string, DiagramNode>,
  extra: Map<string, DiagramNode>,
): PathOverlay {
  const hops = path.hops;
  const candidatesOf = (h: Hop): string[] => {
    if (h.kind === 'internet') return [INTERNET_NODE];
    const kinds = HOP_NODE_KINDS[h.kind];
    const fit = (key: string | undefined): string[] =>
      (key === undefined ? [] : (graph.resources[key] ?? [])).filter((n) => {
        const node = nodeById.get(n);
        return node !== undefined && (kinds === undefined || kinds.includes(node.kind));
      });
    // The hop's owner (the subnet of a route table or NACL, the instance of a security group) narrows or,
    // for an implied resource the input never named (a VPC's default NACL), supplies the node.
    const byId = fit(h.id);
    const byOwner = fit(h.owner);
    const both = byId.filter((n) => byOwner.includes(n));
    if (both.length > 0) return both;
    if (byId.length > 0) return byId;
    if (byOwner.length > 0) return byOwner;
    // Fall back to any node the id maps to (an engine may name a hop by something we file elsewhere).
    return (graph.resources[h.id] ?? []).filter((n) => nodeById.has(n));
  };
  const cands = hops.map(candidatesOf);
  const resolved: (string | undefined)[] = cands.map((c) => (c.length === 1 ? c[0] : undefined));

  const nodeOf = (id: string | undefined): DiagramNode | undefined =>
    id === undefined ? undefined : (nodeById.get(id) ?? extra.get(id));
  const closeness = (a: DiagramNode | undefined, b: DiagramNode | undefined): number => {
    if (!a || !b) return 0;
    if (a.id === b.id) return 4;
    if (a.subnet !== undefined && a.subnet === b.subnet) return 3;
    if (a.az !== undefined && a.vpc !== undefined && a.az === b.az && a.vpc === b.vpc) return 2;
    if (a.vpc !== undefined && a.vpc === b.vpc) return 1;
    return 0;
  };
  const firstPassResolved = [...resolved];
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i];
    const c = cands[i];
    if (!h || !c || resolved[i] !== undefined) continue;
    let prev: string | undefined;
    for (let j = i - 1; j >= 0 && prev === undefined; j--) prev = resolved[j];
    let next: string | undefined;
    for (let j = i + 1; j < hops.length && next === undefined; j++) next = firstPassResolved[j];
    if (c.length === 0) {
      if (INSIDE_KINDS.has(h.kind) && (prev ?? next) !== undefined) {
        resolved[i] = h.direction === 'inbound' ? (next ?? prev) : (prev ?? next);
        continue;
      }
      const id = ids.external(h.kind, h.id);
      if (!nodeById.has(id) && !extra.has(id))
        extra.set(id, { id, kind: 'external', label: [`${h.kind} ${h.id}`], resource: h.id, ips: [] });
      resolved[i] = id;
      continue;
    }
    const ctx = h.direction === 'inbound' ? [next, prev] : [prev, next];
    const addr = h.direction === 'inbound' ? h.packet.dst : h.packet.src;
    let best = c[0];
    let bestScore = -1;
    for (const cand of c) {
      const n = nodeOf(cand);
      const score =
        (n?.ips.includes(addr) ? 100 : 0) + closeness(n, nodeOf(ctx[0])) * 10 + closeness(n, nodeOf(ctx[1]));
      if (score > bestScore) {
        best = cand;
        bestScore = score;
      }
    }
    resolved[i] = best;
  }

  const hopNodes = resolved.map(
    (r, i) => r ?? ids.external(hops[i]?.kind ?? 'hop', hops[i]?.id ?? String(i)),
  );
  const nodes: string[] = [];
  const visit = (n: string): void => {
    if (!nodes.includes(n)) nodes.push(n);
  };
  const steps: { n: number; from: string; to: string; translations: string[] }[] = [];
  let pending: string[] = [];
  let last: string | undefined;
  hopNodes.forEach((node, i) => {
    const h = hops[i];
    if (h) pending.push(...describeTranslation(h.packet, h.after));
    // A network ACL is a filter on the subnet boundary: it adds no step of its own unless the path ends there.
    if (h?.kind === 'network-acl' && i !== hopNodes.length - 1) return;
    visit(node);
    if (last !== undefined && node !== last) {
      const own = h ? describeTranslation(h.packet, h.after) : [];
      // Translations made at this hop belong on the step that leaves it, not on the one that reaches it.
      const before = pending.slice(0, pending.length - own.length);
      steps.push({ n: steps.length + 1, from: last, to: node, translations: before });
      pending = own;
    }
    last = node;
  });
  // A path that left the modelled network ends at the internet (unless it already does, or left to a client).
  if (
    path.disposition === 'exited' &&
    last !== undefined &&
    last !== INTERNET_NODE &&
    !(path.endpoint ?? '').startsWith('client')
  ) {
    steps.push({ n: steps.length + 1, from: last, to: INTERNET_NODE, translations: pending });
    visit(INTERNET_NODE);
    pending = [];
  }
  if (pending.length > 0 && steps.length > 0) {
    const lastStep = steps[steps.length - 1];
    if (lastStep) lastStep.translations.push(...pending);
  }

  let drop: PathOverlay['drop'];
  if (path.disposition === 'dropped' && hops.length > 0) {
    let idx = -1;
    for (let i = hops.length - 1; i >= 0 && idx < 0; i--) if (hops[i]?.action === 'drop') idx = i;
    if (idx < 0) idx = hops.length - 1;
    const h = hops[idx];
    const node = hopNodes[idx];
    if (h && node !== undefined) drop = { node, code: h.code ?? path.code ?? 'DROPPED', rule: h.rule };
  }
  return { direction, disposition: path.disposition, code: path.code, hopNodes, nodes, steps, drop };
}
