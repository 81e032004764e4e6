/**
 * The native vpcsim YAML format, as a zod schema. `scripts/gen-schema.ts` turns it into
 * `schema/vpcsim.schema.json` for editor completion (drift-checked by a test).
 *
 * Shape: resources are maps keyed by name (names are unique in the file and are how resources refer to each
 * other and how traces name them). Everything that belongs to a VPC is written inside it. Rules are written the way
 * the console reads them: `tcp 443 from 0.0.0.0/0`, `100 allow tcp 22 from 10.0.0.0/16`. Unknown keys are errors.
 */
import { z } from 'zod';
import { endpointServiceSchema, loadBalancerSchema, targetGroupSchema } from './schema-load-balancers.js';
import { scopeExpectationSchema, scopeSchema } from './schema-scopes.js';
import { clientVpn } from './schema-clientvpn.js';
import {
  customerGatewaySchema,
  directConnectGatewaySchema,
  onPremisesSchema,
  transitGatewaySchema,
  virtualPrivateGatewaySchema,
  vpnConnectionSchema,
} from './schema-transit.js';

const name = z.string().min(1);
const cidr = z.string().describe('IPv4 or IPv6 CIDR block, e.g. 10.0.0.0/16');
const ip = z.string().describe('IPv4 address, e.g. 10.0.1.10');
const port = z.number().int().min(0).max(65535);

const sgRuleObject = z.strictObject({
  protocol: z.union([z.string(), z.number()]).describe('tcp, udp, icmp, all or a protocol number'),
  ports: z.union([port, z.string()]).optional().describe('443 or 1024-65535'),
  icmpType: z.number().int().optional(),
  icmpCode: z.number().int().optional(),
  from: z.string().optional().describe('inbound source: CIDR, security group name or prefix list'),
  to: z.string().optional().describe('outbound destination: CIDR, security group name or prefix list'),
  description: z.string().optional(),
});
const sgRule = z.union([
  z
    .string()
    .describe(
      'e.g. "tcp 443 from 0.0.0.0/0", "all to 0.0.0.0/0", "tcp 22 from sg-web", "icmp echo-request from 10.0.0.0/8"',
    ),
  sgRuleObject,
]);

const naclRuleObject = z.strictObject({
  number: z.number().int(),
  action: z.enum(['allow', 'deny']),
  protocol: z.union([z.string(), z.number()]),
  ports: z.union([port, z.string()]).optional(),
  icmpType: z.number().int().optional(),
  icmpCode: z.number().int().optional(),
  cidr,
});
const naclRule = z.union([
  z
    .string()
    .describe(
      'e.g. "100 allow tcp 22 from 192.168.10.0/24" (inbound) or "100 allow tcp 1024-65535 to 0.0.0.0/0" (outbound)',
    ),
  naclRuleObject,
]);

const routeTarget = z.union([
  z.string().describe('a resource name, "local", or "blackhole"'),
  z.strictObject({
    target: z.string(),
    state: z.enum(['active', 'blackhole']).optional(),
    propagated: z.boolean().optional(),
  }),
]);

const subnet = z.strictObject({
  cidr: cidr.optional().describe('IPv4 CIDR; omit for an IPv6-only subnet (V6-1)'),
  ipv6Cidr: cidr.optional().describe("the subnet's IPv6 /64 (V6-1)"),
  dns64: z
    .boolean()
    .optional()
    .describe('EnableDns64 (V6-6; default false): names without AAAA resolve to 64:ff9b::/96 + their IPv4'),
  az: z.string().optional(),
  routeTable: name.optional(),
  networkAcl: name.optional(),
  id: z.string().optional(),
});

const routeTable = z.strictObject({
  main: z.boolean().optional(),
  edge: z
    .union([name, z.array(name)])
    .optional()
    .describe('edge association: the internet or virtual private gateway (RT-11)'),
  propagation: z
    .union([z.boolean(), z.array(name)])
    .optional()
    .describe("route propagation from virtual private gateways: true = the VPC's own (VPN-3)"),
  routes: z
    .record(z.string(), routeTarget)
    .optional()
    .describe('destination CIDR or prefix list name → target'),
  id: z.string().optional(),
});

const securityGroup = z.strictObject({
  inbound: z.array(sgRule).optional(),
  outbound: z.array(sgRule).optional().describe('default when omitted: all traffic to 0.0.0.0/0 (SG-3)'),
  default: z.boolean().optional(),
  id: z.string().optional(),
  description: z.string().optional(),
});

