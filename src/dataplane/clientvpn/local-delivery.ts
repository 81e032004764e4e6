/**
 * Client-to-client delivery inside a Client VPN endpoint (CVPN-7).
 *
 * Model: a packet a decision tunnelled over a `local` route (`decision.clientToClient`) never enters the VPC: the
 * endpoint hands it, untranslated, to the connected client whose tunnel address is the destination. The clients
 * are those of the compiled endpoint (`cvpn.clients`, addresses given or assigned, and the assumed client
 * `client:ENDPOINT` stands for). No client holds the address →
 * the packet is dropped (`CLIENT_VPN_NO_CLIENT`): nothing is connected there. The reply goes back the same way
 * (record the request in `ClientVpnNat`; `clientVpnReturn` passes the reply back untranslated).
 */
import { formatAddr } from '../../net/addr.js';
import type { Hop } from '../hop.js';
import { packetJson, type Packet } from '../packet.js';
import type { CompiledClientVpn } from './compile.js';

/** Id of the endpoint's client with tunnel address `ip` (uint32), if any. */
export function clientByTunnelIp(cvpn: CompiledClientVpn, ip: number): string | undefined {
  for (const [id, t] of cvpn.clients) if (t.ip === ip) return id;
  const a = cvpn.assumedClient;
  return a?.address.ip === ip ? a.client.id : undefined;
}

export interface ClientToClientDelivery {
  /** The receiving client's id; undefined when no client holds the destination address. */
  readonly client?: string | undefined;
  readonly hops: readonly Hop[];
  readonly code?: 'CLIENT_VPN_NO_CLIENT' | undefined;
}

/** Deliver a client-to-client packet: `172.31.0.2 → 172.31.0.6` reaches the client whose tunnel address is .6. */
export function clientToClientDelivery(cvpn: CompiledClientVpn, pkt: Packet): ClientToClientDelivery {
  const client = typeof pkt.dst === 'number' ? clientByTunnelIp(cvpn, pkt.dst) : undefined;
  if (client === undefined) {
    return {
      code: 'CLIENT_VPN_NO_CLIENT',
      hops: [
        {
          id: cvpn.id,
          kind: 'client-vpn',
          action: 'drop',
          code: 'CLIENT_VPN_NO_CLIENT',
          packet: packetJson(pkt),
          detail: `no client of endpoint ${cvpn.id} is connected with tunnel address ${formatAddr(pkt.dst)}`,
          refs: ['CVPN-7'],
        },
      ],
    };
  }
  return {
    client,
    hops: [
      {
        id: `client:${client}`,
        kind: 'client',
        action: 'deliver',
        packet: packetJson(pkt),
        detail: `delivered through the tunnel to VPN client ${client} (${formatAddr(pkt.dst)}), client-to-client`,
        refs: ['CVPN-7'],
      },
    ],
  };
}
