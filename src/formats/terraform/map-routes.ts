/**
 * Terraform mappers of routing: aws_route_table (inline `route` blocks, `propagating_vgws`), aws_default_route_table
 * (the VPC's main table, RT-9, whose routes are exactly those configured), aws_route, aws_route_table_association
 * (a subnet, or a gateway's edge association, RT-11) and aws_main_route_table_association (RT-9/RT-10).
 *
 * A route's target argument is read through the one route-target table (formats/build/route-targets.ts); Terraform
 * adds two readings of its own: a route to an instance goes to its primary interface, and a route naming a firewall
 * itself (plan JSON, where the endpoint id is known only after apply) goes to its first endpoint, with a caveat. A
 * target that is not a resource of the configuration is an unknown target with a caveat, never a dangling reference.
 */
import { warning, type Span } from '../../diag/diagnostic.js';
import type { Route, RouteTargetKind } from '../../model/network.js';
import type { DraftOf } from '../build/drafts.js';
import {
  isModelledTarget,
  kindOfResourceType,
  notModelledCaveat,
  ROUTE_TARGET_ARGUMENTS,
  routeTargetKind,
} from '../build/route-targets.js';
import { nameOf, str, type MapInstance, type TfMapContext } from './map-context.js';
import { blocks, strList } from './map-rules.js';
import type { TypeMapper } from './mapper.js';
import { isUnknown, type TfObject, type TfValue } from './value.js';

const given = (v: TfValue | undefined): boolean => v !== undefined && v !== null && v !== '';

/** The kind of the resource at a Terraform address, when the configuration has it (even if not modelled). */
function kindAt(c: TfMapContext, id: string): RouteTargetKind | undefined {
  return c.b.targetKind(id) ?? kindOfResourceType(c.typeAt(id));
}

/** One route: an inline `route` block (`cidr_block`) or an aws_route (`destination_cidr_block`). */
function routeFrom(
  c: TfMapContext,
  i: MapInstance,
  b: TfObject,
  inline: boolean,
  span: Span | undefined,
): Route | undefined {
  const destination =
    str(b[inline ? 'cidr_block' : 'destination_cidr_block']) ??
    str(b[inline ? 'ipv6_cidr_block' : 'destination_ipv6_cidr_block']);
  const pl = c.ref(b['destination_prefix_list_id']);
  const arg = ROUTE_TARGET_ARGUMENTS.find((a) => given(b[a.terraform]));
  if (!arg) {
    c.b.diags.push(
      warning('TF_ROUTE_NO_TARGET', `${i.address}: route ${destination ?? pl ?? '?'} has no target`, span, {
        resource: i.address,
      }),
    );
    return undefined;
  }
  const raw = b[arg.terraform];
  let id = c.ref(raw);
  const base = { ...(destination ? { destination } : {}), ...(span ? { span } : {}) };
  if (id === 'local') return { ...base, target: { kind: 'local' } };
  let kind: RouteTargetKind = id === undefined ? arg.kind : routeTargetKind(id, kindAt(c, id), arg.kind);
  let caveat: string | undefined;
  const firewall = c.b.get('firewalls', id);
  if (firewall) {
    caveat = `endpoint of ${firewall.id} assumed (the endpoint id is known only after apply)`;
    id = firewall.endpoints[0]?.id;
    kind = 'firewall-endpoint';
  }
  const primary = kind === 'instance' ? c.b.get('instances', id)?.interfaces[0] : undefined;
  if (primary !== undefined) {
    // A route to an instance sends to its primary network interface.
    kind = 'network-interface';
    id = primary;
  }
  const unsupportedType = id === undefined ? undefined : c.unsupportedTypes.get(id);
  if (
    id !== undefined &&
    !caveat &&
    unsupportedType === undefined &&
    isModelledTarget(kind) &&
    !c.b.targetKind(id)
  ) {
    // Not a resource of this configuration (an existing AWS id, or something not modelled).
    caveat = `target ${id} (${kind}) is not a resource of this configuration`;
    kind = 'unknown';
  }
  if (caveat === undefined && id === undefined)
    caveat = `target ${isUnknown(raw) ? raw.desc : JSON.stringify(raw ?? null)} is known only after apply`;
  else if (caveat === undefined && id !== undefined) caveat = notModelledCaveat(id, kind, unsupportedType);
  return {
    ...base,
    ...(pl ? { destinationPrefixList: pl } : {}),
    target: { kind: id ? kind : 'unknown', ...(id ? { id } : {}) },
    origin: 'static',
    ...(caveat ? { caveat } : {}),
  };
}

