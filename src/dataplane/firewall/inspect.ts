/**
 * `inspectPacket`: what a Network Firewall endpoint does with one packet of a trace (NFW-4…NFW-13).
 *
 * Model: the packet stands for one direction of a flow; the firewall judges the packets of that direction in
 * turn (phases.ts): each goes through the stateless engine (NFW-5…NFW-7) and, when forwarded, the stateful engine
 * (NFW-8…NFW-11). The first packet dropped decides the direction; a pass rule passes the whole flow, including the
 * reply (NFW-9). Flow state lives in `FirewallFlows`, per firewall endpoint, so the return trace is judged as part
 * of the same flow; a reply for which this endpoint holds no flow is judged per StreamExceptionPolicy (TCP) or as
 * a new flow (other protocols), and `notes` says so (NFW-4).
 * Input it does not understand is already reported by compileFirewall; verdicts that depend on unsupported
 * options list them in `unsupported`.
 */
import { formatAddr } from '../../net/addr.js';
import { formatPacket, tupleKey, type Packet } from '../packet.js';
import { FirewallFlows, type FlowRecord } from './flows.js';
import { detectApp, midstreamPhase, replyPhases, requestPhases, type Phase } from './phases.js';
import { evaluateStateful } from './stateful.js';
import { evaluateStateless } from './stateless.js';
import type { CompiledFirewall } from './types.js';

export interface InspectResult {
  readonly action: 'pass' | 'drop' | 'reject';
  readonly code?: 'FIREWALL_RULES_RESTRICTION' | undefined;
  /** What decided, e.g. `stateful group allow-domains (strict, priority 1): pass tls … sid:1;)` or
   *  `default action aws:drop_established`. */
  readonly rule: string;
  readonly detail: string;
  readonly unsupported?: readonly string[] | undefined;
  readonly notes?: readonly string[] | undefined;
  /** The flow state this decision created or used, for the hop's `state`. */
  readonly state?: string | undefined;
  /** Semantics IDs the decision relied on. */
  readonly refs?: readonly string[] | undefined;
}

export interface InspectOptions {
  /** The firewall endpoint the packet arrived at (state is per endpoint, NFW-4). */
  readonly endpoint?: string | undefined;
  /** Whether the packet is the request or the reply of its flow; inferred from flow state when absent. */
  readonly direction?: 'forward' | 'return' | undefined;
}

function describeFlow(p: Packet): string {
  return formatPacket(p);
}

/** One inspection's working state: what it notes, what it depends on, the rules' semantics IDs, the flow. */
interface Inspection {
  readonly notes: string[];
  readonly unsupported: string[];
  readonly refs: Set<string>;
  /** ` at endpoint …`, or empty. */
  readonly at: string;
  rec: FlowRecord | undefined;
  readonly isReply: boolean;
}

/**
 * Inspect a packet. `inspectPacket(fw, flows, pkt)` → `{action:'pass', rule:'stateful group … pass tls …'}`; call it
 * again with the reply packet (and the same `flows`) on the return path.
 */
export function inspectPacket(
  fw: CompiledFirewall,
  flows: FirewallFlows,
  pkt: Packet,
  opts: InspectOptions = {},
): InspectResult {
  const unsupported: string[] = [...fw.unsupported];
  const at = opts.endpoint ? ` at endpoint ${opts.endpoint}` : '';
  if (fw.unsupported.some((u) => u.startsWith('firewall policy'))) {
    return {
      action: 'drop',
      code: 'FIREWALL_RULES_RESTRICTION',
      rule: `firewall policy ${fw.policy} not found`,
      detail: `firewall ${fw.id} has no policy that vpcsim could read; the packet is dropped`,
      unsupported,
      refs: ['NFW-1'],
    };
  }
  const rec: FlowRecord | undefined = flows.get(fw.id, opts.endpoint, pkt);
  const ins: Inspection = {
    notes: [],
    unsupported,
    refs: new Set<string>(['NFW-5']),
    at,
    rec,
    isReply: rec ? rec.clientTuple !== tupleKey(pkt) : opts.direction === 'return',
  };
  const phases = choosePhases(fw, flows, pkt, opts, ins);
  return Array.isArray(phases) ? judgePhases(fw, pkt, phases, ins) : phases;
}

/**
 * The packets the firewall judges for this one: a reply of a known flow, a reply it never saw the request of
 * (NFW-4: StreamExceptionPolicy for TCP — which may decide at once — a new flow otherwise), or a request.
 */
