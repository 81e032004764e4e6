/**
 * Terraform transit gateways and VPN (issue 15 item 4; aws-semantics.md B10, B16): aws_ec2_transit_gateway with its
 * default table (TGW-16), VPC attachments, explicit route tables with associations, propagations, static and
 * blackhole routes, a VPN connection on the gateway with its VPN attachment and static routes. Expected hops are
 * derived by hand from the semantics (RT-19, TGW-2, TGW-3, TGW-9, TGW-16, TGW-20, TGW-24).
 */
import { describe, expect, it } from 'vitest';
import { importTerraform } from '../../src/formats/terraform/index.js';
import { traceFlow } from '../../src/analysis/trace.js';
import { validateNetwork } from '../../src/validate/index.js';
import { errorsOf, hopIds, writeTree } from './helpers.js';

/** Two spokes, one subnet each in us-east-1a, each instance in its spoke's only subnet (also its attachment subnet). */
const SPOKES = `
provider "aws" { region = "us-east-1" }
resource "aws_vpc" "a" { cidr_block = "10.1.0.0/16" }
resource "aws_vpc" "b" { cidr_block = "10.2.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.a.id
  cidr_block        = "10.1.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.b.id
  cidr_block        = "10.2.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_route_table" "a" {
  vpc_id = aws_vpc.a.id
  route {
    cidr_block         = "10.0.0.0/8"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
  route {
    cidr_block         = "192.168.0.0/16"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}
resource "aws_route_table" "b" {
  vpc_id = aws_vpc.b.id
  route {
    cidr_block         = "10.0.0.0/8"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.a.id
}
resource "aws_route_table_association" "b" {
  subnet_id      = aws_subnet.b.id
  route_table_id = aws_route_table.b.id
}
resource "aws_security_group" "a" {
  vpc_id = aws_vpc.a.id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group" "b" {
  vpc_id = aws_vpc.b.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.1.0.0/16"]
  }
}
resource "aws_instance" "a" {
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.a.id
  private_ip             = "10.1.1.10"
  vpc_security_group_ids = [aws_security_group.a.id]
}
resource "aws_instance" "b" {
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.b.id
  private_ip             = "10.2.1.20"
  vpc_security_group_ids = [aws_security_group.b.id]
}
resource "aws_ec2_transit_gateway_vpc_attachment" "a" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.a.id
  subnet_ids         = [aws_subnet.a.id]
}
resource "aws_ec2_transit_gateway_vpc_attachment" "b" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.b.id
  subnet_ids         = [aws_subnet.b.id]
}
`;

const visible = (ids: string[]): string[] =>
  ids.filter((h) => !h.startsWith('network-acl:') && !h.startsWith('security-group:'));

async function load(extra: string) {
  const r = await importTerraform([writeTree({ 'main.tf': SPOKES + extra })], {});
  expect(errorsOf([...r.diagnostics, ...validateNetwork(r.network)])).toEqual([]);
  expect(r.network.unsupported.map((u) => u.type)).toEqual([]);
  return r.network;
}

