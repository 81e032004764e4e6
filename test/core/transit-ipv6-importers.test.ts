/**
 * Every importer reads what IPv6 through a transit gateway needs (issue 18; V6-11): the VPC attachment's IPv6 support
 * option, IPv6 static routes in transit gateway route tables, and IPv6 routes to the gateway in VPC route tables.
 * The same one-VPC fragment in CloudFormation, Terraform and describe-* shapes (the native format's are in
 * examples/tgw-dual-stack.yaml, whose traces test/core/transit-gateway-ipv6.test.ts pins).
 */
import { describe, expect, it } from 'vitest';
import { importCloudFormation } from '../../src/formats/cloudformation/index.js';
import { importTerraform } from '../../src/formats/terraform/index.js';
import { importDescribe } from '../../src/formats/describe/index.js';
import type { Network } from '../../src/model/network.js';
import { errorsOf, writeTree } from '../terraform/helpers.js';

/** What each importer must produce: att-a with IPv6 support, an IPv6 static route, a VPC ::/0 route to the TGW. */
function expectIpv6Transit(net: Network, att: string, table: string): void {
  const a = (net.transitGatewayAttachments ?? []).find((x) => x.id === att || x.awsId === att);
  expect(a?.ipv6Support).toBe(true);
  const rt = (net.transitGatewayRouteTables ?? []).find((x) => x.id === table || x.awsId === table);
  expect(rt?.routes.map((r) => r.destination)).toContain('2001:db8:2::/56');
  const v6 = net.routeTables.flatMap((t) =>
    t.routes.filter((r) => r.destination === '::/0' && r.target.kind === 'transit-gateway'),
  );
  expect(v6.length).toBe(1);
}

const CFN = `
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  VpcA: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.1.0.0/16 } }
  VpcAV6: { Type: AWS::EC2::VPCCidrBlock, Properties: { VpcId: !Ref VpcA, Ipv6CidrBlock: '2001:db8:1::/56' } }
  SubA:
    Type: AWS::EC2::Subnet
    DependsOn: VpcAV6
    Properties: { VpcId: !Ref VpcA, CidrBlock: 10.1.1.0/24, Ipv6CidrBlock: '2001:db8:1:1::/64', AvailabilityZone: us-east-1a }
  RtA: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref VpcA } }
  RtAAssoc: { Type: AWS::EC2::SubnetRouteTableAssociation, Properties: { SubnetId: !Ref SubA, RouteTableId: !Ref RtA } }
  RtADefault6:
    Type: AWS::EC2::Route
    DependsOn: AttA
    Properties: { RouteTableId: !Ref RtA, DestinationIpv6CidrBlock: '::/0', TransitGatewayId: !Ref Tgw }
  Tgw:
    Type: AWS::EC2::TransitGateway
    Properties: { DefaultRouteTableAssociation: disable, DefaultRouteTablePropagation: disable }
  AttA:
    Type: AWS::EC2::TransitGatewayVpcAttachment
    Properties:
      TransitGatewayId: !Ref Tgw
      VpcId: !Ref VpcA
      SubnetIds: [!Ref SubA]
      Options: { Ipv6Support: enable }
  TgwRt: { Type: AWS::EC2::TransitGatewayRouteTable, Properties: { TransitGatewayId: !Ref Tgw } }
  TgwRtAssoc:
    Type: AWS::EC2::TransitGatewayRouteTableAssociation
    Properties: { TransitGatewayAttachmentId: !Ref AttA, TransitGatewayRouteTableId: !Ref TgwRt }
  TgwRoute6:
    Type: AWS::EC2::TransitGatewayRoute
    Properties:
      TransitGatewayRouteTableId: !Ref TgwRt
      DestinationCidrBlock: '2001:db8:2::/56'
      TransitGatewayAttachmentId: !Ref AttA
`;

