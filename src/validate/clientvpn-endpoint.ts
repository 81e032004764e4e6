/**
 * Validation of a Client VPN endpoint's own settings: its client CIDR (CVPN-1: /12–/22, no overlap with the VPC),
 * its VPN port (CVPN-10: 443 or 1194) and its security groups (CVPN-9: defined, in the endpoint's VPC).
 */
import type { ClientVpnEndpoint } from '../model/clientvpn.js';
import type { Network } from '../model/network.js';
import { formatPrefix, overlaps, type Prefix4 } from '../net/prefix.js';
import { cidr4, cidrProblem, fieldSpan, VPN_PORTS, type Emit } from './clientvpn-common.js';

/** Client CIDR, VPN port and security groups of one endpoint; the client CIDR when it is usable. */
export function checkEndpointSettings(
  net: Network,
  ep: ClientVpnEndpoint,
  vpcCidrs: readonly Prefix4[],
  emit: Emit,
): Prefix4 | undefined {
  const id = ep.id;
  // CVPN-1: client CIDR.
  let client: Prefix4 | undefined;
  const cc = cidr4(ep.clientCidr);
  if ('error' in cc) {
    const [sev, code, msg] = cidrProblem(
      cc,
      `Client VPN endpoint ${id}: client CIDR`,
      ep.clientCidr,
      'CLIENT_VPN_CLIENT_CIDR_INVALID',
      undefined,
    );
    emit(sev, code, msg, fieldSpan(ep, 'clientCidr'), id, 'CVPN-1');
  } else {
    client = cc.prefix;
    if (cc.hostBits) {
      emit(
        'warning',
        'CLIENT_VPN_CLIENT_CIDR_HOST_BITS',
        `Client VPN endpoint ${id}: client CIDR ${ep.clientCidr} has host bits set; the block is ${formatPrefix(client)}`,
        fieldSpan(ep, 'clientCidr'),
        id,
        'CVPN-1',
      );
    }
    if (client.len < 12 || client.len > 22) {
      emit(
        'error',
        'CLIENT_VPN_CLIENT_CIDR_SIZE',
        `Client VPN endpoint ${id}: client CIDR ${ep.clientCidr} is a /${client.len}; AWS requires a block between /12 and /22 (InvalidParameterValue)`,
        fieldSpan(ep, 'clientCidr'),
        id,
        'CVPN-1',
      );
    }
    for (const v of vpcCidrs) {
      if (overlaps(client, v)) {
        emit(
          'error',
          'CLIENT_VPN_CLIENT_CIDR_OVERLAPS_VPC',
          `Client VPN endpoint ${id}: client CIDR ${ep.clientCidr} overlaps the CIDR ${formatPrefix(v)} of VPC ${ep.vpc}; AWS requires the client CIDR not to overlap the VPC`,
          fieldSpan(ep, 'clientCidr'),
          id,
          'CVPN-1',
        );
      }
    }
  }
  if (ep.vpnPort !== undefined && !VPN_PORTS.includes(ep.vpnPort)) {
    emit(
      'error',
      'CLIENT_VPN_PORT_INVALID',
      `Client VPN endpoint ${id}: VPN port ${ep.vpnPort} is not allowed; AWS accepts 443 or 1194`,
      fieldSpan(ep, 'vpnPort'),
      id,
      'CVPN-10',
    );
  }
  for (const sgId of ep.securityGroups) {
    const sg = net.securityGroups.find((g) => g.id === sgId);
    if (!sg) {
      emit(
        'error',
        'CLIENT_VPN_UNKNOWN_SECURITY_GROUP',
        `Client VPN endpoint ${id} names security group "${sgId}", which is not defined`,
        fieldSpan(ep, 'securityGroups'),
        id,
        'CVPN-9',
      );
    } else if (sg.vpc !== ep.vpc) {
      emit(
        'error',
        'CLIENT_VPN_SECURITY_GROUP_OTHER_VPC',
        `Client VPN endpoint ${id}: security group ${sgId} belongs to VPC ${sg.vpc}, not to the endpoint's VPC ${ep.vpc}`,
        fieldSpan(ep, 'securityGroups'),
        id,
        'CVPN-9',
      );
    }
  }
  return client;
}
