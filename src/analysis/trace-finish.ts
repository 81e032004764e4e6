/**
 * The second half of a trace: the reply walked back from where the request ended, through the state the request left
 * (security-group connection tracking, NAT tables, conntrack, firewall flows), checked against the request (it must
 * come home as the exact reverse of the request, NGW-2), compared for asymmetry (NFW-4, RT-15, GWLB-3, TGW-24.3),
 * and the verdict. Runs once per trace (twice and more for load-balancer target reports): its result objects are
 * built field by field, without spreads, in the key order of the JSON contract (architecture.md §2).
 */
import type { Addr } from '../net/addr.js';
import type { ExplanationCode } from '../diag/codes.js';
import type { FlowSpec } from '../model/expectation.js';
import type { Verdict } from '../model/expectation.js';
import type { CompiledNetwork } from '../dataplane/compiled.js';
import { walk, type Origin, type WalkResult } from '../dataplane/engine.js';
import { packetJson, replyOf, type Packet } from '../dataplane/packet.js';
import type { TraceState } from '../dataplane/trace-state.js';
import type { ResolvedEndpoint } from './endpoints.js';
import { asymmetry, endpointLabel } from './asymmetry.js';
import { checkReplyTuple, REPLY_TUPLE_MISMATCH } from './reply-check.js';
import type { AsymmetryReport, PathResult, TraceResult } from './trace-result.js';

const SNI_NOTE =
  'the flow carries no TLS SNI or HTTP Host: domain rules were judged without it (use --sni / --host)';

/**
 * Trace the reply of the walked request `fwd` and compute the verdict. `finish` takes over `fwd.notes` (the walk's
 * own array, which nothing else keeps) as the result's notes.
 */
export function finish(
  c: CompiledNetwork,
  st: TraceState,
  src: ResolvedEndpoint,
  pkt: Packet,
  flow: FlowSpec,
  fwd: WalkResult,
  record: boolean,
): TraceResult {
  const notes = fwd.notes;
  let uncertain = fwd.uncertain;
  const forward = pathResult(fwd, record);
  const flowJson = { from: flow.from, to: flow.to, packet: packetJson(pkt), sni: flow.sni, host: flow.host };
  if (record && pkt.proto === 6 && flow.sni === undefined && flow.host === undefined && viaFirewall(c, fwd))
    notes.push(SNI_NOTE);
  if (fwd.disposition === 'dropped') return plain('unreachable', flowJson, forward, null, notes, uncertain);
  const origin = replyOrigin(c, fwd);
  if (!origin) {
    if (fwd.end.kind !== 'client-network') notes.push('the reply is not traced for this kind of destination');
    return plain('reachable', flowJson, forward, null, notes, uncertain);
  }
  const back = walk(c, st, origin, replyOf(fwd.packet), 'return', record);
  for (const n of back.notes) notes.push(n);
  uncertain ||= back.uncertain;
  let ret = pathResult(back, record);
  if (ret.disposition !== 'dropped' && !arrivedHome(src, pkt.src, back)) {
    ret = { ...ret, disposition: 'dropped', code: 'REPLY_NOT_DELIVERED_TO_SOURCE' };
    notes.push(`the reply ended at ${ret.endpoint ?? '?'} instead of the source ${src.label}`);
  } else if (ret.disposition !== 'dropped') {
    ret = replyTupleCheck(src, pkt, fwd, back, ret, record);
  }
  // TGW-24.3, NFW-4: a reply dropped by a stateful hop the request never crossed (another AZ's firewall endpoint,
  // for lack of appliance mode) is an asymmetric flow, reported with the fix.
  const asym = asymmetry(c, fwd, back);
  if (ret.disposition === 'dropped') {
    if (asym?.code === 'TGW_ATTACH_VPC_AZ_RESTRICTION' && asym.extra.includes(ret.droppedAt ?? '')) {
      notes.push(
        `asymmetric: the reply is dropped at ${ret.droppedAt ?? ''}, which the request did not cross; fix: ${asym.suggestion ?? ''}`,
      );
      return asymmetric(flowJson, forward, ret, asym, notes, uncertain);
    }
    return plain('unreachable', flowJson, forward, ret, notes, uncertain);
  }
  if (asym) {
    notes.push(
      `asymmetric: the reply ${asym.skipped.length > 0 ? `skips ${asym.skipped.join(', ')}` : ''}${asym.skipped.length > 0 && asym.extra.length > 0 ? ' and ' : ''}${asym.extra.length > 0 ? `passes ${asym.extra.join(', ')}, which the request did not use` : ''}${asym.divergedAt ? `; the paths diverge at ${asym.divergedAt}` : ''}${asym.suggestion ? `; fix: ${asym.suggestion}` : ''}`,
    );
    return asymmetric(flowJson, forward, ret, asym, notes, uncertain);
  }
  return plain('reachable', flowJson, forward, ret, notes, uncertain);
}

