/**
 * Diagnostic codes of transit gateways (TGW), Site-to-Site VPN, virtual private gateways, Direct Connect gateways
 * and declared on-premises networks (B10, B16, ONPREM-1): validate/transit-gateway*.ts, validate/vpn.ts. Part of
 * the catalogue in diag/codes.ts — read its header before adding one.
 */
import type { CodeInfo } from './info.js';

export const TRANSIT_CODES = {
  ONPREM_HOST_OUTSIDE: {
    meaning: "An on-premises host's address is outside its network's CIDRs",
    ref: 'ONPREM-1',
  },
  TGW_APPLIANCE_MODE_RECOMMENDED: {
    meaning:
      'An inspection VPC is attached in several AZs without appliance mode: flows between AZs are inspected asymmetrically',
    ref: 'TGW-5, TGW-25',
    ra: 'TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED',
  },
  TGW_ASSOCIATION_DUPLICATE: {
    meaning:
      'An attachment is associated with two transit gateway route tables (AWS: Resource.AlreadyAssociated)',
    ref: 'TGW-2',
  },
  TGW_ATTACHMENT_DUPLICATE_AZ: {
    meaning: 'A VPC attachment has two subnets in one AZ (AWS: DuplicateSubnetsInSameZone)',
    ref: 'TGW-8',
  },
  TGW_ATTACHMENT_ACCOUNT: {
    meaning:
      "A VPN or peering attachment is requested from an account other than the transit gateway's owner (only the owner may)",
    ref: 'TGW-12',
  },
  TGW_ATTACHMENT_IPV6_DISABLED: {
    meaning:
      'IPv6 would use a VPC attachment whose IPv6 support is disabled: its ENIs have no IPv6 address and its IPv6 CIDRs do not propagate',
    ref: 'V6-11',
  },
  TGW_ATTACHMENT_NO_SUBNET: { meaning: 'A VPC attachment has no subnet', ref: 'TGW-8' },
  TGW_ATTACHMENT_NOT_ASSOCIATED: {
    meaning: 'An attachment is associated with no route table: the gateway drops what it sends',
    ref: 'TGW-17',
    ra: 'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION',
  },
  TGW_ATTACHMENT_OTHER_GATEWAY: {
    meaning: "A transit gateway route table refers to another gateway's attachment",
    ref: 'TGW-2',
  },
  TGW_ATTACHMENT_SUBNET_IPV6_ONLY: { meaning: 'A VPC attachment subnet has no IPv4 CIDR', ref: 'TGW-8' },
  TGW_ATTACHMENT_SUBNET_NO_IPV6: {
    meaning:
      'A VPC attachment with IPv6 support has a subnet without an IPv6 CIDR: its ENI in that AZ has no IPv6 address',
    ref: 'V6-11',
  },
  TGW_ATTACHMENT_SUBNET_VPC: { meaning: 'A VPC attachment subnet is not in the attached VPC', ref: 'TGW-8' },
  TGW_NOT_SHARED: {
    meaning:
      'A VPC attachment from another account names a transit gateway not shared with that account (AWS RAM)',
    ref: 'TGW-12',
  },
  TGW_PEERING_PROPAGATION: {
    meaning: 'A peering attachment is set to propagate routes (static only)',
    ref: 'TGW-14',
  },
  TGW_PROPAGATION_DUPLICATE_CIDR: {
    meaning: 'Two VPCs propagate an identical CIDR into one table; the later one is not propagated',
    ref: 'TGW-4',
  },
  TGW_RETURN_ROUTE_MISSING: {
    meaning:
      'A VPC reachable through the transit gateway has no route back (in a TGW table or a spoke VPC table)',
    ref: 'TGW-17',
    ra: 'RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY',
  },
  TGW_ROUTE_BLACKHOLE: {
    meaning: 'A transit gateway route targets an attachment that is not available: it is a blackhole',
    ref: 'TGW-20',
    ra: 'TGW_RTB_BAD_STATE_ROUTE',
  },
  TGW_VPC_ATTACHMENT_DUPLICATE: {
    meaning: 'A VPC is attached twice to one transit gateway (AWS: DuplicateTransitGatewayAttachment)',
    ref: 'TGW-8',
  },
  TGW_VPC_ATTACHMENT_QUOTA: { meaning: 'A VPC is attached to more than 5 transit gateways', ref: 'TGW-30' },
  VGW_IPV6_NOT_MODELLED: {
    meaning:
      'IPv6 prefixes reach a virtual private gateway over Direct Connect: AWS carries them, vpcsim models a VGW for IPv4 only (ignored; IPv6 traces there are uncertain)',
    ref: 'VPN-6',
  },
  VGW_PROPAGATION_SHADOWED: {
    meaning:
      'A static route is as or more specific than a VGW-propagated route and wins for its prefix (info)',
    ref: 'VPN-4',
  },
  VPN_CONNECTION_GATEWAY: {
    meaning: 'A VPN connection does not terminate on exactly one virtual private gateway or transit gateway',
    ref: 'VPN-1',
  },
  VPN_IPV6_ON_VGW: {
    meaning:
      'A VPN connection on a virtual private gateway lists IPv6 prefixes: IPv6 VPN only on a transit gateway',
    ref: 'VPN-6, VPN-9',
  },
  VPN_MIXED_FAMILIES: {
    meaning: 'A VPN connection lists IPv4 and IPv6 prefixes: its tunnels carry one family',
    ref: 'VPN-9',
  },
  VPN_ROUTE_INSIDE_VPC_CIDR: {
    meaning: "A prefix learned over VPN/DX lies inside the VPC's CIDR: it never wins against the local route",
    ref: 'VPN-4',
  },
  VPN_STATIC_NO_ROUTES: { meaning: 'A static VPN connection lists no on-premises prefixes', ref: 'VPN-2' },
} as const satisfies Record<string, CodeInfo>;
