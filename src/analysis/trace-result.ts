/**
 * The result of tracing one flow both ways — the JSON contract of architecture.md §2 (fields beyond it are
 * additive).
 */
import type { ExplanationCode } from '../diag/codes.js';
import type { Verdict } from '../model/expectation.js';
import type { Hop } from '../dataplane/hop.js';
import type { PacketJson } from '../dataplane/packet.js';
import type { FixPlan } from './fix/chain.js';

export type Disposition = 'delivered' | 'exited' | 'dropped';

export interface PathResult {
  readonly disposition: Disposition;
  /** Explanation code of the deciding hop (drop code, or null when delivered). */
  readonly code: ExplanationCode | null;
  readonly hops: readonly Hop[];
  /** Where it ended: the id of the delivering/dropping component, or `internet` / `client:<name>`. */
  readonly endpoint?: string | undefined;
  /** Id of the component that dropped the packet, when dropped. */
  readonly droppedAt?: string | undefined;
  /** The component that translated a reply into something other than the reverse of the request
   * (`REPLY_TUPLE_MISMATCH`, e.g. a NAT gateway on the reply's path, NGW-2). */
  readonly retranslatedAt?: string | undefined;
  /** The packet as it arrived at the end (after every translation). */
  readonly finalPacket?: PacketJson | undefined;
}

export interface AsymmetryReport {
  /** Stateful hops (firewall/GWLB endpoints, appliances) the request used but the reply skipped. */
  readonly skipped: readonly string[];
  /** Stateful hops the reply used but the request did not. */
  readonly extra: readonly string[];
  /** Route table where the reply's path left the request's path, if found. */
  readonly divergedAt?: string | undefined;
  /** The route that would make the reply symmetric, as `destination → target in table`. */
  readonly suggestion?: string | undefined;
  readonly code: ExplanationCode;
}

export interface TraceResult {
  readonly verdict: Verdict;
  readonly flow: {
    readonly from: string;
    readonly to: string;
    readonly packet: PacketJson;
    readonly sni?: string | undefined;
    readonly host?: string | undefined;
  };
  readonly forward: PathResult;
  readonly return: PathResult | null;
  readonly asymmetry?: AsymmetryReport | undefined;
  /** Sentences the user must read: assumptions, unsupported features the result depends on, partial port ranges. */
  readonly notes: readonly string[];
  /** True when the verdict depends on something vpcsim does not model, on a value the input left open (a reading
   * warning about a resource on the path), or on an assumed address a deciding rule singles out. The CLI then
   * reads the verdict as UNKNOWN (exit status 3). */
  readonly uncertain?: boolean | undefined;
  /** What an uncertain verdict depends on, one phrase each (`transit gateway tgw-1`, `sg-web: … [TF_VALUE_UNKNOWN]`). */
  readonly dependsOn?: readonly string[] | undefined;
  /** Deploy-time values the trace used that vpcsim chose because the input does not fix them. */
  readonly assumed?: readonly AssumedValue[] | undefined;
  /** For an unreachable flow: the changes that remove its drops, each checked by tracing again (analysis/fix). */
  readonly fix?: FixPlan | undefined;
  /** A trace through a load balancer: the result for each target the node may pick (issue 16 §5). */
  readonly targets?: TargetsReport | undefined;
  /** The component the path had to cross (a gateway or peering connection named as an endpoint) and did not:
   * the verdict is then unreachable with Reachability Analyzer's `COMPONENT_FILTER_RESTRICTION` (issue 14). */
  readonly filter?: { readonly through: string; readonly code: ExplanationCode } | undefined;
}

/** Each target of the first load balancer on the path, traced in turn: all, some or none reachable. */
export interface TargetsReport {
  readonly loadBalancer: string;
  readonly node: string;
  readonly reachable: 'all' | 'some' | 'none';
  readonly results: readonly {
    readonly target: string;
    readonly verdict: Verdict | 'not used';
    readonly code?: ExplanationCode | null | undefined;
    readonly droppedAt?: string | undefined;
    readonly reason?: string | undefined;
  }[];
}

/** A placeholder address: what it belongs to and what it is (`10.0.1.4`, `aws_instance.web`, `private IP`). */
export interface AssumedValue {
  readonly address: string;
  readonly of: string;
  readonly what: string;
}
