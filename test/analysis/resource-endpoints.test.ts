/**
 * Issue 14, "naming things as AWS users do": a subnet, an internet gateway, a NAT gateway or a peering connection as
 * `--from` / `--to` (analysis/resource-endpoints.ts). Reachability Analyzer reads a gateway or peering connection
 * given as source or destination as "the path enters or leaves through it" and answers COMPONENT_FILTER_RESTRICTION
 * when no path crosses it. Expected hops are derived by hand from the routes below (RT-1 longest prefix, NGW-2,
 * IGW-2, PCX-1) — never copied from output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { traceFlow, TraceError } from '../../src/analysis/trace.js';
import { traceCode } from '../../src/analysis/expectations.js';
import type { TraceResult } from '../../src/analysis/trace-result.js';
import type { FlowSpec } from '../../src/model/expectation.js';
import { net } from '../helpers.js';

// web1's public IP is 198.51.100.10 on purpose: the internet host a gateway stands for must not be a resource's.
const yaml = `vpcsim: 1
region: us-east-1
vpcs:
  vpc1:
    cidr: 10.1.0.0/16
    internetGateway: igw1
    subnets:
      pub1: { cidr: 10.1.0.0/24, az: us-east-1a, routeTable: pub1-rtb }
      priv1: { cidr: 10.1.10.0/24, az: us-east-1a, routeTable: priv1-rtb }
      empty1: { cidr: 10.1.20.0/24, az: us-east-1a, routeTable: priv1-rtb }
    routeTables:
      pub1-rtb: { routes: { 0.0.0.0/0: igw1 } }
      priv1-rtb: { routes: { 0.0.0.0/0: natgw1, 10.2.0.0/16: pcx } }
    natGateways:
      natgw1: { subnet: pub1, ip: 10.1.0.100, publicIp: 198.51.100.200 }
    securityGroups:
      sg-web1: { inbound: [tcp 443 from 0.0.0.0/0], outbound: ['all to 0.0.0.0/0'] }
      sg-app1: { inbound: [tcp 443 from 10.2.0.0/16], outbound: ['all to 0.0.0.0/0'] }
    instances:
      web1: { subnet: pub1, ip: 10.1.0.10, publicIp: 198.51.100.10, securityGroups: [sg-web1] }
      app1: { subnet: priv1, ip: 10.1.10.20, securityGroups: [sg-app1] }
  vpc2:
    cidr: 10.2.0.0/16
    internetGateway: igw2
    subnets:
      pub2: { cidr: 10.2.0.0/24, az: us-east-1a, routeTable: pub2-rtb }
    routeTables:
      pub2-rtb: { routes: { 0.0.0.0/0: igw2, 10.1.0.0/16: pcx } }
    securityGroups:
      sg-web2: { inbound: [tcp 443 from 0.0.0.0/0], outbound: ['all to 0.0.0.0/0'] }
    instances:
      web2: { subnet: pub2, ip: 10.2.0.10, publicIp: 203.0.113.20, securityGroups: [sg-web2] }
peerings:
  pcx: { between: [vpc1, vpc2] }
`;

const n = net(yaml);
const flow = (from: string, to: string): FlowSpec => ({ from, to, protocol: 'tcp', port: 443 });
/** The routing components of a path, in order (security groups and NACLs left out). */
const path = (hops: TraceResult['forward']['hops']): string[] =>
  hops
    .filter((h) =>
      ['instance', 'route-table', 'nat-gateway', 'internet-gateway', 'vpc-peering', 'internet'].includes(
        h.kind,
      ),
    )
    .map((h) => h.id);

function usage(from: string, to: string): string {
  try {
    traceFlow(n, flow(from, to));
  } catch (e) {
    if (e instanceof TraceError) return e.message;
    throw e;
  }
  return 'no error';
}