const networkAcl = z.strictObject({
  inbound: z.array(naclRule).optional(),
  outbound: z.array(naclRule).optional(),
  default: z.boolean().optional(),
  id: z.string().optional(),
});

const osObject = z.strictObject({
  sysctl: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  iptables: z.string().optional().describe('iptables commands or an iptables-save dump'),
  iptablesSave: z.string().optional(),
  ip6tablesSave: z.string().optional().describe('an ip6tables-save dump (the IPv6 tables)'),
  userData: z
    .string()
    .optional()
    .describe('user data script: iptables, sysctl and ip route lines are recognised'),
  routes: z
    .array(z.string())
    .optional()
    .describe('ip route lines, e.g. "10.34.0.0/16 via 10.33.1.1 dev eth0"'),
});
const os = z.union([
  z.string().describe('iptables/sysctl commands, an iptables-save dump or a user data script'),
  osObject,
]);

const eniFields = {
  subnet: name,
  ip: ip.optional().describe('primary private IP'),
  ips: z.array(ip).optional().describe('private IPs, primary first'),
  secondaryIps: z.array(ip).optional(),
  publicIp: ip.optional().describe('public IPv4 or Elastic IP of the primary private IP'),
  publicIps: z.record(z.string(), ip).optional().describe('private IP → public IP'),
  sourceDestCheck: z.boolean().optional(),
  securityGroups: z.array(name).optional(),
  ipv6: z.string().optional().describe('IPv6 address, e.g. 2001:db8:80:1::10 (V6-1)'),
  ipv6Ips: z.array(z.string()).optional().describe('IPv6 addresses'),
  id: z.string().optional(),
};

const networkInterface = z.strictObject({
  ...eniFields,
  instance: name.optional(),
  deviceIndex: z.number().int().min(0).optional(),
});

const instance = z.strictObject({
  ...eniFields,
  subnet: name.optional(),
  interfaces: z.array(name).optional().describe('network interfaces by name, eth0 first'),
  state: z.enum(['running', 'stopped', 'terminated']).optional(),
  os: os.optional(),
});

const natGateway = z.strictObject({
  subnet: name,
  type: z.enum(['public', 'private']).optional(),
  ip: ip.optional(),
  publicIp: ip.optional(),
  state: z.enum(['available', 'pending', 'deleted', 'failed']).optional(),
  id: z.string().optional(),
});

const endpoint = z.strictObject({
  type: z.enum(['gateway', 'interface', 'gwlb']),
  service: z.string().optional(),
  prefixList: name.optional(),
  routeTables: z.array(name).optional(),
  subnet: name.optional(),
  subnets: z.array(name).optional().describe('interface endpoint: one subnet per AZ (PL-1)'),
  securityGroups: z
    .array(name)
    .optional()
    .describe('interface endpoint (PL-2; default: the VPC default group)'),
  addresses: z.record(z.string(), ip).optional().describe('interface endpoint: subnet name → ENI private IP'),
  state: z
    .enum(['available', 'pendingAcceptance', 'pending', 'rejected', 'failed', 'deleted'])
    .optional()
    .describe('interface endpoint connection state (PL-5); default available'),
  inspection: z.enum(['pass', 'drop']).optional(),
  id: z.string().optional(),
});

const firewall = z.strictObject({
  policy: name,
  subnets: z.array(name).min(1),
  endpoints: z.record(z.string(), z.string()).optional().describe('subnet name → endpoint id (vpce-…)'),
  id: z.string().optional(),
});

