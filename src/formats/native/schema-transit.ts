/**
 * The native format's transit gateways and hybrid edge (aws-semantics.md B10, B16, ONPREM-1), as zod schemas that
 * schema.ts places at the top level (`transitGateways`, `customerGateways`, `vpnConnections`,
 * `directConnectGateways`, `onPremises`) and in a VPC (`virtualPrivateGateway`).
 */
import { z } from 'zod';

const name = z.string().min(1);
const cidr = z
  .string()
  .describe('IPv4 or IPv6 CIDR block, e.g. 192.168.0.0/16 (IPv6 only behind a transit gateway: VPN-9)');
const ip = z.string().describe('IPv4 or IPv6 address, e.g. 192.168.10.10');

const tgwAttachment = z
  .strictObject({
    vpc: name.optional().describe('VPC attachment: the VPC'),
    subnets: z.array(name).optional().describe('VPC attachment: one subnet per AZ (TGW-8)'),
    applianceMode: z.boolean().optional().describe('appliance mode (TGW-5; default false)'),
    ipv6Support: z
      .boolean()
      .optional()
      .describe(
        'IPv6 support (V6-11; default false): the ENIs get IPv6 addresses and the IPv6 CIDRs propagate; without it no IPv6 crosses the attachment',
      ),
    vpn: name.optional().describe('VPN attachment: the VPN connection (VPN-9)'),
    directConnectGateway: name.optional().describe('Direct Connect gateway attachment (DX-1)'),
    peer: name.optional().describe('peering attachment: the transit gateway at the other end (TGW-14)'),
    connect: name.optional().describe('Connect attachment: its transport attachment (not modelled, TGW-13)'),
    firewall: name
      .optional()
      .describe(
        "network function attachment: the Network Firewall, inspecting in its endpoints' AZs (TGW-15)",
      ),
    state: z
      .enum([
        'available',
        'pending',
        'pendingAcceptance',
        'modifying',
        'deleting',
        'deleted',
        'failed',
        'rejected',
      ])
      .optional()
      .describe('default available (TGW-11)'),
    account: z.string().optional().describe('account owning the attached resource (TGW-12)'),
    id: z.string().optional(),
  })
  .describe('exactly one of vpc, vpn, directConnectGateway, peer, connect, firewall');

const tgwRouteTable = z.strictObject({
  default: z
    .boolean()
    .optional()
    .describe("the gateway's default association and propagation table (TGW-16)"),
  associations: z
    .array(name)
    .optional()
    .describe('attachments associated with this table (one table each, TGW-2)'),
  propagations: z.array(name).optional().describe('attachments propagating their routes into it (TGW-18)'),
  routes: z
    .record(z.string(), z.string())
    .optional()
    .describe(
      'destination CIDR or prefix list name → attachment name or "blackhole" (TGW-19, TGW-20, TGW-21)',
    ),
  id: z.string().optional(),
});

export const transitGatewaySchema = z.strictObject({
  region: z.string().optional(),
  account: z.string().optional(),
  defaultAssociation: z
    .boolean()
    .optional()
    .describe('auto-associate new attachments with the default table (TGW-16; default true)'),
  defaultPropagation: z
    .boolean()
    .optional()
    .describe('auto-propagate new attachments into the default table (TGW-16; default true)'),
  vpnEcmp: z.boolean().optional().describe('VPN ECMP support (TGW-22)'),
  sharedWith: z
    .array(z.string())
    .optional()
    .describe('accounts the gateway is shared with (AWS RAM, TGW-12)'),
  attachments: z.record(z.string(), tgwAttachment).optional(),
  routeTables: z.record(z.string(), tgwRouteTable).optional(),
  id: z.string().optional(),
});

export const vpnConnectionSchema = z.strictObject({
  customerGateway: name.optional(),
  gateway: name.describe('the virtual private gateway or transit gateway it terminates on (VPN-1)'),
  routing: z.enum(['static', 'bgp']).optional().describe('default bgp (VPN-2)'),
  staticRoutes: z.array(cidr).optional().describe('static routing: the on-premises prefixes (VPN-2)'),
  advertises: z
    .array(cidr)
    .optional()
    .describe('BGP: prefixes the customer gateway advertises (default: the on-premises networks behind it)'),
  asPathLength: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('BGP AS_PATH length (VPN-5 tie-break; default 1)'),
  state: z.enum(['up', 'down']).optional().describe('tunnel state (default up; VPN-2)'),
  id: z.string().optional(),
});

export const customerGatewaySchema = z.strictObject({
  ip: z.string().optional().describe("the device's public IPv4 address (outside addresses are IPv4, VPN-9)"),
  asn: z.number().int().optional(),
  id: z.string().optional(),
});

export const directConnectGatewaySchema = z.strictObject({
  gateways: z.array(name).optional().describe('associated virtual private / transit gateways (DX-1)'),
  allowedPrefixes: z.array(cidr).optional().describe('allowed prefixes (DX-1)'),
  advertises: z.array(cidr).optional().describe('prefixes on-premises advertises over BGP'),
  asn: z.number().int().optional(),
  id: z.string().optional(),
});

export const onPremisesSchema = z.strictObject({
  cidrs: z.array(cidr).min(1),
  via: name.describe('the VPN connection or Direct Connect gateway it sits behind (ONPREM-1)'),
  hosts: z.record(z.string(), ip).optional().describe('named hosts: name → address (trace endpoints)'),
});

export const virtualPrivateGatewaySchema = z
  .union([
    name,
    z.strictObject({
      name,
      asn: z.number().int().optional().describe('Amazon-side ASN (default 64512)'),
      id: z.string().optional(),
    }),
  ])
  .describe('the attached virtual private gateway (VPN-1)');

export type NativeTransitGateway = z.infer<typeof transitGatewaySchema>;
