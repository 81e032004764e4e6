/**
 * CloudFormation mappers of Auto Scaling: AWS::AutoScaling::AutoScalingGroup launches its instances
 * (formats/build/auto-scaling.ts) from an AWS::EC2::LaunchTemplate — `LaunchTemplate` or a mixed instances policy's
 * `LaunchTemplateSpecification` (by `LaunchTemplateId` or `LaunchTemplateName`) — or an
 * AWS::AutoScaling::LaunchConfiguration (`LaunchConfigurationName`).
 *
 * The template's `LaunchTemplateData` gives the interfaces (`NetworkInterfaces`: DeviceIndex, Groups,
 * AssociatePublicIpAddress; else `SecurityGroupIds` / `SecurityGroups`) and the OS (`UserData` after Fn::Base64 and
 * Fn::Sub, and the template's `Metadata.vpcsim.os`, read as an instance's, NATI-3). One template resource is one
 * version, so `Version` is not looked at. Instances go into `VPCZoneIdentifier` (a group with only
 * `AvailabilityZones` launches into default subnets, not in the template: reported). Desired capacity:
 * `DesiredCapacity`, else `MinSize`. The fixed interface a NAT instance attaches at boot is named by the group's
 * `Metadata.vpcsim.attach-eni` or its tag `vpcsim:attach-eni` (`!Ref FixedEni`). Groups launch in pass 2, once every
 * subnet, group and interface exists; their placeholder addresses (the first free of each subnet after every other
 * interface's, ADDR-2) and the check of routes to interfaces the instance may attach at boot run after pass 2.
 */
import { warning } from '../../diag/diagnostic.js';
import {
  ATTACH_ENI_TAG,
  launchGroup,
  markBootAttachments,
  type AutoScalingGroupSpec,
  type LaunchInterfaceSpec,
  type LaunchTemplateSpec,
} from '../build/auto-scaling.js';
import { markAssumed } from '../build/drafts.js';
import type { CfnValue } from './cfn-value.js';
import { prop, propSpan, type ImportContext, type ResourceRef } from './context.js';
import { readOs } from './instance-os.js';
import type { CfnMapper } from './mapper.js';
import { defaultSecurityGroup } from './map-security-groups.js';
import { child, scalarText } from './node.js';
import {
  asBool,
  asInt,
  asString,
  field,
  fieldList,
  isObject,
  propStrings,
  propValue,
  type CfnObject,
} from './props.js';

const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate';
const LAUNCH_CONFIGURATION = 'AWS::AutoScaling::LaunchConfiguration';

/** The launch template or configuration a reference names (`!Ref`, its id or name, `!GetAtt X.LaunchTemplateId`). */
function templateRef(ctx: ImportContext, v: string | undefined, type: string): ResourceRef | undefined {
  if (v === undefined) return undefined;
  const direct = ctx.resource(v) ?? ctx.resource(v.replace(/\.[A-Za-z]+$/, ''));
  if (direct?.decl.type === type) return direct;
  for (const s of ctx.stacks)
    for (const d of s.template.resources.values()) {
      if (d.type !== type) continue;
      const r = ctx.resource(s.idOf(d.logicalId));
      const name =
        r &&
        asString(propValue(r, type === LAUNCH_TEMPLATE ? 'LaunchTemplateName' : 'LaunchConfigurationName'));
      if (r && name === v) return r;
    }
  return undefined;
}

/** A launch template's data or a launch configuration's properties, as the shared launcher reads them. */
function templateOf(ctx: ImportContext, t: ResourceRef): LaunchTemplateSpec {
  const configuration = t.decl.type === LAUNCH_CONFIGURATION;
  const dataNode = configuration ? t.decl.props : prop(t.decl, 'LaunchTemplateData');
  // The launch data as a resource of its own, so the instance readers (UserData, SecurityGroupIds) apply to it.
  const data: ResourceRef = { ...t, decl: { ...t.decl, props: dataNode } };
  const d = configuration ? undefined : propValue(t, 'LaunchTemplateData');
  const ld: CfnObject | undefined = isObject(d) ? d : undefined;
  const nis = ld?.['NetworkInterfaces'];
  const interfaces: LaunchInterfaceSpec[] = configuration
    ? [
        {
          deviceIndex: 0,
          securityGroups: [],
          associatePublicIp: asBool(propValue(t, 'AssociatePublicIpAddress')),
        },
      ]
    : (Array.isArray(nis) ? nis : []).filter(isObject).map((o) => ({
        deviceIndex: asInt(o['DeviceIndex']) ?? 0,
        securityGroups: fieldList(o, 'Groups') ?? [],
        associatePublicIp: asBool(o['AssociatePublicIpAddress']),
      }));
  const sgIds = propStrings(ctx, data, 'SecurityGroupIds') ?? [];
  const sgNames = (propStrings(ctx, data, 'SecurityGroups') ?? []).map(
    (n) => ctx.b.net.securityGroups.find((g) => g.groupName === n || g.id === n)?.id ?? n,
  );
  const ud = propValue(data, 'UserData');
  let userData = typeof ud === 'string' ? ud : undefined;
  if (userData !== undefined && /^[A-Za-z0-9+/=\s]+$/.test(userData))
    userData = Buffer.from(userData, 'base64').toString('utf8');
  return {
    id: t.id,
    interfaces,
    securityGroups: [...sgIds, ...sgNames],
    os: readOs(ctx, data),
    userData,
    tags: tagsOf(ld?.['TagSpecifications']),
  };
}

