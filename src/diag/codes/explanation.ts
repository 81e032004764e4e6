/**
 * Explanation codes: why a hop dropped, translated or redirected a packet (`Hop.code`, `PathResult.code`). Reachability
 * Analyzer's name where AWS has one (`ra` = the same name), vpcsim's own in the same style otherwise. Part of the
 * catalogue in diag/codes.ts — read its header before adding one.
 */
import type { CodeInfo } from './info.js';

export const EXPLANATION_CODES = {
  ASYMMETRIC_ROUTING: {
    meaning:
      'The reply does not come back through a stateful component the request went through, which drops it',
    ref: 'RT-3, NFW-4',
  },
  BAD_STATE: {
    meaning: 'A component is not in a working state (an instance that is not running)',
    ra: 'BAD_STATE',
  },
  BAD_STATE_ATTACHMENT: {
    meaning: 'A transit gateway attachment is not available (pending, deleted, rejected…)',
    ref: 'TGW-11',
    ra: 'BAD_STATE_ATTACHMENT',
  },
  BAD_STATE_ROUTE: {
    meaning:
      'The matching route is a blackhole (its target is gone or not active); it still wins longest prefix',
    ref: 'RT-7',
    ra: 'BAD_STATE_ROUTE',
  },
  BAD_STATE_VPN: {
    meaning: "A VPN connection's tunnels are down: its routes are withdrawn and nothing crosses it",
    ref: 'VPN-2',
    ra: 'BAD_STATE_VPN',
  },
  CLIENT_VPN_AUTHORIZATION_RESTRICTION: {
    meaning:
      "No Client VPN authorization rule grants the client's groups the destination (longest prefix wins)",
    ref: 'CVPN-4',
  },
  CLIENT_VPN_NO_CLIENT: {
    meaning: 'No connected VPN client owns the destination tunnel address',
    ref: 'CVPN-7',
  },
  CLIENT_VPN_NO_ENI_ADDRESS: {
    meaning: 'The Client VPN ENI of the target network has no address (its subnet is unknown or full)',
    ref: 'CVPN-3',
  },
  CLIENT_VPN_NO_NAT_STATE: {
    meaning: 'Traffic toward a VPN client matches no client connection: it cannot start from inside the VPC',
    ref: 'CVPN-3',
  },
  CLIENT_VPN_NO_ROUTE: { meaning: 'The Client VPN endpoint has no route for the destination', ref: 'CVPN-5' },
  CLIENT_VPN_FAMILY_BYPASS: {
    meaning:
      "The Client VPN endpoint does not carry the packet's address family (its traffic IP address type): the client sends it over its own network, outside the model",
    ref: 'CVPN-10, CVPN-8',
  },
  CLIENT_VPN_NO_TARGET_NETWORK: {
    meaning: 'The Client VPN endpoint has no target network, so no client can connect',
    ref: 'CVPN-2',
  },
  CLIENT_VPN_SPLIT_TUNNEL_BYPASS: {
    meaning:
      "With split tunnel, the destination is not in the endpoint's routes: the client sends it outside the tunnel",
    ref: 'CVPN-8',
  },
  COMPONENT_FILTER_RESTRICTION: {
    meaning:
      'No path crosses the component the flow names as its source or destination (an internet or NAT gateway, a peering connection); a path may exist without it',
    ra: 'COMPONENT_FILTER_RESTRICTION',
  },
  DROPPED: { meaning: 'Dropped without a more specific explanation (diagram fallback label only)' },
  ELBV2_LISTENERS_MISMATCH: {
    meaning: 'No listener of the load balancer accepts the protocol and destination port',
    ref: 'NLB-2, ALB-3',
    ra: 'ELBV2_LISTENERS_MISMATCH',
  },
  ELBV2_LISTENER_HAS_NO_TG: {
    meaning: 'The listener rule that matched forwards to a target group without targets',
    ref: 'ALB-3',
    ra: 'ELBV2_LISTENER_HAS_NO_TG',
  },
  ELBV2_LISTENER_REQUIRES_TG_ACCEPT: {
    meaning: 'The listener rule that matched does not forward to a target group (redirect, fixed response)',
    ref: 'ALB-3',
    ra: 'ELBV2_LISTENER_REQUIRES_TG_ACCEPT',
  },
  ELBV2_NO_TARGETS_IN_AZ: {
    meaning:
      'The load-balancer node has no target it may use: none in its AZ and cross-zone load balancing is off',
    ref: 'ELB-1, ELB-2',
    ra: 'ELBV2_NO_TARGETS_IN_AZ',
  },
  ELBV2_SOURCE_ADDRESS_PRESERVATION: {
    meaning:
      'The Network Load Balancer forwards with the client address kept as the source (client IP preservation)',
    ref: 'NLB-3',
    ra: 'ELBV2_SOURCE_ADDRESS_PRESERVATION',
  },
  EGRESS_ONLY_IGW_INBOUND_RESTRICTION: {
    meaning:
      'An egress-only internet gateway admits only the replies of IPv6 flows initiated from inside its VPC',
    ref: 'V6-5, IGW-7',
  },
  ELB_LISTENERS_MISMATCH: {
    meaning: 'No listener of the Classic Load Balancer accepts the protocol and port',
    ref: 'CLB-1',
    ra: 'ELB_LISTENERS_MISMATCH',
  },
  ENI_SG_RULES_MISMATCH: {
    meaning: 'No inbound/outbound rule of the security groups on the interface admits the packet',
    ref: 'SG-1, SG-2',
    ra: 'ENI_SG_RULES_MISMATCH',
  },
  ENI_SOURCE_DEST_CHECK_RESTRICTION: {
    meaning:
      'Source/destination check is on and the packet is neither from nor to the interface’s own addresses',
    ref: 'ENI-1, NATI-2',
    ra: 'ENI_SOURCE_DEST_CHECK_RESTRICTION',
  },
  FIREWALL_RULES_RESTRICTION: {
    meaning: 'A Network Firewall rule (stateless, stateful or default action) drops or rejects the packet',
    ref: 'NFW-5, NFW-8, NFW-11',
    ra: 'FIREWALL_RULES_RESTRICTION',
  },
  IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS: {
    meaning: 'An internet gateway drops outbound packets to private (RFC 1918) destinations',
    ref: 'IGW-3',
    ra: 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS',
  },
  IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS: {
    meaning: 'An internet gateway drops outbound packets to shared address space (100.64.0.0/10)',
    ref: 'IGW-3',
    ra: 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS',
  },
  IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: {
    meaning: 'Inbound to a public address that no interface of a VPC with an attached internet gateway owns',
    ref: 'IGW-2, IGW-3',
    ra: 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
  },
  IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS: {
    meaning:
      'Outbound through an internet gateway from an address without a public IP (or a private NAT gateway)',
    ref: 'IGW-2, IGW-4, NGW-1',
    ra: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS',
  },
  IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS: {
    meaning: 'An internet gateway drops inbound packets from private (RFC 1918) sources',
    ref: 'IGW-3',
    ra: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS',
  },
  INGRESS_RTB_TRAFFIC_REDIRECTION: {
    meaning: 'Ingress is redirected to an appliance by a gateway route table but the reply bypasses it',
    ref: 'RT-11, RT-15',
    ra: 'INGRESS_RTB_TRAFFIC_REDIRECTION',
  },
  INSTANCE_IP_FORWARDING_DISABLED: {
    meaning: 'The instance receives a packet for another host but its OS does not forward (ip_forward = 0)',
    ref: 'NATI-3',
  },
  INSTANCE_MARTIAN_SOURCE: {
    meaning: "The instance's kernel drops a packet whose source is one of its own addresses (martian source)",
    ref: 'NATI-5',
  },
  INSTANCE_NO_ROUTE: {
    meaning: "The instance's routing table has no route for the destination",
    ref: 'NATI-5',
  },
  INSTANCE_OS_DROP: { meaning: "The instance's OS dropped the packet (netfilter or routing)", ref: 'NATI-5' },
  IPTABLES_POLICY_DROP: {
    meaning: 'No netfilter rule accepted the packet and the chain policy is DROP',
    ref: 'NATI-3',
  },
  GWLB_APPLIANCE_NOT_RETURNED: {
    meaning:
      "A Gateway Load Balancer appliance's OS neither drops the GENEVE packet nor sends it back to the load balancer (it forwards it elsewhere or keeps it): the flow is lost",
    ref: 'GWLB-8',
  },
  GATEWAY_REJECTS_SPOOFED_TRAFFIC: {
    meaning: 'A gateway drops packets whose source is not an address of an interface in its VPC',
    ref: 'IGW-3',
    ra: 'GATEWAY_REJECTS_SPOOFED_TRAFFIC',
  },
  IPTABLES_RULE_DROP: { meaning: 'A netfilter rule with target DROP matched the packet', ref: 'NATI-3' },
  IPTABLES_RULE_REJECT: { meaning: 'A netfilter rule with target REJECT matched the packet', ref: 'NATI-3' },
  IPTABLES_UNSUPPORTED_RULE: {
    meaning: 'A netfilter rule vpcsim does not model could match the packet: the verdict is uncertain',
    ref: 'NATI-5',
  },
  NAT64_PREFIX_NOT_ROUTED: {
    meaning:
      'A packet to a NAT64 address (64:ff9b::/96) left for the internet instead of a NAT gateway: only a NAT gateway translates it',
    ref: 'V6-6',
  },
  NGW_REQUIRES_SOURCE_IN_VPC: {
    meaning: 'A NAT gateway forwards only traffic from its own VPC, not from peering, VPN or Direct Connect',
    ref: 'NGW-8, PCX-2',
    ra: 'NGW_REQUIRES_SOURCE_IN_VPC',
  },
  NGW_SOURCE_ADDRESS_REASSIGN: {
    meaning: 'The NAT gateway rewrites the source to its private address (and picks a source port)',
    ref: 'NGW-2',
    ra: 'NGW_SOURCE_ADDRESS_REASSIGN',
  },
  NLB_LOOPBACK: {
    meaning:
      'A target reaches itself through its own NLB with client IP preservation on: source equals destination, the connection times out',
    ref: 'NLB-6',
  },
  NO_ROUTE_TO_DESTINATION: {
    meaning: 'The route table has no route whose destination contains the packet’s destination',
    ref: 'RT-1',
    ra: 'NO_ROUTE_TO_DESTINATION',
  },
  PCX_REQUIRES_ADDRESS_IN_VPC_CIDR: {
    meaning: "A peering connection carries a packet only to an address in the peer VPC's CIDRs (no transit)",
    ref: 'PCX-1, PCX-2',
    ra: 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR',
  },
  PROTOCOL_RESTRICTION: {
    meaning: 'The component carries only some protocols (a NAT gateway: TCP, UDP and ICMP)',
    ref: 'NGW-4',
    ra: 'PROTOCOL_RESTRICTION',
  },
  REMAP_EPHEMERAL_PORT: {
    meaning:
      'A load balancer or NAT device gives the packet its own address and a new source port (1024-65535)',
    ref: 'NLB-4, ALB-1',
    ra: 'REMAP_EPHEMERAL_PORT',
  },
  REPLY_NOT_DELIVERED_TO_SOURCE: {
    meaning: 'The reply was delivered somewhere other than the source of the request',
  },
  REPLY_TUPLE_MISMATCH: {
    meaning:
      'The reply is not the exact reverse of the request: a component re-translated it on the way back',
    ref: 'NGW-2',
  },
  ROUTING_LOOP: {
    meaning:
      'The packet came back to a component in the same forwarding state: it loops until its TTL runs out',
    ref: 'RT-1',
  },
  SG_HAS_NO_RULES: {
    meaning: 'The security groups on the interface have no rules at all in that direction',
    ref: 'SG-3',
    ra: 'SG_HAS_NO_RULES',
  },
  SG_REFERENCES_NOT_PRESERVED: {
    meaning:
      'Only a security-group reference rule could admit the packet, and the sender’s group identity was lost',
    ref: 'SG-7',
    ra: 'SG_REFERENCES_NOT_PRESERVED',
  },
  SOURCE_HAS_NO_IPV4: {
    meaning: 'The source has no IPv4 address (an IPv6-only interface): it cannot send IPv4 at all',
    ref: 'V6-6, V6-1',
  },
  SUBNET_ACL_RESTRICTION: {
    meaning: "The subnet's network ACL does not admit the packet (inbound or outbound)",
    ref: 'NACL-1, NACL-2, NACL-3',
    ra: 'SUBNET_ACL_RESTRICTION',
  },
  TGW_ATTACH_IPV6_NOT_SUPPORTED: {
    meaning:
      'An IPv6 packet would cross a transit gateway VPC attachment without IPv6 support (or whose ENI subnet has no IPv6 CIDR): its ENI has no IPv6 address (documented-safe reading)',
    ref: 'V6-11, TGW-11',
  },
  TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION: {
    meaning: 'A transit gateway attachment is associated with no route table: its traffic is dropped',
    ref: 'TGW-17',
    ra: 'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION',
  },
  TGW_ATTACH_VPC_AZ_RESTRICTION: {
    meaning:
      'The transit gateway cannot hand the packet to the VPC attachment in the AZ it needs: no subnet there, or (asymmetry) another AZ than the request without appliance mode',
    ref: 'TGW-24, TGW-5',
    ra: 'TGW_ATTACH_VPC_AZ_RESTRICTION',
  },
  TGW_BAD_STATE_VPN: {
    meaning: "A transit gateway's VPN attachment is not working (tunnels down)",
    ref: 'VPN-9',
    ra: 'TGW_BAD_STATE_VPN',
  },
  TGW_ROUTE_AZ_RESTRICTION: {
    meaning: "The transit gateway attachment has no subnet in the sender's AZ",
    ref: 'RT-19, TGW-24',
    ra: 'TGW_ROUTE_AZ_RESTRICTION',
  },
  TGW_RTB_BAD_STATE_ROUTE: {
    meaning: 'The transit gateway route for the destination is a blackhole',
    ref: 'TGW-20',
    ra: 'TGW_RTB_BAD_STATE_ROUTE',
  },
  TGW_RTB_CANNOT_ROUTE: {
    meaning: 'No route in the transit gateway route table matches the destination',
    ref: 'TGW-3',
    ra: 'TGW_RTB_CANNOT_ROUTE',
  },
  TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT: {
    meaning: 'The transit gateway route table has no route to the attachment the destination sits behind',
    ref: 'TGW-2, TGW-18',
    ra: 'TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT',
  },
  UNKNOWN_DESTINATION: {
    meaning:
      'Not enough information to extend the path (an unresolved Elastic IP, an unknown Client VPN endpoint)',
    ra: 'UNKNOWN_DESTINATION',
  },
  UNKNOWN_RESOURCE: {
    meaning: 'A component the path reaches could not be built (a firewall whose policy failed to compile)',
    ra: 'UNKNOWN_RESOURCE',
  },
  UNSUPPORTED_COMPONENT: {
    meaning:
      'The path reaches a component vpcsim does not model (transit gateway, VPN…): the verdict is uncertain',
    ra: 'UNSUPPORTED_COMPONENT',
  },
  VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS: {
    meaning:
      'A virtual private gateway drops outbound traffic whose source is not an interface address of its VPC',
    ref: 'VGW-1, VPN-7',
    ra: 'VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS',
  },
  VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: {
    meaning:
      'A virtual private gateway drops inbound traffic whose destination is not an interface address of its VPC',
    ref: 'VGW-1, VPN-6',
    ra: 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
  },
  VPCE_GATEWAY_PROTOCOL_RESTRICTION: {
    meaning: 'A gateway endpoint carries only TCP and ICMP echo (and their replies)',
    ref: 'VPCE-1',
    ra: 'VPCE_GATEWAY_PROTOCOL_RESTRICTION',
  },
  VPCE_SERVICE_NOT_INSTALLED_IN_AZ: {
    meaning: "The endpoint service's load balancer has no node in the endpoint ENI's AZ",
    ref: 'PL-1, PL-7',
    ra: 'VPCE_SERVICE_NOT_INSTALLED_IN_AZ',
  },
  VPC_DNS_SUPPORT_DISABLED: {
    meaning:
      "The VPC's DNS resolution (enableDnsSupport) is off, so the Amazon-provided DNS server does not answer",
    ref: 'ADDR-4',
  },
} as const satisfies Record<string, CodeInfo>;
