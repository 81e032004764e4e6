/**
 * The native format's Client VPN endpoint (aws-semantics.md B9, CVPN-1…CVPN-10), as a zod schema that schema.ts
 * places in a VPC (`clientVpnEndpoints`).
 */
import { z } from 'zod';

const name = z.string().min(1);
const cidr = z.string().describe('IPv4 or IPv6 CIDR block, e.g. 10.0.0.0/16');
const ip = z.string().describe('IPv4 address, e.g. 10.0.1.10');
const port = z.number().int().min(0).max(65535);

export const clientVpn = z.strictObject({
  clientCidr: cidr,
  authentication: z.enum(['certificate', 'active-directory', 'saml']).optional(),
  splitTunnel: z.boolean().optional(),
  trafficIpAddressType: z
    .enum(['ipv4', 'ipv6', 'dual-stack'])
    .optional()
    .describe(
      'family of the traffic in the tunnel (CVPN-10 [DRIFT, newer doc]; default ipv4); IPv6 traffic is not simulated',
    ),
  endpointIpAddressType: z
    .enum(['ipv4', 'ipv6', 'dual-stack'])
    .optional()
    .describe('family clients connect over (outer tunnel, CVPN-10 [DRIFT, newer doc]; default ipv4)'),
  transport: z.enum(['udp', 'tcp']).optional(),
  port: port.optional(),
  securityGroups: z.array(name).optional(),
  targetNetworks: z
    .union([
      z.array(name),
      z.record(z.string(), z.strictObject({ subnet: name, eniIp: ip.optional(), publicIp: ip.optional() })),
    ])
    .describe('subnets to associate, or association name → {subnet, eniIp}'),
  authorizationRules: z
    .array(
      z.union([
        z.string().describe('"192.168.1.0/24 -> all" or "192.168.1.0/24 -> group engineering"'),
        z.strictObject({ destination: cidr, group: z.string().optional() }),
      ]),
    )
    .optional(),
  routes: z
    .array(
      z.union([
        z.string().describe('"0.0.0.0/0 -> subnet-name" or "172.31.0.0/22 -> local"'),
        z.strictObject({ destination: cidr, target: name }),
      ]),
    )
    .optional()
    .describe('routes beyond those the associations add automatically (CVPN-2)'),
  clients: z
    .record(z.string(), z.strictObject({ tunnelIp: ip.optional(), groups: z.array(z.string()).optional() }))
    .optional(),
  id: z.string().optional(),
});
