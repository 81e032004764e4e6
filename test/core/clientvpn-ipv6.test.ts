/**
 * Client VPN and IPv6 (issue 18; CVPN-10 [DRIFT, newer doc]: an endpoint's traffic IP address type is ipv4 — the
 * default —, ipv6 or dual-stack; IPv6 client addresses are assigned by AWS and not translated). Scenario S3's
 * endpoint in a dual-stack VPC. Expected verdicts and codes derived by hand: a family the endpoint does not carry
 * bypasses the tunnel (the client's own network, outside the model); IPv6 through an endpoint that carries it is
 * not simulated (UNSUPPORTED_COMPONENT, uncertain); IPv4 is unchanged (CVPN-3…CVPN-5).
 */
import { describe, expect, it } from 'vitest';
import { importNative } from '../../src/formats/native/index.js';
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';
import { traceFlow } from '../../src/analysis/trace.js';
import { validateNetwork } from '../../src/validate/index.js';

const s3 = (endpoint: string, targetV6 = true) => `
vpcsim: 1
region: ap-northeast-1
vpcs:
  vpc:
    cidr: 192.168.0.0/16
    ipv6Cidr: 2001:db8:c0::/56
    subnets:
      target: { cidr: 192.168.10.0/24, ${targetV6 ? "ipv6Cidr: '2001:db8:c0:10::/64', " : ''}az: ap-northeast-1a }
      servers: { cidr: 192.168.1.0/24, ipv6Cidr: '2001:db8:c0:1::/64', az: ap-northeast-1a }
    securityGroups:
      sg-cvpn: { outbound: [tcp 22 to sg-srv] }
      sg-srv: { inbound: [tcp 22 from sg-cvpn] }
    instances:
      srv: { subnet: servers, ip: 192.168.1.63, ipv6: '2001:db8:c0:1::63', securityGroups: [sg-srv] }
    clientVpnEndpoints:
      cvpn:
        clientCidr: 172.31.0.0/22
        authentication: certificate
        securityGroups: [sg-cvpn]
        targetNetworks:
          assoc-1a: { subnet: target, eniIp: 192.168.10.97 }
        ${endpoint}
        clients:
          user: { tunnelIp: 172.31.0.2 }
`;
const load = (text: string) => importNative(text, 'test.yaml');
const codes = (text: string): string[] => {
  const r = load(text);
  return [...r.diagnostics, ...validateNetwork(r.network)].map((d) => `${d.severity}:${d.code}`);
};
const ids = (hops: readonly { id: string }[]) => hops.map((h) => h.id);

describe('Client VPN traffic IP address type (CVPN-10 [DRIFT, newer doc])', () => {
  it('an ipv4 endpoint (the default): IPv6 from the client bypasses the tunnel; IPv4 reaches srv as in S3', () => {
    const net = load(s3("authorizationRules: ['192.168.1.0/24 -> all']")).network;
    const t6 = traceFlow(net, { from: 'client:user', to: '2001:db8:c0:1::63', protocol: 'tcp', port: 22 });
    expect(t6.forward.code).toBe('CLIENT_VPN_FAMILY_BYPASS');
    expect(t6.forward.disposition).toBe('exited');
    expect(ids(t6.forward.hops)).toEqual(['client:user', 'cvpn']);
    expect(t6.uncertain).toBe(false);
    const t4 = traceFlow(net, { from: 'client:user', to: 'srv', protocol: 'tcp', port: 22 });
    expect(t4.verdict).toBe('reachable');
  });

  it('a dual-stack endpoint: IPv6 is not simulated (UNSUPPORTED_COMPONENT, uncertain); IPv4 is unchanged', () => {
    const net = load(
      s3(
        "trafficIpAddressType: dual-stack\n        authorizationRules: ['192.168.1.0/24 -> all', '2001:db8:c0:1::/64 -> all']",
      ),
    ).network;
    const t6 = traceFlow(net, { from: 'client:user', to: '2001:db8:c0:1::63', protocol: 'tcp', port: 22 });
    expect(t6.verdict).toBe('unreachable');
    expect(t6.uncertain).toBe(true);
    expect(t6.forward.code).toBe('UNSUPPORTED_COMPONENT');
    expect(t6.forward.hops.at(-1)?.unsupported).toEqual(['client-vpn cvpn (IPv6)']);
    const t4 = traceFlow(net, { from: 'client:user', to: 'srv', protocol: 'tcp', port: 22 });
    expect(t4.verdict).toBe('reachable');
    expect(t4.uncertain).toBe(false);
  });

  it('an ipv6-only endpoint: IPv4 from the client bypasses the tunnel', () => {
    const net = load(s3('trafficIpAddressType: ipv6')).network;
    const t = traceFlow(net, { from: 'client:user', to: 'srv', protocol: 'tcp', port: 22 });
    expect(t.forward.code).toBe('CLIENT_VPN_FAMILY_BYPASS');
    expect(ids(t.forward.hops)).toEqual(['client:user', 'cvpn']);
  });
});

describe('Client VPN IPv6 validation (CVPN-10 [DRIFT, newer doc])', () => {
  it('an IPv6 rule or route on an ipv4 endpoint is refused', () => {
    const c = codes(
      s3("authorizationRules: ['2001:db8:c0:1::/64 -> all']\n        routes: ['2001:db8:c0::/56 -> target']"),
    );
    expect(c.filter((x) => x === 'error:CLIENT_VPN_IPV6_ON_IPV4_ENDPOINT').length).toBe(2);
  });

  it('on a dual-stack endpoint an IPv6 rule is named as not simulated, and an IPv4-only target subnet is refused', () => {
    expect(
      codes(
        s3("trafficIpAddressType: dual-stack\n        authorizationRules: ['2001:db8:c0:1::/64 -> all']"),
      ),
    ).toContain('warning:CLIENT_VPN_IPV6_UNSUPPORTED');
    const c = codes(s3('trafficIpAddressType: dual-stack', false));
    expect(c).toContain('error:CLIENT_VPN_TARGET_SUBNET_NO_IPV6');
    expect(codes(s3('trafficIpAddressType: dual-stack'))).not.toContain(
      'error:CLIENT_VPN_TARGET_SUBNET_NO_IPV6',
    );
  });

  it('CloudFormation reads TrafficIpAddressType', () => {
    const r = importCloudFormation(
      [
        {
          path: 't.yaml',
          text: `
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Cvpn:
    Type: AWS::EC2::ClientVpnEndpoint
    Properties:
      VpcId: !Ref Vpc
      ClientCidrBlock: 172.16.0.0/22
      ServerCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/x
      AuthenticationOptions: [{ Type: certificate-authentication, MutualAuthentication: { ClientRootCertificateChainArn: arn:aws:acm:us-east-1:111122223333:certificate/y } }]
      ConnectionLogOptions: { Enabled: false }
      TrafficIpAddressType: dual-stack
`,
        },
      ],
      {},
    );
    expect(r.network.clientVpnEndpoints[0]?.trafficIpAddressType).toBe('dual-stack');
  });
});
