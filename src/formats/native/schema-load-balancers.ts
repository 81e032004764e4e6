/**
 * The native format's load balancers, target groups and endpoint services (aws-semantics.md B14, B15), as zod
 * schemas that schema.ts places in a VPC (`loadBalancers`, `targetGroups`) and at the top level
 * (`endpointServices`).
 */
import { z } from 'zod';

const name = z.string().min(1);
const ip = z.string().describe('IPv4 address, e.g. 10.0.1.10');
const port = z.number().int().min(0).max(65535);
const protocol = z.enum([
  'TCP',
  'TLS',
  'UDP',
  'TCP_UDP',
  'QUIC',
  'TCP_QUIC',
  'HTTP',
  'HTTPS',
  'SSL',
  'GENEVE',
]);
const strings = z.union([z.string(), z.array(z.string())]);

const listenerRule = z.strictObject({
  priority: z.number().int().min(1).max(50000).optional(),
  host: strings.optional().describe('host-header condition values (wildcards * and ?)'),
  path: strings.optional().describe('path-pattern condition values (wildcards * and ?)'),
  conditions: z
    .array(z.string())
    .optional()
    .describe('other conditions (http-header, query-string, source-ip, …): shown, not evaluated'),
  forward: z
    .union([name, z.array(name), z.record(name, z.number().int().min(0).max(999))])
    .optional()
    .describe(
      'target group(s) of a forward action; a weighted forward as { group: weight } (0…999, 0 = no requests, ALB-3)',
    ),
  action: z.enum(['forward', 'redirect', 'fixed-response', 'authenticate']).optional(),
});

const listener = z.union([
  z
    .string()
    .describe(
      '"TCP:443 -> tg-web" (NLB), "HTTP:80 -> tg-app" (ALB default rule), "TCP:80 -> 8080" (Classic)',
    ),
  z.strictObject({
    protocol,
    port: port.optional().describe('front-end port (none for a Gateway Load Balancer)'),
    targetGroup: name.optional().describe('target group of the default forward action'),
    defaultAction: z.enum(['forward', 'redirect', 'fixed-response', 'authenticate']).optional(),
    rules: z.array(listenerRule).optional().describe('ALB rules, evaluated by ascending priority (ALB-3)'),
    instancePort: port.optional().describe('Classic Load Balancer back-end port (CLB-1)'),
    instanceProtocol: protocol.optional(),
    id: z.string().optional(),
  }),
]);

const node = z.union([
  ip.describe('private IP of the node in this subnet'),
  z.strictObject({
    ip: ip.optional(),
    publicIp: ip.optional().describe('public IP / Elastic IP (internet-facing)'),
  }),
]);

export const loadBalancerSchema = z.strictObject({
  type: z.enum(['network', 'application', 'classic', 'gateway']),
  scheme: z.enum(['internet-facing', 'internal']).optional().describe('default internet-facing, as the API'),
  subnets: z.array(name).optional().describe('enabled subnets (one per AZ); node addresses assumed'),
  nodes: z
    .record(z.string(), node)
    .optional()
    .describe('subnet name → node private IP (and public IP): one node per enabled subnet (ELB-1, NLB-1)'),
  securityGroups: z.array(name).optional().describe('none for an NLB created without (NLB-7) and for a GWLB'),
  crossZone: z.boolean().optional().describe('default: on for ALB, off for NLB, GWLB and Classic (ELB-2)'),
  listeners: z.array(listener).optional(),
  instances: z.array(name).optional().describe('Classic Load Balancer: registered instances'),
  enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: z.boolean().optional(),
  state: z.enum(['active', 'provisioning', 'failed']).optional(),
  id: z.string().optional(),
});

const target = z.union([
  z.string().describe('instance name, IP address, or (alb target type) load balancer name'),
  z.strictObject({
    id: z.string(),
    port: port.optional(),
    availabilityZone: z.string().optional().describe('"all" for an IP outside the VPC (ELB-3)'),
    health: z.string().optional().describe('shown only, never used for reachability'),
  }),
]);

export const targetGroupSchema = z.strictObject({
  type: z.enum(['instance', 'ip', 'alb', 'lambda']).optional().describe('default instance'),
  protocol: protocol.optional(),
  port: port.optional(),
  targets: z.array(target).optional(),
  preserveClientIp: z
    .boolean()
    .optional()
    .describe('default: on for instance targets and UDP/TCP_UDP, off for ip targets with TCP/TLS (NLB-3)'),
  crossZone: z.boolean().optional().describe('target-group override of the load balancer setting (ELB-2)'),
  id: z.string().optional(),
});

export const endpointServiceSchema = z.strictObject({
  loadBalancers: z.array(name).min(1).describe('the NLB (or GWLB) behind the service (PL-5)'),
  serviceName: z.string().optional().describe('com.amazonaws.vpce.<region>.vpce-svc-…'),
  acceptanceRequired: z.boolean().optional(),
  allowedPrincipals: z.array(z.string()).optional(),
  id: z.string().optional(),
});

export type NativeLoadBalancer = z.infer<typeof loadBalancerSchema>;
export type NativeTargetGroup = z.infer<typeof targetGroupSchema>;
export type NativeEndpointService = z.infer<typeof endpointServiceSchema>;
