/**
 * Associations as the AWS API checks them, read from associations/resolve.ts: a subnet is associated with a route
 * table and a network ACL that exist and belong to its VPC (RT-9, NACL-4), a gateway route table exists and belongs
 * to the gateway's VPC (RT-11), a VPC's main table / default NACL / default security group is its own, and a VPC has
 * exactly one of each (RT-9, NACL-4, SG-4) — two claimants are an error naming the positions of both, never a tie.
 */
import type { DiagnosticCode } from '../diag/codes.js';
import { error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import type { Network, Resource } from '../model/network.js';
import type { AssociationConflict, Associations } from '../associations/resolve.js';

const where = (span: Span | undefined): string => (span ? ` (${span.file}:${span.line}:${span.col})` : '');

const CONFLICT: Record<
  AssociationConflict['kind'],
  { code: DiagnosticCode; what: string; ref: string; rule: string }
> = {
  'main-route-table': {
    code: 'MAIN_ROUTE_TABLE_CONFLICT',
    what: 'main route table',
    ref: 'RT-9',
    rule: 'a VPC has exactly one main route table',
  },
  'default-network-acl': {
    code: 'DEFAULT_NETWORK_ACL_CONFLICT',
    what: 'default network ACL',
    ref: 'NACL-4',
    rule: 'a VPC has exactly one default network ACL',
  },
  'default-security-group': {
    code: 'DEFAULT_SECURITY_GROUP_CONFLICT',
    what: 'default security group',
    ref: 'SG-4',
    rule: 'a VPC has exactly one default security group',
  },
};

/** Every association diagnostic of `net`. */
export function validateAssociations(net: Network, assoc: Associations): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of assoc.conflicts) {
    const k = CONFLICT[c.kind];
    for (const other of c.others) {
      out.push(
        error(
          k.code,
          `VPC ${c.vpc} has two ${k.what}s: ${c.chosen.id}${where(c.chosen.span)} and ${other.id}${where(other.span)}; ${k.rule} (${k.ref}). vpcsim uses ${c.chosen.id}`,
          other.span ?? c.chosen.span,
          { resource: other.id, ref: k.ref },
        ),
      );
    }
  }
  for (const v of net.vpcs) {
    const named: [string | undefined, ReadonlyMap<string, Resource & { vpc: string }>, string][] = [
      [v.mainRouteTable, assoc.routeTables, 'main route table'],
      [v.defaultNetworkAcl, assoc.networkAcls, 'default network ACL'],
      [v.defaultSecurityGroup, assoc.securityGroups, 'default security group'],
    ];
    for (const [id, byId, what] of named) {
      const r = id !== undefined ? byId.get(id) : undefined;
      if (r && r.vpc !== v.id)
        out.push(
          error(
            'ASSOCIATION_OTHER_VPC',
            `VPC ${v.id} cannot have ${r.id} of VPC ${r.vpc} as its ${what}`,
            v.span,
            {
              resource: v.id,
            },
          ),
        );
    }
  }
  for (const s of net.subnets) {
    const a = assoc.subnets.get(s.id);
    if (!a) continue; // unknown VPC: reported by validate/addressing.ts
    if (a.unknownRouteTable !== undefined)
      out.push(
        error(
          'UNKNOWN_REFERENCE',
          `subnet ${s.id} is associated with unknown route table ${a.unknownRouteTable}`,
          s.span,
          { resource: s.id },
        ),
      );
    else if (a.routeTable.via === 'explicit') {
      const rt = assoc.routeTables.get(a.routeTable.id);
      if (rt && rt.vpc !== s.vpc)
        out.push(
          error(
            'ASSOCIATION_OTHER_VPC',
            `subnet ${s.id} (VPC ${s.vpc}) cannot use route table ${rt.id} of VPC ${rt.vpc}`,
            s.span,
            { resource: s.id, ref: 'RT-9' },
          ),
        );
    }
    if (a.unknownNetworkAcl !== undefined)
      out.push(
        error(
          'UNKNOWN_REFERENCE',
          `subnet ${s.id} is associated with unknown network ACL ${a.unknownNetworkAcl}`,
          s.span,
          { resource: s.id },
        ),
      );
    else if (a.networkAcl.via === 'explicit') {
      const acl = assoc.networkAcls.get(a.networkAcl.id);
      if (acl && acl.vpc !== s.vpc)
        out.push(
          error(
            'ASSOCIATION_OTHER_VPC',
            `subnet ${s.id} cannot use network ACL ${acl.id} of VPC ${acl.vpc}`,
            s.span,
            {
              resource: s.id,
              ref: 'NACL-4',
            },
          ),
        );
    }
  }
  for (const [what, gws] of [
    ['internet gateway', net.internetGateways],
    ['virtual private gateway', net.virtualPrivateGateways],
  ] as const) {
    for (const g of gws) {
      if (g.routeTable === undefined) continue;
      const a = assoc.gatewayRouteTables.get(g.id);
      const rt = a ? assoc.routeTables.get(a.id) : undefined;
      if (!rt)
        out.push(
          error(
            'UNKNOWN_REFERENCE',
            `${what} ${g.id} is edge-associated with unknown route table ${g.routeTable}`,
            g.span,
            { resource: g.id },
          ),
        );
      else if (g.vpc !== undefined && rt.vpc !== g.vpc)
        out.push(
          error(
            'ASSOCIATION_OTHER_VPC',
            `${what} ${g.id} cannot use route table ${rt.id} of another VPC`,
            g.span,
            {
              resource: g.id,
              ref: 'RT-11',
            },
          ),
        );
    }
  }
  return out;
}
