/**
 * The address family a Client VPN endpoint carries (CVPN-10 [DRIFT, newer doc]: `TrafficIpAddressType` ipv4 — the
 * default —, ipv6 or dual-stack). A packet of a family the endpoint does not carry is not sent into the tunnel: the
 * client's OS sends it over its own network, outside the model (`CLIENT_VPN_FAMILY_BYPASS`; AWS's IPv6 page for IPv4
 * endpoints calls this the IPv6 leak). IPv6 through an endpoint that carries it is not simulated: AWS gives each
 * client an IPv6 address from a range it assigns itself and does not translate it (no source NAT, unlike CVPN-3), so
 * the address the destination sees and the route of the reply back to the client are not in the input — the walk
 * ends `UNSUPPORTED_COMPONENT` naming the endpoint, and the verdict is uncertain.
 */
import type { Hop } from '../hop.js';
import { packetJson, type Packet } from '../packet.js';
import type { CompiledClientVpn } from './compile.js';
import type { ClientVpnDecision } from './egress.js';

const clientVpnHop = (cvpn: CompiledClientVpn, pkt: Packet, h: Omit<Hop, 'id' | 'kind' | 'packet'>): Hop => ({
  id: cvpn.id,
  kind: 'client-vpn',
  packet: packetJson(pkt),
  ...h,
});

/** The decisions when `pkt`'s family is not simulated through `cvpn`; undefined when the normal walk applies. */
export function familyDecision(cvpn: CompiledClientVpn, pkt: Packet): ClientVpnDecision[] | undefined {
  const traffic = cvpn.endpoint.trafficIpAddressType ?? 'ipv4';
  const v6 = typeof pkt.dst !== 'number';
  const targets = cvpn.targets.length > 0 ? cvpn.targets : [undefined];
  const carried = traffic === 'dual-stack' || traffic === (v6 ? 'ipv6' : 'ipv4');
  if (!carried) {
    const h = clientVpnHop(cvpn, pkt, {
      action: 'exit',
      code: 'CLIENT_VPN_FAMILY_BYPASS',
      rule: `traffic IP address type ${traffic}`,
      detail: `endpoint ${cvpn.id} carries ${traffic === 'ipv4' ? 'IPv4' : 'IPv6'} traffic only (TrafficIpAddressType ${traffic}): the client does not send this ${v6 ? 'IPv6' : 'IPv4'} packet into the tunnel but over its own network, outside the modelled network (CVPN-10)`,
      refs: ['CVPN-10'],
    });
    return targets.map((t) => ({
      targetNetwork: t?.id ?? '',
      subnet: t?.subnet ?? '',
      action: 'bypass',
      code: 'CLIENT_VPN_FAMILY_BYPASS',
      hops: [h],
    }));
  }
  if (!v6) return undefined;
  const h = clientVpnHop(cvpn, pkt, {
    action: 'drop',
    code: 'UNSUPPORTED_COMPONENT',
    detail: `IPv6 through Client VPN endpoint ${cvpn.id} (TrafficIpAddressType ${traffic}) is not simulated: AWS gives the client an IPv6 address of its own choosing and does not translate it (CVPN-10 [DRIFT, newer doc]), so the source the destination sees and the route of the reply are not in the input`,
    unsupported: [`client-vpn ${cvpn.id} (IPv6)`],
  });
  return targets.map((t) => ({
    targetNetwork: t?.id ?? '',
    subnet: t?.subnet ?? '',
    action: 'drop',
    code: 'UNSUPPORTED_COMPONENT',
    hops: [h],
    uncertain: true,
  }));
}
