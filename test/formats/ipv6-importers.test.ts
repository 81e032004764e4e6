/**
 * IPv6 properties in the importers (issue 18 item 4): egress-only internet gateways (V6-5), IPv6-only subnets
 * (V6-1), interface IPv6 addresses and extra VPC IPv6 blocks, read from Terraform, describe-* and CloudFormation,
 * then traced: S8 flow 4 (an IPv6-only host out through the egress-only gateway, its reply back through it).
 */
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importDescribe } from '../../src/formats/describe/index.js';
import { importTerraform } from '../../src/formats/terraform/index.js';
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';
import { validateNetwork } from '../../src/validate/index.js';
import type { Network } from '../../src/model/network.js';
import { writeTree } from '../terraform/helpers.js';

const FLOW4 = { from: '2001:db8:80:2::20', to: '2001:db8:ffff::10', protocol: 'tcp', port: 443 };

function flow4(n: Network, eigw: string): void {
  const t = traceFlow(n, FLOW4);
  expect(t.verdict).toBe('reachable');
  expect(t.forward.hops.some((h) => h.kind === 'egress-only-internet-gateway' && h.id === eigw)).toBe(true);
  expect(t.return?.hops[1]?.id).toBe(eigw);
}

describe('Terraform', () => {
  it('aws_egress_only_internet_gateway, ipv6_native subnet, ipv6_addresses, aws_vpc_ipv6_cidr_block_association', async () => {
    const dir = writeTree({
      'main.tf': `
resource "aws_vpc" "dual" {
  cidr_block      = "10.80.0.0/16"
  ipv6_cidr_block = "2001:db8:80::/56"
}
resource "aws_vpc_ipv6_cidr_block_association" "more" {
  vpc_id          = aws_vpc.dual.id
  ipv6_cidr_block = "2001:db8:81::/56"
}
resource "aws_egress_only_internet_gateway" "eigw" { vpc_id = aws_vpc.dual.id }
resource "aws_subnet" "v6only" {
  vpc_id          = aws_vpc.dual.id
  ipv6_native     = true
  ipv6_cidr_block = "2001:db8:80:2::/64"
}
resource "aws_route_table" "v6" {
  vpc_id = aws_vpc.dual.id
  route {
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = aws_egress_only_internet_gateway.eigw.id
  }
}
resource "aws_route_table_association" "v6" {
  subnet_id      = aws_subnet.v6only.id
  route_table_id = aws_route_table.v6.id
}
resource "aws_security_group" "v6a" {
  vpc_id = aws_vpc.dual.id
  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    ipv6_cidr_blocks = ["::/0"]
  }
}
resource "aws_instance" "v6a" {
  ami                    = "ami-1"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.v6only.id
  ipv6_addresses         = ["2001:db8:80:2::20"]
  vpc_security_group_ids = [aws_security_group.v6a.id]
}
`,
    });
    const r = await importTerraform([dir], {});
    const n = r.network;
    expect(n.egressOnlyInternetGateways).toEqual([
      expect.objectContaining({ id: 'aws_egress_only_internet_gateway.eigw', vpc: 'aws_vpc.dual' }),
    ]);
    expect(n.vpcs[0]?.ipv6Cidrs).toEqual(['2001:db8:80::/56', '2001:db8:81::/56']);
    const s = n.subnets.find((x) => x.id === 'aws_subnet.v6only');
    expect(s?.cidr).toBeUndefined();
    expect(s?.ipv6Cidr).toBe('2001:db8:80:2::/64');
    const eni = n.networkInterfaces.find((e) => e.instance === 'aws_instance.v6a');
    expect(eni?.ipv6Addresses).toEqual(['2001:db8:80:2::20']);
    expect(eni?.addresses).toEqual([]);
    expect(validateNetwork(n).filter((d) => d.severity === 'error')).toEqual([]);
    flow4(n, 'aws_egress_only_internet_gateway.eigw');
  });
});

