/**
 * VPC peering as the API checks it: no overlapping CIDRs between the two VPCs (PCX-3), one peering per pair, not a
 * VPC with itself; and references from route tables to peerings that do not involve the table's VPC.
 */
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { formatPrefix, overlaps, tryCidr4, type Prefix4 } from '../net/prefix.js';
import type { Network } from '../model/network.js';

export function validatePeerings(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  const cidrs = new Map(
    net.vpcs.map((v) => [v.id, v.cidrs.map((c) => tryCidr4(c)).filter((p): p is Prefix4 => p !== null)]),
  );
  const pairs = new Map<string, string>();
  for (const p of net.peerings) {
    for (const v of [p.requesterVpc, p.accepterVpc]) {
      if (!cidrs.has(v))
        out.push(
          error('UNKNOWN_REFERENCE', `peering ${p.id} names unknown VPC ${v}`, p.span, { resource: p.id }),
        );
    }
    if (p.requesterVpc === p.accepterVpc) {
      out.push(
        error('PEERING_SAME_VPC', `peering ${p.id} connects ${p.requesterVpc} with itself`, p.span, {
          resource: p.id,
        }),
      );
      continue;
    }
    const key = [p.requesterVpc, p.accepterVpc].sort().join('|');
    const prev = pairs.get(key);
    if (prev !== undefined)
      out.push(
        error(
          'PEERING_DUPLICATE',
          `peering ${p.id} duplicates ${prev}: only one peering per VPC pair (PCX-3)`,
          p.span,
          { resource: p.id, ref: 'PCX-3' },
        ),
      );
    pairs.set(key, p.id);
    for (const a of cidrs.get(p.requesterVpc) ?? []) {
      for (const b of cidrs.get(p.accepterVpc) ?? []) {
        if (overlaps(a, b)) {
          out.push(
            error(
              'PEERING_CIDR_OVERLAP',
              `peering ${p.id}: ${p.requesterVpc} (${formatPrefix(a)}) and ${p.accepterVpc} (${formatPrefix(b)}) overlap; AWS refuses peering VPCs with overlapping CIDRs (PCX-3)`,
              p.span,
              {
                resource: p.id,
                ref: 'PCX-3',
              },
            ),
          );
        }
      }
    }
  }
  const byId = new Map(
    net.peerings.flatMap((p) =>
      p.awsId !== undefined ? [[p.id, p] as const, [p.awsId, p] as const] : [[p.id, p] as const],
    ),
  );
  for (const rt of net.routeTables) {
    for (const r of rt.routes) {
      if (r.target.kind !== 'vpc-peering' || r.target.id === undefined) continue;
      const p = byId.get(r.target.id);
      if (p && p.requesterVpc !== rt.vpc && p.accepterVpc !== rt.vpc) {
        out.push(
          error(
            'ROUTE_TARGET_OTHER_VPC',
            `route ${r.destination ?? ''} -> ${p.id} in ${rt.id}: peering ${p.id} does not involve VPC ${rt.vpc}`,
            r.span ?? rt.span,
            { resource: rt.id },
          ),
        );
      }
    }
  }
  return out;
}