/** `Tags: [{Key, Value}]`, or a list of tag specifications each with its own `Tags`. */
function tagsOf(v: CfnValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const list: readonly CfnValue[] = Array.isArray(v) ? (v as readonly CfnValue[]) : [];
  for (const t of list) {
    if (!isObject(t)) continue;
    const k = field(t, 'Key');
    const val = field(t, 'Value');
    if (k !== undefined && val !== undefined) out[k] = val;
    Object.assign(out, tagsOf(t['Tags']));
  }
  return out;
}

const autoScalingGroup: CfnMapper = {
  attach(ctx, r) {
    const lt = propValue(r, 'LaunchTemplate');
    const mixed = propValue(r, 'MixedInstancesPolicy');
    const spec = isObject(lt)
      ? lt
      : isObject(mixed) && isObject(mixed['LaunchTemplate'])
        ? mixed['LaunchTemplate']['LaunchTemplateSpecification']
        : undefined;
    const t = isObject(spec)
      ? templateRef(
          ctx,
          field(spec, 'LaunchTemplateId') ?? field(spec, 'LaunchTemplateName'),
          LAUNCH_TEMPLATE,
        )
      : templateRef(ctx, asString(propValue(r, 'LaunchConfigurationName')), LAUNCH_CONFIGURATION);
    if (!t) {
      ctx.diags.push(
        warning(
          'ASG_LAUNCH_TEMPLATE_UNKNOWN',
          `${r.decl.logicalId}: its launch template or configuration is not in the loaded templates; its instances are not modelled`,
          propSpan(ctx, r),
          { resource: r.id },
        ),
      );
      return;
    }
    const subnets = propStrings(ctx, r, 'VPCZoneIdentifier') ?? [];
    const missing = subnets.find((s) => !ctx.b.has('subnets', s));
    if (subnets.length === 0 || missing !== undefined) {
      ctx.diags.push(
        warning(
          'REFERENCE_NOT_FOUND',
          `${r.decl.logicalId}: subnet ${missing ?? '(none: AvailabilityZones launches into default subnets)'} of VPCZoneIdentifier is not defined in the loaded templates; its instances are not modelled`,
          propSpan(ctx, r, 'VPCZoneIdentifier'),
          { resource: r.id },
        ),
      );
      return;
    }
    const attach = scalarText(child(child(r.decl.metadata, 'vpcsim'), 'attach-eni'));
    const g: AutoScalingGroupSpec = {
      id: r.id,
      name: asString(propValue(r, 'AutoScalingGroupName')),
      span: propSpan(ctx, r),
      subnets,
      desired: asInt(propValue(r, 'DesiredCapacity')) ?? asInt(propValue(r, 'MinSize')) ?? 0,
      template: templateOf(ctx, t),
      tags: {
        ...tagsOf(propValue(r, 'Tags')),
        ...(attach !== undefined ? { [ATTACH_ENI_TAG]: attach } : {}),
      },
    };
    const launched = launchGroup(
      ctx.b,
      g,
      (s) => {
        const vpc = ctx.b.get('subnets', s)?.vpc;
        return vpc === undefined ? undefined : defaultSecurityGroup(ctx, vpc).id;
      },
      (ref) => ctx.b.resolve(ref),
    );
    ctx.deferred.push(() => {
      // ADDR-2: after every other interface has its address (deploy-values.ts), the first free ones.
      for (const e of ctx.b.net.networkInterfaces)
        for (const a of e.addresses) ctx.b.addresses.reserve(e.subnet, a.private);
      for (const l of launched) {
        const e = ctx.b.get('networkInterfaces', l.id);
        const ip = ctx.b.addresses.take(l.subnet);
        if (!e || ip === undefined) continue;
        const pub = l.associatePublicIp ?? ctx.mapPublicIp.get(l.subnet) ?? false;
        e.addresses = [{ private: ip, ...(pub ? { public: ctx.deploy.publicIp(`public:${l.id}`) } : {}) }];
        markAssumed(e, 'addresses');
      }
      markBootAttachments(ctx.b, [g]);
    });
  },
};

/** Templates and configurations are read through the groups that use them. */
const readByGroups: CfnMapper = {};

export const AUTOSCALING_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  [LAUNCH_TEMPLATE]: readByGroups,
  [LAUNCH_CONFIGURATION]: readByGroups,
  'AWS::AutoScaling::AutoScalingGroup': autoScalingGroup,
};
