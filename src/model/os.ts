/**
 * The operating-system network configuration of an EC2 instance that may forward traffic (NAT instance,
 * appliance): sysctl switches, netfilter (iptables) tables in structured form, and extra OS routes.
 *
 * Vendor syntax (iptables command lines, iptables-save dumps, user data scripts) is parsed in
 * `formats/iptables/`; this is the parsed, structured result. `text` keeps each rule as the user wrote it so
 * traces can quote it. Anything the parser did not understand is kept in `unsupported` on the rule, so the data
 * plane can say a verdict depends on it (never treated silently as a match or a non-match).
 */
import type { Span } from '../diag/diagnostic.js';

export interface InstanceOs {
  /** `net.ipv4.ip_forward` (NATI-3); false unless configured. */
  readonly ipForward: boolean;
  /** Every sysctl key given, with its value, as written (e.g. `net.ipv4.conf.eth0.send_redirects` → `0`). */
  readonly sysctl: Readonly<Record<string, string>>;
  readonly netfilter: NetfilterConfig;
  /**
   * `net.ipv6.conf.all.forwarding` (IPv6 forwarding is one global switch in Linux: ip6_forward reads conf.all);
   * false unless configured.
   */
  readonly ipv6Forward?: boolean | undefined;
  /** ip6tables: IPv6 has its own netfilter tables (`ip6tables`, `ip6tables-save`); absent = none configured. */
  readonly netfilter6?: NetfilterConfig | undefined;
  /** Extra OS routes (`ip route add …`), besides connected subnets and the default route via eth0. */
  readonly routes: readonly OsRoute[];
  readonly span?: Span | undefined;
}

export interface OsRoute {
  /** Destination CIDR or `default`. */
  readonly destination: string;
  readonly via?: string | undefined;
  /** Output device, e.g. `eth1`. */
  readonly dev?: string | undefined;
  readonly text: string;
  readonly span?: Span | undefined;
}

export type NetfilterTableName = 'nat' | 'filter' | 'mangle' | 'raw';

export interface NetfilterConfig {
  readonly tables: Readonly<Partial<Record<NetfilterTableName, NetfilterTable>>>;
}

export interface NetfilterTable {
  /** Chains by name: built-in (PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING) and user-defined. */
  readonly chains: Readonly<Record<string, NetfilterChain>>;
}

export interface NetfilterChain {
  readonly name: string;
  /** Built-in chains have a policy (ACCEPT by default); user-defined chains have none. */
  readonly policy?: 'ACCEPT' | 'DROP' | undefined;
  readonly rules: readonly NetfilterRule[];
}

/** One match criterion; `negate` is iptables' `!`. */
export type NetfilterMatch =
  | { readonly kind: 'source'; readonly cidr: string; readonly negate: boolean }
  | { readonly kind: 'destination'; readonly cidr: string; readonly negate: boolean }
  | { readonly kind: 'protocol'; readonly protocol: number; readonly negate: boolean }
  | { readonly kind: 'in-interface'; readonly name: string; readonly negate: boolean }
  | { readonly kind: 'out-interface'; readonly name: string; readonly negate: boolean }
  | { readonly kind: 'source-port'; readonly ports: readonly [number, number][]; readonly negate: boolean }
  | {
      readonly kind: 'destination-port';
      readonly ports: readonly [number, number][];
      readonly negate: boolean;
    }
  /** `-m multiport --ports`: source or destination port in the list. */
  | { readonly kind: 'port'; readonly ports: readonly [number, number][]; readonly negate: boolean }
  | { readonly kind: 'ctstate'; readonly states: readonly string[]; readonly negate: boolean }
  | {
      readonly kind: 'icmp-type';
      readonly type: number;
      readonly code?: number | undefined;
      readonly negate: boolean;
    };

export type NetfilterTarget =
  | { readonly kind: 'ACCEPT' }
  | { readonly kind: 'DROP' }
  | { readonly kind: 'REJECT'; readonly with?: string | undefined }
  | { readonly kind: 'RETURN' }
  | { readonly kind: 'LOG'; readonly prefix?: string | undefined }
  | { readonly kind: 'JUMP'; readonly chain: string }
  | { readonly kind: 'GOTO'; readonly chain: string }
  | {
      readonly kind: 'SNAT';
      readonly toAddresses: readonly [string, string];
      readonly toPorts?: readonly [number, number] | undefined;
    }
  | {
      readonly kind: 'DNAT';
      readonly toAddresses: readonly [string, string];
      readonly toPorts?: readonly [number, number] | undefined;
    }
  | { readonly kind: 'MASQUERADE'; readonly toPorts?: readonly [number, number] | undefined }
  | { readonly kind: 'REDIRECT'; readonly toPorts?: readonly [number, number] | undefined }
  | { readonly kind: 'NONE' };

export interface NetfilterRule {
  readonly table: NetfilterTableName;
  readonly chain: string;
  readonly matches: readonly NetfilterMatch[];
  readonly target: NetfilterTarget;
  /** The rule as the user wrote it, normalised to `-t TABLE -A CHAIN …` for display. */
  readonly text: string;
  /** Options or modules vpcsim does not evaluate; a rule with any is "unknown" when it would decide. */
  readonly unsupported?: readonly string[] | undefined;
  readonly span?: Span | undefined;
}

/** An OS with nothing configured: no forwarding, empty tables (both families). */
export function defaultOs(): InstanceOs {
  return { ipForward: false, sysctl: {}, netfilter: { tables: {} }, routes: [] };
}
