/**
 * Auto Scaling groups in describe-* snapshots (issue 20 item 2): describe-auto-scaling-groups with
 * describe-launch-templates / -template-versions (formats/describe/map-autoscaling.ts).
 *
 * The snapshots are S1 (scenarios.md) with its NAT instance launched by a one-instance group from launch template
 * lt-0nat, as NAT-instance modules do: the private route and the Elastic IP 203.0.113.20 are on a fixed interface
 * eni-0fixed (10.0.0.10, source/destination check off, sg-nat) that the instance attaches as eth1 at boot, and the
 * template's user data (version 2, `$Latest`) turns forwarding on, masquerades on eth1 and routes out eth1.
 * - Live: the group's instance i-0nat is in describe-instances with eni-0fixed attached; only its OS comes from the
 *   template (describe-instances does not show user data).
 * - Scaling: the group has launched nothing yet; its instance is launched from the template with placeholder
 *   addresses, and eni-0fixed is attached when the group's tag vpcsim:attach-eni says so — else the private route
 *   leads to an unknown target.
 * Hops, derived from S1's text: web's SG out, the private route to the interface, the default NACL (implied
 * allow-all, NACL-4) out and in, the interface forwarding with the check off (ENI-1, NATI-2), sg-nat admitting
 * 10.0.1.10 as a member of sg-web (SG-6), the OS forwarding and masquerading (NATI-3), sg-nat out, the public
 * route, the NACL, the internet gateway mapping 10.0.0.10 to 203.0.113.20 (IGW-2).
 */
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importDescribe } from '../../src/formats/describe/index.js';
import type { FlowSpec } from '../../src/model/expectation.js';
import { hopIds, writeTree } from '../terraform/helpers.js';

const USER_DATA = `#!/bin/bash
sysctl -w net.ipv4.ip_forward=1
sysctl -w net.ipv4.conf.eth1.send_redirects=0
ip route replace default via 10.0.0.1 dev eth1
iptables -t nat -A POSTROUTING -o eth1 -s 10.0.0.0/16 -j MASQUERADE
`;

const eni = (id: string, subnet: string, ip: string, sg: string, extra: Record<string, unknown> = {}) => ({
  NetworkInterfaceId: id,
  SubnetId: subnet,
  VpcId: 'vpc-0s1',
  InterfaceType: 'interface',
  PrivateIpAddress: ip,
  PrivateIpAddresses: [{ PrivateIpAddress: ip, Primary: true }],
  Groups: [{ GroupId: sg }],
  SourceDestCheck: true,
  ...extra,
});
const attached = (instance: string, index: number) => ({
  Attachment: { InstanceId: instance, DeviceIndex: index, Status: 'attached' },
});

