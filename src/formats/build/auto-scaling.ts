/**
 * Auto Scaling groups, as every importer reads them: the instances a group launches from its launch template
 * (or launch configuration), and the fixed network interface a NAT-instance group attaches by script.
 *
 * Model:
 * - A group yields its desired capacity (AWS: `DesiredCapacity`, else `MinSize`) of instances, placed one per subnet
 *   of `VPCZoneIdentifier` in turn, as Amazon EC2 Auto Scaling balances instances across Availability Zones (UG
 *   ec2-auto-scaling-benefits "Instance distribution"). At most `MAX_GROUP_INSTANCES` per group are modelled (said in
 *   the info). Instance `<group>.instance[k]`, interfaces `<group>.instance[k].eth<d>`; their private (and public)
 *   addresses are deploy-time values: the importer fills placeholders and lists them in `assumed`.
 * - Each instance gets the template's network interfaces (device index, security groups; a subnet of the template is
 *   replaced by the group's, as AWS does) — or one eth0 with the template's security groups, the VPC's default group
 *   when none (SG-4). A public IP on eth0 when the template asks (`AssociatePublicIpAddress`) or, left unset, when the
 *   subnet maps one on launch; only with a single interface (AWS assigns none when launching with several).
 * - Source/destination check is on (ENI-1): a launch template cannot turn it off; user data that runs
 *   `aws ec2 modify-instance-attribute … --no-source-dest-check` turns it off on eth0 (NATI-2), as the instance
 *   would at boot.
 * - The template's user data is the instances' OS (ip_forward, iptables, ip route; NATI-3), parsed by the importer.
 * - A fixed interface (a NAT instance module's ENI that routes point at, attached by the instance's boot script) is
 *   attached to the group's first instance when the input says which: the group's or template's tag
 *   `vpcsim:attach-eni` = `ENI[:DEVICE-INDEX]` (device index 1 by default), or the user data's own
 *   `aws ec2 attach-network-interface --network-interface-id ENI [--device-index N]` naming an interface of the
 *   input. Without either, an unattached interface in one of the group's subnets (or Availability Zones) that routes
 *   point at is what the script may attach: those routes lead to an unknown target (the trace is uncertain and
 *   names it) and ASG_ENI_ATTACHMENT_UNKNOWN says how to tell vpcsim.
 */
import { warning, type Span } from '../../diag/diagnostic.js';
import type { InstanceOs } from '../../model/os.js';
import type { NetworkBuilder } from './network-builder.js';

/** More instances than this per group are not modelled (said in ASG_INSTANCES_LAUNCHED). */
export const MAX_GROUP_INSTANCES = 100;
/** The metadata key naming a fixed interface the group's instance attaches at boot. */
export const ATTACH_ENI_TAG = 'vpcsim:attach-eni';

export interface LaunchInterfaceSpec {
  readonly deviceIndex: number;
  /** Security group ids (resolved); empty: the template's, else the VPC's default (SG-4). */
  readonly securityGroups: readonly string[];
  readonly associatePublicIp?: boolean | undefined;
}

