/**
 * Transit gateways as the API checks them and the mistakes it accepts (B10):
 * - references: attachments name their gateway, VPC, subnets, VPN connection, peer gateway or firewall; route
 *   tables name their gateway; routes, associations and propagations name attachments of the same gateway (TGW-2);
 * - TGW-8: a VPC attachment has at least one subnet, at most one per AZ, no IPv6-only subnet; one VPC attachment per
 *   VPC per gateway; at most 5 gateways per VPC (TGW-30);
 * - TGW-2: each attachment is associated with exactly one table (a second association is refused; none = its
 *   traffic is dropped, TGW-17: warning); TGW-14: peering attachments cannot propagate;
 * - TGW-4: two VPCs propagating an identical CIDR into one table (the later is not propagated);
 * - TGW-20: static routes to attachments that are not available are blackholes (warning);
 * - TGW-25: an inspection VPC attached in several AZs without appliance mode (warning with the fix);
 * - TGW-12: attachments from another account need the gateway shared with it (transit-sharing.ts);
 * - missing return routes in spoke VPC tables (lint with the fix; RA RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY).
 */
import { error, warning, type Diagnostic } from '../diag/diagnostic.js';
import { formatPrefix, prefixEquals, tryCidr4, type Prefix4 } from '../net/prefix.js';
import type { Network, RouteTable, Subnet } from '../model/network.js';
import type { TgwAttachment } from '../model/transit-gateway.js';
import type { Associations } from '../associations/resolve.js';
import { resolveTgwAssociations, type TgwAssociations } from '../associations/transit-gateway.js';
import { validateTgwReturnRoutes } from './transit-gateway-routes.js';
import { validateTgwSharing } from './transit-sharing.js';

function byIdOrAws<T extends { id: string; awsId?: string | undefined }>(xs: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const x of xs) if (x.awsId !== undefined) m.set(x.awsId, x);
  for (const x of xs) m.set(x.id, x);
  return m;
}

export function validateTransitGateways(net: Network, assoc: Associations): Diagnostic[] {
  const atts = net.transitGatewayAttachments ?? [];
  if ((net.transitGateways ?? []).length === 0 && atts.length === 0) return [];
  const tgwa = resolveTgwAssociations(net);
  return [
    ...validateAttachments(net, atts),
    ...validateTgwSharing(net, atts),
    ...validateTables(net, tgwa),
    ...validateApplianceMode(net, assoc, atts),
    ...validateTgwReturnRoutes(net, assoc, tgwa),
  ];
}