/** The S1 snapshot; `live` puts the group's instance i-0nat in it (eni-0fixed attached as eth1). */
function snapshot(live: boolean, groupTags: { Key: string; Value: string }[] = []): string {
  const fixed = eni('eni-0fixed', 'subnet-0pub', '10.0.0.10', 'sg-0nat', {
    SourceDestCheck: false,
    PrivateIpAddresses: [
      { PrivateIpAddress: '10.0.0.10', Primary: true, Association: { PublicIp: '203.0.113.20' } },
    ],
    ...(live ? attached('i-0nat', 1) : {}),
  });
  const web = eni('eni-0web', 'subnet-0priv', '10.0.1.10', 'sg-0web', attached('i-0web', 0));
  const nat0 = eni('eni-0nat0', 'subnet-0pub', '10.0.0.57', 'sg-0nat', attached('i-0nat', 0));
  const instance = (id: string, enis: unknown[]) => ({
    InstanceId: id,
    State: { Name: 'running' },
    NetworkInterfaces: enis,
  });
  const files: Record<string, unknown> = {
    'describe-vpcs.json': { Vpcs: [{ VpcId: 'vpc-0s1', CidrBlock: '10.0.0.0/16' }] },
    'describe-subnets.json': {
      Subnets: [
        {
          SubnetId: 'subnet-0pub',
          VpcId: 'vpc-0s1',
          CidrBlock: '10.0.0.0/24',
          AvailabilityZone: 'us-east-1a',
        },
        {
          SubnetId: 'subnet-0priv',
          VpcId: 'vpc-0s1',
          CidrBlock: '10.0.1.0/24',
          AvailabilityZone: 'us-east-1a',
        },
      ],
    },
    'describe-internet-gateways.json': {
      InternetGateways: [
        { InternetGatewayId: 'igw-0s1', Attachments: [{ VpcId: 'vpc-0s1', State: 'available' }] },
      ],
    },
    'describe-route-tables.json': {
      RouteTables: [
        {
          RouteTableId: 'rtb-0pub',
          VpcId: 'vpc-0s1',
          Associations: [{ SubnetId: 'subnet-0pub', AssociationState: { State: 'associated' } }],
          Routes: [
            { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
            { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0s1', State: 'active' },
          ],
        },
        {
          RouteTableId: 'rtb-0priv',
          VpcId: 'vpc-0s1',
          Associations: [{ SubnetId: 'subnet-0priv', AssociationState: { State: 'associated' } }],
          Routes: [
            { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
            { DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: 'eni-0fixed', State: 'active' },
          ],
        },
      ],
    },
    'describe-security-groups.json': {
      SecurityGroups: [
        {
          GroupId: 'sg-0web',
          GroupName: 'sg-web',
          VpcId: 'vpc-0s1',
          IpPermissions: [],
          IpPermissionsEgress: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        },
        {
          GroupId: 'sg-0nat',
          GroupName: 'sg-nat',
          VpcId: 'vpc-0s1',
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-0web' }] },
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.7/32' }] },
          ],
          IpPermissionsEgress: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        },
      ],
    },
    'describe-network-interfaces.json': { NetworkInterfaces: live ? [web, nat0, fixed] : [web, fixed] },
    'describe-instances.json': {
      Reservations: [
        { Instances: [instance('i-0web', [web])] },
        ...(live ? [{ Instances: [instance('i-0nat', [nat0, fixed])] }] : []),
      ],
    },
    'describe-launch-templates.json': {
      LaunchTemplates: [
        {
          LaunchTemplateId: 'lt-0nat',
          LaunchTemplateName: 'nat',
          DefaultVersionNumber: 1,
          LatestVersionNumber: 2,
        },
      ],
    },
    'describe-launch-template-versions-lt-0nat.json': {
      LaunchTemplateVersions: [
        {
          LaunchTemplateId: 'lt-0nat',
          LaunchTemplateName: 'nat',
          VersionNumber: 2,
          DefaultVersion: false,
          LaunchTemplateData: {
            ImageId: 'ami-12345678',
            NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true, Groups: ['sg-0nat'] }],
            UserData: Buffer.from(USER_DATA).toString('base64'),
          },
        },
        {
          LaunchTemplateId: 'lt-0nat',
          LaunchTemplateName: 'nat',
          VersionNumber: 1,
          DefaultVersion: true,
          LaunchTemplateData: { ImageId: 'ami-12345678' },
        },
      ],
    },
    'describe-auto-scaling-groups.json': {
      AutoScalingGroups: [
        {
          AutoScalingGroupName: 'nat-asg',
          LaunchTemplate: { LaunchTemplateId: 'lt-0nat', LaunchTemplateName: 'nat', Version: '$Latest' },
          MinSize: 1,
          MaxSize: 1,
          DesiredCapacity: 1,
          VPCZoneIdentifier: 'subnet-0pub',
          Instances: live
            ? [{ InstanceId: 'i-0nat', LifecycleState: 'InService', AvailabilityZone: 'us-east-1a' }]
            : [],
          Tags: groupTags.map((t) => ({
            ...t,
            ResourceId: 'nat-asg',
            ResourceType: 'auto-scaling-group',
            PropagateAtLaunch: false,
          })),
        },
      ],
    },
  };
  return writeTree(
    Object.fromEntries(Object.entries(files).map(([k, v]) => [k, JSON.stringify(v, null, 1)])),
  );
}

const FLOW1: FlowSpec = { from: 'i-0web', to: '142.250.196.100', protocol: 'tcp', port: 443 };

