/**
 * Compiled forms of a Network Firewall: what `compileFirewall` builds once and `inspectPacket` reads per packet.
 *
 * Invariants: everything textual (CIDRs, ports, variables, content strings) is already resolved to numbers, sets
 * and lower-cased strings; `statefulRules` are in evaluation order for the policy's rule order (NFW-9/NFW-10);
 * `statelessRules` are in group-priority then rule-priority order (NFW-5). Plain data, no per-packet parsing.
 */
import type { AddrSet } from '../../net/addr-set.js';
import type { RangeSet } from '../../net/range-set.js';
import type { StatefulRuleIndex } from './rule-index.js';

export type AppProto = 'tls' | 'http' | 'dns';

export interface ContentMatch {
  readonly buffer: 'tls.sni' | 'http.host';
  /** Decoded content; lower-cased when `nocase` (or http.host, which Suricata normalises to lower case). */
  readonly content: string;
  readonly negate: boolean;
  readonly nocase: boolean;
  readonly startswith: boolean;
  readonly endswith: boolean;
  readonly dotprefix: boolean;
}

export interface CompiledStatefulRule {
  /** "stateful group allow-domains (strict, priority 1)". */
  readonly where: string;
  readonly group: string;
  readonly action: 'pass' | 'drop' | 'reject' | 'alert';
  readonly sid: number | undefined;
  readonly text: string;
  /** IP protocol the rule's protocol implies (-1 = any). */
  readonly ipProto: number;
  /** A second IP protocol the rule's protocol also matches: Suricata's `icmp` is ICMPv4 and ICMPv6 (58). */
  readonly ipProtoAlso: number | undefined;
  /** Address family the rule's protocol restricts to (`ipv4`/`ip4`, `ipv6`/`ip6`, `icmpv4`, `icmpv6`). */
  readonly family: 4 | 6 | undefined;
  /** App-layer protocol the rule requires, if any. */
  readonly app: AppProto | undefined;
  /** A protocol vpcsim does not detect (ssh, smtp …): the rule never matches and verdicts say so. */
  readonly undetectedProto: string | undefined;
  /** Addresses of both families (V6-12). */
  readonly src: AddrSet;
  readonly sport: RangeSet;
  readonly dst: AddrSet;
  readonly dport: RangeSet;
  readonly bidirectional: boolean;
  /** flow keyword constraints; undefined = not constrained. */
  readonly established: boolean | undefined;
  readonly toServer: boolean | undefined;
  /** `ssl_state:client_hello`: only the TLS ClientHello matches. */
  readonly clientHello: boolean;
  /** ip_proto keyword. */
  readonly ipProtoOption: { readonly proto: number; readonly negate: boolean } | undefined;
  readonly contents: readonly ContentMatch[];
  /** Suricata priority keyword (default 3). */
  readonly priority: number;
  /** Keywords/features the evaluator did not evaluate (treated as matching). */
  readonly unsupported: readonly string[];
}

export interface TcpFlagMatch {
  /** Bit mask of flags that must be set among `mask`. */
  readonly flags: number;
  readonly mask: number;
}

export interface CompiledStatelessRule {
  /** "stateless group block-ssh (priority 10), rule priority 1". */
  readonly where: string;
  readonly text: string;
  readonly priority: number;
  /** Empty set semantics already applied: an empty list in the model = any (both families, V6-12). */
  readonly src: AddrSet;
  readonly dst: AddrSet;
  readonly sport: RangeSet | undefined;
  readonly dport: RangeSet | undefined;
  /** Allowed protocol numbers; undefined = all. */
  readonly protocols: ReadonlySet<number> | undefined;
  readonly tcpFlags: readonly TcpFlagMatch[] | undefined;
  readonly action: 'aws:pass' | 'aws:drop' | 'aws:forward_to_sfe';
  readonly customActions: readonly string[];
}

export interface StatefulDefaults {
  readonly drop: 'aws:drop_strict' | 'aws:drop_established' | 'aws:drop_established_app_layer' | undefined;
  readonly alerts: readonly string[];
}

export interface CompiledFirewall {
  readonly id: string;
  /** Absent for a transit-gateway-attached firewall (TGW-15). */
  readonly vpc: string | undefined;
  readonly policy: string;
  readonly endpoints: readonly string[];
  readonly homeNet: AddrSet;
  /** Some stateful rule is written for `$HOME_NET` (domain lists always are): sources outside it get a note. */
  readonly usesHomeNet: boolean;
  /** HOME_NET as written or defaulted, for explanations. */
  readonly homeNetText: readonly string[];
  readonly statelessRules: readonly CompiledStatelessRule[];
  readonly statelessDefault: {
    readonly action: 'aws:pass' | 'aws:drop' | 'aws:forward_to_sfe';
    readonly custom: readonly string[];
  };
  readonly ruleOrder: 'DEFAULT_ACTION_ORDER' | 'STRICT_ORDER';
  readonly streamExceptionPolicy: 'DROP' | 'CONTINUE' | 'REJECT';
  readonly statefulDefaults: StatefulDefaults;
  readonly statefulRules: readonly CompiledStatefulRule[];
  /** Candidate lookup over `statefulRules` (same order semantics as a linear scan). */
  readonly statefulIndex: StatefulRuleIndex;
  /** Things in the configuration vpcsim does not evaluate (listed on every verdict). */
  readonly unsupported: readonly string[];
}

/** TCP flag bits as the NFW API names them. */
export const TCP_FLAG_BITS: Readonly<Record<string, number>> = {
  FIN: 1,
  SYN: 2,
  RST: 4,
  PSH: 8,
  ACK: 16,
  URG: 32,
  ECE: 64,
  CWR: 128,
};
export const ALL_TCP_FLAGS = 255;
