/**
 * Expectations ("network tests"): a flow and what must happen to it. They live in the inputs (native YAML,
 * CloudFormation Metadata) next to the network they test.
 */
import type { Span } from '../diag/diagnostic.js';

export type Verdict = 'reachable' | 'unreachable' | 'asymmetric';

/** A connection attempt, as written by the user (endpoints are names or addresses, resolved later). */
export interface FlowSpec {
  readonly from: string;
  readonly to: string;
  /** `tcp`, `udp`, `icmp` or a number; default tcp. */
  readonly protocol?: string | undefined;
  readonly port?: number | undefined;
  readonly srcPort?: number | undefined;
  readonly icmpType?: number | undefined;
  readonly icmpCode?: number | undefined;
  /** TLS server name (NFW-12). */
  readonly sni?: string | undefined;
  /** HTTP Host header (NFW-12; ALB host-header rules, ALB-3). */
  readonly host?: string | undefined;
  /** HTTP request path (ALB path-pattern rules, ALB-3). */
  readonly path?: string | undefined;
}

/** Addresses/ports the destination must see (after every translation on the way). */
export interface SeenAt {
  readonly src?: string | undefined;
  readonly dst?: string | undefined;
  readonly srcPort?: number | undefined;
  readonly dstPort?: number | undefined;
}

export interface Expectation {
  readonly name: string;
  readonly flow: FlowSpec;
  readonly verdict: Verdict;
  /** Explanation code of the deciding hop (forward, or return when the return fails). */
  readonly code?: string | undefined;
  /** Hop ids (or `kind:id`) that must appear, in this order, in the forward path. */
  readonly hops?: readonly string[] | undefined;
  /** Hop ids that must appear, in order, in the return path. */
  readonly returnHops?: readonly string[] | undefined;
  /** Hop ids that must not appear in either path. */
  readonly notHops?: readonly string[] | undefined;
  /** Id of the hop where the packet is dropped (forward or return). */
  readonly droppedAt?: string | undefined;
  /** Which direction failed: `forward` or `return`. */
  readonly failsOn?: 'forward' | 'return' | undefined;
  /** What the destination sees (forward). */
  readonly seenAtDestination?: SeenAt | undefined;
  /** What the source sees in the reply. */
  readonly seenAtSource?: SeenAt | undefined;
  /** Text that must appear in the trace's notes or suggestion (e.g. the fix for an asymmetric path). */
  readonly mentions?: readonly string[] | undefined;
  readonly span?: Span | undefined;
}

/** A validation expectation: the network must be rejected (or warned about) with these codes. */
export interface DiagnosticExpectation {
  readonly code: string;
  readonly severity?: 'error' | 'warning' | undefined;
  /** Resource id the diagnostic must name. */
  readonly resource?: string | undefined;
  readonly span?: Span | undefined;
}
