/**
 * Native expectations ("network tests") in the model's form: a flow — written out, or with the shorthand
 * `flow: tcp/443` — and what the trace must show (verdict, code, hops, addresses seen).
 */
import type { Span } from '../../diag/diagnostic.js';
import type { Expectation, FlowSpec } from '../../model/expectation.js';
import type { NativeExpectation } from './schema.js';

const FLOW_RE = /^\s*(tcp|udp|icmp|all|\d+)(?:\/(\d+))?\s*$/i;

/** Convert a native expectation (flow shorthand `tcp/443`). */
export function expectationOf(e: NativeExpectation, span: Span | undefined, index: number): Expectation {
  let protocol = e.protocol !== undefined ? String(e.protocol) : undefined;
  let port = e.port;
  if (e.flow !== undefined) {
    const m = FLOW_RE.exec(e.flow);
    if (m) {
      protocol = m[1]?.toLowerCase();
      if (m[2] !== undefined) port = Number(m[2]);
    }
  }
  const flow: FlowSpec = {
    from: e.from,
    to: e.to,
    protocol: protocol ?? 'tcp',
    port,
    srcPort: e.srcPort,
    icmpType: e.icmpType,
    icmpCode: e.icmpCode,
    sni: e.sni,
    host: e.host,
    path: e.path,
  };
  return {
    name: e.name ?? `expectation ${index + 1}: ${e.from} -> ${e.to}`,
    flow,
    verdict: e.verdict,
    code: e.code,
    hops: e.hops,
    returnHops: e.returnHops,
    notHops: e.notHops,
    droppedAt: e.droppedAt,
    failsOn: e.failsOn,
    seenAtDestination: e.seenAtDestination,
    seenAtSource: e.seenAtSource,
    mentions: e.mentions,
    span,
  };
}

/** Flow-shorthand errors are reported by the loader. */
export function flowShorthandError(e: NativeExpectation): string | undefined {
  if (e.flow === undefined || FLOW_RE.test(e.flow)) return undefined;
  return `flow "${e.flow}" must read like "tcp/443", "udp/53", "icmp" or "tcp" with "port"`;
}