/** A result without an asymmetry report (key order of the JSON contract). */
function plain(
  verdict: Verdict,
  flow: TraceResult['flow'],
  forward: PathResult,
  ret: PathResult | null,
  notes: string[],
  uncertain: boolean,
): TraceResult {
  return { verdict, flow, forward, return: ret, notes: uniq(notes), uncertain };
}

function asymmetric(
  flow: TraceResult['flow'],
  forward: PathResult,
  ret: PathResult,
  asym: AsymmetryReport,
  notes: string[],
  uncertain: boolean,
): TraceResult {
  return {
    verdict: 'asymmetric',
    flow,
    forward,
    return: ret,
    asymmetry: asym,
    notes: uniq(notes),
    uncertain,
  };
}

function viaFirewall(c: CompiledNetwork, fwd: WalkResult): boolean {
  for (const s of fwd.stateful) if (c.firewallEndpoints.has(s)) return true;
  return false;
}

/** Where the reply starts: the end of the request (undefined when the reply is not traced from there). */
function replyOrigin(c: CompiledNetwork, fwd: WalkResult): Origin | undefined {
  const end = fwd.end;
  switch (end.kind) {
    case 'instance':
      return { kind: 'instance', instance: end.instance, eni: end.eni };
    case 'eni':
      return { kind: 'eni', eni: end.eni };
    case 'internet':
      return { kind: 'internet' };
    case 'service':
      return { kind: 'service', vpc: end.vpc, service: end.service };
    case 'amazon-service':
      return { kind: 'amazon-service', eni: end.eni, service: end.service };
    case 'onprem': {
      const remote = c.transit.onPremises.find((o) => o.id === end.network);
      return remote ? { kind: 'onprem', network: remote } : undefined;
    }
    case 'client':
    case 'client-network':
    case 'unsupported':
    case 'dropped':
      return undefined;
  }
}

/** NGW-2: the reply must come home as the exact reverse of the request; otherwise it is dropped there. */
function replyTupleCheck(
  src: ResolvedEndpoint,
  pkt: Packet,
  fwd: WalkResult,
  back: WalkResult,
  ret: PathResult,
  record: boolean,
): PathResult {
  const mm = checkReplyTuple(pkt, fwd.rewrites, back.rewrites, back.packet);
  if (!mm) return ret;
  const at = mm.retranslatedBy?.by;
  const last = ret.hops[ret.hops.length - 1];
  const code: ExplanationCode = REPLY_TUPLE_MISMATCH;
  return {
    ...ret,
    disposition: 'dropped',
    code,
    droppedAt: last?.id ?? endpointLabel(back),
    retranslatedAt: at,
    hops: record
      ? [
          ...ret.hops,
          {
            id: last?.id ?? src.label,
            kind: last?.kind ?? 'internet',
            action: 'drop',
            code,
            packet: packetJson(back.packet),
            detail: mm.detail,
            refs: ['NGW-2'],
          },
        ]
      : ret.hops,
  };
}

/** The notes without repeats, first occurrence kept (as `[...new Set(xs)]`; no Set for the usual none or few). */
function uniq(xs: string[]): string[] {
  for (let i = 1; i < xs.length; i++)
    if (xs.lastIndexOf(xs[i] as string, i - 1) >= 0) return [...new Set(xs)];
  return xs;
}

/** A path for the result; a verdict-only walk (`record` false) leaves out the final packet as well as the hops. */
function pathResult(w: WalkResult, record: boolean): PathResult {
  return {
    disposition: w.disposition,
    code: w.code,
    hops: w.hops,
    endpoint: endpointLabel(w),
    droppedAt: w.droppedAt,
    finalPacket: record ? packetJson(w.packet) : undefined,
  };
}

/** Did the reply come back to the address the request was sent from (`sentFrom`: the source's IPv4 or IPv6)? */
function arrivedHome(src: ResolvedEndpoint, sentFrom: Addr, back: WalkResult): boolean {
  if (back.packet.dst !== sentFrom) return false;
  switch (src.kind) {
    case 'instance':
      return back.end.kind === 'instance' && back.end.instance === src.instance;
    case 'eni':
      return back.end.kind === 'eni' && back.end.eni === src.eni;
    case 'internet':
      return back.end.kind === 'internet';
    case 'client':
      return back.end.kind === 'client';
    case 'onprem':
      return back.end.kind === 'onprem' && back.end.network === src.network.id;
    case 'address':
    case 'load-balancer':
      return false;
  }
}
