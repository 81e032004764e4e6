/**
 * describe-* mappers of Auto Scaling: describe-auto-scaling-groups (`AutoScalingGroups`) with the templates they
 * launch from — describe-launch-templates (`LaunchTemplates`: default and latest version numbers),
 * describe-launch-template-versions (`LaunchTemplateVersions`: each version's `LaunchTemplateData`) and
 * describe-launch-configurations (`LaunchConfigurations`).
 *
 * A live account's group has launched its instances already: those describe-instances lists are modelled as they
 * are (their real interfaces and addresses), and get the template's user data as their OS (NATI-3) — describe-
 * instances does not show user data. Only the part of the desired capacity that is not in the snapshot is launched
 * from the template (formats/build/auto-scaling.ts) with placeholder addresses, in the group's subnets in turn
 * (`VPCZoneIdentifier`, comma-separated). The version a group names: a number, `$Latest` or `$Default` (AWS's
 * default when none is given), resolved with describe-launch-templates.
 */
import { warning } from '../../diag/diagnostic.js';
import {
  launchGroup,
  markBootAttachments,
  type AutoScalingGroupSpec,
  type LaunchTemplateSpec,
} from '../build/auto-scaling.js';
import { markAssumed } from '../build/drafts.js';
import type { InstanceOs } from '../../model/os.js';
import { parseOsConfig } from '../iptables/index.js';
import { bool, num, obj, objs, str, strs, type JsonObject } from '../json-source.js';
import type { DescribeContext, DescribeRecord } from './context.js';

const tagsOf = (o: JsonObject | undefined): Record<string, string> =>
  Object.fromEntries(
    objs(o, 'Tags')
      .map((t) => [str(t, 'Key'), str(t, 'Value') ?? ''] as const)
      .filter((kv): kv is readonly [string, string] => kv[0] !== undefined),
  );

/** Launch data (a template version's or a launch configuration's) as the shared launcher reads it. */
function templateOf(
  c: DescribeContext,
  id: string,
  r: DescribeRecord,
  d: JsonObject,
  configuration: boolean,
): LaunchTemplateSpec {
  const b64 = str(d, 'UserData');
  const userData = b64 ? Buffer.from(b64, 'base64').toString('utf8') : undefined;
  let os: InstanceOs | undefined;
  if (userData) {
    const at = r.src.keyPosition(configuration ? 'LaunchConfigurations' : 'LaunchTemplateVersions');
    const parsed = parseOsConfig(userData, { file: at.file, kind: 'user-data', position: () => at });
    c.b.diags.push(...parsed.diagnostics.map((x) => ({ ...x, resource: x.resource ?? id })));
    const o = parsed.os;
    if (o.ipForward || Object.keys(o.netfilter.tables).length > 0 || o.routes.length > 0) os = o;
  }
  return {
    id,
    interfaces: configuration
      ? [{ deviceIndex: 0, securityGroups: [], associatePublicIp: bool(d, 'AssociatePublicIpAddress') }]
      : objs(d, 'NetworkInterfaces').map((ni) => ({
          deviceIndex: num(ni, 'DeviceIndex') ?? 0,
          securityGroups: strs(ni, 'Groups'),
          associatePublicIp: bool(ni, 'AssociatePublicIpAddress'),
        })),
    securityGroups: configuration ? strs(d, 'SecurityGroups') : strs(d, 'SecurityGroupIds'),
    os,
    userData,
    tags: Object.fromEntries(objs(d, 'TagSpecifications').flatMap((t) => Object.entries(tagsOf(t)))),
  };
}

