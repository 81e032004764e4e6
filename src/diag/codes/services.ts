/**
 * Diagnostic codes of AWS Client VPN (CVPN) and AWS Network Firewall (NFW) — endpoints, target networks, routes and
 * authorization rules; firewalls, policies and rule groups — from validate/ and the data plane's compilers. Part of
 * the catalogue in diag/codes.ts — read its header before adding one.
 */
import type { CodeInfo } from './info.js';

export const SERVICE_CODES = {
  // --- Client VPN ----------------------------------------------------------------------------------------
  CLIENT_VPN_AUTH_RULE_DUPLICATE: {
    meaning: 'An authorization rule is defined twice for one group',
    ref: 'CVPN-4',
  },
  CLIENT_VPN_AUTH_RULE_INVALID_CIDR: {
    meaning: "An authorization rule's destination is not a valid CIDR",
    ref: 'CVPN-4',
  },
  CLIENT_VPN_AUTH_RULE_QUOTA: {
    meaning: 'More authorization rules than the per-endpoint quota',
    ref: 'CVPN-10',
  },
  CLIENT_VPN_AUTH_RULE_WITHOUT_ROUTE: {
    meaning: 'An authorization rule has no endpoint route: the traffic it allows goes nowhere',
    ref: 'CVPN-5',
  },
  CLIENT_VPN_CLIENT_CIDR_HOST_BITS: { meaning: 'The client CIDR has host bits set', ref: 'CVPN-1' },
  CLIENT_VPN_CLIENT_CIDR_INVALID: { meaning: 'The client CIDR is not a valid CIDR block', ref: 'CVPN-1' },
  CLIENT_VPN_CLIENT_CIDR_OVERLAPS_ROUTE: {
    meaning: "The client CIDR overlaps one of the endpoint's routes",
    ref: 'CVPN-1',
  },
  CLIENT_VPN_CLIENT_CIDR_OVERLAPS_SUBNET: {
    meaning: 'The client CIDR overlaps a target subnet',
    ref: 'CVPN-1',
  },
  CLIENT_VPN_CLIENT_CIDR_OVERLAPS_VPC: {
    meaning: "The client CIDR overlaps a CIDR of the endpoint's VPC",
    ref: 'CVPN-1',
  },
  CLIENT_VPN_CLIENT_CIDR_SIZE: { meaning: 'The client CIDR is not between /12 and /22', ref: 'CVPN-1' },
  CLIENT_VPN_CLIENT_GROUPS_WITH_CERTIFICATE: {
    meaning:
      'A VPN client has groups, but its endpoint uses mutual-certificate authentication, which has none',
    ref: 'CVPN-4',
  },
  CLIENT_VPN_CLIENT_GROUP_WITHOUT_RULE: {
    meaning: "A VPN client's group is named by no authorization rule",
    ref: 'CVPN-4',
  },
  CLIENT_VPN_CLIENT_TUNNEL_IP_DUPLICATE: {
    meaning: 'Two VPN clients use the same tunnel address',
    ref: 'CVPN-1',
  },
  CLIENT_VPN_CLIENT_TUNNEL_IP_INVALID: {
    meaning: "A VPN client's tunnel address is not an IPv4 address",
    ref: 'CVPN-1',
  },
  CLIENT_VPN_CLIENT_UNKNOWN_ENDPOINT: {
    meaning: 'A VPN client names a Client VPN endpoint that is not defined',
    ref: 'CVPN-1',
  },
  CLIENT_VPN_DEFAULT_SECURITY_GROUP_ASSUMED: {
    meaning: "An endpoint names no security group: its ENIs get the VPC's default security group",
    ref: 'CVPN-9, SG-4',
  },
  CLIENT_VPN_ENDPOINT_QUOTA: {
    meaning: 'More Client VPN endpoints in a Region than the quota',
    ref: 'CVPN-10',
  },
  CLIENT_VPN_ENI_IP_ASSUMED: {
    meaning: "A target network's ENI address is assumed (AWS picks it)",
    ref: 'CVPN-3',
  },
  CLIENT_VPN_ENI_IP_INVALID: {
    meaning: "A target network's ENI address is not a usable address of its subnet",
    ref: 'CVPN-3',
  },
  CLIENT_VPN_ENTRY_IGNORED: {
    meaning: 'An endpoint entry that is not an IPv4 CIDR is left out of the simulation',
    ref: 'CVPN-10',
  },
  CLIENT_VPN_GROUP_RULE_WITH_CERTIFICATE: {
    meaning:
      'An authorization rule grants a group on an endpoint with certificate authentication: it grants nobody',
    ref: 'CVPN-4',
  },
  CLIENT_VPN_IPV6_ON_IPV4_ENDPOINT: {
    meaning:
      'An IPv6 route or authorization rule on a Client VPN endpoint whose traffic IP address type is ipv4 (AWS accepts them only on ipv6 or dual-stack endpoints)',
    ref: 'CVPN-10',
  },
  CLIENT_VPN_IPV6_UNSUPPORTED: {
    meaning:
      'An IPv6 Client VPN route or rule is left out: AWS carries IPv6 on ipv6/dual-stack endpoints, vpcsim does not simulate it',
    ref: 'CVPN-10',
  },
  CLIENT_VPN_LOCAL_ROUTE_NOT_CLIENT_CIDR: { meaning: 'A local route is not the client CIDR', ref: 'CVPN-7' },
  CLIENT_VPN_NACL_BLOCKS_REPLIES: {
    meaning: "A target subnet's NACL does not admit replies on the ports the Client VPN ENI uses",
    ref: 'NACL-6, CVPN-3',
    ra: 'SUBNET_ACL_RESTRICTION',
  },
  CLIENT_VPN_NO_TARGET_NETWORK: {
    meaning: 'An endpoint has no target network: no client can connect',
    ref: 'CVPN-2',
  },
  CLIENT_VPN_PORT_INVALID: { meaning: 'The VPN port is not 443 or 1194', ref: 'CVPN-10' },
  CLIENT_VPN_ROUTES_DIFFER_BETWEEN_TARGETS: {
    meaning: 'A destination is routed through some target networks but not others: access depends on the AZ',
    ref: 'CVPN-5',
  },
  CLIENT_VPN_ROUTE_DUPLICATE: { meaning: 'An endpoint route is defined twice', ref: 'CVPN-5' },
  CLIENT_VPN_ROUTE_INVALID_CIDR: {
    meaning: "An endpoint route's destination is not a valid CIDR",
    ref: 'CVPN-5',
  },
  CLIENT_VPN_ROUTE_QUOTA: { meaning: 'More endpoint routes than the per-endpoint quota', ref: 'CVPN-10' },
  CLIENT_VPN_ROUTE_SYNTAX: {
    meaning: 'A native Client VPN route does not read "<CIDR> -> <subnet>" or "-> local"',
  },
  CLIENT_VPN_ROUTE_TARGET_NOT_ASSOCIATED: {
    meaning: 'An endpoint route targets a subnet that is not associated with the endpoint',
    ref: 'CVPN-5',
  },
  CLIENT_VPN_ROUTE_WITHOUT_AUTHORIZATION: {
    meaning: 'An endpoint route has no authorization rule: every client is denied it',
    ref: 'CVPN-4',
  },
  CLIENT_VPN_RULE_SYNTAX: {
    meaning: 'A native authorization rule does not read "<CIDR> -> all" or "-> group <name>"',
  },
  CLIENT_VPN_SECURITY_GROUP_OTHER_VPC: {
    meaning: "An endpoint's security group belongs to another VPC",
    ref: 'CVPN-9',
  },
  CLIENT_VPN_SPLIT_TUNNEL_DEFAULT_ROUTE: {
    meaning: 'Split tunnel is on but a default route is pushed, so all client traffic enters the tunnel',
    ref: 'CVPN-8',
  },
  CLIENT_VPN_TARGET_SUBNET_DUPLICATE: {
    meaning: 'A subnet is associated twice with one endpoint',
    ref: 'CVPN-2',
  },
  CLIENT_VPN_TARGET_SUBNET_FEW_FREE_ADDRESSES: {
    meaning: 'A target subnet has fewer free addresses than AWS requires',
    ref: 'CVPN-2',
  },
  CLIENT_VPN_TARGET_SUBNET_NO_IPV6: {
    meaning: 'A target subnet of an ipv6 or dual-stack Client VPN endpoint has no IPv6 CIDR',
    ref: 'CVPN-2, CVPN-10',
  },
  CLIENT_VPN_TARGET_SUBNET_OTHER_VPC: {
    meaning: "A target subnet is not in the endpoint's VPC",
    ref: 'CVPN-2',
  },
  CLIENT_VPN_TARGET_SUBNET_SAME_AZ: {
    meaning: 'Two target subnets are in one Availability Zone',
    ref: 'CVPN-2',
  },
  CLIENT_VPN_TARGET_SUBNET_TOO_SMALL: { meaning: 'A target subnet is smaller than /27', ref: 'CVPN-2' },
  CLIENT_VPN_UNKNOWN_SECURITY_GROUP: {
    meaning: 'An endpoint names a security group that is not defined',
    ref: 'CVPN-9',
  },
  CLIENT_VPN_UNKNOWN_SUBNET: {
    meaning: 'A target network names a subnet that is not defined',
    ref: 'CVPN-2',
  },
  CLIENT_VPN_UNKNOWN_VPC: { meaning: 'An endpoint names a VPC that is not defined', ref: 'CVPN-2' },
  // --- Network Firewall ----------------------------------------------------------------------------------
  FIREWALL_BAD_CIDR: { meaning: 'A firewall rule or IP set entry is not a CIDR block', ref: 'NFW-5, NFW-13' },
  FIREWALL_BAD_PORT: { meaning: 'A stateless rule port range is invalid', ref: 'NFW-5' },
  FIREWALL_DROP_STRICT_WITH_DOMAIN_LIST: {
    meaning:
      'The default action aws:drop_strict drops the TCP handshake before a domain list sees the SNI/Host',
    ref: 'NFW-11',
  },
  FIREWALL_DUPLICATE_PRIORITY: {
    meaning: 'Two rule groups of a policy have the same priority',
    ref: 'NFW-5, NFW-10',
  },
  FIREWALL_ENDPOINT_AMBIGUOUS: {
    meaning: 'A native route names a firewall with several endpoints without naming one',
  },
  FIREWALL_HOME_NET_NOT_COVERING: {
    meaning:
      'Sources routed to the firewall are outside HOME_NET, so its $HOME_NET (domain) rules do not apply',
    ref: 'NFW-12, NFW-13',
  },
  FIREWALL_NO_SUBNETS: { meaning: 'A firewall has no firewall subnet', ref: 'NFW-1' },
  FIREWALL_PEERING_INSPECTION: {
    meaning: 'Traffic reached over VPC peering is routed to a firewall, which does not support inspecting it',
    ref: 'NFW-3',
  },
  FIREWALL_POLICY_NOT_FOUND: {
    meaning: 'A firewall names a policy that is not defined: it drops everything',
    ref: 'NFW-1',
  },
  FIREWALL_POLICY_VARIABLE: { meaning: 'A policy variable other than HOME_NET is ignored', ref: 'NFW-13' },
  FIREWALL_PRIORITY_IGNORED: {
    meaning: 'A stateful rule group priority is given in action order, where it is unused',
    ref: 'NFW-9',
  },
  FIREWALL_PRIORITY_MISSING: {
    meaning: 'A rule group reference needs a priority and has none',
    ref: 'NFW-5, NFW-10',
  },
  FIREWALL_REJECT_NOT_TCP: {
    meaning: 'A reject rule matches non-TCP traffic, which is dropped instead',
    ref: 'NFW-8',
  },
  FIREWALL_RULE_GROUP_NOT_FOUND: {
    meaning: 'A policy names a rule group that is not defined',
    ref: 'NFW-5, NFW-8',
  },
  FIREWALL_RULE_GROUP_TYPE_MISMATCH: {
    meaning: 'A stateful rule group is listed among stateless ones, or the reverse',
    ref: 'NFW-5, NFW-8',
  },
  FIREWALL_RULE_ORDER_MISMATCH: {
    meaning: 'A policy and one of its stateful rule groups use different rule orders',
    ref: 'NFW-10',
  },
  FIREWALL_STATEFUL_DEFAULT_ACTIONS: {
    meaning: 'Stateful default actions are set on a policy that is not in STRICT_ORDER, or are invalid',
    ref: 'NFW-11',
  },
  FIREWALL_STATELESS_ACTIONS: {
    meaning: 'A stateless rule does not have exactly one of aws:pass, aws:drop, aws:forward_to_sfe',
    ref: 'NFW-6',
  },
  FIREWALL_STATELESS_DEFAULT_ACTIONS: {
    meaning: 'A stateless default action list does not have exactly one standard action',
    ref: 'NFW-7',
  },
  FIREWALL_STATELESS_PRIORITY: { meaning: 'A stateless rule priority is not 1–65535', ref: 'NFW-5' },
  FIREWALL_SUBNET_HAS_WORKLOADS: {
    meaning:
      "A workload sits in a firewall subnet: its traffic follows that subnet's table and is not inspected",
    ref: 'NFW-2',
  },
  FIREWALL_SUBNET_NOT_FOUND: {
    meaning: 'A firewall endpoint is in a subnet that is not defined',
    ref: 'NFW-1',
  },
  FIREWALL_SUBNET_SAME_AZ: { meaning: 'A firewall has two subnets in one Availability Zone', ref: 'NFW-1' },
  FIREWALL_SUBNET_WRONG_VPC: { meaning: "A firewall subnet is not in the firewall's VPC", ref: 'NFW-1' },
  FIREWALL_UNKNOWN_CUSTOM_ACTION: {
    meaning: 'A policy names a custom action it does not define',
    ref: 'NFW-6',
  },
  FIREWALL_VARIABLE_PROBLEM: {
    meaning: 'A rule variable (IP set or port set) cannot be resolved',
    ref: 'NFW-13',
  },
  FIREWALL_VPC_NOT_FOUND: {
    meaning: 'A firewall names a VPC that is not defined: HOME_NET has no default',
    ref: 'NFW-1, NFW-13',
  },
  NFW_MANAGED_RULE_GROUP: {
    meaning:
      'A policy uses an AWS managed rule group, whose rules are not known offline: verdicts are uncertain',
    ref: 'NFW-8',
  },
} as const satisfies Record<string, CodeInfo>;
