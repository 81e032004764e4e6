/**
 * The library of common access scopes (model/scope.ts names them and their parameters), made into match and exclude
 * paths for one network. `scopePaths(c, scope)` → the paths a scope of the file, or of the library, evaluates.
 *
 * - internet-ingress: the internet to anything but a load balancer (and `except`: bastions). A load balancer's
 *   address is the destination of a flow it forwards (ELB-1), so what it forwards to its targets is no finding.
 * - internet-admin-ports: the internet on tcp/22 (SSH) and tcp/3389 (RDP), to anything but `except`.
 * - egress-skips-inspection: `source` (default: every VPC's interfaces) to the internet, on a path that passes no
 *   inspection hop (`through`, default: any Network Firewall or Gateway Load Balancer endpoint, NFW-2).
 * - cross-vpc-skips-inspection: each VPC's interfaces to every other VPC's CIDRs, passing no inspection hop
 *   (`through`; for a centralised inspection VPC write `vpc:NAME`, TGW-24).
 */
import type { CompiledNetwork } from '../../dataplane/compiled.js';
import type { AccessScope, ScopePath } from '../../model/scope.js';

export interface ScopePaths {
  readonly match: readonly ScopePath[];
  readonly exclude: readonly ScopePath[];
}

const INSPECTION = ['inspection'];

/** The match and exclude paths of a scope, the library's made for `c`. */
export function scopePaths(c: CompiledNetwork, s: AccessScope): ScopePaths {
  const lib = s.library;
  if (!lib) return { match: s.match, exclude: s.exclude };
  const except: ScopePath[] = lib.except ? [{ destination: lib.except }] : [];
  const through = lib.through ?? INSPECTION;
  switch (lib.name) {
    case 'internet-ingress':
      return {
        match: [{ source: ['internet'] }],
        exclude: [{ destination: ['type:load-balancer'] }, ...except],
      };
    case 'internet-admin-ports':
      return {
        match: [{ source: ['internet'], protocols: ['tcp'], ports: [p(22), p(3389)] }],
        exclude: except,
      };
    case 'egress-skips-inspection':
      return {
        match: [{ source: lib.source ?? [...c.vpcs.keys()], destination: ['internet'] }],
        exclude: [{ through }],
      };
    case 'cross-vpc-skips-inspection': {
      const vpcs = [...c.vpcs.keys()];
      return {
        match: vpcs.flatMap((a) =>
          vpcs.filter((b) => b !== a).map((b) => ({ source: [a], destination: [b] })),
        ),
        exclude: [{ through }],
      };
    }
  }
}

const p = (n: number): { lo: number; hi: number } => ({ lo: n, hi: n });
