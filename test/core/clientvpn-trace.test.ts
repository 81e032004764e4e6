/**
 * Client VPN through the whole trace: client-to-client through the endpoint's local route (CVPN-7), and traffic
 * from inside the VPC toward a client, which cannot start a connection (CVPN-3).
 */
import { describe, expect, it } from 'vitest';
import { net, trace } from '../helpers.js';

const y = (routes: string, rules: string) => `vpcsim: 1
region: ap-northeast-1
vpcs:
  vpc:
    cidr: 192.168.0.0/16
    subnets:
      target: { cidr: 192.168.10.0/24, az: ap-northeast-1a }
    securityGroups:
      sg-cvpn: { outbound: [all to 0.0.0.0/0] }
      sg-h: { inbound: [all from 0.0.0.0/0] }
    instances:
      h: { subnet: target, ip: 192.168.10.50, securityGroups: [sg-h] }
    clientVpnEndpoints:
      cvpn:
        clientCidr: 172.31.0.0/22
        splitTunnel: true
        securityGroups: [sg-cvpn]
        targetNetworks: { assoc: { subnet: target, eniIp: 192.168.10.97 } }
        authorizationRules: [${rules}]
        routes: [${routes}]
        clients:
          alice: { tunnelIp: 172.31.0.2 }
          bob: { tunnelIp: 172.31.0.3 }
`;

describe('Client VPN traces', () => {
  it('CVPN-7: client-to-client needs a local route for the client CIDR and an authorization rule for it', () => {
    const t = trace(y("'172.31.0.0/22 -> local'", "'172.31.0.0/22 -> all', '192.168.0.0/16 -> all'"), {
      from: 'client:alice',
      to: 'client:bob',
      protocol: 'tcp',
      port: 22,
    });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.endpoint).toBe('client:bob');
    // No SNAT for client-to-client: bob sees alice's tunnel address.
    expect(t.forward.finalPacket?.src).toBe('172.31.0.2');
    expect(t.return?.endpoint).toBe('client:alice');
  });

  it('CVPN-5: without a local route, client-to-client traffic has no endpoint route', () => {
    const t = trace(y('', "'192.168.0.0/16 -> all'").replace('splitTunnel: true', 'splitTunnel: false'), {
      from: 'client:alice',
      to: 'client:bob',
      protocol: 'tcp',
      port: 22,
    });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('CLIENT_VPN_NO_ROUTE');
  });

  it('CVPN-3: a host in the VPC cannot open a connection to a client (no VPC route to the client CIDR)', () => {
    const t = trace(y('', "'192.168.0.0/16 -> all'"), {
      from: 'h',
      to: 'client:alice',
      protocol: 'tcp',
      port: 22,
    });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('NO_ROUTE_TO_DESTINATION');
  });
});

describe('Client VPN ENIs listed by the input', () => {
  it('CVPN-3: an ENI the input lists (owner client-vpn) is used, not duplicated', () => {
    const base = y('', "'192.168.0.0/16 -> all'");
    const n = net(base);
    const listed = {
      ...n,
      networkInterfaces: [
        ...n.networkInterfaces,
        {
          id: 'eni-cvpn',
          subnet: 'target',
          addresses: [{ private: '192.168.10.97' }],
          sourceDestCheck: true,
          securityGroups: ['sg-cvpn'],
          owner: 'client-vpn' as const,
        },
      ],
    };
    const t = trace(listed, { from: 'client:alice', to: '192.168.10.50', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops.some((h) => h.kind === 'security-group' && h.owner === 'cvpn')).toBe(true);
    expect(t.forward.finalPacket?.src).toBe('192.168.10.97');
  });
});
