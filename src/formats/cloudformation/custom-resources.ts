/**
 * Custom resources (`Custom::X`, AWS::CloudFormation::CustomResource) run code at deploy time that vpcsim cannot
 * simulate. When one names a route table of the templates (evaluated properties), that table may change at deploy
 * time: each of its routes gets a caveat, and a VPC CIDR the resource names keeps its local route explicit (RT-2)
 * so the caveat shows on the hop that uses it.
 */
import type { Route } from '../../model/network.js';
import type { ImportContext, ResourceRef } from './context.js';
import { NO_VALUE, type CfnValue } from './cfn-value.js';

/** Evaluate a custom resource's properties and mark route tables it names: it may change them at deploy time. */
export function customResourceEffects(ctx: ImportContext, r: ResourceRef): string {
  const strings: string[] = [];
  const collect = (v: CfnValue | undefined) => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) for (const x of v as readonly CfnValue[]) collect(x);
    else if (v !== null && typeof v === 'object')
      for (const x of Object.values(v as Record<string, CfnValue>)) collect(x);
  };
  if (r.decl.props) {
    const v = r.stack.ev.value(r.decl.props);
    if (v !== NO_VALUE) collect(v);
  }
  const tables = [...new Set(strings.filter((s) => ctx.b.has('routeTables', s)))];
  if (tables.length === 0) return 'custom resource: code that runs at deploy time';
  for (const rtId of tables) {
    const rt = ctx.b.get('routeTables', rtId);
    if (!rt) continue;
    const caveat = `route table ${rtId} is modified at deploy time by ${r.decl.type} ${r.id} (not simulated); the path may differ`;
    const withCaveat = (route: Route): Route => ({
      ...route,
      caveat: route.caveat ? `${route.caveat}; ${caveat}` : caveat,
    });
    for (let i = 0; i < rt.routes.length; i++) {
      const route = rt.routes[i];
      if (route) rt.routes[i] = withCaveat(route);
    }
    // A VPC CIDR named by the custom resource: it likely replaces the local route (RT-2). Keep the local route
    // explicit so the caveat shows on the hop that uses it.
    const vpc = ctx.b.get('vpcs', rt.vpc);
    for (const cidr of vpc?.cidrs ?? []) {
      if (strings.includes(cidr) && !rt.routes.some((x) => x.destination === cidr)) {
        rt.routes.push({
          destination: cidr,
          target: { kind: 'local' },
          origin: 'auto',
          span: ctx.span(r.stack, r.decl.pos),
          caveat,
        });
      }
    }
  }
  return `custom resource (code that runs at deploy time) naming route table${tables.length > 1 ? 's' : ''} ${tables.join(', ')}`;
}
