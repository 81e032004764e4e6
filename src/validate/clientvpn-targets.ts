/**
 * Validation of a Client VPN endpoint's target networks (CVPN-2: defined subnets of the endpoint's VPC, at least a
 * /27, one per Availability Zone, not overlapping the client CIDR, 20 free addresses; IPv6 target subnets for an
 * ipv6 or dual-stack endpoint, CVPN-10) and of the ENI addresses the input gives them (CVPN-3).
 */
import type { Span } from '../diag/diagnostic.js';
import type { ClientVpnEndpoint } from '../model/clientvpn.js';
import type { Network, Subnet } from '../model/network.js';
import {
  contains4,
  formatPrefix,
  last4,
  overlaps,
  size4,
  tryCidr4,
  tryIpv4,
  type Prefix4,
} from '../net/prefix.js';
import { fieldSpan, MIN_FREE_ADDRESSES, type Emit } from './clientvpn-common.js';

/** Every target network of one endpoint (`client`: its client CIDR when usable). */
export function checkTargetNetworks(
  net: Network,
  ep: ClientVpnEndpoint,
  subnets: ReadonlyMap<string, Subnet>,
  client: Prefix4 | undefined,
  emit: Emit,
): void {
  const id = ep.id;
  // CVPN-2: target networks.
  const targetSubnets = new Map<string, Prefix4>();
  const byAz = new Map<string, string>();
  if (ep.targetNetworks.length === 0) {
    emit(
      'warning',
      'CLIENT_VPN_NO_TARGET_NETWORK',
      `Client VPN endpoint ${id} has no target network: it stays pending-associate and no client can connect`,
      ep.span,
      id,
      'CVPN-2',
    );
  }
  for (const tn of ep.targetNetworks) {
    const span = tn.span ?? ep.span;
    const sn = subnets.get(tn.subnet);
    if (targetSubnets.has(tn.subnet)) {
      emit(
        'error',
        'CLIENT_VPN_TARGET_SUBNET_DUPLICATE',
        `Client VPN endpoint ${id}: subnet ${tn.subnet} is associated twice`,
        span,
        id,
        'CVPN-2',
      );
      continue;
    }
    if (!sn) {
      emit(
        'error',
        'CLIENT_VPN_UNKNOWN_SUBNET',
        `Client VPN endpoint ${id}: target network ${tn.id} names subnet "${tn.subnet}", which is not defined`,
        span,
        id,
        'CVPN-2',
      );
      continue;
    }
    const sp = tryCidr4(sn.cidr ?? '');
    if (sp) targetSubnets.set(tn.subnet, sp);
    if ((ep.trafficIpAddressType ?? 'ipv4') !== 'ipv4' && sn.ipv6Cidr === undefined)
      emit(
        'error',
        'CLIENT_VPN_TARGET_SUBNET_NO_IPV6',
        `Client VPN endpoint ${id}: target subnet ${tn.subnet} has no IPv6 CIDR, but the endpoint's traffic IP address type is ${ep.trafficIpAddressType ?? ''}: AWS requires IPv6 (or dual-stack) target subnets for IPv6 traffic (CVPN-10 [DRIFT, newer doc])`,
        span,
        id,
        'CVPN-10',
      );
    if (sn.vpc !== ep.vpc) {
      emit(
        'error',
        'CLIENT_VPN_TARGET_SUBNET_OTHER_VPC',
        `Client VPN endpoint ${id}: target subnet ${tn.subnet} is in VPC ${sn.vpc}, but every target subnet must be in the endpoint's VPC ${ep.vpc}`,
        span,
        id,
        'CVPN-2',
      );
    }
    if (sp && sp.len > 27) {
      emit(
        'error',
        'CLIENT_VPN_TARGET_SUBNET_TOO_SMALL',
        `Client VPN endpoint ${id}: target subnet ${tn.subnet} (${sn.cidr}) is a /${sp.len}; AWS requires at least a /27`,
        span,
        id,
        'CVPN-2',
      );
    }
    if (sp && client && overlaps(sp, client)) {
      emit(
        'error',
        'CLIENT_VPN_CLIENT_CIDR_OVERLAPS_SUBNET',
        `Client VPN endpoint ${id}: client CIDR ${ep.clientCidr} overlaps target subnet ${tn.subnet} (${sn.cidr})`,
        fieldSpan(ep, 'clientCidr'),
        id,
        'CVPN-1',
      );
    }
    if (sn.az !== undefined) {
      const other = byAz.get(sn.az);
      if (other !== undefined) {
        emit(
          'error',
          'CLIENT_VPN_TARGET_SUBNET_SAME_AZ',
          `Client VPN endpoint ${id}: target subnets ${other} and ${tn.subnet} are both in ${sn.az}; AWS allows at most one target subnet per Availability Zone`,
          span,
          id,
          'CVPN-2',
        );
      } else byAz.set(sn.az, tn.subnet);
    }
    if (sp) {
      checkEniIp(ep, tn.id, tn.eniIp, sp, span, emit);
      checkFreeAddresses(net, ep, tn.subnet, sp, span, emit);
    }
  }
}

function checkEniIp(
  ep: ClientVpnEndpoint,
  tn: string,
  eniIp: string | undefined,
  subnet: Prefix4,
  span: Span | undefined,
  emit: Emit,
): void {
  if (eniIp === undefined) return;
  const ip = tryIpv4(eniIp);
  const bad = (why: string): void => {
    emit(
      'error',
      'CLIENT_VPN_ENI_IP_INVALID',
      `Client VPN endpoint ${ep.id}: ENI address "${eniIp}" of target network ${tn} ${why}`,
      span,
      ep.id,
      'CVPN-3',
    );
  };
  if (ip === null) bad('is not an IPv4 address');
  else if (!contains4(subnet, ip)) bad(`is outside its subnet ${formatPrefix(subnet)}`);
  else if (ip - subnet.base < 4 || ip === last4(subnet))
    bad('is one of the 5 addresses AWS reserves in every subnet (ADDR-2)');
}

function checkFreeAddresses(
  net: Network,
  ep: ClientVpnEndpoint,
  subnetId: string,
  subnet: Prefix4,
  span: Span | undefined,
  emit: Emit,
): void {
  // CVPN-2: ≥ 20 free addresses at all times. Used: ENIs, NAT gateways, given Client VPN ENI addresses.
  const used = new Set<number>();
  const add = (t: string | undefined): void => {
    const ip = t === undefined ? null : tryIpv4(t);
    if (ip !== null && contains4(subnet, ip)) used.add(ip);
  };
  // Only what sits in this subnet: another VPC may reuse the same CIDR.
  for (const e of net.networkInterfaces)
    if (e.subnet === subnetId) for (const a of e.addresses) add(a.private);
  for (const n of net.natGateways) if (n.subnet === subnetId) add(n.privateIp);
  for (const e of net.clientVpnEndpoints)
    for (const t of e.targetNetworks) if (t.subnet === subnetId) add(t.eniIp);
  const free = size4(subnet) - 5 - used.size;
  if (free < MIN_FREE_ADDRESSES) {
    emit(
      'warning',
      'CLIENT_VPN_TARGET_SUBNET_FEW_FREE_ADDRESSES',
      `Client VPN endpoint ${ep.id}: target subnet ${subnetId} (${formatPrefix(subnet)}) has ${free} free addresses; AWS requires at least ${MIN_FREE_ADDRESSES} free at all times`,
      span,
      ep.id,
      'CVPN-2',
    );
  }
}