describe('gateways, subnets and peering connections as flow endpoints (issue 14)', () => {
  it('--to an internet gateway: an internet host beyond it, reached through it (NAT gateway then IGW)', () => {
    const t = traceFlow(n, flow('app1', 'igw1'));
    expect(t.verdict).toBe('reachable');
    expect(t.flow.to).toBe('igw1');
    // 198.51.100.10 is web1's public IP: the next documentation address is taken.
    expect(t.flow.packet.dst).toBe('198.51.100.11');
    // priv1-rtb 0.0.0.0/0 → natgw1 (NGW-2), pub1-rtb 0.0.0.0/0 → igw1 (IGW-2), out.
    expect(path(t.forward.hops)).toEqual(['app1', 'priv1-rtb', 'natgw1', 'pub1-rtb', 'igw1', 'internet']);
    expect(t.notes[0]).toContain(
      'internet gateway igw1 stands for an internet host on its far side, 198.51.100.11',
    );
    expect(t.filter).toBeUndefined();
  });

  it('--to a NAT gateway: an internet host reached through it', () => {
    const t = traceFlow(n, flow('app1', 'natgw1'));
    expect(t.verdict).toBe('reachable');
    expect(path(t.forward.hops)).toContain('natgw1');
    expect(t.notes[0]).toContain('give 10.1.0.100 to trace its own address');
  });

  it("--to another VPC's internet gateway: the request leaves by igw1, so no path crosses igw2 (COMPONENT_FILTER_RESTRICTION)", () => {
    const t = traceFlow(n, flow('app1', 'igw2'));
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.disposition).toBe('exited');
    expect(t.filter).toEqual({ through: 'igw2', code: 'COMPONENT_FILTER_RESTRICTION' });
    expect(traceCode(t)).toBe('COMPONENT_FILTER_RESTRICTION');
    expect(t.notes[0]).toBe(
      'no path crosses internet gateway igw2 (COMPONENT_FILTER_RESTRICTION): the request reaches internet through natgw1, igw1 without it',
    );
  });

  it('--from an internet gateway: an internet host whose packets enter through it (web1 named: its public IP, IGW-2)', () => {
    const t = traceFlow(n, flow('igw1', 'web1'));
    expect(t.verdict).toBe('reachable');
    expect(t.flow.packet.src).toBe('198.51.100.11');
    expect(t.flow.packet.dst).toBe('198.51.100.10');
    expect(path(t.forward.hops)).toEqual(['internet', 'igw1', 'web1']);
    const other = traceFlow(n, flow('igw2', 'web1'));
    expect(other.verdict).toBe('unreachable');
    expect(other.filter?.through).toBe('igw2');
  });

  it('a request dropped before the component keeps its own drop (it explains more than the filter)', () => {
    // From igw1 to app1's private address: the internet gateway drops it (IGW-3) — that drop is the answer.
    const t = traceFlow(n, flow('igw1', '10.1.10.20'));
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
    expect(t.filter).toBeUndefined();
  });

  it('--to a peering connection: the first interface on its far side, through it, both ways (PCX-1)', () => {
    const t = traceFlow(n, flow('app1', 'pcx'));
    expect(t.verdict).toBe('reachable');
    expect(t.flow.packet.dst).toBe('10.2.0.10');
    expect(path(t.forward.hops)).toEqual(['app1', 'priv1-rtb', 'pcx', 'web2']);
    expect(path(t.return?.hops ?? [])).toEqual(['web2', 'pub2-rtb', 'pcx', 'app1']);
    expect(t.notes[0]).toContain(
      "peering connection pcx stands for instance web2's interface web2/eth0 (10.2.0.10)",
    );
  });

  it('--from a peering connection: the first interface of the VPC across it from the destination', () => {
    const t = traceFlow(n, flow('pcx', 'app1'));
    expect(t.verdict).toBe('reachable');
    expect(t.flow.packet.src).toBe('10.2.0.10');
    expect(path(t.forward.hops)).toEqual(['web2', 'pub2-rtb', 'pcx', 'app1']);
  });

  it('a subnet stands for its first instance interface', () => {
    const t = traceFlow(n, flow('priv1', 'web2'));
    expect(t.flow.packet.src).toBe('10.1.10.20');
    expect(t.notes[0]).toBe(
      "subnet priv1 stands for instance app1's interface app1/eth0 (10.1.10.20), its first network interface; name another resource or an address to trace another",
    );
  });

  it('refusals say why and what to give instead', () => {
    expect(usage('natgw1', 'web1')).toBe(
      'NAT gateway natgw1 never starts a connection (NGW-3): trace from an instance behind it, or give its address',
    );
    expect(usage('app1', 'empty1')).toBe(
      'subnet empty1 has no network interface that can receive a flow: name an instance, an interface or an address in it',
    );
    expect(usage('pcx', 'igw1')).toContain('peering connection pcx joins vpc1 and vpc2: the other endpoint');
    expect(usage('app1', 'igw3')).toContain('did you mean igw1?');
  });
});

describe('client:ENDPOINT, an assumed user of a Client VPN endpoint (issue 14)', () => {
  const s3 = readFileSync(new URL('../../examples/s3-client-vpn.yaml', import.meta.url), 'utf8');

  it('is a user in no group at the next free tunnel address, traced like a declared client (CVPN-1, CVPN-3)', () => {
    const t = traceFlow(net(s3), { from: 'client:cvpn', to: 'srv', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('reachable');
    // user holds 172.31.0.2; the assumed client takes the next address of 172.31.0.0/22 (base + 2 + k, CVPN-1).
    expect(t.flow.packet.src).toBe('172.31.0.3');
    // "192.168.1.0/24 -> all" admits every user (CVPN-4); the source becomes the endpoint ENI's address (CVPN-3).
    expect(t.forward.hops.find((h) => h.action === 'allow' && h.kind === 'client-vpn')?.rule).toBe(
      '192.168.1.0/24 -> all users',
    );
    expect(t.forward.finalPacket?.src).toBe('192.168.10.97');
    expect(t.return?.disposition).toBe('delivered');
    expect(t.notes[0]).toContain(
      'client:cvpn stands for an assumed user of Client VPN endpoint cvpn: in no group',
    );
  });

  it('with group rules only, the assumed user (in no group) is refused (CVPN-4)', () => {
    const groups = s3
      .replace('authentication: certificate', 'authentication: active-directory')
      .replace(
        "authorizationRules: ['192.168.1.0/24 -> all']",
        "authorizationRules: ['192.168.1.0/24 -> group engineering']",
      );
    const t = traceFlow(net(groups), { from: 'client:cvpn', to: 'srv', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('CLIENT_VPN_AUTHORIZATION_RESTRICTION');
    expect(t.forward.hops.find((h) => h.action === 'drop')?.id).toBe('cvpn');
  });

  it('a declared client keeps its name; an unknown name says neither exists', () => {
    const t = traceFlow(net(s3), { from: 'client:user', to: 'srv', protocol: 'tcp', port: 22 });
    expect(t.flow.packet.src).toBe('172.31.0.2');
    expect(() => traceFlow(net(s3), { from: 'client:nobody', to: 'srv', protocol: 'tcp', port: 22 })).toThrow(
      'no VPN client and no Client VPN endpoint is named nobody',
    );
  });
});
