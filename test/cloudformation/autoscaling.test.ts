/**
 * Auto Scaling groups in CloudFormation (issue 20 item 2; formats/cloudformation/map-autoscaling.ts).
 *
 * test/fixtures/cloudformation/scenarios/s1-nat-instance-asg.yaml is S1 (scenarios.md) with its NAT instance
 * launched by a one-instance AWS::AutoScaling::AutoScalingGroup from an AWS::EC2::LaunchTemplate: the private route
 * and the Elastic IP are on a fixed interface NatEni (10.0.0.10, source/destination check off, NatSg) that the
 * instance attaches as eth1 at boot — the group's `Metadata.vpcsim.attach-eni` says so — and the template's user
 * data masquerades on eth1 and routes out eth1. Its answers are S1's, with NatEni for the NAT instance's interface
 * and the group's instance for the NAT instance; flow 1's hops, from S1's text: web's SG out (443 to 0.0.0.0/0), the
 * private route to the interface, the default NACL out and in (NACL-4), the interface forwarding with the check off
 * (ENI-1, NATI-2), NatSg admitting 10.0.1.10 as a member of WebSg (SG-6), the OS forwarding and masquerading
 * (NATI-3), NatSg out, the public route, the NACL, the internet gateway mapping 10.0.0.10 to 203.0.113.20 (IGW-2).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runTests } from '../../src/analysis/run-tests.js';
import { traceFlow } from '../../src/analysis/trace.js';
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';
import type { ImportResult } from '../../src/formats/import-result.js';
import type { FlowSpec } from '../../src/model/expectation.js';
import { hopIds } from '../terraform/helpers.js';

const DIR = 'test/fixtures/cloudformation/scenarios';
const ASG = readFileSync(`${DIR}/s1-nat-instance-asg.yaml`, 'utf8');
const NAT = 'NatAsg.instance[0]';
const ACL = 'network-acl:Vpc:default-acl';

const load = (text: string, path = `${DIR}/s1-nat-instance-asg.yaml`): ImportResult =>
  importCloudFormation([{ path, text }], {});

const FLOW1: FlowSpec = { from: 'Web', to: '142.250.196.100', protocol: 'tcp', port: 443 };
const FLOWS: FlowSpec[] = [
  FLOW1,
  { ...FLOW1, port: 80 },
  { from: '198.51.100.7', to: '203.0.113.20', protocol: 'tcp', port: 22 },
  { from: '192.0.2.99', to: '203.0.113.20', protocol: 'tcp', port: 22 },
];

describe('CloudFormation: S1 with its NAT instance launched by an Auto Scaling group', () => {
  it('flow 1: reachable through the fixed interface and the group’s instance, hop by hop', () => {
    const r = load(ASG);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const t = traceFlow(r.network, FLOW1);
    expect([t.verdict, t.forward.code, t.uncertain, hopIds(t)]).toEqual([
      'reachable',
      null,
      false,
      [
        'instance:Web',
        'security-group:WebSg',
        'route-table:PrivateRtb',
        ACL,
        ACL,
        'network-interface:NatEni',
        'security-group:NatSg',
        `os:${NAT}`,
        `netfilter:${NAT}`,
        'security-group:NatSg',
        'route-table:PublicRtb',
        ACL,
        'internet-gateway:Igw',
        'internet:internet',
      ],
    ]);
  });

  it('every flow has S1’s verdict, code and hops both ways; the template’s own expectations pass', () => {
    const plain = load(readFileSync(`${DIR}/s1-nat-instance.yaml`, 'utf8'), `${DIR}/s1-nat-instance.yaml`);
    const asg = load(ASG);
    const rename = (id: string) => id.replace('Nat.eth0', 'NatEni').replace(/:Nat$/, `:${NAT}`);
    for (const f of FLOWS) {
      const a = traceFlow(plain.network, f);
      const b = traceFlow(asg.network, f);
      expect([b.verdict, b.forward.code, hopIds(b), hopIds(b, 'return')]).toEqual([
        a.verdict,
        a.forward.code,
        hopIds(a).map(rename),
        hopIds(a, 'return').map(rename),
      ]);
    }
    const outcomes = runTests(asg, 's1-nat-instance-asg').flatMap((s) => s.outcomes);
    expect(outcomes.map((o) => [o.name, o.passed])).toEqual(asg.expectations.map((e) => [e.name, true]));
    expect(outcomes).toHaveLength(4);
  });

  it('the launched instance: eth0 from the template (assumed address and public IP), eth1 NatEni, OS from user data', () => {
    const net = load(ASG).network;
    expect(net.instances.find((i) => i.id === NAT)?.interfaces).toEqual([`${NAT}.eth0`, 'NatEni']);
    const eth0 = net.networkInterfaces.find((e) => e.id === `${NAT}.eth0`);
    // ADDR-2: 10.0.0.4 is the first free address of 10.0.0.0/24; AssociatePublicIpAddress gives a placeholder.
    expect([eth0?.addresses[0]?.private, eth0?.addresses[0]?.public !== undefined, eth0?.assumed]).toEqual([
      '10.0.0.4',
      true,
      ['addresses'],
    ]);
    expect([eth0?.sourceDestCheck, eth0?.securityGroups]).toEqual([true, ['NatSg']]);
    expect(net.instances.find((i) => i.id === NAT)?.os?.ipForward).toBe(true);
  });

  it('the tag vpcsim:attach-eni says it as well as the Metadata', () => {
    const text = ASG.replace('    Metadata:\n      vpcsim:\n        attach-eni: NatEni\n', '').replace(
      '      DesiredCapacity: "1"\n',
      '      DesiredCapacity: "1"\n      Tags: [{ Key: "vpcsim:attach-eni", Value: !Ref NatEni, PropagateAtLaunch: false }]\n',
    );
    expect(text).not.toContain('attach-eni: NatEni');
    const t = traceFlow(load(text).network, FLOW1);
    expect([t.verdict, hopIds(t)[5]]).toEqual(['reachable', 'network-interface:NatEni']);
  });

  it('without either, the private route leads to an unknown target: uncertain, named, warned', () => {
    const r = load(ASG.replace('    Metadata:\n      vpcsim:\n        attach-eni: NatEni\n', ''));
    expect(r.diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.code, d.resource])).toEqual([
      ['ASG_ENI_ATTACHMENT_UNKNOWN', 'NatEni'],
    ]);
    const t = traceFlow(r.network, FLOW1);
    expect([t.uncertain, t.forward.code, hopIds(t).at(-1)]).toEqual([
      true,
      'UNSUPPORTED_COMPONENT',
      'unsupported:NatEni',
    ]);
  });

  it('a group whose launch template is not in the template is reported and launches nothing', () => {
    const r = load(
      ASG.replace('LaunchTemplateId: !Ref NatTemplate', 'LaunchTemplateId: lt-0123456789abcdef0'),
    );
    expect(
      r.diagnostics.filter((d) => d.code === 'ASG_LAUNCH_TEMPLATE_UNKNOWN').map((d) => d.resource),
    ).toEqual(['NatAsg']);
    expect(r.network.instances.map((i) => i.id)).toEqual(['Web']);
  });
});