export interface LaunchTemplateSpec {
  /** The template's id in the network (for messages). */
  readonly id: string;
  readonly interfaces: readonly LaunchInterfaceSpec[];
  /** Security groups of the template itself (SecurityGroupIds), used when it lists no interfaces. */
  readonly securityGroups: readonly string[];
  /** The OS its user data configures (parsed by the importer), if any. */
  readonly os?: InstanceOs | undefined;
  /** The user data as text, for the boot commands read here (attach-network-interface, source/dest check). */
  readonly userData?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

export interface AutoScalingGroupSpec {
  readonly id: string;
  readonly name?: string | undefined;
  readonly span?: Span | undefined;
  /** Subnet ids of the input, in VPCZoneIdentifier order. */
  readonly subnets: readonly string[];
  readonly desired: number;
  readonly template: LaunchTemplateSpec;
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

/** An interface the group launched: the importer gives it its addresses. */
export interface LaunchedInterface {
  readonly id: string;
  readonly subnet: string;
  /** undefined: the template does not say (the subnet's map-public-IP-on-launch decides). */
  readonly associatePublicIp: boolean | undefined;
}

const NO_SOURCE_DEST_CHECK =
  /modify-instance-attribute\b[^\n]*(--no-source-dest-check|--source-dest-check\s+(\S*"?Value"?\s*:\s*)?"?false)/i;
const ATTACH_ENI =
  /attach-network-interface\b[^\n]*--network-interface-id[\s=]+["']?([^\s"']+)["']?(?:[^\n]*--device-index[\s=]+["']?(\d+))?/i;

/** The fixed interface the input says the group's instance attaches: `[reference, device index, where said]`. */
function fixedEniOf(g: AutoScalingGroupSpec): [string, number, string] | undefined {
  const tag = g.tags?.[ATTACH_ENI_TAG] ?? g.template.tags?.[ATTACH_ENI_TAG];
  if (tag !== undefined) {
    const m = /^(.*?)(?::(\d+))?$/.exec(tag.trim());
    return [m?.[1] ?? tag, Number(m?.[2] ?? 1), `tag ${ATTACH_ENI_TAG}`];
  }
  const m = ATTACH_ENI.exec(g.template.userData ?? '');
  if (m?.[1] !== undefined) return [m[1], Number(m[2] ?? 1), 'its user data (attach-network-interface)'];
  return undefined;
}

/**
 * Launch the group's instances into the builder. `defaultSg(subnet)` is the VPC's default group (SG-4),
 * `resolveEni(ref)` the interface id a reference names. Returns the interfaces whose addresses the importer assigns.
 */
export function launchGroup(
  b: NetworkBuilder,
  g: AutoScalingGroupSpec,
  defaultSg: (subnet: string) => string | undefined,
  resolveEni: (ref: string) => string | undefined,
): LaunchedInterface[] {
  const t = g.template;
  const subnets = g.subnets.filter((s) => b.has('subnets', s));
  const count = subnets.length === 0 ? 0 : Math.min(Math.max(0, g.desired), MAX_GROUP_INSTANCES);
  const specs: readonly LaunchInterfaceSpec[] =
    t.interfaces.length > 0 ? t.interfaces : [{ deviceIndex: 0, securityGroups: [] }];
  const noCheck = NO_SOURCE_DEST_CHECK.test(t.userData ?? '');
  const out: LaunchedInterface[] = [];
  for (let k = 0; k < count; k++) {
    const subnet = subnets[k % subnets.length] ?? '';
    const inst = `${g.id}.instance[${k}]`;
    const interfaces: string[] = [];
    for (const s of [...specs].sort((x, y) => x.deviceIndex - y.deviceIndex)) {
      const sgs = s.securityGroups.length > 0 ? s.securityGroups : t.securityGroups;
      const sg = sgs.length > 0 ? [...sgs] : [defaultSg(subnet)].filter((x): x is string => !!x);
      const id = `${inst}.eth${s.deviceIndex}`;
      b.add('networkInterfaces', {
        id,
        span: g.span,
        subnet,
        addresses: [],
        // ENI-1: on; a launch template cannot turn it off, only the instance's own boot script (NATI-2).
        sourceDestCheck: !(noCheck && s.deviceIndex === 0),
        securityGroups: sg,
        instance: inst,
        deviceIndex: s.deviceIndex,
        owner: 'instance',
      });
      interfaces.push(id);
      // AWS assigns a public IP only to eth0 of an instance launched with one interface.
      const single = specs.length === 1 && s.deviceIndex === 0;
      out.push({ id, subnet, associatePublicIp: single ? s.associatePublicIp : false });
    }
    b.add('instances', {
      id: inst,
      name: `${g.name ?? g.id} instance ${k + 1}`,
      span: g.span,
      interfaces,
      state: 'running',
      os: t.os,
    });
  }
  b.diags.push({
    severity: 'info',
    code: 'ASG_INSTANCES_LAUNCHED',
    message:
      subnets.length === 0
        ? `${g.id}: none of its subnets (VPCZoneIdentifier) is in the input; no instance is modelled`
        : `${g.id}: ${count} instance(s) modelled from ${t.id} (desired capacity ${g.desired}${g.desired > MAX_GROUP_INSTANCES ? `, at most ${MAX_GROUP_INSTANCES} modelled` : ''}), one per subnet in turn as Auto Scaling balances Availability Zones; their addresses are placeholders (assumed)`,
    span: g.span,
    resource: g.id,
  });
  const fixed = fixedEniOf(g);
  const first = `${g.id}.instance[0]`;
  if (fixed && count > 0) {
    const [ref, index, said] = fixed;
    const eni = b.get('networkInterfaces', resolveEni(ref));
    if (!eni)
      b.diags.push(
        warning(
          'ASG_ENI_ATTACHMENT_UNKNOWN',
          `${g.id}: ${said} names "${ref}", which is no network interface of the input; nothing is attached`,
          g.span,
          { resource: g.id },
        ),
      );
    else {
      eni.instance = first;
      eni.deviceIndex = index;
      eni.owner = 'instance';
      b.get('instances', first)?.interfaces.push(eni.id);
    }
  }
  return out;
}

/**
 * After routes exist: an interface attached to nothing, in a subnet (or Availability Zone) of a group that does not
 * say which interface its instances attach, and that routes point at, may be attached at boot by a script vpcsim does
 * not run. Its routes lead to an unknown target with a caveat, and one warning per interface says how to tell vpcsim.
 */
export function markBootAttachments(b: NetworkBuilder, groups: readonly AutoScalingGroupSpec[]): void {
  const open = groups.filter((g) => !fixedEniOf(g) && g.subnets.some((s) => b.has('subnets', s)));
  if (open.length === 0) return;
  const azOf = (s: string) => b.get('subnets', s)?.az;
  for (const eni of b.net.networkInterfaces) {
    // Not attached, and no service's own interface (a NAT gateway's, an endpoint's …).
    const plain = eni.owner === undefined || eni.owner === 'instance' || eni.owner === 'other';
    if (eni.instance !== undefined || !plain) continue;
    const az = azOf(eni.subnet);
    const g = open.find((x) =>
      x.subnets.some((s) => s === eni.subnet || (az !== undefined && azOf(s) === az)),
    );
    if (!g) continue;
    let routed = 0;
    const caveat = `${eni.id} is attached to no instance in the input; an instance of Auto Scaling group ${g.id} may attach it at boot (tag ${ATTACH_ENI_TAG} on the group says so)`;
    for (const rt of b.net.routeTables)
      for (const [k, r] of rt.routes.entries()) {
        if (r.target.kind !== 'network-interface' || b.resolve(r.target.id ?? '') !== eni.id) continue;
        rt.routes[k] = { ...r, target: { kind: 'unknown', id: eni.id }, caveat };
        routed++;
      }
    if (routed === 0) continue;
    b.diags.push(
      warning(
        'ASG_ENI_ATTACHMENT_UNKNOWN',
        `${eni.id}: routes point at this network interface, which is attached to no instance in the input; Auto Scaling group ${g.id} launches into its subnet and may attach it at boot by a script vpcsim does not run, so where those routes lead is unknown. If it does, tag the group ${ATTACH_ENI_TAG} = ${eni.id} (":N" for device index N, 1 by default)`,
        eni.span,
        { resource: eni.id },
      ),
    );
  }
}