/** S1 flow 1's hops with `nat` for the NAT instance. */
function flow1Hops(acl: string, nat: string): string[] {
  return [
    'instance:i-0web',
    'security-group:sg-0web',
    'route-table:rtb-0priv',
    acl,
    acl,
    'network-interface:eni-0fixed',
    'security-group:sg-0nat',
    `os:${nat}`,
    `netfilter:${nat}`,
    'security-group:sg-0nat',
    'route-table:rtb-0pub',
    acl,
    'internet-gateway:igw-0s1',
    'internet:internet',
  ];
}

describe('describe-*: S1 with its NAT instance launched by an Auto Scaling group', () => {
  it('live: the group’s instance as the snapshot shows it, with the template’s ($Latest) user data as its OS — S1’s answer', async () => {
    const r = await importDescribe(snapshot(true), {});
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(r.network.instances.map((i) => i.id).sort()).toEqual(['i-0nat', 'i-0web']); // nothing launched beside it
    const t = traceFlow(r.network, FLOW1);
    const acl = hopIds(t)[3] ?? '';
    expect(acl).toMatch(/^network-acl:/);
    expect([t.verdict, t.forward.code, t.uncertain, hopIds(t)]).toEqual([
      'reachable',
      null,
      false,
      flow1Hops(acl, 'i-0nat'),
    ]);
    expect(t.forward.hops.find((h) => h.kind === 'internet-gateway')?.after?.src).toBe('203.0.113.20');
    const ssh = traceFlow(r.network, { from: '198.51.100.7', to: '203.0.113.20', protocol: 'tcp', port: 22 });
    expect([ssh.verdict, hopIds(ssh).at(-1)]).toEqual(['reachable', 'instance:i-0nat']);
  });

  it('scaling, tagged vpcsim:attach-eni: the instance launched from the template (placeholders) with eni-0fixed as eth1 — S1’s answer', async () => {
    const r = await importDescribe(snapshot(false, [{ Key: 'vpcsim:attach-eni', Value: 'eni-0fixed' }]), {});
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const nat = 'nat-asg.instance[0]';
    expect(r.network.instances.find((i) => i.id === nat)?.interfaces).toEqual([`${nat}.eth0`, 'eni-0fixed']);
    const eth0 = r.network.networkInterfaces.find((e) => e.id === `${nat}.eth0`);
    // ADDR-2: 10.0.0.4 is the first free address of 10.0.0.0/24; AssociatePublicIpAddress gives a placeholder (IGW-2).
    expect([eth0?.addresses[0]?.private, eth0?.securityGroups, eth0?.assumed]).toEqual([
      '10.0.0.4',
      ['sg-0nat'],
      ['addresses', 'addresses.public'],
    ]);
    const t = traceFlow(r.network, FLOW1);
    expect([t.verdict, t.forward.code, hopIds(t)]).toEqual([
      'reachable',
      null,
      flow1Hops(hopIds(t)[3] ?? '', nat),
    ]);
  });

  it('scaling, untagged: the private route leads to an unknown target — uncertain, named, warned', async () => {
    const r = await importDescribe(snapshot(false), {});
    expect(r.diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.code, d.resource])).toEqual([
      ['ASG_ENI_ATTACHMENT_UNKNOWN', 'eni-0fixed'],
    ]);
    const t = traceFlow(r.network, FLOW1);
    expect([t.uncertain, t.forward.code, hopIds(t).at(-1)]).toEqual([
      true,
      'UNSUPPORTED_COMPONENT',
      'unsupported:eni-0fixed',
    ]);
  });

  it('a template version the snapshot lacks is reported; the group launches nothing', async () => {
    const broken = writeTree({
      'describe-vpcs.json': JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }] }),
      'describe-auto-scaling-groups.json': JSON.stringify({
        AutoScalingGroups: [
          {
            AutoScalingGroupName: 'g',
            LaunchTemplate: { LaunchTemplateId: 'lt-0gone', Version: '3' },
            MinSize: 1,
            MaxSize: 1,
            DesiredCapacity: 1,
            VPCZoneIdentifier: 'subnet-1',
            Instances: [],
          },
        ],
      }),
    });
    const b = await importDescribe(broken, {});
    expect(b.diagnostics.map((d) => [d.code, d.resource])).toEqual([['ASG_LAUNCH_TEMPLATE_UNKNOWN', 'g']]);
    expect(b.network.instances).toEqual([]);
  });
});
