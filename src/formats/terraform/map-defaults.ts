/**
 * Terraform's aws_default_* resources: they take over a VPC's main route table (RT-9), default security group (SG-4)
 * and default network ACL (NACL-4) and replace their routes or rules with exactly what is configured — unlike the
 * implied defaults (formats/build/implied.ts), which keep AWS's allow-all rules. A reference to the VPC default
 * (`aws_vpc.x.default_security_group_id` …) then names the aws_default_* resource.
 */
import type { DraftOf } from '../build/drafts.js';
import { nameOf, type MapInstance, type TfMapContext } from './map-context.js';
import { inlineNaclRules, inlineSgRules, naclSubnets } from './map-filters.js';
import type { TypeMapper } from './mapper.js';
import { attachInlineRoutes } from './map-routes.js';

/** The VPC whose default `<what>` an aws_default_* resource takes over (via its `<what>_id`), and that reference. */
function defaultOf(
  c: TfMapContext,
  i: MapInstance,
  what: 'default_route_table' | 'default_network_acl',
): { v: DraftOf<'vpcs'>; target: string } | undefined {
  const raw = i.attrs[`${what}_id`];
  const target = typeof raw === 'string' && raw !== '' ? c.b.resolve(raw) : undefined;
  const vpcId = target?.endsWith(`.${what}`) ? target.slice(0, -what.length - 1) : target;
  const v = c.b.get('vpcs', vpcId);
  if (!v || !target) {
    c.unresolved(i, `${what}_id`, raw);
    return undefined;
  }
  return { v, target };
}

const defaultRouteTable: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const d = defaultOf(c, i, 'default_route_table');
      if (!d) continue;
      c.defaultAlias.set(d.target, i.address);
      c.b.add('routeTables', {
        id: i.address,
        name: nameOf(i.attrs),
        span: i.span,
        vpc: d.v.id,
        routes: [],
        main: true,
      });
      d.v.mainRouteTable = i.address;
    }
  },
  attach: attachInlineRoutes,
};

const defaultSecurityGroup: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const v = c.needVpc(i);
      if (!v) continue;
      c.defaultAlias.set(`${v.id}.default_security_group`, i.address);
      // Terraform's aws_default_security_group removes every rule and applies only the configured ones.
      const sg = c.b.add('securityGroups', {
        id: i.address,
        name: nameOf(i.attrs),
        span: i.span,
        vpc: v.id,
        groupName: 'default',
        inbound: [],
        outbound: [],
        isDefault: true,
      });
      v.defaultSecurityGroup = i.address;
      inlineSgRules(c, i, sg);
    }
  },
};

const defaultNetworkAcl: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const d = defaultOf(c, i, 'default_network_acl');
      if (!d) continue;
      c.defaultAlias.set(d.target, i.address);
      // Likewise aws_default_network_acl replaces the default allow-all rules with exactly the configured ones.
      const n = c.b.add('networkAcls', {
        id: i.address,
        name: nameOf(i.attrs),
        span: i.span,
        vpc: d.v.id,
        isDefault: true,
        inbound: [],
        outbound: [],
      });
      d.v.defaultNetworkAcl = i.address;
      inlineNaclRules(c, i, n);
    }
  },
  attach(c, list) {
    for (const i of list) naclSubnets(c, i);
  },
};

/** Mappers of the aws_default_* resources, by resource type (they run right after the VPCs and subnets). */
export const DEFAULT_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_default_route_table: defaultRouteTable,
  aws_default_security_group: defaultSecurityGroup,
  aws_default_network_acl: defaultNetworkAcl,
};
