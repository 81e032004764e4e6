/**
 * Client VPN validation and lint (CVPN-1, CVPN-2, CVPN-4, CVPN-5, CVPN-7, CVPN-8, CVPN-10, NACL-6) on scenario S3
 * and its variants. Each expectation is derived from the AWS rule cited beside it.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { ClientVpnEndpoint, VpnClient } from '../model/clientvpn.js';
import type { Network, NetworkAcl, Subnet } from '../model/network.js';
import { ALICE, S3_ENDPOINT, at, s3Network } from '../dataplane/clientvpn/s3.fixture.js';
import { validateClientVpn } from './clientvpn.js';

function codes(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}
function find(ds: readonly Diagnostic[], code: string): Diagnostic[] {
  return ds.filter((d) => d.code === code);
}
function withSubnets(net: Network, more: Subnet[]): Network {
  return { ...net, subnets: [...net.subnets, ...more] };
}

describe('S3 as written', () => {
  it('has no diagnostic at all', () => {
    expect(validateClientVpn(s3Network())).toEqual([]);
  });
});

describe('client CIDR (CVPN-1)', () => {
  it('/23 is rejected (smaller than /22)', () => {
    const ds = validateClientVpn(s3Network({ clientCidr: '172.31.0.0/23' }));
    const d = find(ds, 'CLIENT_VPN_CLIENT_CIDR_SIZE');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', resource: 'cvpn', span: at(50), ref: 'CVPN-1' });
    expect(d[0]?.message).toContain('/12 and /22');
  });

  it('/11 is rejected (larger than /12)', () => {
    expect(codes(validateClientVpn(s3Network({ clientCidr: '172.0.0.0/11' })))).toEqual([
      'CLIENT_VPN_CLIENT_CIDR_SIZE',
    ]);
  });

  it('/22 and /12 are accepted (inclusive bounds)', () => {
    expect(validateClientVpn(s3Network({ clientCidr: '10.0.0.0/22' }, { vpnClients: [] }))).toEqual([]);
    expect(validateClientVpn(s3Network({ clientCidr: '172.16.0.0/12' }))).toEqual([]);
  });

  it('a client CIDR overlapping the VPC is rejected (once: not again for the VPC route the association added)', () => {
    // 192.168.4.0/22 lies inside VPC 192.168.0.0/16; the endpoint route 192.168.0.0/16 is that VPC's CIDR.
    const ds = validateClientVpn(s3Network({ clientCidr: '192.168.4.0/22' }, { vpnClients: [] }));
    expect(ds).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'CLIENT_VPN_CLIENT_CIDR_OVERLAPS_VPC',
        span: at(50),
        resource: 'cvpn',
      }),
    ]);
  });

  it('a client CIDR overlapping a manually added route is rejected at the route', () => {
    // Route 10.0.0.0/8 contains client CIDR 10.1.0.0/22.
    const ds = validateClientVpn(
      s3Network(
        {
          clientCidr: '10.1.0.0/22',
          routes: [
            ...S3_ENDPOINT.routes,
            { destination: '10.0.0.0/8', targetSubnet: 'sn-target', span: at(66) },
          ],
          authorizationRules: [...S3_ENDPOINT.authorizationRules, { destination: '10.0.0.0/8' }],
        },
        { vpnClients: [] },
      ),
    );
    expect(ds).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'CLIENT_VPN_CLIENT_CIDR_OVERLAPS_ROUTE',
        span: at(66),
        resource: 'cvpn',
      }),
    ]);
  });

  it('a client CIDR overlapping a target subnet is rejected', () => {
    // Target subnet in a secondary VPC CIDR 10.8.0.0/16 …; client 10.8.0.0/22 overlaps both.
    const net = s3Network(
      {
        clientCidr: '10.8.0.0/22',
        targetNetworks: [{ id: 'assoc-a', subnet: 'sn-t2', eniIp: '10.8.1.10' }],
        routes: [{ destination: '192.168.0.0/16', targetSubnet: 'sn-t2' }],
      },
      { vpcs: [{ id: 'vpc', cidrs: ['192.168.0.0/16', '10.8.0.0/16'] }] },
    );
    const ds = validateClientVpn(
      withSubnets(net, [{ id: 'sn-t2', vpc: 'vpc', cidr: '10.8.1.0/24', az: 'ap-northeast-1a' }]),
    );
    expect(codes(ds)).toContain('CLIENT_VPN_CLIENT_CIDR_OVERLAPS_SUBNET');
  });

  it('the internet route 0.0.0.0/0 does not count as overlapping (CVPN-6)', () => {
    const ds = validateClientVpn(
      s3Network({
        splitTunnel: false,
        routes: [...S3_ENDPOINT.routes, { destination: '0.0.0.0/0', targetSubnet: 'sn-target' }],
        authorizationRules: [...S3_ENDPOINT.authorizationRules, { destination: '0.0.0.0/0' }],
      }),
    );
    expect(ds).toEqual([]);
  });

  it('a malformed or IPv6 client CIDR is an error, not a throw', () => {
    expect(codes(validateClientVpn(s3Network({ clientCidr: '172.31.0/22' })))).toEqual([
      'CLIENT_VPN_CLIENT_CIDR_INVALID',
    ]);
    // The client CIDR is an IPv4 block: AWS assigns IPv6 client addresses itself (CVPN-10 [DRIFT, newer doc]).
    const v6 = validateClientVpn(s3Network({ clientCidr: 'fd00::/56' }, { vpnClients: [] }));
    expect(v6.map((d) => [d.severity, d.code])).toEqual([['error', 'CLIENT_VPN_CLIENT_CIDR_INVALID']]);
    expect(v6[0]?.message).toContain('AWS assigns IPv6 client addresses itself');
  });

  it('host bits in the client CIDR are a warning naming the block', () => {
    const ds = validateClientVpn(s3Network({ clientCidr: '172.31.0.5/22' }));
    expect(ds.map((d) => d.code)).toEqual(['CLIENT_VPN_CLIENT_CIDR_HOST_BITS']);
    expect(ds[0]?.message).toContain('172.31.0.0/22');
  });
});

describe('target networks (CVPN-2)', () => {
  it('a /28 target subnet is rejected', () => {
    const net = s3Network({
      targetNetworks: [{ id: 'assoc-s', subnet: 'sn-small', span: at(56) }],
      routes: [{ destination: '192.168.0.0/16', targetSubnet: 'sn-small' }],
    });
    const ds = validateClientVpn(
      withSubnets(net, [{ id: 'sn-small', vpc: 'vpc', cidr: '192.168.20.0/28', az: 'ap-northeast-1c' }]),
    );
    const d = find(ds, 'CLIENT_VPN_TARGET_SUBNET_TOO_SMALL');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', span: at(56), resource: 'cvpn' });
  });

  it('a /27 target subnet is accepted', () => {
    const net = s3Network({
      targetNetworks: [{ id: 'assoc-s', subnet: 'sn-27' }],
      routes: [{ destination: '192.168.0.0/16', targetSubnet: 'sn-27' }],
    });
    const ds = validateClientVpn(
      withSubnets(net, [{ id: 'sn-27', vpc: 'vpc', cidr: '192.168.20.0/27', az: 'ap-northeast-1c' }]),
    );
    expect(ds).toEqual([]);
  });

  it('two target subnets in one AZ are rejected', () => {
    // sn-target and sn-srv are both in ap-northeast-1a.
    const ds = validateClientVpn(
      s3Network({
        targetNetworks: [...S3_ENDPOINT.targetNetworks, { id: 'assoc-b', subnet: 'sn-srv', span: at(57) }],
        routes: [...S3_ENDPOINT.routes, { destination: '192.168.0.0/16', targetSubnet: 'sn-srv' }],
      }),
    );
    const d = find(ds, 'CLIENT_VPN_TARGET_SUBNET_SAME_AZ');
    expect(d).toHaveLength(1);
    expect(d[0]?.span).toEqual(at(57));
    expect(d[0]?.message).toContain('ap-northeast-1a');
  });

  it('a target subnet of another VPC is rejected', () => {
    const net = s3Network(
      {
        targetNetworks: [{ id: 'assoc-x', subnet: 'sn-x', span: at(58) }],
        routes: [{ destination: '192.168.0.0/16', targetSubnet: 'sn-x' }],
      },
      {
        vpcs: [
          { id: 'vpc', cidrs: ['192.168.0.0/16'] },
          { id: 'vpc2', cidrs: ['10.0.0.0/16'] },
        ],
      },
    );
    const ds = validateClientVpn(
      withSubnets(net, [{ id: 'sn-x', vpc: 'vpc2', cidr: '10.0.1.0/24', az: 'ap-northeast-1c' }]),
    );
    expect(find(ds, 'CLIENT_VPN_TARGET_SUBNET_OTHER_VPC')).toEqual([
      expect.objectContaining({ severity: 'error', span: at(58), resource: 'cvpn', ref: 'CVPN-2' }),
    ]);
  });

  it('an unknown target subnet and a duplicate association are errors', () => {
    const ds = validateClientVpn(
      s3Network({
        targetNetworks: [
          ...S3_ENDPOINT.targetNetworks,
          { id: 'assoc-a2', subnet: 'sn-target' },
          { id: 'assoc-z', subnet: 'sn-nowhere' },
        ],
      }),
    );
    expect(codes(ds)).toEqual(
      expect.arrayContaining(['CLIENT_VPN_TARGET_SUBNET_DUPLICATE', 'CLIENT_VPN_UNKNOWN_SUBNET']),
    );
  });

  it('fewer than 20 free addresses in a target subnet is a warning; exactly 20 is fine', () => {
    // /27 = 32 addresses − 5 reserved = 27; 8 ENIs → 19 free; 7 → 20.
    const eni = (n: number) => ({
      id: `e${n}`,
      subnet: 'sn-27',
      addresses: [{ private: `192.168.20.${n}` }],
      sourceDestCheck: true,
      securityGroups: [],
    });
    const mk = (count: number): Network => {
      const net = s3Network(
        {
          targetNetworks: [{ id: 'assoc-s', subnet: 'sn-27' }],
          routes: [{ destination: '192.168.0.0/16', targetSubnet: 'sn-27' }],
        },
        { networkInterfaces: Array.from({ length: count }, (_, i) => eni(4 + i)) },
      );
      return withSubnets(net, [{ id: 'sn-27', vpc: 'vpc', cidr: '192.168.20.0/27', az: 'ap-northeast-1c' }]);
    };
    expect(codes(validateClientVpn(mk(8)))).toEqual(['CLIENT_VPN_TARGET_SUBNET_FEW_FREE_ADDRESSES']);
    expect(validateClientVpn(mk(7))).toEqual([]);
  });

  it('CVPN-2 counts only addresses in the target subnet, not those of another VPC reusing its CIDR', () => {
    // 8 ENIs with 192.168.20.x addresses, but in a subnet of another VPC with the same CIDR: the /27 keeps 27 free.
    const eni = (n: number) => ({
      id: `e${n}`,
      subnet: 'sn-other',
      addresses: [{ private: `192.168.20.${n}` }],
      sourceDestCheck: true,
      securityGroups: [],
    });
    const net = s3Network(
      {
        targetNetworks: [{ id: 'assoc-s', subnet: 'sn-27' }],
        routes: [{ destination: '192.168.0.0/16', targetSubnet: 'sn-27' }],
      },
      { networkInterfaces: Array.from({ length: 8 }, (_, i) => eni(4 + i)) },
    );
    const withBoth = withSubnets(net, [
      { id: 'sn-27', vpc: 'vpc', cidr: '192.168.20.0/27', az: 'ap-northeast-1c' },
      { id: 'sn-other', vpc: 'vpc-other', cidr: '192.168.20.0/27', az: 'ap-northeast-1c' },
    ]);
    expect(codes(validateClientVpn(withBoth))).not.toContain('CLIENT_VPN_TARGET_SUBNET_FEW_FREE_ADDRESSES');
  });

  it('a given ENI address outside the subnet or reserved is an error (ADDR-2)', () => {
    expect(
      codes(
        validateClientVpn(
          s3Network({ targetNetworks: [{ id: 'assoc-a', subnet: 'sn-target', eniIp: '192.168.11.5' }] }),
        ),
      ),
    ).toEqual(['CLIENT_VPN_ENI_IP_INVALID']);
    expect(
      codes(
        validateClientVpn(
          s3Network({ targetNetworks: [{ id: 'assoc-a', subnet: 'sn-target', eniIp: '192.168.10.2' }] }),
        ),
      ),
    ).toEqual(['CLIENT_VPN_ENI_IP_INVALID']);
  });

  it('an endpoint without target network is a warning (pending-associate)', () => {
    const ds = validateClientVpn(s3Network({ targetNetworks: [], routes: [] }));
    expect(codes(ds)).toContain('CLIENT_VPN_NO_TARGET_NETWORK');
  });
});

describe('routes and authorization rules (CVPN-4, CVPN-5, CVPN-7, CVPN-8)', () => {
  it('a route to a subnet that is not associated is an error at the route', () => {
    const ds = validateClientVpn(
      s3Network({
        routes: [
          ...S3_ENDPOINT.routes,
          { destination: '192.168.0.0/16', targetSubnet: 'sn-srv', span: at(66) },
        ],
      }),
    );
    expect(find(ds, 'CLIENT_VPN_ROUTE_TARGET_NOT_ASSOCIATED')).toEqual([
      expect.objectContaining({ severity: 'error', span: at(66), resource: 'cvpn' }),
    ]);
  });

  it('an authorization rule with no route, and a route with no authorization, are warnings', () => {
    const ds = validateClientVpn(
      s3Network({
        authorizationRules: [...S3_ENDPOINT.authorizationRules, { destination: '10.0.0.0/8', span: at(61) }],
        routes: [
          ...S3_ENDPOINT.routes,
          { destination: '172.16.0.0/16', targetSubnet: 'sn-target', span: at(67) },
        ],
      }),
    );
    expect(find(ds, 'CLIENT_VPN_AUTH_RULE_WITHOUT_ROUTE')).toEqual([
      expect.objectContaining({ severity: 'warning', span: at(61) }),
    ]);
    expect(find(ds, 'CLIENT_VPN_ROUTE_WITHOUT_AUTHORIZATION')).toEqual([
      expect.objectContaining({ severity: 'warning', span: at(67) }),
    ]);
  });

  it('client-to-client route must be the client CIDR', () => {
    const ds = validateClientVpn(
      s3Network({
        routes: [...S3_ENDPOINT.routes, { destination: '172.31.0.0/24', targetSubnet: 'local' }],
        authorizationRules: [...S3_ENDPOINT.authorizationRules, { destination: '172.31.0.0/22' }],
      }),
    );
    expect(codes(ds)).toEqual(['CLIENT_VPN_LOCAL_ROUTE_NOT_CLIENT_CIDR']);
    const ok = validateClientVpn(
      s3Network({
        routes: [...S3_ENDPOINT.routes, { destination: '172.31.0.0/22', targetSubnet: 'local' }],
        authorizationRules: [...S3_ENDPOINT.authorizationRules, { destination: '172.31.0.0/22' }],
      }),
    );
    expect(ok).toEqual([]);
  });

  it('0.0.0.0/0 with split tunnel on is a warning (CVPN-8)', () => {
    const ds = validateClientVpn(
      s3Network({
        routes: [...S3_ENDPOINT.routes, { destination: '0.0.0.0/0', targetSubnet: 'sn-target' }],
        authorizationRules: [...S3_ENDPOINT.authorizationRules, { destination: '0.0.0.0/0' }],
      }),
    );
    expect(codes(ds)).toEqual(['CLIENT_VPN_SPLIT_TUNNEL_DEFAULT_ROUTE']);
  });

  it('a group rule with certificate authentication is a warning', () => {
    const ds = validateClientVpn(
      s3Network({ authorizationRules: [{ destination: '192.168.1.0/24', group: 'engineering' }] }),
    );
    expect(codes(ds)).toContain('CLIENT_VPN_GROUP_RULE_WITH_CERTIFICATE');
  });

  it('malformed and duplicate rules and routes are errors', () => {
    const ds = validateClientVpn(
      s3Network({
        authorizationRules: [
          ...S3_ENDPOINT.authorizationRules,
          { destination: '192.168.1.0/24' },
          { destination: 'nope' },
        ],
        routes: [
          ...S3_ENDPOINT.routes,
          { destination: '192.168.0.0/16', targetSubnet: 'sn-target' },
          { destination: '300.0.0.0/8', targetSubnet: 'sn-target' },
        ],
      }),
    );
    expect(codes(ds).sort()).toEqual([
      'CLIENT_VPN_AUTH_RULE_DUPLICATE',
      'CLIENT_VPN_AUTH_RULE_INVALID_CIDR',
      'CLIENT_VPN_ROUTE_DUPLICATE',
      'CLIENT_VPN_ROUTE_INVALID_CIDR',
    ]);
  });

  it('quotas: 51 authorization rules and 11 routes are errors; 50 and 10 are not (CVPN-10)', () => {
    const rules = (n: number) => Array.from({ length: n }, (_, i) => ({ destination: `192.168.${i}.0/24` }));
    // Routes: 10 (or 11) /24s inside the VPC, all to the target subnet; auth 192.168.0.0/16 covers them.
    const routes = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ destination: `192.168.${i}.0/24`, targetSubnet: 'sn-target' }));
    const q = (ds: Diagnostic[]) => codes(ds).filter((c) => c.endsWith('_QUOTA'));
    expect(q(validateClientVpn(s3Network({ authorizationRules: rules(51) })))).toEqual([
      'CLIENT_VPN_AUTH_RULE_QUOTA',
    ]);
    expect(q(validateClientVpn(s3Network({ authorizationRules: rules(50) })))).toEqual([]);
    const auth = [{ destination: '192.168.0.0/16' }];
    expect(q(validateClientVpn(s3Network({ routes: routes(11), authorizationRules: auth })))).toEqual([
      'CLIENT_VPN_ROUTE_QUOTA',
    ]);
    expect(q(validateClientVpn(s3Network({ routes: routes(10), authorizationRules: auth })))).toEqual([]);
  });

  it('a VPN port other than 443 or 1194 is an error', () => {
    expect(codes(validateClientVpn(s3Network({ vpnPort: 8443 })))).toEqual(['CLIENT_VPN_PORT_INVALID']);
    expect(validateClientVpn(s3Network({ vpnPort: 1194 }))).toEqual([]);
  });
});

describe('B3.3: routes differ between target networks (CVPN-5)', () => {
  const b33: Partial<ClientVpnEndpoint> = {
    splitTunnel: false,
    targetNetworks: [
      { id: 'assoc-a', subnet: 'sn-target', eniIp: '192.168.10.97' },
      { id: 'assoc-c', subnet: 'sn-c' },
    ],
    authorizationRules: [...S3_ENDPOINT.authorizationRules, { destination: '0.0.0.0/0' }],
    routes: [
      { destination: '192.168.0.0/16', targetSubnet: 'sn-target', span: at(65) },
      { destination: '192.168.0.0/16', targetSubnet: 'sn-c', span: at(66) },
      { destination: '0.0.0.0/0', targetSubnet: 'sn-target', span: at(67) },
    ],
  };
  const sn = (): Subnet[] => [{ id: 'sn-c', vpc: 'vpc', cidr: '192.168.11.0/24', az: 'ap-northeast-1c' }];

  it('0.0.0.0/0 only via 192.168.10.0/24: one lint finding at that route', () => {
    const ds = validateClientVpn(withSubnets(s3Network(b33), sn()));
    expect(ds).toHaveLength(1);
    const d = ds[0] as Diagnostic;
    expect(d).toMatchObject({
      severity: 'warning',
      code: 'CLIENT_VPN_ROUTES_DIFFER_BETWEEN_TARGETS',
      span: at(67),
      resource: 'cvpn',
      ref: 'CVPN-5',
    });
    expect(d.message).toContain(
      'routes must be the same for every target network, or access is intermittent',
    );
    expect(d.message).toContain('assoc-c');
  });

  it('with the route added for the second target network too, no finding', () => {
    const fixed = {
      ...b33,
      routes: [...(b33.routes ?? []), { destination: '0.0.0.0/0', targetSubnet: 'sn-c' }],
    };
    expect(validateClientVpn(withSubnets(s3Network(fixed), sn()))).toEqual([]);
  });
});

describe('NACL replies on the ENI ports (NACL-6, CVPN-3)', () => {
  const aclTarget = (inbound: NetworkAcl['inbound']): NetworkAcl => ({
    id: 'acl-target',
    span: at(30),
    vpc: 'vpc',
    outbound: [
      { number: 100, protocol: 6, ports: { from: 22, to: 22 }, cidr: '192.168.1.0/24', action: 'allow' },
    ],
    inbound,
  });
  const withAcl = (acl: NetworkAcl): Network => {
    const net = s3Network();
    return { ...net, networkAcls: [acl, ...net.networkAcls.filter((a) => a.id !== 'acl-target')] };
  };

  it('B3.2: no inbound return rule → replies are never admitted', () => {
    const ds = validateClientVpn(withAcl(aclTarget([])));
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({
      severity: 'warning',
      code: 'CLIENT_VPN_NACL_BLOCKS_REPLIES',
      resource: 'acl-target',
      span: at(30),
    });
    expect(ds[0]?.message).toContain('no tcp replies from 192.168.1.0/24');
    expect(ds[0]?.message).toContain('1024-65535');
  });

  it('return rule only for 32768-65535 → works for some connections only', () => {
    const ds = validateClientVpn(
      withAcl(
        aclTarget([
          {
            number: 100,
            protocol: 6,
            ports: { from: 32768, to: 65535 },
            cidr: '192.168.1.0/24',
            action: 'allow',
          },
        ]),
      ),
    );
    expect(codes(ds)).toEqual(['CLIENT_VPN_NACL_BLOCKS_REPLIES']);
    expect(ds[0]?.message).toContain('only on 32768-65535');
    expect(ds[0]?.message).toContain('works for some connections only');
  });

  it('a deny numbered before the allow carves ports out (first match, NACL-2)', () => {
    const ds = validateClientVpn(
      withAcl(
        aclTarget([
          { number: 90, protocol: 6, ports: { from: 1024, to: 2048 }, cidr: '0.0.0.0/0', action: 'deny' },
          {
            number: 100,
            protocol: 6,
            ports: { from: 1024, to: 65535 },
            cidr: '192.168.1.0/24',
            action: 'allow',
          },
        ]),
      ),
    );
    expect(ds[0]?.message).toContain('only on 2049-65535');
  });

  it('the same rules in the other order admit everything (the allow matches first)', () => {
    const ds = validateClientVpn(
      withAcl(
        aclTarget([
          { number: 110, protocol: 6, ports: { from: 1024, to: 2048 }, cidr: '0.0.0.0/0', action: 'deny' },
          {
            number: 100,
            protocol: 6,
            ports: { from: 1024, to: 65535 },
            cidr: '192.168.1.0/24',
            action: 'allow',
          },
        ]),
      ),
    );
    expect(ds).toEqual([]);
  });

  it('return rule for half of the destination range → some connections only', () => {
    const ds = validateClientVpn(
      withAcl(
        aclTarget([
          {
            number: 100,
            protocol: 6,
            ports: { from: 1024, to: 65535 },
            cidr: '192.168.1.0/25',
            action: 'allow',
          },
        ]),
      ),
    );
    expect(codes(ds)).toEqual(['CLIENT_VPN_NACL_BLOCKS_REPLIES']);
    expect(ds[0]?.message).toContain('some connections only');
  });

  it('udp is not checked when the outbound NACL lets no udp out', () => {
    // S3's target NACL only lets tcp/22 out, so no udp reply is ever expected.
    expect(validateClientVpn(s3Network())).toEqual([]);
  });

  it('all-protocol allow out but tcp-only return → udp replies flagged', () => {
    const acl: NetworkAcl = {
      ...aclTarget([
        {
          number: 100,
          protocol: 6,
          ports: { from: 1024, to: 65535 },
          cidr: '192.168.1.0/24',
          action: 'allow',
        },
      ]),
      outbound: [{ number: 100, protocol: -1, cidr: '0.0.0.0/0', action: 'allow' }],
    };
    const ds = validateClientVpn(withAcl(acl));
    expect(ds).toHaveLength(1);
    expect(ds[0]?.message).toContain('no udp replies');
  });
});

describe('clients (bad input)', () => {
  it('a client naming an unknown endpoint is an error at the client', () => {
    const ds = validateClientVpn(s3Network({}, { vpnClients: [{ ...ALICE, endpoint: 'cvpn-typo' }] }));
    expect(ds).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'CLIENT_VPN_CLIENT_UNKNOWN_ENDPOINT',
        span: at(80),
        resource: 'alice',
      }),
    ]);
    expect(ds[0]?.message).toContain('cvpn-typo');
  });

  it('a group with no rule is a warning', () => {
    const net = s3Network(
      {
        authentication: 'active-directory',
        authorizationRules: [{ destination: '192.168.1.0/24', group: 'engineering' }],
      },
      { vpnClients: [{ ...ALICE, groups: ['enginering'] }] },
    );
    const d = find(validateClientVpn(net), 'CLIENT_VPN_CLIENT_GROUP_WITHOUT_RULE');
    expect(d).toEqual([expect.objectContaining({ severity: 'warning', span: at(80), resource: 'alice' })]);
    expect(d[0]?.message).toContain('enginering');
  });

  it('tunnel address outside the client CIDR, malformed, or used twice is an error', () => {
    const bob: VpnClient = { ...ALICE, id: 'bob', tunnelIp: '172.31.0.2' };
    const ds = validateClientVpn(
      s3Network(
        {},
        {
          vpnClients: [
            ALICE,
            bob,
            { ...ALICE, id: 'eve', tunnelIp: '10.0.0.1' },
            { ...ALICE, id: 'mal', tunnelIp: '172.31.0.256' },
          ],
        },
      ),
    );
    expect(ds.map((d) => [d.code, d.resource])).toEqual([
      ['CLIENT_VPN_CLIENT_TUNNEL_IP_DUPLICATE', 'bob'],
      ['CLIENT_VPN_CLIENT_TUNNEL_IP_INVALID', 'eve'],
      ['CLIENT_VPN_CLIENT_TUNNEL_IP_INVALID', 'mal'],
    ]);
  });

  it('groups on a certificate endpoint are a warning', () => {
    const ds = validateClientVpn(s3Network({}, { vpnClients: [{ ...ALICE, groups: ['x'] }] }));
    expect(codes(ds)).toEqual(
      expect.arrayContaining([
        'CLIENT_VPN_CLIENT_GROUPS_WITH_CERTIFICATE',
        'CLIENT_VPN_CLIENT_GROUP_WITHOUT_RULE',
      ]),
    );
  });
});

describe('references and positions', () => {
  it('unknown VPC and security groups are errors', () => {
    const ds = validateClientVpn(s3Network({ vpc: 'vpc-nope', securityGroups: ['sg-nope'] }));
    expect(codes(ds)).toEqual(
      expect.arrayContaining(['CLIENT_VPN_UNKNOWN_VPC', 'CLIENT_VPN_UNKNOWN_SECURITY_GROUP']),
    );
  });

  it('every diagnostic of a thoroughly broken endpoint has a span and names a resource', () => {
    const ds = validateClientVpn(
      s3Network(
        {
          clientCidr: '192.168.0.0/11',
          vpnPort: 22,
          targetNetworks: [
            ...S3_ENDPOINT.targetNetworks,
            { id: 'b', subnet: 'sn-srv' },
            { id: 'z', subnet: 'nope' },
          ],
          authorizationRules: [{ destination: 'x' }, { destination: '10.0.0.0/8', group: 'g' }],
          routes: [{ destination: '192.168.0.0/16', targetSubnet: 'sn-other' }],
        },
        { vpnClients: [ALICE, { ...ALICE, id: 'bob', endpoint: 'none' }] },
      ),
    );
    expect(ds.length).toBeGreaterThan(8);
    for (const d of ds) {
      expect(d.span, d.code).toBeDefined();
      expect(d.resource, d.code).toBeDefined();
      expect(d.ref, d.code).toMatch(/^(CVPN|NACL)-\d+$/);
    }
  });

  it('uses the field span when the input recorded one', () => {
    const ds = validateClientVpn(
      s3Network({ clientCidr: '172.31.0.0/23', spans: { clientCidr: at(52, 17) } }),
    );
    expect(ds[0]?.span).toEqual(at(52, 17));
  });
});
