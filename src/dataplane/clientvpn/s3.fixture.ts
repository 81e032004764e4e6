/**
 * Scenario S3 (scenarios.md) as a Network, for the Client VPN tests (data plane and validation). Test-only helper.
 *
 * VPC 192.168.0.0/16; target subnet 192.168.10.0/24 (ap-northeast-1a) whose Client VPN ENI is 192.168.10.97;
 * server `srv` 192.168.1.63 in 192.168.1.0/24; `db` 192.168.2.20 in 192.168.2.0/24; endpoint client CIDR
 * 172.31.0.0/22, certificate authentication, split tunnel on, SG `sg-cvpn`; authorization 192.168.1.0/24 → all
 * users; route 192.168.0.0/16 → the target subnet; NACLs as in the scenario's table. Client `alice` 172.31.0.2.
 * Every resource and rule has a span in the fictitious file `s3.yaml` (line numbers are arbitrary but distinct).
 */
import type { Span } from '../../diag/diagnostic.js';
import type { ClientVpnEndpoint, VpnClient } from '../../model/clientvpn.js';
import { emptyNetwork, type Network, type NetworkAcl } from '../../model/network.js';

export const S3_FILE = 's3.yaml';
export function at(line: number, col = 3): Span {
  return { file: S3_FILE, line, col };
}

export const S3_ENDPOINT: ClientVpnEndpoint = {
  id: 'cvpn',
  span: at(50),
  vpc: 'vpc',
  clientCidr: '172.31.0.0/22',
  authentication: 'certificate',
  splitTunnel: true,
  securityGroups: ['sg-cvpn'],
  targetNetworks: [{ id: 'assoc-a', subnet: 'sn-target', eniIp: '192.168.10.97', span: at(55) }],
  authorizationRules: [{ destination: '192.168.1.0/24', span: at(60) }],
  routes: [{ destination: '192.168.0.0/16', targetSubnet: 'sn-target', span: at(65) }],
};

export const ALICE: VpnClient = {
  id: 'alice',
  span: at(80),
  endpoint: 'cvpn',
  tunnelIp: '172.31.0.2',
  groups: [],
};

const ACL_TARGET: NetworkAcl = {
  id: 'acl-target',
  span: at(30),
  vpc: 'vpc',
  outbound: [
    {
      number: 100,
      protocol: 6,
      ports: { from: 22, to: 22 },
      cidr: '192.168.1.0/24',
      action: 'allow',
      span: at(31),
    },
  ],
  inbound: [
    {
      number: 100,
      protocol: 6,
      ports: { from: 1024, to: 65535 },
      cidr: '192.168.1.0/24',
      action: 'allow',
      span: at(32),
    },
  ],
};
const ACL_SRV: NetworkAcl = {
  id: 'acl-srv',
  span: at(35),
  vpc: 'vpc',
  inbound: [
    {
      number: 100,
      protocol: 6,
      ports: { from: 22, to: 22 },
      cidr: '192.168.10.0/24',
      action: 'allow',
      span: at(36),
    },
  ],
  outbound: [
    {
      number: 100,
      protocol: 6,
      ports: { from: 1024, to: 65535 },
      cidr: '192.168.10.0/24',
      action: 'allow',
      span: at(37),
    },
  ],
};

/** The S3 network; `change` edits the endpoint, `extra` adds or replaces top-level lists. */
export function s3Network(change: Partial<ClientVpnEndpoint> = {}, extra: Partial<Network> = {}): Network {
  return {
    ...emptyNetwork(),
    vpcs: [{ id: 'vpc', span: at(1), cidrs: ['192.168.0.0/16'] }],
    subnets: [
      {
        id: 'sn-target',
        span: at(5),
        vpc: 'vpc',
        cidr: '192.168.10.0/24',
        az: 'ap-northeast-1a',
        networkAcl: 'acl-target',
      },
      {
        id: 'sn-srv',
        span: at(8),
        vpc: 'vpc',
        cidr: '192.168.1.0/24',
        az: 'ap-northeast-1a',
        networkAcl: 'acl-srv',
      },
      { id: 'sn-other', span: at(11), vpc: 'vpc', cidr: '192.168.2.0/24', az: 'ap-northeast-1a' },
    ],
    securityGroups: [
      {
        id: 'sg-cvpn',
        span: at(20),
        vpc: 'vpc',
        inbound: [],
        outbound: [
          { protocol: 6, ports: { from: 22, to: 22 }, peer: { kind: 'security-group', group: 'sg-srv' } },
        ],
      },
      {
        id: 'sg-srv',
        span: at(24),
        vpc: 'vpc',
        inbound: [
          { protocol: 6, ports: { from: 22, to: 22 }, peer: { kind: 'security-group', group: 'sg-cvpn' } },
        ],
        outbound: [],
      },
    ],
    networkAcls: [ACL_TARGET, ACL_SRV],
    networkInterfaces: [
      {
        id: 'eni-srv',
        subnet: 'sn-srv',
        addresses: [{ private: '192.168.1.63' }],
        sourceDestCheck: true,
        securityGroups: ['sg-srv'],
      },
      {
        id: 'eni-db',
        subnet: 'sn-other',
        addresses: [{ private: '192.168.2.20' }],
        sourceDestCheck: true,
        securityGroups: [],
      },
    ],
    instances: [
      { id: 'srv', interfaces: ['eni-srv'] },
      { id: 'db', interfaces: ['eni-db'] },
    ],
    clientVpnEndpoints: [{ ...S3_ENDPOINT, ...change }],
    vpnClients: [ALICE],
    ...extra,
  };
}