/** The inline `route` blocks and `propagating_vgws` of a route table. */
function inlineRoutes(c: TfMapContext, i: MapInstance, t: DraftOf<'routeTables'>): void {
  blocks(i.attrs['route']).forEach((b, k) => {
    const r = routeFrom(c, i, b, true, c.span(i, `route.${k}`));
    if (r) t.routes.push(r);
  });
  const prop = strList(i.attrs['propagating_vgws'], c.ruleCtx(i), 'propagating_vgws').map(
    (g) => c.ref(g) ?? g,
  );
  if (prop.length) t.propagatingGateways = prop;
}

/**
 * Pass 2 of aws_route_table and aws_default_route_table: the inline `route` blocks of each table created in pass 1
 * (aws_default_route_table's table is created with the VPC defaults, map-defaults.ts).
 */
export function attachInlineRoutes(c: TfMapContext, list: readonly MapInstance[]): void {
  for (const i of list) {
    const t = c.b.get('routeTables', i.address);
    if (t) inlineRoutes(c, i, t);
  }
}

const routeTable: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const v = c.needVpc(i);
      if (!v) continue;
      c.b.add('routeTables', {
        id: i.address,
        name: nameOf(i.attrs),
        span: i.span,
        vpc: v.id,
        routes: [],
        ...(typeof i.attrs['id'] === 'string' ? { awsId: i.attrs['id'] } : {}),
      });
    }
  },
  attach: attachInlineRoutes,
};

const route: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const t = c.routeTable(i.attrs['route_table_id']);
      if (!t) {
        c.unresolved(i, 'route_table_id', i.attrs['route_table_id']);
        continue;
      }
      const r = routeFrom(c, i, i.attrs, false, i.span);
      if (r) t.routes.push(r);
    }
  },
};

const association: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const rt = c.routeTable(i.attrs['route_table_id']);
      if (!rt) {
        c.unresolved(i, 'route_table_id', i.attrs['route_table_id']);
        continue;
      }
      const s = c.b.get('subnets', c.ref(i.attrs['subnet_id']));
      const gid = c.ref(i.attrs['gateway_id']);
      // RT-11: an edge association ties the table to an internet or virtual private gateway.
      const g = c.b.get('internetGateways', gid) ?? c.b.get('virtualPrivateGateways', gid);
      if (s) s.routeTable = rt.id;
      else if (g) g.routeTable = rt.id;
      else c.unresolved(i, 'subnet_id/gateway_id', i.attrs['subnet_id'] ?? i.attrs['gateway_id']);
    }
  },
};

const mainAssociation: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const v = c.b.get('vpcs', c.ref(i.attrs['vpc_id']));
      const rt = c.routeTable(i.attrs['route_table_id']);
      if (!v || !rt) {
        c.unresolved(i, 'vpc_id/route_table_id', i.attrs['route_table_id']);
        continue;
      }
      // RT-9/RT-10: the association replaces the VPC's main table.
      v.mainRouteTable = rt.id;
      for (const t of c.b.net.routeTables) if (t.vpc === v.id) t.main = t.id === rt.id ? true : undefined;
    }
  },
};

/** Mappers of routing, by resource type. */
export const ROUTE_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_route_table: routeTable,
  aws_route: route,
  aws_route_table_association: association,
  aws_main_route_table_association: mainAssociation,
};
