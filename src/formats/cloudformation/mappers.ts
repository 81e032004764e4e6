/**
 * The mapper of every CloudFormation resource type vpcsim models (a table by type, one module per concern), and the
 * two passes that run them over the enabled resources of every loaded stack, in template order: pass 1 creates the
 * objects, pass 2 attaches what refers to them (routes, rules, associations, attachments, Elastic IPs).
 *
 * A type with no mapper is either ignored (no effect on packets: IAM, logs …, named once in an info diagnostic) or
 * unsupported: each resource is listed in `network.unsupported` through the network builder's one report (one
 * UNSUPPORTED_RESOURCE_TYPE warning per type); a custom resource also marks the route tables it names
 * (custom-resources.ts).
 */
import type { ImportContext, ResourceRef } from './context.js';
import { customResourceEffects } from './custom-resources.js';
import { CLIENT_VPN_MAPPERS } from './map-clientvpn.js';
import { EIP_MAPPERS } from './map-eips.js';
import { ENDPOINT_MAPPERS } from './map-endpoints.js';
import { FIREWALL_MAPPERS } from './map-firewall.js';
import { GATEWAY_MAPPERS } from './map-gateways.js';
import { INSTANCE_MAPPERS } from './map-instances.js';
import { LOAD_BALANCER_MAPPERS } from './map-load-balancers.js';
import { AUTOSCALING_MAPPERS } from './map-autoscaling.js';
import { NETWORK_ACL_MAPPERS } from './map-network-acls.js';
import type { CfnMapper } from './mapper.js';
import { ROUTE_MAPPERS } from './map-routes.js';
import { RULE_GROUP_MAPPERS } from './map-rule-groups.js';
import { SECURITY_GROUP_MAPPERS } from './map-security-groups.js';
import { VPC_MAPPERS } from './map-vpc.js';
import { TRANSIT_MAPPERS } from './map-transit.js';
import { isCustomType, isIgnoredType } from './resource-types.js';

/** The mapper of every resource type vpcsim models. */
const MAPPERS: ReadonlyMap<string, CfnMapper> = new Map(
  Object.entries({
    ...VPC_MAPPERS,
    ...GATEWAY_MAPPERS,
    ...ROUTE_MAPPERS,
    ...ENDPOINT_MAPPERS,
    ...SECURITY_GROUP_MAPPERS,
    ...NETWORK_ACL_MAPPERS,
    ...INSTANCE_MAPPERS,
    ...AUTOSCALING_MAPPERS,
    ...EIP_MAPPERS,
    ...FIREWALL_MAPPERS,
    ...RULE_GROUP_MAPPERS,
    ...CLIENT_VPN_MAPPERS,
    ...LOAD_BALANCER_MAPPERS,
    ...TRANSIT_MAPPERS,
  }),
);

/** The CloudFormation types vpcsim models (scripts/gen-cfn-properties.ts reads their property names). */
export function modelledTypes(): string[] {
  return [...MAPPERS.keys()];
}

/** Does vpcsim model resources of this CloudFormation type? */
export function isModelledType(type: string): boolean {
  return MAPPERS.has(type);
}

/**
 * Map the enabled resources (template order) into the context's network builder: both passes, then the
 * unsupported types (one warning each, among the import's diagnostics) and the ignored ones (one info).
 */
export function mapResources(ctx: ImportContext, enabled: readonly ResourceRef[]): void {
  // Unsupported resources by type, types in the order they first appear.
  const unsupported = new Map<string, ResourceRef[]>();
  const ignoredTypes = new Set<string>();
  for (const r of enabled) {
    const type = r.decl.type;
    const m = MAPPERS.get(type);
    if (m) m.create?.(ctx, r);
    else if (isIgnoredType(type)) ignoredTypes.add(type);
    else {
      const list = unsupported.get(type);
      if (list) list.push(r);
      else unsupported.set(type, [r]);
    }
  }
  for (const r of enabled) MAPPERS.get(r.decl.type)?.attach?.(ctx, r);

  for (const [type, refs] of unsupported) {
    for (const r of refs) {
      // A custom resource also marks the route tables it names (it may change them at deploy time).
      const reason = isCustomType(type) ? customResourceEffects(ctx, r) : undefined;
      ctx.b.unsupported({ id: r.id, type, span: ctx.span(r.stack, r.decl.typePos), reason });
    }
  }
  ctx.diags.push(...ctx.b.unsupportedDiagnostics());
  if (ignoredTypes.size > 0) {
    ctx.diags.push({
      severity: 'info',
      code: 'IGNORED_RESOURCE_TYPES',
      message: `resource types with no effect on the data plane were skipped: ${[...ignoredTypes].sort().join(', ')}`,
    });
  }
}