function validateAttachments(net: Network, atts: readonly TgwAttachment[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const tgws = byIdOrAws(net.transitGateways ?? []);
  const vpcs = byIdOrAws(net.vpcs);
  const subnets = byIdOrAws(net.subnets);
  const vpns = byIdOrAws(net.vpnConnections ?? []);
  const dxgws = byIdOrAws(net.directConnectGateways ?? []);
  const fws = byIdOrAws(net.firewalls);
  const perVpc = new Map<string, TgwAttachment>();
  const tgwsPerVpc = new Map<string, Set<string>>();
  const unknown = (a: TgwAttachment, what: string, ref: string): void => {
    out.push(
      error('UNKNOWN_REFERENCE', `transit gateway attachment ${a.id} names unknown ${what} ${ref}`, a.span, {
        resource: a.id,
      }),
    );
  };
  for (const a of atts) {
    const tgw = tgws.get(a.transitGateway);
    if (!tgw) unknown(a, 'transit gateway', a.transitGateway);
    if (a.kind === 'vpn' && a.vpnConnection !== undefined && !vpns.has(a.vpnConnection))
      unknown(a, 'VPN connection', a.vpnConnection);
    if (
      a.kind === 'direct-connect-gateway' &&
      a.directConnectGateway !== undefined &&
      !dxgws.has(a.directConnectGateway)
    )
      unknown(a, 'Direct Connect gateway', a.directConnectGateway);
    if (a.kind === 'peering' && a.peerTransitGateway !== undefined && !tgws.has(a.peerTransitGateway))
      unknown(a, 'peer transit gateway', a.peerTransitGateway);
    if (a.kind === 'network-function' && a.firewall !== undefined && !fws.has(a.firewall))
      unknown(a, 'firewall', a.firewall);
    if (a.kind !== 'vpc') continue;
    const vpc = a.vpc !== undefined ? vpcs.get(a.vpc) : undefined;
    if (!vpc) {
      unknown(a, 'VPC', a.vpc ?? '(none)');
      continue;
    }
    if (tgw) {
      const key = `${tgw.id}|${vpc.id}`;
      const prev = perVpc.get(key);
      if (prev)
        out.push(
          error(
            'TGW_VPC_ATTACHMENT_DUPLICATE',
            `${a.id} attaches ${vpc.id} to ${tgw.id} a second time (first: ${prev.id}); AWS allows one VPC attachment per VPC per transit gateway (TGW-8: DuplicateTransitGatewayAttachment)`,
            a.span,
            { resource: a.id, ref: 'TGW-8' },
          ),
        );
      else perVpc.set(key, a);
      const set = tgwsPerVpc.get(vpc.id) ?? new Set<string>();
      set.add(tgw.id);
      tgwsPerVpc.set(vpc.id, set);
      if (set.size === 6)
        out.push(
          error(
            'TGW_VPC_ATTACHMENT_QUOTA',
            `${vpc.id} is attached to more than 5 transit gateways (TGW-8, TGW-30)`,
            a.span,
            { resource: a.id, ref: 'TGW-30' },
          ),
        );
    }
    out.push(...validateAttachmentSubnets(a, vpc.id, subnets));
  }
  return out;
}

/** TGW-8: one subnet per AZ, at least one, in the attachment's VPC, each with IPv4. */
function validateAttachmentSubnets(
  a: TgwAttachment,
  vpc: string,
  subnets: Map<string, Subnet>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const refs = a.subnets ?? [];
  if (refs.length === 0)
    out.push(
      error(
        'TGW_ATTACHMENT_NO_SUBNET',
        `VPC attachment ${a.id} has no subnet; it needs one subnet in each AZ it serves (TGW-8)`,
        a.span,
        { resource: a.id, ref: 'TGW-8' },
      ),
    );
  const byAz = new Map<string, string>();
  for (const ref of refs) {
    const s = subnets.get(ref);
    if (!s) {
      out.push(
        error('UNKNOWN_REFERENCE', `transit gateway attachment ${a.id} names unknown subnet ${ref}`, a.span, {
          resource: a.id,
        }),
      );
      continue;
    }
    if (s.vpc !== vpc)
      out.push(
        error(
          'TGW_ATTACHMENT_SUBNET_VPC',
          `subnet ${s.id} of attachment ${a.id} is in ${s.vpc}, not in the attached VPC ${vpc} (TGW-8)`,
          a.span,
          { resource: a.id, ref: 'TGW-8' },
        ),
      );
    if (tryCidr4(s.cidr ?? '') === null && s.ipv6Cidr !== undefined)
      out.push(
        error(
          'TGW_ATTACHMENT_SUBNET_IPV6_ONLY',
          `subnet ${s.id} of attachment ${a.id} is IPv6-only; transit gateway attachment subnets need an IPv4 CIDR (TGW-8)`,
          a.span,
          { resource: a.id, ref: 'TGW-8' },
        ),
      );
    if (s.az === undefined) continue;
    const prev = byAz.get(s.az);
    if (prev !== undefined)
      out.push(
        error(
          'TGW_ATTACHMENT_DUPLICATE_AZ',
          `attachment ${a.id} has two subnets in ${s.az} (${prev}, ${s.id}); AWS allows one subnet per Availability Zone (TGW-8: DuplicateSubnetsInSameZone)`,
          a.span,
          { resource: a.id, ref: 'TGW-8' },
        ),
      );
    else byAz.set(s.az, s.id);
  }
  return out;
}

function validateTables(net: Network, tgwa: TgwAssociations): Diagnostic[] {
  const out: Diagnostic[] = [];
  const tgws = byIdOrAws(net.transitGateways ?? []);
  const atts = byIdOrAws(net.transitGatewayAttachments ?? []);
  const tgwOf = (ref: string): string => tgws.get(ref)?.id ?? ref;
  for (const c of tgwa.conflicts) {
    const a = atts.get(c.attachment);
    out.push(
      error(
        'TGW_ASSOCIATION_DUPLICATE',
        `attachment ${c.attachment} is associated with ${c.tables.join(' and ')}; an attachment is associated with exactly one transit gateway route table (TGW-2: Resource.AlreadyAssociated)`,
        a?.span,
        { resource: c.attachment, ref: 'TGW-2' },
      ),
    );
  }
  for (const a of net.transitGatewayAttachments ?? []) {
    if (!tgwa.associationOf.has(a.id))
      out.push(
        warning(
          'TGW_ATTACHMENT_NOT_ASSOCIATED',
          `attachment ${a.id} is associated with no route table of ${a.transitGateway}: the gateway drops everything it sends (TGW-17); associate it with a table`,
          a.span,
          { resource: a.id, ref: 'TGW-17' },
        ),
      );
  }
  const vpcCidrs = new Map(
    net.vpcs.map((v) => [v.id, v.cidrs.map(tryCidr4).filter((p): p is Prefix4 => p !== null)]),
  );
  for (const t of net.transitGatewayRouteTables ?? []) {
    const gw = tgwOf(t.transitGateway);
    if (!tgws.has(t.transitGateway))
      out.push(
        error(
          'UNKNOWN_REFERENCE',
          `transit gateway route table ${t.id} names unknown transit gateway ${t.transitGateway}`,
          t.span,
          { resource: t.id },
        ),
      );
    const check = (ref: string, role: string): TgwAttachment | undefined => {
      const a = atts.get(ref);
      if (!a) {
        out.push(
          error(
            'UNKNOWN_REFERENCE',
            `transit gateway route table ${t.id}: ${role} names unknown attachment ${ref}`,
            t.span,
            { resource: t.id },
          ),
        );
        return undefined;
      }
      if (tgwOf(a.transitGateway) !== gw)
        out.push(
          error(
            'TGW_ATTACHMENT_OTHER_GATEWAY',
            `transit gateway route table ${t.id} of ${gw}: ${role} names ${a.id}, an attachment of ${a.transitGateway} (TGW-2: a table only refers to its own gateway's attachments)`,
            t.span,
            { resource: t.id, ref: 'TGW-2' },
          ),
        );
      return a;
    };
    for (const ref of t.associations ?? []) check(ref, 'association');
    const seen: { prefix: Prefix4; att: string }[] = [];
    for (const ref of t.propagations ?? []) {
      const a = check(ref, 'propagation');
      if (a?.kind === 'peering')
        out.push(
          error(
            'TGW_PEERING_PROPAGATION',
            `${t.id}: peering attachment ${a.id} cannot propagate routes; add static routes to it (TGW-14)`,
            t.span,
            { resource: t.id, ref: 'TGW-14' },
          ),
        );
      if (a?.kind !== 'vpc' || a.vpc === undefined) continue;
      for (const p of vpcCidrs.get(a.vpc) ?? []) {
        const dup = seen.find((s) => prefixEquals(s.prefix, p));
        if (dup)
          out.push(
            warning(
              'TGW_PROPAGATION_DUPLICATE_CIDR',
              `${t.id}: ${a.id} and ${dup.att} both propagate ${formatPrefix(p)}; only the first is propagated (TGW-4)`,
              t.span,
              { resource: t.id, ref: 'TGW-4' },
            ),
          );
        else seen.push({ prefix: p, att: a.id });
      }
    }
    for (const r of t.routes) {
      if (r.attachment === undefined) continue;
      const a = check(r.attachment, `route ${r.destination ?? r.destinationPrefixList ?? ''}`);
      if (a && a.state !== undefined && a.state !== 'available')
        out.push(
          warning(
            'TGW_ROUTE_BLACKHOLE',
            `${t.id}: route ${r.destination ?? r.destinationPrefixList ?? ''} -> ${a.id} is a blackhole while ${a.id} is ${a.state} (TGW-11, TGW-20)`,
            r.span ?? t.span,
            { resource: t.id, ref: 'TGW-20' },
          ),
        );
    }
  }
  return out;
}

/** Does this route table send traffic into an inspection component (firewall/GWLB endpoint, appliance ENI)? */
function inspects(rt: RouteTable | undefined): string | undefined {
  const r = rt?.routes.find((x) =>
    ['firewall-endpoint', 'gwlb-endpoint', 'network-interface', 'instance'].includes(x.target.kind),
  );
  return r
    ? `${r.destination ?? r.destinationPrefixList ?? ''} -> ${r.target.id ?? r.target.kind}`
    : undefined;
}

/** TGW-25: a multi-AZ inspection VPC attachment without appliance mode sends the two directions through different AZs. */
function validateApplianceMode(
  net: Network,
  assoc: Associations,
  atts: readonly TgwAttachment[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const subnets = byIdOrAws(net.subnets);
  for (const a of atts) {
    if (a.kind !== 'vpc' || a.applianceMode === true) continue;
    const subs = (a.subnets ?? []).map((s) => subnets.get(s)).filter((s): s is Subnet => s !== undefined);
    if (new Set(subs.map((s) => s.az)).size < 2) continue;
    const why = subs
      .map((s) => inspects(assoc.routeTables.get(assoc.subnets.get(s.id)?.routeTable.id ?? '')))
      .find((x) => x !== undefined);
    if (why === undefined) continue;
    out.push(
      warning(
        'TGW_APPLIANCE_MODE_RECOMMENDED',
        `attachment ${a.id} leads into an inspection VPC (${why}) in several AZs without appliance mode: a flow between two AZs is inspected in one AZ on the way out and another on the way back, and stateful appliances drop the half they never saw (TGW-5, TGW-25); enable appliance mode on attachment ${a.id}`,
        a.span,
        { resource: a.id, ref: 'TGW-25' },
      ),
    );
  }
  return out;
}
