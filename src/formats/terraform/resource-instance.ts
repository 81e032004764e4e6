/**
 * One Terraform resource instance as a value: an object whose configured attributes are evaluated on first access
 * (memoised per instance, so references between resources resolve in any order), plus the attributes AWS computes that
 * the network model needs — `id` (the instance's address: ids in the model are Terraform addresses), a VPC's default
 * route table / security group / network ACL ids, an instance's primary ENI, a Network Firewall's endpoint ids per AZ.
 */
import { childScope, type Scope } from './expr-eval.js';
import { isRawObject, META, type InstCtx } from './evaluator.js';
import type { BlockDef } from './hcl-load.js';
import type { ModuleInst } from './module-instance.js';
import { isObj, RESOURCE, type TfObject, type TfValue } from './value.js';

/** Types whose `arn` other resources reference (load balancers, listeners, target groups, endpoint services, B14). */
const LB_ARN_TYPES =
  /^aws_(lb|alb|elb|lb_listener|alb_listener|lb_target_group|alb_target_group|vpc_endpoint_service)$/;

/** A resource instance: its attributes are evaluated on first access. */
export function resourceInstance(mod: ModuleInst, b: BlockDef, address: string, ctx: InstCtx): TfObject {
  const [type, name] = b.labels as [string, string];
  const scope: Scope = childScope(mod.scopeBase, {
    ...(ctx.count !== undefined ? { count: ctx.count } : {}),
    ...(ctx.each !== undefined ? { each: ctx.each } : {}),
  });
  const o: TfObject = {};
  Object.defineProperty(o, RESOURCE, { value: address, enumerable: false });
  const keys = new Set(Object.keys(b.body).filter((k) => !META.has(k) && k !== 'dynamic'));
  const dyn = b.body['dynamic'];
  if (isRawObject(dyn)) for (const k of Object.keys(dyn)) keys.add(k);
  for (const k of keys) {
    Object.defineProperty(o, k, {
      enumerable: true,
      get: () =>
        mod.memoised(`attr.${address}.${k}`, mod.spanOfBlock(b, k), `${address}.${k}`, () => {
          const stat =
            k in b.body
              ? mod.evalRaw(b.body[k] ?? null, scope, mod.spanOfBlock(b, k), `${address}.${k}`)
              : null;
          if (isRawObject(dyn) && k in dyn) {
            const d = mod.dynamicBlocks(dyn, k, scope, mod.spanOfBlock(b, k), address);
            return [...(Array.isArray(stat) ? stat : []), ...d];
          }
          return stat;
        }),
    });
  }
  const computed = (k: string, get: () => TfValue) => {
    if (!keys.has(k) && !Object.prototype.hasOwnProperty.call(o, k))
      Object.defineProperty(o, k, { enumerable: false, get });
  };
  computed('id', () => address);
  if (type.startsWith('aws_networkfirewall_') || LB_ARN_TYPES.test(type)) computed('arn', () => address);
  // B14, B15: deploy-time names of load balancers and endpoint services (placeholders).
  if (type === 'aws_lb' || type === 'aws_alb' || type === 'aws_elb')
    computed('dns_name', () => `${address.replace(/[^a-z0-9-]/gi, '-')}.elb.${mod.ev.region}.amazonaws.com`);
  if (type === 'aws_vpc_endpoint_service')
    computed('service_name', () => `com.amazonaws.vpce.${mod.ev.region}.${address}`);
  if (type === 'aws_eip') computed('allocation_id', () => address);
  // An Auto Scaling group may name its template by name; one set at apply (name_prefix) is the template itself.
  if (type === 'aws_launch_template' || type === 'aws_launch_configuration') computed('name', () => address);
  if (type === 'aws_vpc') {
    computed('default_route_table_id', () => `${address}.default_route_table`);
    computed('main_route_table_id', () => `${address}.default_route_table`);
    computed('default_security_group_id', () => `${address}.default_security_group`);
    computed('default_network_acl_id', () => `${address}.default_network_acl`);
  }
  if (type === 'aws_instance')
    computed('primary_network_interface_id', () => `${address}.primary_network_interface`);
  // Ids AWS creates with a transit gateway or a VPN connection on one (formats/terraform/map-transit.ts).
  if (type === 'aws_ec2_transit_gateway') {
    computed('association_default_route_table_id', () => `${address}:default-rtb`);
    computed('propagation_default_route_table_id', () => `${address}:default-rtb`);
  }
  if (type === 'aws_vpn_connection')
    computed('transit_gateway_attachment_id', () => `${address}:attachment`);
  if (type === 'aws_networkfirewall_firewall')
    computed('firewall_status', () => {
      const maps = o['subnet_mapping'];
      const states: TfValue[] = [];
      for (const m of Array.isArray(maps) ? maps : []) {
        const sid = isObj(m) ? m['subnet_id'] : null;
        if (typeof sid !== 'string') continue;
        const az = mod.ev.byAddress.get(sid)?.['availability_zone'];
        states.push({
          availability_zone: typeof az === 'string' ? az : sid,
          attachment: [
            {
              endpoint_id: `${address}@${typeof az === 'string' ? az : sid}`,
              subnet_id: sid,
              status: 'READY',
            },
          ],
        });
      }
      return [{ sync_states: states }];
    });
  mod.ev.byAddress.set(address, o);
  mod.ev.instances.push({ address, type, name, obj: o, block: b, mod });
  return o;
}