describe('describe-*', () => {
  it('EgressOnlyInternetGateways, an IPv6-only subnet without CidrBlock, Ipv6Addresses', async () => {
    const files = {
      'vpcs.json': {
        Vpcs: [
          {
            VpcId: 'vpc-1',
            CidrBlock: '10.80.0.0/16',
            Ipv6CidrBlockAssociationSet: [
              { Ipv6CidrBlock: '2001:db8:80::/56', Ipv6CidrBlockState: { State: 'associated' } },
            ],
          },
        ],
      },
      'subnets.json': {
        Subnets: [
          {
            SubnetId: 'subnet-v6',
            VpcId: 'vpc-1',
            AvailabilityZone: 'ap-northeast-1a',
            Ipv6Native: true,
            Ipv6CidrBlockAssociationSet: [
              { Ipv6CidrBlock: '2001:db8:80:2::/64', Ipv6CidrBlockState: { State: 'associated' } },
            ],
          },
        ],
      },
      'eigw.json': {
        EgressOnlyInternetGateways: [
          { EgressOnlyInternetGatewayId: 'eigw-1', Attachments: [{ State: 'attached', VpcId: 'vpc-1' }] },
        ],
      },
      'rtb.json': {
        RouteTables: [
          {
            RouteTableId: 'rtb-1',
            VpcId: 'vpc-1',
            Associations: [{ Main: true, RouteTableId: 'rtb-1' }],
            Routes: [
              { DestinationCidrBlock: '10.80.0.0/16', GatewayId: 'local', State: 'active' },
              { DestinationIpv6CidrBlock: '2001:db8:80::/56', GatewayId: 'local', State: 'active' },
              { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-1', State: 'active' },
            ],
          },
        ],
      },
      'sg.json': {
        SecurityGroups: [
          {
            GroupId: 'sg-1',
            VpcId: 'vpc-1',
            IpPermissions: [],
            IpPermissionsEgress: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
          },
        ],
      },
      'enis.json': {
        NetworkInterfaces: [
          {
            NetworkInterfaceId: 'eni-v6a',
            SubnetId: 'subnet-v6',
            VpcId: 'vpc-1',
            PrivateIpAddresses: [],
            Ipv6Addresses: [{ Ipv6Address: '2001:db8:80:2::20' }],
            Groups: [{ GroupId: 'sg-1' }],
            SourceDestCheck: true,
          },
        ],
      },
    };
    const dir = writeTree(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, JSON.stringify(v)])));
    const r = await importDescribe(dir, {});
    const n = r.network;
    expect(n.egressOnlyInternetGateways).toEqual([expect.objectContaining({ id: 'eigw-1', vpc: 'vpc-1' })]);
    expect(n.subnets[0]?.cidr).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).not.toContain('UNSUPPORTED_RESOURCE_TYPE');
    flow4(n, 'eigw-1');
  });
});

describe('CloudFormation', () => {
  it('AWS::EC2::EgressOnlyInternetGateway is attached to its VPC; an Ipv6Native subnet has no IPv4 CIDR', () => {
    const text = `
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.80.0.0/16 } }
  V6: { Type: AWS::EC2::VPCCidrBlock, Properties: { VpcId: !Ref Vpc, Ipv6CidrBlock: '2001:db8:80::/56' } }
  Eigw: { Type: AWS::EC2::EgressOnlyInternetGateway, Properties: { VpcId: !Ref Vpc } }
  Sub:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, Ipv6Native: true, Ipv6CidrBlock: '2001:db8:80:2::/64' }
`;
    const r = importCloudFormation([{ path: 't.yaml', text }], {});
    const n = r.network;
    expect(n.egressOnlyInternetGateways).toEqual([expect.objectContaining({ id: 'Eigw', vpc: 'Vpc' })]);
    expect(n.subnets[0]?.cidr).toBeUndefined();
    expect(n.subnets[0]?.ipv6Cidr).toBe('2001:db8:80:2::/64');
  });
});
