/**
 * Internet gateway (IGW-2, IGW-3), NAT gateway (NGW-2, NGW-8) and peering (PCX-1, PCX-2), derived by hand.
 */
import { describe, expect, it } from 'vitest';
import { trace } from '../helpers.js';

const y = `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    internetGateway: igw-a
    subnets:
      pub: { cidr: 10.0.0.0/24, routeTable: pub-rt }
      priv: { cidr: 10.0.1.0/24, routeTable: priv-rt }
    routeTables:
      pub-rt: { routes: { 0.0.0.0/0: igw-a, 10.1.0.0/16: pcx } }
      priv-rt: { routes: { 0.0.0.0/0: natgw, 10.1.0.0/16: pcx } }
    natGateways:
      natgw: { subnet: pub, ip: 10.0.0.100, publicIp: 198.51.100.1 }
    securityGroups:
      open: { inbound: [all from 0.0.0.0/0], outbound: [all to 0.0.0.0/0] }
    instances:
      withip: { subnet: pub, ip: 10.0.0.10, publicIp: 198.51.100.10, securityGroups: [open] }
      noip: { subnet: pub, ip: 10.0.0.11, securityGroups: [open] }
      private: { subnet: priv, ip: 10.0.1.10, securityGroups: [open] }
  b:
    cidr: 10.1.0.0/16
    subnets:
      bs: { cidr: 10.1.0.0/24, routeTable: b-rt }
    routeTables:
      b-rt: { routes: { 0.0.0.0/0: pcx } }
    securityGroups:
      open-b: { inbound: [all from 0.0.0.0/0], outbound: [all to 0.0.0.0/0] }
    instances:
      peer: { subnet: bs, ip: 10.1.0.10, securityGroups: [open-b] }
peerings:
  pcx: { between: [a, b] }
`;

describe('internet gateway', () => {
  it('IGW-2: leaving, the private source becomes its public IP; arriving, the public destination becomes private', () => {
    const t = trace(y, { from: 'withip', to: '192.0.2.1', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    const out = t.forward.hops.find((h) => h.id === 'igw-a');
    expect(out?.packet.src).toBe('10.0.0.10');
    expect(out?.after?.src).toBe('198.51.100.10');
    const back = t.return?.hops.find((h) => h.id === 'igw-a');
    expect(back?.packet.dst).toBe('198.51.100.10');
    expect(back?.after?.dst).toBe('10.0.0.10');
  });

  it('IGW-3: an instance in a public subnet without a public IP cannot reach the internet', () => {
    const t = trace(y, { from: 'noip', to: '192.0.2.1', protocol: 'tcp', port: 443 });
    expect(t.forward.code).toBe('IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
    expect(t.forward.hops.at(-1)?.id).toBe('igw-a');
  });

  it('IGW-3: the internet gateway drops packets to RFC 1918 destinations', () => {
    const t = trace(y, { from: 'withip', to: '172.16.0.1', protocol: 'tcp', port: 443 });
    expect(t.forward.code).toBe('IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
  });

  it('IGW-2: a named instance reached from the internet is addressed by its public IP', () => {
    const t = trace(y, { from: '192.0.2.1', to: 'withip', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops.find((h) => h.id === 'igw-a')?.packet.dst).toBe('198.51.100.10');
  });
});

describe('NAT gateway', () => {
  it('NGW-2: source becomes the NAT gateway private IP, then the IGW maps it to the Elastic IP; the reply is translated back', () => {
    const t = trace(y, { from: 'private', to: '192.0.2.1', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    const n = t.forward.hops.find((h) => h.id === 'natgw');
    expect(n?.code).toBe('NGW_SOURCE_ADDRESS_REASSIGN');
    expect(n?.after?.src).toBe('10.0.0.100');
    expect(t.forward.finalPacket?.src).toBe('198.51.100.1');
    expect(t.return?.finalPacket?.dst).toBe('10.0.1.10');
  });

  it('NGW-8: traffic that came through a peering connection cannot use the NAT gateway', () => {
    const t = trace(y, { from: 'peer', to: '192.0.2.1', protocol: 'tcp', port: 443 });
    // b-rt 0.0.0.0/0 -> pcx: the destination is not in a's CIDR, so the peering itself refuses it (PCX-2).
    expect(t.forward.code).toBe('PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
  });
});

describe('VPC peering', () => {
  it('PCX-2: traffic for the peer VPC crosses the peering; the reply follows the peer route table back', () => {
    const t = trace(y, { from: 'private', to: 'peer', protocol: 'icmp' });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.hops.some((h) => h.id === 'pcx' && h.action === 'forward')).toBe(true);
    expect(t.return?.hops.some((h) => h.id === 'pcx')).toBe(true);
    expect(t.return?.finalPacket?.icmpType).toBe(0);
  });
});

describe('gateway VPC endpoint', () => {
  const g = `vpcsim: 1
region: us-east-1
vpcs:
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      s: { cidr: 10.0.1.0/24, routeTable: rt }
    routeTables:
      rt: {}
    endpoints:
      s3: { type: gateway, service: com.amazonaws.us-east-1.s3, prefixList: pl-s3, routeTables: [rt] }
    instances:
      h: { subnet: s, ip: 10.0.1.10 }
prefixLists:
  pl-s3: { entries: [52.216.0.0/15] }
`;
  it('RT-18: the endpoint adds its prefix-list route to its route tables; TCP leaves to the service', () => {
    const t = trace(g, { from: 'h', to: '52.216.8.9', protocol: 'tcp', port: 443 });
    expect(t.forward.hops.find((h) => h.id === 'rt')?.rule).toBe('pl-s3 (52.216.0.0/15) -> s3');
    expect(t.forward.disposition).toBe('exited');
    expect(t.forward.endpoint).toBe('com.amazonaws.us-east-1.s3');
    expect(t.verdict).toBe('reachable');
  });
  it('VPCE-1: gateway endpoints carry only TCP and ICMP echo', () => {
    const t = trace(g, { from: 'h', to: '52.216.8.9', protocol: 'udp', port: 53 });
    expect(t.forward.code).toBe('VPCE_GATEWAY_PROTOCOL_RESTRICTION');
  });
});
