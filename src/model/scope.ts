/**
 * Access scopes: network-wide questions written next to the network, in Network Access Analyzer's model
 * (AWS::EC2::NetworkInsightsAccessScope: MatchPaths and ExcludePaths, each a source, a destination, packet-header
 * conditions and the resources the path goes through). The findings of a scope are the classes of delivered flows
 * that match some `match` path and no `exclude` path (analysis/reach/scopes.ts).
 *
 * Selectors stay text until evaluation (names the input used, CIDRs, `internet`, `any`, `type:KIND`, `vpc:NAME`),
 * like the endpoints of an expectation, so every input format writes them the same way.
 */
import type { Span } from '../diag/diagnostic.js';

/** One path statement: every condition written must hold (AND); a list inside one condition is any-of (OR). */
export interface ScopePath {
  /** Where the flow starts: instance, ENI, subnet, VPC, security group, `client:NAME`, CIDR, `internet`, `any`. */
  readonly source?: readonly string[] | undefined;
  /** Where the flow is sent (the address before any translation): the same selectors, and `type:load-balancer`,
   * `type:instance`, `type:nat-gateway`. */
  readonly destination?: readonly string[] | undefined;
  /** Protocols (`tcp`, `udp`, `icmp`, a number); any when absent. */
  readonly protocols?: readonly string[] | undefined;
  /** Destination port ranges (TCP and UDP only: a path with ports matches no other protocol). */
  readonly ports?: readonly { readonly lo: number; readonly hi: number }[] | undefined;
  /** Components the forward path passes through (any of them): a hop id or owner, `kind:id`, a hop kind
   * (`firewall-endpoint`), `inspection` (any Network Firewall or Gateway Load Balancer endpoint) or `vpc:NAME`. */
  readonly through?: readonly string[] | undefined;
}

export interface AccessScope {
  readonly name: string;
  readonly description?: string | undefined;
  readonly match: readonly ScopePath[];
  readonly exclude: readonly ScopePath[];
  /** A scope of the library (`use:`): its paths are made from the network when it is evaluated. */
  readonly library?: LibraryUse | undefined;
  readonly span?: Span | undefined;
}

/** A library scope and its parameters. */
export interface LibraryUse {
  readonly name: LibraryScopeName;
  /** Who sends (egress scopes); default: every interface. */
  readonly source?: readonly string[] | undefined;
  /** Destinations allowed anyway (bastions, for internet-ingress). */
  readonly except?: readonly string[] | undefined;
  /** What counts as inspection; default `inspection` (any Network Firewall or Gateway Load Balancer endpoint). */
  readonly through?: readonly string[] | undefined;
}

/** The library of common scopes, by name: what each finds and which parameters it takes. */
export const LIBRARY_SCOPES = {
  'internet-ingress': {
    finds:
      'flows from the internet delivered to anything but a load balancer (and the `except` destinations: bastions)',
    params: ['except'],
  },
  'internet-admin-ports': {
    finds: 'flows from the internet delivered on SSH (tcp/22) or RDP (tcp/3389)',
    params: ['except'],
  },
  'egress-skips-inspection': {
    finds:
      'flows from `source` (default: every interface) to the internet that pass no inspection hop (`through`, default: any firewall or GWLB endpoint)',
    params: ['source', 'through'],
  },
  'cross-vpc-skips-inspection': {
    finds:
      'flows from an interface in one VPC to an address of another VPC that pass no inspection hop (`through`, default: any firewall or GWLB endpoint; `vpc:NAME` for the inspection VPC)',
    params: ['through'],
  },
} as const satisfies Record<string, { finds: string; params: readonly string[] }>;

export type LibraryScopeName = keyof typeof LIBRARY_SCOPES;

export function isLibraryScope(name: string): name is LibraryScopeName {
  return Object.hasOwn(LIBRARY_SCOPES, name);
}

/** An expectation on a scope's findings: `{ scope: NAME, findings: none }` makes the scope a CI test. */
export interface ScopeExpectation {
  readonly name: string;
  readonly scope: string;
  /** `none`: the scope finds nothing; `some`: it finds at least one class (a broken variant's test). */
  readonly findings: 'none' | 'some';
  readonly span?: Span | undefined;
}
