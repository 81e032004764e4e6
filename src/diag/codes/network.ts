/**
 * Diagnostic codes about the network itself — addressing, route tables, associations, security groups, network ACLs,
 * peering, instances — as the AWS API checks them (errors) and the mistakes AWS accepts (warnings): validate/ and
 * dataplane/compile.ts. Part of the catalogue in diag/codes.ts — read its header before adding one.
 */
import type { CodeInfo } from './info.js';

export const NETWORK_CODES = {
  // --- addressing (ADDR) ---------------------------------------------------------------------------------
  CIDR_HOST_BITS: { meaning: 'A CIDR block has host bits set (AWS: InvalidParameterValue)', ref: 'ADDR-3' },
  ENI_NO_ADDRESS: { meaning: 'A network interface has no private IPv4 address' },
  ENI_SUBNET_UNKNOWN: { meaning: 'A network interface names a subnet that is not defined; it is left out' },
  INVALID_CIDR: { meaning: 'Text that should be a CIDR block is not one (AWS: InvalidParameterValue)' },
  INVALID_IP: { meaning: 'Text that should be an IPv4 address is not one' },
  INVALID_PORT_RANGE: {
    meaning: 'A port range is outside 0–65535, is not whole numbers, or runs backwards',
    ref: 'SG-5, NACL-5',
  },
  INVALID_ICMP_TYPE_CODE: {
    meaning: 'An ICMP type or code is not a whole number from -1 (all) to 255 (AWS: InvalidParameterValue)',
    ref: 'NACL-5',
  },
  IP_IN_USE: {
    meaning: 'Two interfaces or gateways use the same private address (AWS: InvalidIPAddress.InUse)',
  },
  IP_OUTSIDE_SUBNET: {
    meaning: "An interface's address is not inside its subnet (AWS: InvalidParameterValue)",
  },
  IPV6_ADDRESS_WITHOUT_SUBNET_IPV6: {
    meaning: 'An interface has an IPv6 address but its subnet has no IPv6 CIDR',
    ref: 'V6-1',
  },
  IPV6_ONLY_SUBNET_IPV4_ADDRESS: {
    meaning: 'An interface in an IPv6-only subnet has an IPv4 address',
    ref: 'V6-1',
  },
  IP_RESERVED: { meaning: 'An address is one of the five AWS reserves in every subnet', ref: 'ADDR-2' },
  NAT_GATEWAY_NO_EIP: {
    meaning: 'A public NAT gateway has no Elastic IP (AWS: MissingParameter)',
    ref: 'NGW-1',
  },
  NAT_GATEWAY_IPV6_ONLY_SUBNET: {
    meaning: 'A NAT gateway is in an IPv6-only subnet; it needs an IPv4 address',
    ref: 'NGW-1, V6-6',
  },
  NAT_GATEWAY_PRIVATE_EIP: { meaning: 'A private NAT gateway has an Elastic IP', ref: 'NGW-1' },
  PUBLIC_IP_IN_USE: {
    meaning: 'One public address is associated with two interfaces or gateways',
    ref: 'IGW-2',
  },
  SUBNET_CIDR_SIZE: {
    meaning: 'A subnet CIDR is not between /16 and /28 (AWS: InvalidSubnet.Range)',
    ref: 'ADDR-1',
  },
  SUBNET_IPV6_CIDR_SIZE: {
    meaning: 'A subnet IPv6 CIDR is not a /64 (AWS: InvalidSubnet.Range)',
    ref: 'V6-1',
  },
  SUBNET_IPV6_WITHOUT_VPC_IPV6: {
    meaning: 'A subnet has an IPv6 CIDR but its VPC has no IPv6 block',
    ref: 'V6-1',
  },
  SUBNET_NO_CIDR: { meaning: 'A subnet has neither an IPv4 nor an IPv6 CIDR', ref: 'V6-1' },
  SUBNET_OUTSIDE_VPC: { meaning: 'A subnet CIDR is not inside a CIDR of its VPC (AWS: InvalidSubnet.Range)' },
  SUBNET_OVERLAP: { meaning: 'Two subnets of a VPC overlap (AWS: InvalidSubnet.Conflict)' },
  VPC_CIDR_OVERLAP: { meaning: 'Two CIDR blocks of one VPC overlap', ref: 'ADDR-1' },
  VPC_CIDR_QUOTA: {
    meaning: 'A VPC has more IPv4 CIDR blocks than the quota (5 by default, 50 at most)',
    ref: 'ADDR-1',
  },
  VPC_CIDR_RESERVED: {
    meaning: 'A VPC CIDR is inside 169.254.0.0/16, which AWS does not allow',
    ref: 'ADDR-1',
  },
  VPC_CIDR_RESTRICTED: {
    meaning: "A secondary CIDR block AWS's association restrictions forbid for the VPC's primary CIDR",
    ref: 'ADDR-1',
  },
  VPC_CIDR_SIZE: { meaning: 'A VPC CIDR is not between /16 and /28 (AWS: InvalidVpc.Range)', ref: 'ADDR-1' },
  VPC_IPV6_CIDR_QUOTA: { meaning: 'A VPC has more than five IPv6 CIDR blocks', ref: 'V6-1' },
  VPC_IPV6_CIDR_SIZE: {
    meaning: 'A VPC IPv6 block is not a /56, the size of every Amazon-provided block (BYOIP or IPAM only)',
    ref: 'V6-1',
  },
  // --- route tables (RT) ---------------------------------------------------------------------------------
  APPLIANCE_IP_FORWARDING_DISABLED: {
    meaning: 'Routes send traffic to an instance whose OS does not forward packets (ip_forward is not 1)',
    ref: 'NATI-3',
  },
  APPLIANCE_SOURCE_DEST_CHECK: {
    meaning: 'A route targets an interface or instance that still has source/destination check on',
    ref: 'ENI-1, RT-16, NATI-2',
    ra: 'ENI_SOURCE_DEST_CHECK_RESTRICTION',
  },
  BLACKHOLE_ROUTE: {
    meaning: 'A route is a blackhole: matching traffic is dropped',
    ref: 'RT-7',
    ra: 'BAD_STATE_ROUTE',
  },
  CROSS_AZ_ROUTE: {
    meaning:
      "A route sends a subnet's traffic to a NAT gateway or firewall endpoint in another AZ although its own AZ has one",
    ref: 'NGW-10, NFW-1, NFW-4',
  },
  GATEWAY_ROUTE_DESTINATION_NOT_SUBNET: {
    meaning: 'A gateway route table route is inside the VPC but not the whole CIDR of a subnet',
    ref: 'RT-12',
  },
  GATEWAY_ROUTE_DESTINATION_OUTSIDE_VPC: {
    meaning: "A gateway route table route's destination is outside the VPC's ranges",
    ref: 'RT-12, RT-13',
  },
  GATEWAY_ROUTE_PREFIX_LIST: {
    meaning: 'A gateway route table uses a prefix list as destination',
    ref: 'RT-5, RT-12',
  },
  GATEWAY_ROUTE_TABLE_DUPLICATE: {
    meaning: 'A gateway is edge-associated with more than one route table',
    ref: 'RT-11',
  },
  GATEWAY_ROUTE_TABLE_MAIN: {
    meaning: 'An edge-associated (gateway) route table is also the main table',
    ref: 'RT-9',
  },
  GATEWAY_ROUTE_TABLE_PROPAGATION: {
    meaning: 'A gateway route table has route propagation enabled',
    ref: 'RT-13',
  },
  GATEWAY_ROUTE_TARGET_TYPE: {
    meaning: 'A gateway route table targets something other than local, an interface or a GWLB endpoint',
    ref: 'RT-11',
  },
  LOCAL_ROUTE_TARGET: {
    meaning:
      "A local route's target is replaced by something other than a NAT gateway, interface or endpoint",
    ref: 'RT-2',
  },
  NAT_GATEWAY_SUBNET_NOT_PUBLIC: {
    meaning: "A public NAT gateway's subnet has no route to an internet gateway, so its traffic is stranded",
    ref: 'NGW-1',
  },
  ROUTE_DUPLICATE: {
    meaning: 'A route table has two routes for one destination (AWS: RouteAlreadyExists)',
    ref: 'RT-4',
  },
  ROUTE_MORE_SPECIFIC_THAN_LOCAL_NOT_SUBNET: {
    meaning: 'A route more specific than local does not match the entire CIDR of a subnet',
    ref: 'RT-3',
  },
  ROUTE_MORE_SPECIFIC_THAN_LOCAL_TARGET: {
    meaning:
      'A route more specific than local targets something other than a NAT gateway, interface or endpoint',
    ref: 'RT-3',
  },
  ROUTE_QUOTA: {
    meaning: 'A route table has more routes than the quota (50 by default, 1,000 at most)',
    ref: 'RT-20',
  },
  ROUTE_IPV6_NAT_GATEWAY: {
    meaning:
      'An IPv6 route other than NAT64 64:ff9b::/96 targets a NAT gateway (NAT gateways translate IPv6 only as NAT64)',
    ref: 'NGW-4, V6-6',
  },
  ROUTE_EIGW_IPV4: {
    meaning: 'An IPv4 route targets an egress-only internet gateway, which carries IPv6 only',
    ref: 'V6-5',
  },
  ROUTE_RESERVED_DESTINATION: {
    meaning: 'A route to 169.254.168.0/22 or fd00:ec2::/32, which AWS reserves',
    ref: 'RT-6',
  },
  ROUTE_REDUNDANT: {
    meaning: 'A route whose next less specific route sends to the same target: removing it changes nothing',
    ref: 'RT-1',
  },
  ROUTE_SHADOWED: {
    meaning:
      'A route whose whole destination is covered by more specific routes of its table: it carries nothing',
    ref: 'RT-1',
  },
  ROUTE_TABLE_UNUSED: {
    meaning:
      'A route table is associated with no subnet or gateway and is not main: its routes have no effect',
    ref: 'RT-9',
  },
  ROUTE_TARGET_OTHER_VPC: {
    meaning: "A route's target belongs to another VPC (or a peering not involving this VPC)",
  },
  ROUTING_LOOP: {
    meaning: 'Routes send a destination round a cycle of forwarding components; traffic meeting it is lost',
    ref: 'RT-1',
  },
  UNKNOWN_ROUTE_TARGET: { meaning: "A route's target does not exist in the network" },
  // --- associations (RT-9, RT-11, NACL-4, SG-4) -------------------------------------------------------------
  ASSOCIATION_OTHER_VPC: {
    meaning: 'A subnet, gateway or VPC is associated with a route table, NACL or SG of another VPC',
    ref: 'RT-9, RT-11, NACL-4',
  },
  DEFAULT_NETWORK_ACL_CONFLICT: { meaning: 'A VPC has two default network ACLs', ref: 'NACL-4' },
  DEFAULT_SECURITY_GROUP_CONFLICT: { meaning: 'A VPC has two default security groups', ref: 'SG-4' },
  MAIN_ROUTE_TABLE_CONFLICT: { meaning: 'A VPC has two main route tables', ref: 'RT-9' },
  UNKNOWN_REFERENCE: {
    meaning: 'A resource names another resource (VPC, subnet, table, group…) that is not defined',
  },
  // --- security groups and network ACLs ------------------------------------------------------------------
  NACL_BLOCKS_REPLIES: {
    meaning: 'A network ACL admits a service but not its replies on the ephemeral ports',
    ref: 'NACL-1, NACL-6',
    ra: 'SUBNET_ACL_RESTRICTION',
  },
  NACL_RULE_DUPLICATE: {
    meaning: 'Two NACL rules share a number in one direction (AWS: NetworkAclEntryAlreadyExists)',
  },
  NACL_RULE_SHADOWED: {
    meaning: 'A network ACL rule every packet of which lower-numbered rules match first: it never decides',
    ref: 'NACL-2',
  },
  NACL_RULE_NUMBER: { meaning: 'A NACL rule number is not between 1 and 32766', ref: 'NACL-2' },
  NACL_RULE_QUOTA: { meaning: 'A network ACL has more rules per direction than the quota', ref: 'NACL-9' },
  SG_DUAL_STACK_LEAK: {
    meaning:
      'Lint: a security group admits a port from ::/0 but not from 0.0.0.0/0 — every IPv6 host can connect (the dual-stack leak)',
    ref: 'V6-7, V6-2',
  },
  SG_OPEN_TO_WORLD: {
    meaning: 'A security group admits SSH, RDP or all traffic from 0.0.0.0/0 or ::/0',
    ref: 'SG-5',
  },
  SG_OTHER_VPC: { meaning: 'An interface uses a security group of another VPC', ref: 'SG-14' },
  SG_PER_ENI_QUOTA: {
    meaning: 'An interface has more security groups than AWS allows (at most 16)',
    ref: 'SG-12',
  },
  SG_REFERENCE_NOT_PEERED: {
    meaning: 'A security group references a group of a VPC that is not peered: the rule matches nothing',
    ref: 'SG-6',
  },
  SG_REFERENCE_OTHER_REGION: {
    meaning: 'A security group references a group of a peer VPC in another Region, which AWS does not allow',
    ref: 'PCX-6',
  },
  SG_UNUSED: {
    meaning: 'A security group (not a VPC default) is attached to nothing in the input: it filters nothing',
    ref: 'SG-13',
  },
  SG_RULE_QUOTA: {
    meaning: 'A security group has more rules per direction than the quota (60)',
    ref: 'SG-12',
  },
  // --- peering and instances -----------------------------------------------------------------------------
  DEVICE_INDEX_IN_USE: { meaning: 'Two interfaces of one instance use the same device index' },
  INSTANCE_ENIS_AZ: { meaning: "An instance's interfaces are in subnets of different Availability Zones" },
  PEERING_CIDR_OVERLAP: { meaning: 'A peering connects VPCs with overlapping CIDRs', ref: 'PCX-3' },
  PEERING_DUPLICATE: { meaning: 'Two peering connections join the same pair of VPCs', ref: 'PCX-3' },
  PEERING_ROUTE_ONE_SIDED: {
    meaning: 'A subnet routes to a peering but the peer subnet has no route back through it',
    ref: 'PCX-4, PCX-5',
  },
  PEERING_SAME_VPC: { meaning: 'A peering connects a VPC with itself' },
} as const satisfies Record<string, CodeInfo>;
