/**
 * Routing loops (issue 13 §8): a packet that comes back to the same forwarding state — the same pending step at
 * the same component with the same addresses, ports and protocol — will go round forever (AWS keeps no TTL
 * state for us to watch: the packet is dropped when its TTL runs out, RT-1 has no loop protection). The walk
 * stops at the first repeated state and reports it once as `ROUTING_LOOP`, naming the cycle (`pub-rt → natgw →
 * pub-rt`).
 *
 * Cost: a walk keeps the step, the packet and five counters per step in flat arrays (no strings, no objects). The history is searched only when a walk grows
 * longer than any loop-free path (`LOOP_CHECK_AFTER` steps), so ordinary traces pay nothing else.
 */
import { tupleKey, type Packet } from './packet.js';
import type { HopKind } from './hop.js';
import type { Step } from './walk/steps.js';

/** Longer than any loop-free path (client → Client VPN → firewall → NAT gateway → IGW is ~25 steps). */
export const LOOP_CHECK_AFTER = 48;

/** What the walk had done before a step: enough to cut the walk back to that point. */
export interface StepSnapshot {
  readonly step: Exclude<Step, { at: 'done' }>;
  readonly pkt: Packet;
  readonly hops: number;
  readonly stateful: number;
  readonly tables: number;
  readonly notes: number;
  readonly rewrites: number;
}

/** The steps of one walk, kept in flat arrays (two pushes and five numbers per step, no objects). */
export class WalkHistory {
  readonly steps: Exclude<Step, { at: 'done' }>[] = [];
  readonly pkts: Packet[] = [];
  readonly #marks: number[] = [];

  /** `marks` false (a verdict-only walk, which keeps no hops or notes): the counters are not kept. */
  constructor(private readonly marks: boolean) {}

  get length(): number {
    return this.steps.length;
  }

  /** Record a step about to run, the packet it gets, and the lengths of the walk's hops, stateful components,
   * tables, notes and rewrites before it. */
  push(
    step: Exclude<Step, { at: 'done' }>,
    pkt: Packet,
    hops: number,
    stateful: number,
    tables: number,
    notes: number,
    rewrites: number,
  ): void {
    this.steps.push(step);
    this.pkts.push(pkt);
    if (this.marks) this.#marks.push(hops, stateful, tables, notes, rewrites);
  }

  /** The snapshot before step `i`. */
  at(i: number): StepSnapshot {
    const m = this.#marks;
    const k = i * 5;
    return {
      step: this.steps[i] as Exclude<Step, { at: 'done' }>,
      pkt: this.pkts[i] as Packet,
      hops: m[k] ?? 0,
      stateful: m[k + 1] ?? 0,
      tables: m[k + 2] ?? 0,
      notes: m[k + 3] ?? 0,
      rewrites: m[k + 4] ?? 0,
    };
  }
}

/** The component a step stands for, as hops name it; undefined for steps that are not a component. */
export function stepComponent(s: Exclude<Step, { at: 'done' }>): { id: string; kind: HopKind } | undefined {
  switch (s.at) {
    case 'eni-out':
    case 'eni-in':
      return s.eni.instance
        ? { id: s.eni.instance.id, kind: 'instance' }
        : { id: s.eni.id, kind: 'network-interface' };
    case 'route':
      return { id: s.subnet.routeTable.id, kind: 'route-table' };
    case 'local':
      return undefined;
    case 'igw-out':
    case 'igw-in':
      return { id: s.igw.id, kind: 'internet-gateway' };
    case 'eigw-out':
    case 'eigw-in':
      return { id: s.eigw.id, kind: 'egress-only-internet-gateway' };
    case 'natgw':
      return { id: s.natgw.id, kind: 'nat-gateway' };
    case 'fwe':
      return { id: s.ep.id, kind: 'firewall-endpoint' };
    case 'gwlbe':
      return { id: s.ep.id, kind: 'gwlb-endpoint' };
    case 'pcx':
      return { id: s.pcx.id, kind: 'vpc-peering' };
    case 'internet':
      return { id: 'internet', kind: 'internet' };
    case 'lb':
      return { id: s.node.lb.id, kind: 'load-balancer' };
    case 'lb-return':
      return { id: s.flow.node.lb.id, kind: 'load-balancer' };
    case 'vpce':
      return { id: s.ep.id, kind: 'interface-endpoint' };
    case 'tgw':
      return { id: s.att.table?.id ?? s.att.id, kind: 'transit-gateway-route-table' };
    case 'vgw-out':
    case 'vgw-in':
      return { id: s.vgw.id, kind: 'virtual-private-gateway' };
  }
}

function stateKey(st: Exclude<Step, { at: 'done' }>, pkt: Packet): string {
  let where: string;
  switch (st.at) {
    case 'eni-out':
      where = `eni-out ${st.eni.index}`;
      break;
    case 'eni-in':
      where = `eni-in ${st.eni.index} ${st.fromSubnet?.id ?? ''}`;
      break;
    case 'route':
      where = `route ${st.subnet.id}`;
      break;
    case 'local':
      where = `local ${st.vpc.id} ${st.fromSubnet?.id ?? ''}`;
      break;
    case 'pcx':
      where = `pcx ${st.pcx.id} ${st.from.id}`;
      break;
    case 'internet':
      where = 'internet';
      break;
    case 'tgw':
      where = `tgw ${st.att.id} ${st.az ?? ''}`;
      break;
    case 'igw-out':
    case 'igw-in':
    case 'eigw-out':
    case 'eigw-in':
    case 'natgw':
    case 'fwe':
    case 'gwlbe':
    case 'vpce':
    case 'vgw-out':
    case 'vgw-in':
      where = `${st.at} ${stepComponent(st)?.id ?? ''}`;
      break;
    case 'lb':
      where = `lb ${st.node.eni.index}`;
      break;
    case 'lb-return':
      where = `lb-return ${st.flow.node.eni.index} ${st.fromSubnet.id}`;
  }
  return `${where}|${tupleKey(pkt)}`;
}

export interface Cycle {
  /** Index (in the history) of the step that repeats an earlier state. */
  readonly repeatAt: number;
  /** The components of the cycle, first one repeated at the end: `['pub-rt', 'natgw', 'pub-rt']`. */
  readonly components: readonly string[];
}

/** The first repeated forwarding state in a walk's history, if any. */
export function findCycle(history: WalkHistory): Cycle | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < history.length; i++) {
    const key = stateKey(history.steps[i] as Exclude<Step, { at: 'done' }>, history.pkts[i] as Packet);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      continue;
    }
    const components: string[] = [];
    for (let j = first; j <= i; j++) {
      const c = stepComponent(history.steps[j] as Exclude<Step, { at: 'done' }>)?.id;
      if (c !== undefined && components[components.length - 1] !== c) components.push(c);
    }
    return { repeatAt: i, components };
  }
  return undefined;
}
