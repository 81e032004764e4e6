/**
 * Terraform mappers of Auto Scaling: aws_autoscaling_group launches its instances (formats/build/auto-scaling.ts)
 * from an aws_launch_template — `launch_template { id | name, version }` or a mixed instances policy's
 * `launch_template_specification` — or an aws_launch_configuration.
 *
 * A template's `network_interfaces` (device_index, security_groups, associate_public_ip_address) or its
 * `vpc_security_group_ids`, and its `user_data` (base64, as launch templates take it; user-data.ts reads it as the
 * OS, NATI-3) make the instances; `tags` and the group's `tag` blocks may carry `vpcsim:attach-eni`. One Terraform
 * resource is one template version, so `version` is not looked at. The group's instances go into
 * `vpc_zone_identifier` (a group with only `availability_zones` launches into default subnets, which are not in
 * the configuration: reported). Desired capacity: `desired_capacity`, else `min_size` (as AWS).
 */
import { warning } from '../../diag/diagnostic.js';
import {
  launchGroup,
  markBootAttachments,
  type AutoScalingGroupSpec,
  type LaunchInterfaceSpec,
  type LaunchTemplateSpec,
} from '../build/auto-scaling.js';
import { bool, str, type MapInstance, type TfMapContext } from './map-context.js';
import { blocks, numOf, strList } from './map-rules.js';
import type { TypeMapper } from './mapper.js';
import { userDataOs } from './user-data.js';
import { isObj, isUnknown, type TfObject, type TfValue } from './value.js';

function tagsOf(v: TfValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  // aws_autoscaling_group `tag { key value propagate_at_launch }` blocks (and the older `tags` list of maps).
  for (const t of blocks(v))
    if (typeof t['key'] === 'string' && typeof t['value'] === 'string') out[t['key']] = t['value'];
  return out;
}

/** The user data as text: launch templates take base64; a launch configuration plain text or user_data_base64. */
function userDataText(i: MapInstance): { text: string | undefined; attrs: TfObject } {
  const a = i.attrs;
  const raw = a['user_data'];
  if (i.type === 'aws_launch_template' && typeof raw === 'string') {
    const text = /^[A-Za-z0-9+/=\s]+$/.test(raw) ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    return { text, attrs: { ...a, user_data: text } };
  }
  const text =
    typeof raw === 'string'
      ? raw
      : typeof a['user_data_base64'] === 'string'
        ? Buffer.from(a['user_data_base64'], 'base64').toString('utf8')
        : undefined;
  return { text, attrs: a };
}

/** A launch template or launch configuration as the shared launcher reads it. */
function templateOf(c: TfMapContext, i: MapInstance): LaunchTemplateSpec {
  const a = i.attrs;
  const rc = c.ruleCtx(i);
  const sgs = (v: TfValue | undefined, what: string) => strList(v, rc, what).map((g) => c.sgRef(g) ?? g);
  const interfaces: LaunchInterfaceSpec[] = blocks(a['network_interfaces']).map((ni) => ({
    deviceIndex: numOf(ni['device_index']) ?? 0,
    securityGroups: sgs(ni['security_groups'], 'network_interfaces.security_groups'),
    associatePublicIp: bool(ni['associate_public_ip_address']),
  }));
  const ud = userDataText(i);
  const launchConfig = i.type === 'aws_launch_configuration';
  return {
    id: i.address,
    interfaces: launchConfig
      ? [{ deviceIndex: 0, securityGroups: [], associatePublicIp: bool(a['associate_public_ip_address']) }]
      : interfaces,
    securityGroups: sgs(
      launchConfig ? a['security_groups'] : (a['vpc_security_group_ids'] ?? a['security_group_names']),
      'security groups',
    ),
    os: userDataOs(c, { ...i, attrs: ud.attrs }),
    userData: ud.text,
    tags: tagsOf(a['tags']),
  };
}

