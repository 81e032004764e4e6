/**
 * Transit gateway associations and propagations, resolved once for the whole network (TGW-2, TGW-16, TGW-17):
 * which route table each attachment is associated with (explicit, else the gateway's default association table
 * when auto-association is on), which attachments propagate into each table (explicit ∪ default propagation), and
 * the default table AWS creates with the gateway when the input names none.
 *
 * An attachment associated with two tables is recorded as a conflict (validate/transit-gateway.ts refuses it, as
 * the API does: TGW-2); the first association in input order is used. References resolve by `id` or `awsId`.
 */
import type { Network } from '../model/network.js';
import type { TgwAttachment, TgwRouteTable, TransitGateway } from '../model/transit-gateway.js';

export type TgwAssociationVia = 'explicit' | 'default';

export interface TgwAssociations {
  /** Attachment id → the table it is associated with and how; absent = no association (TGW-17). */
  readonly associationOf: ReadonlyMap<string, { readonly table: string; readonly via: TgwAssociationVia }>;
  /** Table id → attachments propagating into it, explicit first, in input order (TGW-2, TGW-16). */
  readonly propagationsOf: ReadonlyMap<string, readonly string[]>;
  /** Every table in effect: the input's plus the implied default tables (`<tgw>:default-rtb`), by id. */
  readonly tables: ReadonlyMap<string, TgwRouteTable>;
  /** Gateway id → its default association / propagation table, when auto-association/-propagation is on. */
  readonly defaults: ReadonlyMap<string, { readonly association?: string; readonly propagation?: string }>;
  /** Attachments associated with more than one table (the API refuses the second: TGW-2). */
  readonly conflicts: readonly { readonly attachment: string; readonly tables: readonly string[] }[];
  /** Canonical attachment id by id or awsId. */
  readonly attachmentId: (ref: string) => string | undefined;
  /** Canonical table id by id or awsId. */
  readonly tableId: (ref: string) => string | undefined;
}

/** The id AWS's implied default table gets when the input does not contain it. */
export function impliedDefaultTgwTableId(tgw: string): string {
  return `${tgw}:default-rtb`;
}

function resolver(
  items: readonly { readonly id: string; readonly awsId?: string | undefined }[],
): (ref: string) => string | undefined {
  const m = new Map<string, string>();
  for (const x of items) {
    if (x.awsId !== undefined && !m.has(x.awsId)) m.set(x.awsId, x.id);
  }
  for (const x of items) m.set(x.id, x.id);
  return (ref) => m.get(ref);
}

/** The default association / propagation tables of one gateway (TGW-16), adding an implied one when needed. */
function defaultTables(
  tgw: TransitGateway,
  own: readonly TgwRouteTable[],
  tableId: (ref: string) => string | undefined,
  implied: TgwRouteTable[],
): { association?: string; propagation?: string } {
  const assocOn = tgw.defaultRouteTableAssociation !== false;
  const propOn = tgw.defaultRouteTablePropagation !== false;
  if (!assocOn && !propOn) return {};
  const flagged = own.find((t) => t.isDefault === true)?.id;
  let fallback = flagged;
  const named = (ref: string | undefined): string | undefined =>
    ref === undefined ? undefined : (tableId(ref) ?? undefined);
  const needImplied =
    (assocOn && named(tgw.associationDefaultRouteTable) === undefined && flagged === undefined) ||
    (propOn && named(tgw.propagationDefaultRouteTable) === undefined && flagged === undefined);
  if (needImplied) {
    const id = impliedDefaultTgwTableId(tgw.id);
    implied.push({ id, transitGateway: tgw.id, routes: [], isDefault: true, span: tgw.span });
    fallback = id;
  }
  return {
    ...(assocOn ? { association: named(tgw.associationDefaultRouteTable) ?? fallback } : {}),
    ...(propOn ? { propagation: named(tgw.propagationDefaultRouteTable) ?? fallback } : {}),
  };
}

export function resolveTgwAssociations(net: Network): TgwAssociations {
  const tgws = net.transitGateways ?? [];
  const atts: readonly TgwAttachment[] = net.transitGatewayAttachments ?? [];
  const own = net.transitGatewayRouteTables ?? [];
  const tableId = resolver(own);
  const attachmentId = resolver(atts);
  const tgwId = resolver(tgws);
  const implied: TgwRouteTable[] = [];
  const defaults = new Map<string, { association?: string; propagation?: string }>();
  for (const g of tgws) {
    const mine = own.filter((t) => tgwId(t.transitGateway) === g.id);
    defaults.set(g.id, defaultTables(g, mine, tableId, implied));
  }
  const associationOf = new Map<string, { table: string; via: TgwAssociationVia }>();
  const claims = new Map<string, string[]>();
  const propagationsOf = new Map<string, string[]>();
  for (const t of own) {
    for (const ref of t.associations ?? []) {
      const a = attachmentId(ref) ?? ref;
      const list = claims.get(a) ?? [];
      if (!list.includes(t.id)) list.push(t.id);
      claims.set(a, list);
      if (!associationOf.has(a)) associationOf.set(a, { table: t.id, via: 'explicit' });
    }
    const props: string[] = [];
    for (const ref of t.propagations ?? []) {
      const a = attachmentId(ref) ?? ref;
      if (!props.includes(a)) props.push(a);
    }
    propagationsOf.set(t.id, props);
  }
  for (const t of implied) propagationsOf.set(t.id, []);
  for (const a of atts) {
    const d = defaults.get(tgwId(a.transitGateway) ?? a.transitGateway);
    if (!d) continue;
    if (!associationOf.has(a.id) && a.defaultAssociation !== false && d.association !== undefined)
      associationOf.set(a.id, { table: d.association, via: 'default' });
    if (a.defaultPropagation !== false && d.propagation !== undefined) {
      const list = propagationsOf.get(d.propagation) ?? [];
      if (!list.includes(a.id)) list.push(a.id);
      propagationsOf.set(d.propagation, list);
    }
  }
  const tables = new Map<string, TgwRouteTable>();
  for (const t of [...own, ...implied]) tables.set(t.id, t);
  const conflicts = [...claims]
    .filter(([, ts]) => ts.length > 1)
    .map(([attachment, ts]) => ({ attachment, tables: ts }));
  return { associationOf, propagationsOf, tables, defaults, conflicts, attachmentId, tableId };
}