const vpc = z.strictObject({
  cidr: cidr.optional(),
  cidrs: z.array(cidr).optional(),
  ipv6Cidr: cidr.optional().describe("the VPC's IPv6 block, an Amazon-provided /56 (V6-1)"),
  ipv6Cidrs: z.array(cidr).optional().describe('IPv6 blocks (up to 5, V6-1)'),
  region: z.string().optional(),
  account: z.string().optional(),
  id: z.string().optional(),
  enableDnsSupport: z
    .boolean()
    .optional()
    .describe(
      'DNS resolution (default true): the Amazon DNS server at base+2 and 169.254.169.253 answers (ADDR-4)',
    ),
  internetGateway: z
    .union([name, z.strictObject({ name, routeTable: name.optional(), attached: z.boolean().optional() })])
    .optional(),
  egressOnlyInternetGateway: z
    .union([name, z.strictObject({ name, attached: z.boolean().optional(), id: z.string().optional() })])
    .optional()
    .describe(
      'egress-only internet gateway: IPv6 out and its replies back, nothing initiated from outside (V6-5)',
    ),
  subnets: z.record(z.string(), subnet).optional(),
  routeTables: z.record(z.string(), routeTable).optional(),
  securityGroups: z.record(z.string(), securityGroup).optional(),
  networkAcls: z.record(z.string(), networkAcl).optional(),
  instances: z.record(z.string(), instance).optional(),
  networkInterfaces: z.record(z.string(), networkInterface).optional(),
  natGateways: z.record(z.string(), natGateway).optional(),
  endpoints: z.record(z.string(), endpoint).optional(),
  firewalls: z.record(z.string(), firewall).optional(),
  clientVpnEndpoints: z.record(z.string(), clientVpn).optional(),
  virtualPrivateGateway: virtualPrivateGatewaySchema.optional(),
  loadBalancers: z.record(z.string(), loadBalancerSchema).optional(),
  targetGroups: z.record(z.string(), targetGroupSchema).optional(),
});

const statelessRule = z.strictObject({
  priority: z.number().int(),
  actions: z.array(z.string()).min(1),
  sources: z.array(cidr).optional(),
  destinations: z.array(cidr).optional(),
  sourcePorts: z.array(z.union([port, z.string()])).optional(),
  destinationPorts: z.array(z.union([port, z.string()])).optional(),
  protocols: z.array(z.union([z.number(), z.string()])).optional(),
});

const ruleGroup = z.strictObject({
  type: z.enum(['stateless', 'stateful']),
  ruleOrder: z.enum(['DEFAULT_ACTION_ORDER', 'STRICT_ORDER']).optional(),
  capacity: z.number().int().optional(),
  variables: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  domainList: z
    .strictObject({
      targets: z.array(z.string()),
      targetTypes: z.array(z.enum(['TLS_SNI', 'HTTP_HOST'])).optional(),
      type: z.enum(['ALLOWLIST', 'DENYLIST', 'REJECTLIST', 'ALERTLIST']),
    })
    .optional(),
  suricata: z.string().optional().describe('Suricata-compatible rules, one per line'),
  rules: z
    .array(z.string())
    .optional()
    .describe('5-tuple rules: "PASS TCP 10.0.0.0/16 ANY -> ANY 443 sid:1"'),
  statelessRules: z.array(statelessRule).optional(),
  id: z.string().optional(),
});

const firewallPolicy = z.strictObject({
  statelessDefaultActions: z.array(z.string()).optional(),
  statelessFragmentDefaultActions: z.array(z.string()).optional(),
  statelessRuleGroups: z.array(z.strictObject({ ruleGroup: name, priority: z.number().int() })).optional(),
  statefulRuleGroups: z
    .array(z.strictObject({ ruleGroup: name, priority: z.number().int().optional() }))
    .optional(),
  ruleOrder: z.enum(['DEFAULT_ACTION_ORDER', 'STRICT_ORDER']).optional(),
  streamExceptionPolicy: z.enum(['DROP', 'CONTINUE', 'REJECT']).optional(),
  statefulDefaultActions: z.array(z.string()).optional(),
  variables: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  id: z.string().optional(),
});

const peering = z.strictObject({
  between: z.tuple([name, name]).describe('[requester VPC, accepter VPC]'),
  state: z.enum(['active', 'pending-acceptance', 'deleted', 'rejected', 'failed', 'expired']).optional(),
  id: z.string().optional(),
});

const prefixList = z.strictObject({
  entries: z.array(cidr),
  maxEntries: z.number().int().optional(),
  id: z.string().optional(),
});

const seenAt = z.strictObject({
  src: ip.optional(),
  dst: ip.optional(),
  srcPort: port.optional(),
  dstPort: port.optional(),
});