/** The launch data a group names (template id or name, and version), or why there is none. */
function launchDataOf(
  c: DescribeContext,
  g: JsonObject,
): { id: string; r: DescribeRecord; data: JsonObject; configuration: boolean } | string {
  const spec =
    obj(g, 'LaunchTemplate') ??
    obj(obj(obj(g, 'MixedInstancesPolicy'), 'LaunchTemplate'), 'LaunchTemplateSpecification');
  if (!spec) {
    const name = str(g, 'LaunchConfigurationName');
    const lc = c.recs('LaunchConfigurations').find((r) => str(r.item, 'LaunchConfigurationName') === name);
    if (lc && name) return { id: name, r: lc, data: lc.item, configuration: true };
    return name
      ? `launch configuration ${name} is not in the snapshot (describe-launch-configurations)`
      : 'it names no launch template';
  }
  const tid = str(spec, 'LaunchTemplateId');
  const tname = str(spec, 'LaunchTemplateName');
  const same = (o: JsonObject) =>
    (tid !== undefined && str(o, 'LaunchTemplateId') === tid) ||
    (tname !== undefined && str(o, 'LaunchTemplateName') === tname);
  const lt = c.recs('LaunchTemplates').find((r) => same(r.item))?.item;
  const want = str(spec, 'Version') ?? '$Default';
  const version =
    want === '$Latest'
      ? num(lt, 'LatestVersionNumber')
      : want === '$Default'
        ? num(lt, 'DefaultVersionNumber')
        : Number(want);
  const versions = c.recs('LaunchTemplateVersions').filter((r) => same(r.item));
  const v =
    versions.find((r) => num(r.item, 'VersionNumber') === version) ??
    (want === '$Default' ? versions.find((r) => bool(r.item, 'DefaultVersion') === true) : undefined);
  const label = `${tid ?? tname ?? '?'} version ${want}`;
  if (!v)
    return `launch template ${label} is not in the snapshot (describe-launch-templates and describe-launch-template-versions)`;
  return {
    id: `${tid ?? tname ?? ''}:${String(num(v.item, 'VersionNumber') ?? want)}`,
    r: v,
    data: obj(v.item, 'LaunchTemplateData') ?? {},
    configuration: false,
  };
}

/** Launch templates, their versions and launch configurations are read through the groups (nothing of their own). */
export function mapLaunchData(): void {
  // read by mapAutoScalingGroups
}

export function mapAutoScalingGroups(c: DescribeContext): void {
  const groups: AutoScalingGroupSpec[] = [];
  for (const r of c.recs('AutoScalingGroups')) {
    const g = r.item;
    const name = str(g, 'AutoScalingGroupName');
    if (!name) {
      c.missing(r, 'AutoScalingGroups', 'AutoScalingGroupName');
      continue;
    }
    if (!c.unique(`asg:${name}`)) continue;
    const span = c.spanOf(r, 'AutoScalingGroupName', name);
    const launch = launchDataOf(c, g);
    if (typeof launch === 'string') {
      c.b.diags.push(
        warning(
          'ASG_LAUNCH_TEMPLATE_UNKNOWN',
          `Auto Scaling group ${name}: ${launch}; instances it would launch beyond those in the snapshot are not modelled`,
          span,
          { resource: name },
        ),
      );
      continue;
    }
    const template = templateOf(c, launch.id, launch.r, launch.data, launch.configuration);
    // Instances the group has launched and the snapshot shows: modelled as they are, with the template's OS.
    const live = objs(g, 'Instances')
      .map((i) => c.b.get('instances', str(i, 'InstanceId')))
      .filter((i) => i !== undefined);
    for (const i of live) if (!i.os && template.os) i.os = template.os;
    const desired = num(g, 'DesiredCapacity') ?? num(g, 'MinSize') ?? 0;
    const spec: AutoScalingGroupSpec = {
      id: name,
      name,
      span,
      subnets: (str(g, 'VPCZoneIdentifier') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      desired: Math.max(0, desired - live.length),
      template,
      tags: tagsOf(g),
    };
    if (spec.desired === 0) continue;
    groups.push(spec);
    const launched = launchGroup(
      c.b,
      spec,
      (s) =>
        c.b.net.securityGroups.find(
          (x) => x.vpc === c.b.get('subnets', s)?.vpc && (x.isDefault === true || x.groupName === 'default'),
        )?.id,
      (ref) => c.b.resolve(ref),
    );
    for (const e of c.b.net.networkInterfaces)
      for (const a of e.addresses) c.b.addresses.reserve(e.subnet, a.private);
    for (const l of launched) {
      const e = c.b.get('networkInterfaces', l.id);
      const ip = c.b.addresses.take(l.subnet);
      if (!e || !ip) continue;
      // IGW-2: the template's AssociatePublicIpAddress, else the subnet's MapPublicIpOnLaunch.
      const subnet = c.recs('Subnets').find((x) => str(x.item, 'SubnetId') === l.subnet)?.item;
      const mapPublic = l.associatePublicIp ?? bool(subnet, 'MapPublicIpOnLaunch') ?? false;
      e.addresses = [{ private: ip, ...(mapPublic ? { public: c.b.publicIps.next() } : {}) }];
      markAssumed(e, 'addresses');
      if (mapPublic) markAssumed(e, 'addresses.public');
    }
  }
  markBootAttachments(c.b, groups);
}