describe('IPv6 transit gateway inputs in every importer (V6-11)', () => {
  it('CloudFormation: Options.Ipv6Support, an IPv6 TransitGatewayRoute, a DestinationIpv6CidrBlock route', () => {
    const r = importCloudFormation([{ path: 't.yaml', text: CFN }], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expectIpv6Transit(r.network, 'AttA', 'TgwRt');
  });

  it('Terraform: ipv6_support, an IPv6 aws_ec2_transit_gateway_route, destination_ipv6_cidr_block', async () => {
    const dir = writeTree({
      'main.tf': `
provider "aws" { region = "us-east-1" }
resource "aws_vpc" "a" {
  cidr_block      = "10.1.0.0/16"
  ipv6_cidr_block = "2001:db8:1::/56"
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.a.id
  cidr_block        = "10.1.1.0/24"
  ipv6_cidr_block   = "2001:db8:1:1::/64"
  availability_zone = "us-east-1a"
}
resource "aws_route_table" "a" { vpc_id = aws_vpc.a.id }
resource "aws_route" "a6" {
  route_table_id              = aws_route_table.a.id
  destination_ipv6_cidr_block = "::/0"
  transit_gateway_id          = aws_ec2_transit_gateway.hub.id
}
resource "aws_ec2_transit_gateway" "hub" {
  default_route_table_association = "disable"
  default_route_table_propagation = "disable"
}
resource "aws_ec2_transit_gateway_vpc_attachment" "a" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.a.id
  subnet_ids         = [aws_subnet.a.id]
  ipv6_support       = "enable"
}
resource "aws_ec2_transit_gateway_route_table" "rt" { transit_gateway_id = aws_ec2_transit_gateway.hub.id }
resource "aws_ec2_transit_gateway_route" "v6" {
  destination_cidr_block         = "2001:db8:2::/56"
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.a.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.rt.id
}
`,
    });
    const r = await importTerraform([dir], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const att = (r.network.transitGatewayAttachments ?? [])[0];
    const rt = (r.network.transitGatewayRouteTables ?? [])[0];
    expectIpv6Transit(r.network, att?.id ?? '', rt?.id ?? '');
  });

  it('describe-*: Options.Ipv6Support and an IPv6 static route of a TGW route table', async () => {
    const json = (o: unknown): string => JSON.stringify(o, null, 1);
    const dir = writeTree({
      'us-east-1/Vpcs.json': json({
        Vpcs: [
          {
            VpcId: 'vpc-a',
            CidrBlock: '10.1.0.0/16',
            Ipv6CidrBlockAssociationSet: [
              { Ipv6CidrBlock: '2001:db8:1::/56', Ipv6CidrBlockState: { State: 'associated' } },
            ],
          },
        ],
      }),
      'us-east-1/Subnets.json': json({
        Subnets: [
          {
            SubnetId: 'subnet-a',
            VpcId: 'vpc-a',
            CidrBlock: '10.1.1.0/24',
            AvailabilityZone: 'us-east-1a',
            Ipv6CidrBlockAssociationSet: [
              { Ipv6CidrBlock: '2001:db8:1:1::/64', Ipv6CidrBlockState: { State: 'associated' } },
            ],
          },
        ],
      }),
      'us-east-1/RouteTables.json': json({
        RouteTables: [
          {
            RouteTableId: 'rtb-a',
            VpcId: 'vpc-a',
            Associations: [{ SubnetId: 'subnet-a', Main: false }],
            Routes: [
              { DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'local', State: 'active' },
              { DestinationIpv6CidrBlock: '::/0', TransitGatewayId: 'tgw-1', State: 'active' },
            ],
          },
        ],
      }),
      'us-east-1/TransitGateways.json': json({
        TransitGateways: [{ TransitGatewayId: 'tgw-1', State: 'available', Options: {} }],
      }),
      'us-east-1/TransitGatewayAttachments.json': json({
        TransitGatewayAttachments: [
          {
            TransitGatewayAttachmentId: 'tgw-attach-a',
            TransitGatewayId: 'tgw-1',
            ResourceType: 'vpc',
            ResourceId: 'vpc-a',
            State: 'available',
          },
        ],
      }),
      'us-east-1/TransitGatewayVpcAttachments.json': json({
        TransitGatewayVpcAttachments: [
          {
            TransitGatewayAttachmentId: 'tgw-attach-a',
            TransitGatewayId: 'tgw-1',
            VpcId: 'vpc-a',
            SubnetIds: ['subnet-a'],
            State: 'available',
            Options: { Ipv6Support: 'enable', ApplianceModeSupport: 'disable' },
          },
        ],
      }),
      'us-east-1/TransitGatewayRouteTables.json': json({
        TransitGatewayRouteTables: [
          { TransitGatewayRouteTableId: 'tgw-rtb-1', TransitGatewayId: 'tgw-1', State: 'available' },
        ],
      }),
      'us-east-1/TransitGatewayStaticRoutes.json': json({
        TransitGatewayStaticRoutes: [
          {
            TransitGatewayRouteTableId: 'tgw-rtb-1',
            Routes: [
              {
                DestinationCidrBlock: '2001:db8:2::/56',
                TransitGatewayAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-a' }],
                Type: 'static',
                State: 'active',
              },
            ],
          },
        ],
      }),
    });
    const r = await importDescribe(dir, {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expectIpv6Transit(r.network, 'tgw-attach-a', 'tgw-rtb-1');
  });
});