export const expectationSchema = z.strictObject({
  name: z.string().optional(),
  from: z.string(),
  to: z.string(),
  flow: z.string().optional().describe('"tcp/443", "udp/53", "icmp" (echo request)'),
  protocol: z.union([z.string(), z.number()]).optional(),
  port: port.optional(),
  srcPort: port.optional(),
  icmpType: z.number().int().optional(),
  icmpCode: z.number().int().optional(),
  sni: z.string().optional(),
  host: z.string().optional(),
  path: z.string().optional().describe('HTTP request path (ALB path-pattern rules)'),
  verdict: z.enum(['reachable', 'unreachable', 'asymmetric']),
  code: z.string().optional(),
  hops: z
    .array(z.string())
    .optional()
    .describe(
      'hops that must appear in the forward path, in order (id, kind:id, owner, or the deciding rule text)',
    ),
  returnHops: z.array(z.string()).optional(),
  notHops: z.array(z.string()).optional(),
  droppedAt: z.string().optional(),
  failsOn: z.enum(['forward', 'return']).optional(),
  seenAtDestination: seenAt.optional(),
  seenAtSource: seenAt.optional(),
  mentions: z.array(z.string()).optional(),
});

const diagnosticExpectation = z.union([
  z.string().describe('diagnostic code'),
  z.strictObject({
    code: z.string(),
    severity: z.enum(['error', 'warning']).optional(),
    resource: z.string().optional(),
  }),
]);

/** An `expect:` entry: a flow expectation, or an expectation on a scope's findings (`{ scope, findings }`). */
const expectEntry = z.union([expectationSchema, scopeExpectationSchema]);

const variant = z.strictObject({
  description: z.string().optional(),
  patch: z
    .record(z.string(), z.unknown())
    .describe('JSON merge patch (RFC 7386) applied to this document; null deletes'),
  expect: z.array(expectEntry).optional(),
  errors: z
    .array(diagnosticExpectation)
    .optional()
    .describe('diagnostics the variant must produce (AWS would refuse it)'),
  warnings: z.array(diagnosticExpectation).optional(),
});

export const documentSchema = z.strictObject({
  vpcsim: z.literal(1).describe('format version'),
  description: z.string().optional(),
  region: z.string().optional(),
  account: z.string().optional(),
  vpcs: z.record(z.string(), vpc),
  peerings: z.record(z.string(), peering).optional(),
  prefixLists: z.record(z.string(), prefixList).optional(),
  elasticIps: z
    .record(z.string(), z.strictObject({ publicIp: ip, description: z.string().optional() }))
    .optional()
    .describe(
      'Elastic IPs allocated but not associated in this file (e.g. attached by a launch template or a script): traffic to them is uncertain, never the internet',
    ),
  endpointServices: z.record(z.string(), endpointServiceSchema).optional(),
  transitGateways: z.record(z.string(), transitGatewaySchema).optional(),
  customerGateways: z.record(z.string(), customerGatewaySchema).optional(),
  vpnConnections: z.record(z.string(), vpnConnectionSchema).optional(),
  directConnectGateways: z.record(z.string(), directConnectGatewaySchema).optional(),
  onPremises: z
    .record(z.string(), onPremisesSchema)
    .optional()
    .describe(
      'remote networks behind a VPN connection or DX gateway (ONPREM-1); trace endpoints as onprem:NAME',
    ),
  firewallPolicies: z.record(z.string(), firewallPolicy).optional(),
  ruleGroups: z.record(z.string(), ruleGroup).optional(),
  unsupported: z
    .record(z.string(), z.strictObject({ type: z.string(), reason: z.string().optional() }))
    .optional(),
  scopes: z
    .record(z.string(), scopeSchema)
    .optional()
    .describe(
      "access scopes (Network Access Analyzer's model): match/exclude paths, or use: a library scope; findings are the classes of delivered flows that match",
    ),
  expect: z.array(expectEntry).optional(),
  variants: z.record(z.string(), variant).optional(),
  expectedErrors: z.array(diagnosticExpectation).optional(),
  expectedWarnings: z.array(diagnosticExpectation).optional(),
});

export type NativeDocument = z.infer<typeof documentSchema>;
export type NativeVpc = z.infer<typeof vpc>;
export type NativeExpectation = z.infer<typeof expectationSchema>;
export type NativeSgRule = z.infer<typeof sgRule>;
export type NativeNaclRule = z.infer<typeof naclRule>;
export type NativeOs = z.infer<typeof os>;
export type NativeRuleGroup = z.infer<typeof ruleGroup>;
export type NativeFirewallPolicy = z.infer<typeof firewallPolicy>;
export type NativeClientVpn = z.infer<typeof clientVpn>;
