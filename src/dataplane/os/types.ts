/**
 * The compiled instance OS (compile.ts builds it, stack.ts and netfilter.ts run it): interfaces, the routing table,
 * forwarding switches, and netfilter chains as rules of numeric matchers with resolved targets.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { NetfilterRule, NetfilterTableName } from '../../model/os.js';
import type { Addr } from '../../net/addr.js';
import type { Prefix, Prefix6 } from '../../net/prefix.js';
import type { Packet } from '../packet.js';

/** An instance network interface as the data plane gives it. */
export interface OsInterface {
  /** `eth0`, `eth1` … by device index. */
  readonly name: string;
  /** Private IPv4 addresses (uint32), primary first — or, in the IPv6 stack (`CompiledOs.v6`), IPv6 addresses. */
  readonly addresses: readonly Addr[];
  readonly subnet: Prefix;
  /** IPv6 addresses of the interface (V6-1), first = the one MASQUERADE takes. */
  readonly addresses6?: readonly bigint[] | undefined;
  /** The subnet's IPv6 /64 (dual-stack or IPv6-only subnet). */
  readonly subnet6?: Prefix6 | undefined;
}

/** What a matcher sees besides the packet. */
export interface MatchContext {
  /** Index of the input interface, or -1 for locally generated packets. */
  readonly inIf: number;
  /** Index of the output interface, or -1 before routing / for local delivery. */
  readonly outIf: number;
  /** CT_* state bits of the packet. */
  readonly state: number;
}

export type Matcher = (p: Packet, c: MatchContext) => boolean;

export type CompiledTarget =
  | { readonly kind: 'ACCEPT' | 'DROP' | 'RETURN' | 'LOG' | 'NONE' }
  | { readonly kind: 'REJECT'; readonly with: string }
  | { readonly kind: 'JUMP' | 'GOTO'; readonly chain: CompiledChain }
  | {
      readonly kind: 'SNAT' | 'DNAT';
      readonly lo: Addr;
      readonly hi: Addr;
      readonly ports?: readonly [number, number] | undefined;
      readonly keepAddress?: boolean | undefined;
    }
  | { readonly kind: 'MASQUERADE' | 'REDIRECT'; readonly ports?: readonly [number, number] | undefined };

export interface CompiledRule {
  readonly matchers: readonly Matcher[];
  readonly target: CompiledTarget;
  readonly text: string;
  readonly unsupported?: readonly string[] | undefined;
  readonly source: NetfilterRule;
}

export interface CompiledChain {
  readonly name: string;
  readonly table: NetfilterTableName;
  readonly builtin: boolean;
  readonly policy: 'ACCEPT' | 'DROP';
  /** The policy was set explicitly (`-P`), as opposed to the default ACCEPT. */
  readonly policyText: string;
  rules: CompiledRule[];
}

export interface OsRouteEntry {
  readonly prefix: Prefix;
  readonly outIf: number;
  readonly via?: Addr | undefined;
  readonly text: string;
}

export interface CompiledOs {
  readonly hostId: string;
  readonly family: 4 | 6;
  readonly ifaces: readonly OsInterface[];
  /** Own address → interface index (every address of every interface). */
  readonly local: ReadonlyMap<Addr, number>;
  /** Per interface: does a packet received here get forwarded? */
  readonly forwarding: readonly boolean[];
  readonly ipForward: boolean;
  /** Per interface: `send_redirects` (Linux sends ICMP redirects when forwarding out the receiving interface). */
  readonly sendRedirects: readonly boolean[];
  /** Routes, longest prefix first. */
  readonly routes: readonly OsRouteEntry[];
  /** Built-in chains: `filter` / `nat` → chain name → chain; absent table = nothing configured. */
  readonly chains: {
    readonly filter: ReadonlyMap<string, CompiledChain>;
    readonly nat: ReadonlyMap<string, CompiledChain>;
  };
  /** Problems found compiling (not evaluated tables, rules that cannot be evaluated). */
  readonly diagnostics: readonly Diagnostic[];
  /** The IPv6 stack (family 6): its own addresses, routes, forwarding switch and ip6tables tables. */
  readonly v6?: CompiledOs | undefined;
}
