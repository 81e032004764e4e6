/**
 * compileInstanceOs: ENIs in device-index order become eth0, eth1 … with all their private IPs (S4's NAT instance:
 * primary 10.33.1.124, secondaries .145 and .151, all local addresses of eth0).
 */
import { describe, expect, it } from 'vitest';
import { emptyNetwork, type Network } from '../../model/network.js';
import { parseOsConfig } from '../../formats/iptables/index.js';
import { mustParseIpv4 as ip } from '../../net/ipv4.js';
import { compileInstanceOs, interfaceIndexOf } from './instance.js';
import { Conntrack, osReceive } from './stack.js';

function s4(): Network {
  const { os } = parseOsConfig(
    'sysctl -w net.ipv4.ip_forward=1\niptables -t nat -A PREROUTING -d 10.33.1.151 -j DNAT --to-destination 10.34.1.125',
    { file: 'nat.sh' },
  );
  return {
    ...emptyNetwork(),
    subnets: [
      { id: 'm1', vpc: 'vpc-m', cidr: '10.33.1.0/24' },
      { id: 'm2', vpc: 'vpc-m', cidr: '10.33.2.0/24' },
    ],
    networkInterfaces: [
      {
        id: 'eni-b',
        subnet: 'm2',
        addresses: [{ private: '10.33.2.9' }],
        sourceDestCheck: false,
        securityGroups: [],
        instance: 'nat',
        deviceIndex: 1,
      },
      {
        id: 'eni-a',
        subnet: 'm1',
        addresses: [{ private: '10.33.1.124' }, { private: '10.33.1.145' }, { private: '10.33.1.151' }],
        sourceDestCheck: false,
        securityGroups: [],
        instance: 'nat',
        deviceIndex: 0,
      },
    ],
    instances: [{ id: 'nat', interfaces: ['eni-a', 'eni-b'], os }],
  };
}

describe('compileInstanceOs', () => {
  it('names interfaces by device index and keeps every private IP, primary first', () => {
    const net = s4();
    const st = compileInstanceOs(net, net.instances[0] as Network['instances'][number]);
    expect(st.enis).toEqual(['eni-a', 'eni-b']);
    expect(st.os.ifaces.map((i) => i.name)).toEqual(['eth0', 'eth1']);
    expect(st.os.ifaces[0]?.addresses).toEqual([ip('10.33.1.124'), ip('10.33.1.145'), ip('10.33.1.151')]);
    expect(interfaceIndexOf(st, 'eni-b')).toBe(1);
    // default route via eth0's subnet router (10.33.1.1); 10.33.2.0/24 is connected on eth1
    const r = osReceive(st.os, new Conntrack(), 0, {
      proto: 17,
      src: ip('10.32.1.157'),
      dst: ip('10.33.1.151'),
      srcPort: 1,
      dstPort: 5000,
      icmpType: 0,
      icmpCode: 0,
    });
    expect([r.kind, r.outIf, r.nextHop]).toEqual(['forward', 0, ip('10.33.1.1')]);
    expect(
      osReceive(st.os, new Conntrack(), 0, {
        proto: 17,
        src: ip('10.32.1.157'),
        dst: ip('10.33.2.50'),
        srcPort: 1,
        dstPort: 5000,
        icmpType: 0,
        icmpCode: 0,
      }).outIf,
    ).toBe(1);
  });
  it('an instance without os does not forward', () => {
    const net = s4();
    const st = compileInstanceOs(net, { id: 'plain', interfaces: ['eni-a'] });
    expect(
      osReceive(st.os, new Conntrack(), 0, {
        proto: 17,
        src: ip('10.32.1.157'),
        dst: ip('8.8.8.8'),
        srcPort: 1,
        dstPort: 53,
        icmpType: 0,
        icmpCode: 0,
      }).code,
    ).toBe('INSTANCE_IP_FORWARDING_DISABLED');
  });
});
