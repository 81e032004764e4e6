/**
 * The five scenarios of scenarios.md written as Terraform (test/fixtures/terraform/scenarios/): each flow's verdict,
 * deciding code and hops follow from the scenario text and aws-semantics.md (cited per case). Where a native
 * example exists under examples/, the same flows must give the same verdicts (cross-format agreement).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import type { Network } from '../../src/model/network.js';
import { importTerraform } from '../../src/formats/terraform/index.js';
import { errorsOf, hopIds, inOrder } from './helpers.js';

const DIR = 'test/fixtures/terraform/scenarios';

async function load(name: string, assume: Record<string, string> = {}): Promise<Network> {
  const r = await importTerraform([`${DIR}/${name}`], { assume });
  expect(errorsOf(r.diagnostics)).toEqual([]);
  expect(r.diagnostics.filter((d) => d.severity === 'warning')).toEqual([]);
  return r.network;
}

describe('S0 — Network Firewall in front of a NAT gateway', () => {
  const fwEp = 'firewall-endpoint:aws_networkfirewall_firewall.fw@ap-northeast-1a';
  const get = () => load('s0-nfw-natgw', { 'aws_eip.nat.public_ip': '203.0.113.60' });

  it('flow 1: app → www.google.com:443 is reachable through firewall, NAT gateway and IGW, and back the same way', async () => {
    const t = traceFlow(await get(), {
      from: 'aws_instance.app',
      to: '142.250.196.100',
      protocol: 'tcp',
      port: 443,
      sni: 'www.google.com',
    });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.disposition).toBe('exited');
    expect(
      inOrder(hopIds(t), [
        'route-table:aws_route_table.private',
        fwEp,
        'route-table:aws_route_table.firewall',
        'nat-gateway:aws_nat_gateway.nat',
        'route-table:aws_route_table.natgw',
        'internet-gateway:aws_internet_gateway.igw',
      ]),
    ).toBe(true);
    // NGW-2 + IGW-2: the internet sees the EIP.
    const igw = t.forward.hops.find((h) => h.kind === 'internet-gateway');
    expect(igw?.after?.src).toBe('203.0.113.60');
    // The reply goes NATGW-RTB → 10.60.30.0/24 → firewall endpoint (RT-3), not straight to the app.
    expect(
      inOrder(hopIds(t, 'return'), [
        'nat-gateway:aws_nat_gateway.nat',
        'route-table:aws_route_table.natgw',
        fwEp,
      ]),
    ).toBe(true);
  });

  it('flow 2: SSM endpoint (.amazonaws.com) is reachable', async () => {
    const t = traceFlow(await get(), {
      from: 'aws_instance.app',
      to: '52.119.160.10',
      protocol: 'tcp',
      port: 443,
      sni: 'ssm.ap-northeast-1.amazonaws.com',
    });
    expect(t.verdict).toBe('reachable');
  });

  it('flow 3: example.com is dropped at the firewall by the default action (NFW-11)', async () => {
    const t = traceFlow(await get(), {
      from: 'aws_instance.app',
      to: '93.184.215.14',
      protocol: 'tcp',
      port: 443,
      sni: 'example.com',
    });
    expect([t.verdict, t.forward.code]).toEqual(['unreachable', 'FIREWALL_RULES_RESTRICTION']);
    expect(hopIds(t).at(-1)).toBe(fwEp);
  });

  it('flow 4: UDP/53 is dropped by drop_established (NFW-11)', async () => {
    const t = traceFlow(await get(), { from: 'aws_instance.app', to: '1.1.1.1', protocol: 'udp', port: 53 });
    expect([t.verdict, t.forward.code, hopIds(t).at(-1)]).toEqual([
      'unreachable',
      'FIREWALL_RULES_RESTRICTION',
      fwEp,
    ]);
  });
});

describe('S1 — NAT instance', () => {
  const get = () => load('s1-nat-instance', { 'aws_eip.nat.public_ip': '203.0.113.20' });

  it('flow 1: web → 142.250.196.100:443 reachable; the internet sees the EIP (SG-6 admits 10.0.1.10 as sg-web)', async () => {
    const t = traceFlow(await get(), {
      from: 'aws_instance.web',
      to: '142.250.196.100',
      protocol: 'tcp',
      port: 443,
    });
    expect(t.verdict).toBe('reachable');
    expect(
      inOrder(hopIds(t), [
        'route-table:aws_route_table.private',
        'security-group:aws_security_group.nat',
        'netfilter:aws_instance.nat',
        'internet-gateway:aws_internet_gateway.igw',
      ]),
    ).toBe(true);
    expect(t.forward.hops.find((h) => h.kind === 'internet-gateway')?.after?.src).toBe('203.0.113.20');
  });

  it("flow 2: port 80 is dropped at web's own security group (outbound 443 only)", async () => {
    const t = traceFlow(await get(), {
      from: 'aws_instance.web',
      to: '142.250.196.100',
      protocol: 'tcp',
      port: 80,
    });
    expect([t.verdict, hopIds(t).at(-1)]).toEqual(['unreachable', 'security-group:aws_security_group.web']);
  });

  it('flows 3/4: SSH to the EIP from the admin address is delivered to the NAT instance; from elsewhere dropped at sg-nat', async () => {
    const net = await get();
    const ok = traceFlow(net, { from: '198.51.100.7', to: '203.0.113.20', protocol: 'tcp', port: 22 });
    expect([ok.verdict, ok.forward.disposition, hopIds(ok).at(-1)]).toEqual([
      'reachable',
      'delivered',
      'instance:aws_instance.nat',
    ]);
    const no = traceFlow(net, { from: '192.0.2.99', to: '203.0.113.20', protocol: 'tcp', port: 22 });
    expect([no.verdict, hopIds(no).at(-1)]).toEqual(['unreachable', 'security-group:aws_security_group.nat']);
  });
});

describe('S2 — ingress routing through an appliance', () => {
  const get = () =>
    load('s2-ingress-appliance', {
      'aws_eip.appliance.public_ip': '198.51.100.20',
      'aws_eip.app.public_ip': '198.51.100.10',
    });

  it('flow 1: the IGW looks the translated destination up in the gateway route table (RT-11) → appliance → app, symmetric', async () => {
    const t = traceFlow(await get(), {
      from: '203.0.113.50',
      to: '198.51.100.10',
      protocol: 'tcp',
      port: 443,
    });
    expect(t.verdict).toBe('reachable');
    expect(
      inOrder(hopIds(t), [
        'internet-gateway:aws_internet_gateway.igw',
        'gateway-route-table:aws_route_table.gateway',
        'network-interface:aws_network_interface.appliance',
        'os:aws_instance.appliance',
        'route-table:aws_route_table.appliance',
        'instance:aws_instance.app',
      ]),
    ).toBe(true);
    expect(
      inOrder(hopIds(t, 'return'), [
        'route-table:aws_route_table.app',
        'os:aws_instance.appliance',
        'internet-gateway:aws_internet_gateway.igw',
      ]),
    ).toBe(true);
  });

  it('flow 2: app → internet goes through the appliance both ways', async () => {
    const t = traceFlow(await get(), {
      from: 'aws_instance.app',
      to: '203.0.113.50',
      protocol: 'tcp',
      port: 443,
    });
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t)).toContain('os:aws_instance.appliance');
    expect(hopIds(t, 'return')).toContain('os:aws_instance.appliance');
  });
});

describe('S3 — Client VPN', () => {
  // Terraform has no resource for a connected user: the client is added to the imported network.
  const get = async () => {
    const net = await load('s3-client-vpn', {
      'aws_ec2_client_vpn_network_association.target.eni_ip': '192.168.10.97',
    });
    return {
      ...net,
      vpnClients: [
        { id: 'alice', endpoint: 'aws_ec2_client_vpn_endpoint.vpn', tunnelIp: '172.31.0.2', groups: [] },
      ],
    };
  };

  it('CVPN-2: the association adds the VPC route via the target subnet', async () => {
    const net = await get();
    expect(net.clientVpnEndpoints[0]?.routes.map((r) => [r.destination, r.targetSubnet])).toEqual([
      ['192.168.0.0/16', 'aws_subnet.target'],
    ]);
  });

  it('flow 1: client → srv:22 reachable; srv sees the ENI address 192.168.10.97 (CVPN-3)', async () => {
    const t = traceFlow(await get(), { from: 'client:alice', to: '192.168.1.63', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('reachable');
    expect(t.forward.finalPacket?.src ?? t.forward.hops.at(-1)?.packet.src).toBe('192.168.10.97');
    expect(
      inOrder(hopIds(t), [
        'network-acl:aws_network_acl.target',
        'network-acl:aws_network_acl.server',
        'security-group:aws_security_group.srv',
      ]),
    ).toBe(true);
  });

  it('flow 2: 192.168.2.20 is refused by the authorization rules (CVPN-4)', async () => {
    const t = traceFlow(await get(), { from: 'client:alice', to: '192.168.2.20', protocol: 'tcp', port: 22 });
    expect([t.verdict, t.forward.code]).toEqual(['unreachable', 'CLIENT_VPN_AUTHORIZATION_RESTRICTION']);
  });

  it('flow 3: 8.8.8.8 does not enter the tunnel with split tunnel on (CVPN-8)', async () => {
    const t = traceFlow(await get(), { from: 'client:alice', to: '8.8.8.8', protocol: 'udp', port: 53 });
    expect(t.forward.disposition).toBe('exited');
    expect(hopIds(t)).not.toContain('security-group:aws_security_group.cvpn');
  });
});

describe('S4 — two-way 1:1 NAT through an intermediate VPC (local modules)', () => {
  const get = () => load('s4-double-nat');
  const a1 = 'module.a.aws_instance.host';
  const b1 = 'module.b.aws_instance.host';

  it('flow 1: a1 → 10.33.1.151 ICMP reaches b1 from 10.33.1.145', async () => {
    const t = traceFlow(await get(), { from: a1, to: '10.33.1.151', protocol: 'icmp' });
    expect(t.verdict).toBe('reachable');
    expect(hopIds(t).at(-1)).toBe(`instance:${b1}`);
    expect(t.forward.hops.at(-1)?.packet.src).toBe('10.33.1.145');
    expect(
      inOrder(hopIds(t), [
        'vpc-peering:aws_vpc_peering_connection.am',
        'netfilter:aws_instance.nat',
        'vpc-peering:aws_vpc_peering_connection.bm',
      ]),
    ).toBe(true);
  });

  it('flow 2: b1 → 10.33.1.145 reaches a1 from 10.33.1.151', async () => {
    const t = traceFlow(await get(), { from: b1, to: '10.33.1.145', protocol: 'icmp' });
    expect([t.verdict, hopIds(t).at(-1), t.forward.hops.at(-1)?.packet.src]).toEqual([
      'reachable',
      `instance:${a1}`,
      '10.33.1.151',
    ]);
  });

  it('flow 3: UDP 5000 arrives at b1 port 5000 from 10.33.1.145', async () => {
    const t = traceFlow(await get(), { from: a1, to: '10.33.1.151', protocol: 'udp', port: 5000 });
    const last = t.forward.hops.at(-1)?.packet;
    expect([t.verdict, last?.src, last?.dstPort]).toEqual(['reachable', '10.33.1.145', 5000]);
  });

  it("flow 4: B's real address has no route in A (PCX-1)", async () => {
    const t = traceFlow(await get(), { from: a1, to: '10.34.1.125', protocol: 'icmp' });
    expect([t.verdict, hopIds(t).at(-1)]).toEqual([
      'unreachable',
      'route-table:module.a.aws_default_route_table.this',
    ]);
  });
});

// Cross-format agreement: every base expectation of the native example, with names mapped to Terraform addresses,
// gives the same verdict, code and sequence of hop kinds on the Terraform version.
const CROSS: readonly {
  example: string;
  dir: string;
  assume: Record<string, string>;
  names: Record<string, string>;
  client?: string;
}[] = [
  {
    example: 's0-firewall-natgw.yaml',
    dir: 's0-nfw-natgw',
    assume: { 'aws_eip.nat.public_ip': '203.0.113.60' },
    names: { app: 'aws_instance.app' },
  },
  {
    example: 's1-nat-instance.yaml',
    dir: 's1-nat-instance',
    assume: { 'aws_eip.nat.public_ip': '203.0.113.20' },
    names: { web: 'aws_instance.web', nat: 'aws_instance.nat' },
  },
  {
    example: 's2-ingress-routing.yaml',
    dir: 's2-ingress-appliance',
    assume: { 'aws_eip.appliance.public_ip': '198.51.100.20', 'aws_eip.app.public_ip': '198.51.100.10' },
    names: { app: 'aws_instance.app', appliance: 'aws_instance.appliance' },
  },
  {
    example: 's3-client-vpn.yaml',
    dir: 's3-client-vpn',
    assume: { 'aws_ec2_client_vpn_network_association.target.eni_ip': '192.168.10.97' },
    names: { srv: 'aws_instance.srv', db: 'aws_instance.db' },
    client: 'user',
  },
  {
    example: 's4-two-way-nat-peering.yaml',
    dir: 's4-double-nat',
    assume: {},
    names: { a1: 'module.a.aws_instance.host', b1: 'module.b.aws_instance.host', nat: 'aws_instance.nat' },
  },
];

describe('cross-format: the Terraform scenarios trace like examples/*.yaml', () => {
  for (const c of CROSS) {
    it.skipIf(!existsSync(`examples/${c.example}`))(c.example, async () => {
      const { importNative } = await import('../../src/formats/native/index.js');
      const nat = importNative(readFileSync(`examples/${c.example}`, 'utf8'), `examples/${c.example}`);
      const tf = await importTerraform([`${DIR}/${c.dir}`], { assume: c.assume });
      const tfNet: Network = c.client
        ? {
            ...tf.network,
            vpnClients: [
              {
                id: c.client,
                endpoint: tf.network.clientVpnEndpoints[0]?.id ?? '',
                tunnelIp: nat.network.vpnClients[0]?.tunnelIp,
                groups: [],
              },
            ],
          }
        : tf.network;
      const map = (n: string) => c.names[n] ?? n;
      expect(nat.expectations.length).toBeGreaterThan(0);
      for (const e of nat.expectations) {
        const a = traceFlow(nat.network, e.flow);
        const b = traceFlow(tfNet, { ...e.flow, from: map(e.flow.from), to: map(e.flow.to) });
        const kinds = (t: typeof a) => t.forward.hops.map((h) => h.kind);
        expect([e.name, b.verdict, b.forward.code, kinds(b)]).toEqual([
          e.name,
          a.verdict,
          a.forward.code,
          kinds(a),
        ]);
      }
    });
  }
});