describe('Terraform transit gateways', () => {
  it('default association and propagation (TGW-16): a → b through the default table, and the reply back', async () => {
    const net = await load(`resource "aws_ec2_transit_gateway" "hub" {}`);
    const t = traceFlow(net, { from: 'aws_instance.a', to: 'aws_instance.b', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    // RT-19: a's table sends 10/8 to the gateway through attachment a's ENI in us-east-1a; the default table
    // (both attachments associated and propagating, TGW-16) has 10.2.0.0/16 → attachment b; b's ENI in the same AZ
    // (TGW-24.2); the attachment subnet is b's own subnet, so the packet is delivered there directly (TGW-9, RT-8:
    // same subnet, no route table applies — the hop names the subnet).
    expect(visible(hopIds(t))).toEqual([
      'instance:aws_instance.a',
      'route-table:aws_route_table.a',
      'transit-gateway-attachment:aws_ec2_transit_gateway_vpc_attachment.a',
      'transit-gateway-route-table:aws_ec2_transit_gateway.hub:default-rtb',
      'transit-gateway-attachment:aws_ec2_transit_gateway_vpc_attachment.b',
      'route-table:aws_subnet.b',
      'instance:aws_instance.b',
    ]);
    expect(visible(hopIds(t, 'return'))).toEqual([
      'instance:aws_instance.b',
      'route-table:aws_route_table.b',
      'transit-gateway-attachment:aws_ec2_transit_gateway_vpc_attachment.b',
      'transit-gateway-route-table:aws_ec2_transit_gateway.hub:default-rtb',
      'transit-gateway-attachment:aws_ec2_transit_gateway_vpc_attachment.a',
      'route-table:aws_subnet.a',
      'instance:aws_instance.a',
    ]);
  });

  const CUSTOM = `
resource "aws_ec2_transit_gateway" "hub" {
  default_route_table_association = "disable"
  default_route_table_propagation = "disable"
}
resource "aws_ec2_transit_gateway_route_table" "spokes" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
}
resource "aws_ec2_transit_gateway_route_table_association" "a" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.a.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}
resource "aws_ec2_transit_gateway_route_table_association" "b" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.b.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}
resource "aws_ec2_transit_gateway_route_table_propagation" "a" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.a.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}
resource "aws_customer_gateway" "dc" {
  bgp_asn    = 65000
  ip_address = "198.51.100.1"
  type       = "ipsec.1"
}
resource "aws_vpn_connection" "dc" {
  customer_gateway_id = aws_customer_gateway.dc.id
  transit_gateway_id  = aws_ec2_transit_gateway.hub.id
  type                = "ipsec.1"
  static_routes_only  = true
}
resource "aws_ec2_transit_gateway_route" "dc" {
  destination_cidr_block         = "192.168.0.0/16"
  transit_gateway_attachment_id  = aws_vpn_connection.dc.transit_gateway_attachment_id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}
`;

  it('explicit table: b not propagated → rt has no route to attachment b (TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT)', async () => {
    const net = await load(CUSTOM);
    const t = traceFlow(net, { from: 'aws_instance.a', to: 'aws_instance.b', protocol: 'tcp', port: 443 });
    // TGW-2, TGW-18: the spokes table knows 10.1.0.0/16 (a propagates) and 192.168.0.0/16 (static), not 10.2/16.
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT');
    expect(t.forward.droppedAt).toBe('aws_ec2_transit_gateway_route_table.spokes');
    expect(t.forward.hops.at(-1)?.detail).toContain(
      'propagate aws_ec2_transit_gateway_vpc_attachment.b into aws_ec2_transit_gateway_route_table.spokes',
    );
  });

  it('a static route to the VPN attachment AWS creates with the connection leaves over the VPN (VPN-9)', async () => {
    const net = await load(CUSTOM);
    expect(net.transitGatewayAttachments?.map((a) => [a.id, a.kind])).toContainEqual([
      'aws_vpn_connection.dc:attachment',
      'vpn',
    ]);
    const t = traceFlow(net, { from: 'aws_instance.a', to: '192.168.1.1', protocol: 'tcp', port: 22 });
    // No on-premises network is declared behind the connection: the packet leaves AWS, what follows is unknown.
    expect(visible(hopIds(t))).toEqual([
      'instance:aws_instance.a',
      'route-table:aws_route_table.a',
      'transit-gateway-attachment:aws_ec2_transit_gateway_vpc_attachment.a',
      'transit-gateway-route-table:aws_ec2_transit_gateway_route_table.spokes',
      'transit-gateway-attachment:aws_vpn_connection.dc:attachment',
    ]);
    expect(t.uncertain).toBe(true);
  });

  it('a blackhole route (TGW-20) drops with TGW_RTB_BAD_STATE_ROUTE', async () => {
    const net = await load(`${CUSTOM}
resource "aws_ec2_transit_gateway_route" "hole" {
  destination_cidr_block         = "10.2.0.0/16"
  blackhole                      = true
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.spokes.id
}`);
    const t = traceFlow(net, { from: 'aws_instance.a', to: 'aws_instance.b', protocol: 'tcp', port: 443 });
    expect(t.forward.code).toBe('TGW_RTB_BAD_STATE_ROUTE');
    expect(t.forward.droppedAt).toBe('aws_ec2_transit_gateway_route_table.spokes');
  });
});