/** The template a group launches from: its reference, in `launch_template`, a mixed policy, or a configuration. */
function templateRefOf(a: TfObject): TfValue | undefined {
  const direct = blocks(a['launch_template'])[0];
  const mixed = blocks(
    blocks(blocks(a['mixed_instances_policy'])[0]?.['launch_template'])[0]?.['launch_template_specification'],
  )[0];
  const spec = direct ?? mixed;
  if (spec) return spec['id'] ?? spec['launch_template_id'] ?? spec['name'] ?? spec['launch_template_name'];
  return a['launch_configuration'];
}

const autoscalingGroup: TypeMapper = {
  create(c, list) {
    const templates = new Map<string, MapInstance>();
    for (const t of [...c.of('aws_launch_template'), ...c.of('aws_launch_configuration')]) {
      templates.set(t.address, t);
      const name = str(t.attrs['name']);
      if (name) templates.set(name, t);
    }
    for (const i of list) {
      const a = i.attrs;
      const ref = templateRefOf(a);
      // By id, or by name (resource-instance.ts gives a template without a `name` its address as name).
      const t = templates.get(c.ref(ref) ?? '') ?? (typeof ref === 'string' ? templates.get(ref) : undefined);
      if (!t) {
        c.b.diags.push(
          warning(
            'ASG_LAUNCH_TEMPLATE_UNKNOWN',
            `${i.address}: its launch template ${isUnknown(ref) ? `(${ref.desc})` : JSON.stringify(ref ?? null)} is not in the configuration; its instances are not modelled`,
            c.span(i, 'launch_template'),
            { resource: i.address },
          ),
        );
        continue;
      }
      const zones = a['vpc_zone_identifier'];
      const listed = Array.isArray(zones) ? zones : [];
      const bad = listed.find((z) => !c.b.has('subnets', c.ref(z)));
      if (listed.length === 0 || bad !== undefined) {
        // A group with only availability_zones launches into default subnets, which are not in the configuration.
        c.unresolved(i, 'subnet (vpc_zone_identifier)', bad ?? zones ?? a['availability_zones']);
        continue;
      }
      const subnets = listed.map((z) => c.ref(z) ?? '');
      const spec: AutoScalingGroupSpec = {
        id: i.address,
        name: str(a['name']),
        span: i.span,
        subnets,
        desired: numOf(a['desired_capacity']) ?? numOf(a['min_size']) ?? 0,
        template: templateOf(c, t),
        tags: { ...tagsOf(a['tag']), ...tagsOf(a['tags']) },
      };
      c.autoScalingGroups.push(spec);
      const launched = launchGroup(
        c.b,
        spec,
        (s) => {
          const vpc = c.b.get('subnets', s)?.vpc;
          return vpc === undefined ? undefined : c.defaultSg(vpc);
        },
        (r) => c.ref(r),
      );
      for (const e of launched)
        if (
          e.associatePublicIp === true ||
          (e.associatePublicIp === undefined && c.mapPublicIp.has(e.subnet))
        )
          c.wantsPublic.add(e.id);
    }
  },
  attach(c) {
    markBootAttachments(c.b, c.autoScalingGroups);
  },
};

/** Launch templates and configurations are read through the groups that use them; an unused one is named. */
const readByGroups: TypeMapper = {
  attach(c, list) {
    const used = new Set(c.autoScalingGroups.map((g) => g.template.id));
    for (const i of list)
      if (!used.has(i.address))
        c.b.diags.push({
          severity: 'info',
          code: 'ASG_LAUNCH_TEMPLATE_UNUSED',
          message: `${i.address}: no Auto Scaling group vpcsim models launches from it (see the group's own diagnostic); no instance of it is modelled`,
          span: i.span,
          resource: i.address,
        });
  },
};

/** Mappers of Auto Scaling, by resource type (after interfaces and routes: they attach to both). */
export const AUTOSCALING_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_launch_template: readByGroups,
  aws_launch_configuration: readByGroups,
  aws_autoscaling_group: autoscalingGroup,
};
