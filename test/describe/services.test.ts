/**
 * Network Firewall and Client VPN describe outputs. test/describe/fixtures/s0-nfw is scenario S0 (scenarios.md) as
 * the CLI would print it (describe-firewall, describe-firewall-policy, describe-rule-group next to the EC2 calls):
 * the answers are S0's, derived there from NFW-9…NFW-12 and RT-3.
 */
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importDescribe } from '../../src/formats/describe/index.js';
import { errorsOf, hopIds, inOrder, writeTree } from '../terraform/helpers.js';

const S0 = 'test/describe/fixtures/s0-nfw';
const APP = 'i-0600000000000app';
const EP = 'firewall-endpoint:vpce-0600000000000f1a';

describe('Network Firewall describe outputs (S0)', () => {
  it('firewall, policy and rule group are modelled; routes to the vpce- endpoint are firewall-endpoint routes', async () => {
    const r = await importDescribe(S0, {});
    expect(r.diagnostics).toEqual([]);
    const n = r.network;
    expect(n.firewalls.map((f) => [f.id, f.policy, f.endpoints.map((e) => [e.id, e.subnet])])).toEqual([
      ['s0-fw', 's0-policy', [['vpce-0600000000000f1a', 'subnet-0600000000000010a']]],
    ]);
    expect(n.firewallPolicies[0]?.statefulRuleGroups.map((g) => g.ruleGroup)).toEqual(['allow-domains']);
    expect(n.ruleGroups[0]?.domainList?.targets).toEqual(['.amazonaws.com', 'www.google.com']);
    const priv = n.routeTables.find((t) => t.id === 'rtb-0600000000000priv');
    expect(priv?.routes[0]?.target).toEqual({ kind: 'firewall-endpoint', id: 'vpce-0600000000000f1a' });
  });

  it('S0 flow 1 (www.google.com) is reachable through the endpoint both ways; flow 3 (example.com) is dropped there', async () => {
    const { network } = await importDescribe(S0, {});
    const ok = traceFlow(network, {
      from: APP,
      to: '142.250.196.100',
      protocol: 'tcp',
      port: 443,
      sni: 'www.google.com',
    });
    expect(ok.verdict).toBe('reachable');
    expect(
      inOrder(hopIds(ok), [
        'route-table:rtb-0600000000000priv',
        EP,
        'nat-gateway:nat-0600000000000000a',
        'internet-gateway:igw-0600000000000000a',
      ]),
    ).toBe(true);
    expect(
      inOrder(hopIds(ok, 'return'), [
        'nat-gateway:nat-0600000000000000a',
        'route-table:rtb-06000000000000nat',
        EP,
      ]),
    ).toBe(true);
    const no = traceFlow(network, {
      from: APP,
      to: '93.184.215.14',
      protocol: 'tcp',
      port: 443,
      sni: 'example.com',
    });
    expect([no.verdict, no.forward.code, hopIds(no).at(-1)]).toEqual([
      'unreachable',
      'FIREWALL_RULES_RESTRICTION',
      EP,
    ]);
  });
});

describe('Client VPN describe outputs', () => {
  it('endpoint, target networks, routes and authorization rules; disassociated and revoking items left out', async () => {
    const j = (o: unknown) => JSON.stringify(o);
    const dir = writeTree({
      'Vpcs.json': j({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '192.168.0.0/16' }] }),
      'Subnets.json': j({
        Subnets: [{ SubnetId: 'subnet-t', VpcId: 'vpc-1', CidrBlock: '192.168.10.0/24' }],
      }),
      'cvpn.json': j({
        ClientVpnEndpoints: [
          {
            ClientVpnEndpointId: 'cvpn-endpoint-1',
            VpcId: 'vpc-1',
            ClientCidrBlock: '172.31.0.0/22',
            SplitTunnel: true,
            SecurityGroupIds: ['sg-c'],
            AuthenticationOptions: [{ Type: 'certificate-authentication' }],
            TransportProtocol: 'udp',
            VpnPort: 443,
            Status: { Code: 'available' },
          },
        ],
      }),
      'targets.json': j({
        ClientVpnTargetNetworks: [
          {
            AssociationId: 'cvpn-assoc-1',
            TargetNetworkId: 'subnet-t',
            ClientVpnEndpointId: 'cvpn-endpoint-1',
            Status: { Code: 'associated' },
          },
          {
            AssociationId: 'cvpn-assoc-2',
            TargetNetworkId: 'subnet-old',
            ClientVpnEndpointId: 'cvpn-endpoint-1',
            Status: { Code: 'disassociated' },
          },
        ],
      }),
      'routes.json': j({
        Routes: [
          {
            ClientVpnEndpointId: 'cvpn-endpoint-1',
            DestinationCidr: '192.168.0.0/16',
            TargetSubnet: 'subnet-t',
            Origin: 'associate',
            Status: { Code: 'active' },
          },
        ],
      }),
      'auth.json': j({
        AuthorizationRules: [
          {
            ClientVpnEndpointId: 'cvpn-endpoint-1',
            DestinationCidr: '192.168.1.0/24',
            AccessAll: true,
            Status: { Code: 'active' },
          },
          {
            ClientVpnEndpointId: 'cvpn-endpoint-1',
            DestinationCidr: '192.168.1.63/32',
            GroupId: 'managers',
            AccessAll: false,
            Status: { Code: 'active' },
          },
          {
            ClientVpnEndpointId: 'cvpn-endpoint-1',
            DestinationCidr: '10.0.0.0/8',
            AccessAll: true,
            Status: { Code: 'revoking' },
          },
        ],
      }),
    });
    const r = await importDescribe(dir, {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const e = r.network.clientVpnEndpoints[0];
    expect([e?.id, e?.clientCidr, e?.splitTunnel, e?.authentication, e?.securityGroups]).toEqual([
      'cvpn-endpoint-1',
      '172.31.0.0/22',
      true,
      'certificate',
      ['sg-c'],
    ]);
    expect(e?.targetNetworks.map((t) => [t.id, t.subnet])).toEqual([['cvpn-assoc-1', 'subnet-t']]);
    expect(e?.routes.map((x) => [x.destination, x.targetSubnet])).toEqual([['192.168.0.0/16', 'subnet-t']]);
    expect(e?.authorizationRules.map((a) => [a.destination, a.group])).toEqual([
      ['192.168.1.0/24', undefined],
      ['192.168.1.63/32', 'managers'],
    ]);
  });
});
