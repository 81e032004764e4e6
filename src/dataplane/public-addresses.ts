/**
 * Public addresses (IGW-2): each public IPv4 address of an interface or NAT gateway → what it translates to and the
 * internet gateway of its VPC; and the Elastic IPs the input declares but associates with nothing it contains
 * (their traffic is not the internet's: the trace says why).
 */
import { tryIpv4 } from '../net/prefix.js';
import type { Network } from '../model/network.js';
import type { CEni, CIgw, CNatGateway, CPublicTarget } from './compiled.js';

export interface PublicAddresses {
  readonly byPublicIp: Map<number, CPublicTarget & { igw: CIgw | undefined }>;
  readonly unresolvedEips: Map<number, { id: string; reason: string }>;
}

export function publicAddresses(
  net: Network,
  enis: readonly CEni[],
  natGateways: ReadonlyMap<string, CNatGateway>,
): PublicAddresses {
  const byPublicIp = new Map<number, CPublicTarget & { igw: CIgw | undefined }>();
  for (const e of enis) {
    for (const [priv, pub] of e.publicOf) {
      byPublicIp.set(pub, {
        kind: e.clientVpn !== undefined ? 'client-vpn' : 'eni',
        eni: e,
        privateIp: priv,
        igw: e.subnet.vpc.igw,
      });
    }
  }
  for (const n of natGateways.values()) {
    if (n.publicIp !== null)
      byPublicIp.set(n.publicIp, {
        kind: 'nat-gateway',
        natgw: n,
        privateIp: n.privateIp,
        igw: n.subnet.vpc.igw,
      });
  }

  // An Elastic IP the input declares but does not associate with anything it contains is not the internet.
  const unresolvedEips = new Map<number, { id: string; reason: string }>();
  for (const e of net.elasticIps ?? []) {
    const ip = tryIpv4(e.publicIp);
    if (ip === null || byPublicIp.has(ip)) continue;
    unresolvedEips.set(ip, {
      id: e.id,
      reason:
        e.unresolved ??
        'the network interface or NAT gateway it is associated with is not in the input (a launch template, a script or another stack may associate it)',
    });
  }
  return { byPublicIp, unresolvedEips };
}
