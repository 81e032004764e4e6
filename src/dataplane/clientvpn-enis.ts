/**
 * The Client VPN ENIs a network implies: one per target-network association (CVPN-3), carrying the endpoint's
 * security groups (CVPN-9; the VPC's default SG when none is given), with the address the input gave or the
 * deterministic one `clientVpnEniAddresses` chooses. Their ids are `<endpoint>/<association>`.
 */
import { formatIpv4 } from '../net/ipv4.js';
import type { NetworkInterface, Network } from '../model/network.js';
import { clientVpnEniAddresses, eniKey } from './clientvpn/eni-address.js';

export interface ClientVpnEni {
  readonly endpoint: string;
  readonly association: string;
  readonly eni: NetworkInterface;
}

/** Id of the Client VPN ENI of an association. */
export function clientVpnEniId(endpoint: string, association: string): string {
  return `${endpoint}/${association}`;
}

/** The Client VPN ENIs of every endpoint in the network. */
export function assignedClientVpnEnis(net: Network): ClientVpnEni[] {
  const addrs = clientVpnEniAddresses(net);
  const out: ClientVpnEni[] = [];
  for (const ep of net.clientVpnEndpoints) {
    for (const tn of ep.targetNetworks) {
      const a = addrs.get(eniKey(ep.id, tn.id));
      if (!a) continue;
      out.push({
        endpoint: ep.id,
        association: tn.id,
        eni: {
          id: clientVpnEniId(ep.id, tn.id),
          subnet: tn.subnet,
          addresses: [
            {
              private: formatIpv4(a.ip),
              public: tn.eniPublicIp ?? (a.publicIp !== undefined ? formatIpv4(a.publicIp) : undefined),
            },
          ],
          sourceDestCheck: true,
          securityGroups: ep.securityGroups,
          owner: 'client-vpn',
          span: tn.span,
          assumed: a.assumed ? ['addresses'] : undefined,
        },
      });
    }
  }
  return out;
}