function choosePhases(
  fw: CompiledFirewall,
  flows: FirewallFlows,
  pkt: Packet,
  opts: InspectOptions,
  ins: Inspection,
): Phase[] | InspectResult {
  const { notes, refs, at } = ins;
  if (ins.isReply && ins.rec) return replyPhases(pkt, ins.rec.app);
  if (ins.isReply) {
    // NFW-4: this endpoint never saw the request.
    refs.add('NFW-4');
    const other = flows.elsewhere(fw.id, opts.endpoint, pkt);
    notes.push(
      `firewall ${fw.id}${at} never saw the request of this flow${
        other.length > 0 ? ` (it went through endpoint ${other.join(', ')})` : ''
      }: asymmetric routing through Network Firewall is not supported (NFW-4)`,
    );
    if (pkt.proto === 6) {
      const sep = fw.streamExceptionPolicy;
      notes.push(`mid-stream TCP traffic is handled by the policy's StreamExceptionPolicy ${sep}`);
      if (sep === 'DROP' || sep === 'REJECT') {
        return {
          action: sep === 'DROP' ? 'drop' : 'reject',
          code: 'FIREWALL_RULES_RESTRICTION',
          rule: `stream exception policy ${sep}`,
          detail: `${describeFlow(pkt)} is mid-stream for ${fw.id}${at} (no flow state): ${
            sep === 'DROP' ? 'dropped' : 'rejected with a TCP reset'
          } by StreamExceptionPolicy ${sep}`,
          unsupported: ins.unsupported.length ? ins.unsupported : undefined,
          notes,
          state: 'no flow state for this reply',
          refs: [...refs],
        };
      }
      return [midstreamPhase(pkt)];
    }
    notes.push(
      'for a protocol without a stream, the firewall treats the reply as the first packet of a new flow',
    );
    const d = detectApp(pkt);
    notes.push(...d.notes);
    ins.rec = flows.open(fw.id, opts.endpoint, pkt, d.app);
    return requestPhases(pkt, d.app);
  }
  const d = detectApp(pkt);
  notes.push(...d.notes);
  if (!ins.rec) ins.rec = flows.open(fw.id, opts.endpoint, pkt, d.app);
  const phases = requestPhases(pkt, d.app);
  if (fw.usesHomeNet && !fw.homeNet.has(pkt.src)) {
    refs.add('NFW-13');
    notes.push(
      `source ${formatAddr(pkt.src)} is outside HOME_NET (${fw.homeNetText.join(', ') || 'empty'}): rules written for $HOME_NET, including domain lists, do not apply to it (NFW-12, NFW-13)`,
    );
  }
  return phases;
}

/** Each packet through the stateless engine, then (forwarded) the stateful one; the first drop decides (NFW-9). */
function judgePhases(
  fw: CompiledFirewall,
  pkt: Packet,
  phases: readonly Phase[],
  ins: Inspection,
): InspectResult {
  const { notes, unsupported, refs, at, rec, isReply } = ins;
  let lastRule = '';
  let lastWhat = '';
  const alerts: string[] = [];
  for (const ph of phases) {
    const sl = evaluateStateless(fw, ph);
    if (sl.custom.length > 0)
      notes.push(`custom action ${sl.custom.join(', ')} only publishes metrics (NFW-6)`);
    if (sl.action === 'aws:drop') {
      refs.add('NFW-6');
      if (rec) rec.droppedBy = sl.rule;
      return {
        action: 'drop',
        code: 'FIREWALL_RULES_RESTRICTION',
        rule: sl.rule,
        detail: `${ph.label} of ${describeFlow(pkt)} dropped by the stateless engine${at}`,
        unsupported: unsupported.length ? unsupported : undefined,
        notes: notes.length ? notes : undefined,
        state: 'flow dropped',
        refs: [...refs, sl.matched ? 'NFW-6' : 'NFW-7'],
      };
    }
    if (sl.action === 'aws:pass') {
      refs.add(sl.matched ? 'NFW-6' : 'NFW-7');
      lastRule = sl.rule;
      lastWhat = `${ph.label} passed by the stateless engine without stateful inspection`;
      continue;
    }
    refs.add('NFW-8');
    if (rec?.droppedBy !== undefined) {
      return {
        action: 'drop',
        code: 'FIREWALL_RULES_RESTRICTION',
        rule: rec.droppedBy,
        detail: `${ph.label} of ${describeFlow(pkt)} belongs to a flow the firewall already dropped`,
        notes: notes.length ? notes : undefined,
        state: 'flow dropped',
        refs: [...refs],
      };
    }
    if (rec?.passedBy !== undefined) {
      refs.add('NFW-9');
      lastRule = rec.passedBy;
      lastWhat = `${ph.label} belongs to a flow already passed; a pass ends inspection of the flow`;
      continue;
    }
    const sf = evaluateStateful(fw, ph);
    refs.add(fw.ruleOrder === 'STRICT_ORDER' ? 'NFW-10' : 'NFW-9');
    if (!sf.byRule && fw.ruleOrder === 'STRICT_ORDER') refs.add('NFW-11');
    unsupported.push(...sf.unsupported);
    notes.push(...sf.notes);
    alerts.push(...sf.alerts);
    if (sf.action !== 'pass') {
      if (rec) rec.droppedBy = sf.rule;
      return {
        action: sf.action,
        code: 'FIREWALL_RULES_RESTRICTION',
        rule: sf.rule,
        detail: `${ph.label} of ${describeFlow(pkt)} ${sf.action === 'reject' ? 'rejected (TCP reset)' : 'dropped'} by the stateful engine${at}`,
        unsupported: unsupported.length ? [...new Set(unsupported)] : undefined,
        notes: withAlerts(notes, alerts),
        state: 'flow dropped',
        refs: [...refs],
      };
    }
    if (sf.flowPass && rec) rec.passedBy = sf.rule;
    lastRule = sf.rule;
    lastWhat = sf.flowPass
      ? `${ph.label} matched a pass rule, which passes the whole flow`
      : `${ph.label}: ${sf.rule}`;
  }
  const rule = rec?.passedBy ?? lastRule;
  return {
    action: 'pass',
    rule,
    detail: `${describeFlow(pkt)} passes ${fw.id}${at}: ${lastWhat}`,
    unsupported: unsupported.length ? [...new Set(unsupported)] : undefined,
    notes: withAlerts(notes, alerts),
    state:
      rec?.passedBy !== undefined
        ? `firewall flow passed (${isReply ? 'reply of the same flow' : 'new flow'})`
        : isReply
          ? 'reply of a tracked flow'
          : 'new firewall flow',
    refs: [...refs],
  };
}

function withAlerts(notes: readonly string[], alerts: readonly string[]): string[] | undefined {
  const out = [...new Set(notes)];
  for (const a of new Set(alerts)) out.push(`alert logged: ${a}`);
  return out.length ? out : undefined;
}
