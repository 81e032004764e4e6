/**
 * The Client VPN endpoint's translation state for one trace, and the reverse translation of replies (CVPN-3).
 *
 * Model: when a decision tunnels a packet, the caller records (original, translated) in a `ClientVpnNat`. A reply
 * is recognised by its exact tuple — the translated packet with addresses and ports swapped (`replyOf`) — and its
 * destination is put back to the client's tunnel address and port. Client-to-client packets (CVPN-7) are recorded
 * untranslated, so their replies pass back unchanged. Anything else addressed to the ENI or a client finds no
 * state and is dropped: traffic from inside the VPC cannot start a connection toward a client.
 * Invariants: one instance per trace (no module-level state); lookup is a Map get.
 */
import { formatAddr } from '../../net/addr.js';
import type { Hop } from '../hop.js';
import { packetJson, replyOf, tupleKey, withPacket, type Packet } from '../packet.js';
import type { CompiledClientVpn } from './compile.js';
import type { ClientVpnDecision } from './egress.js';

interface NatEntry {
  readonly original: Packet;
  readonly translated: Packet;
  readonly targetNetwork: string;
}

/** Per-trace translation table of one or more Client VPN endpoints. */
export class ClientVpnNat {
  readonly #byReply = new Map<string, NatEntry>();

  /** Record a translation: `original` as the client sent it, `translated` as it left the endpoint. */
  record(original: Packet, translated: Packet, targetNetwork = ''): void {
    this.#byReply.set(tupleKey(replyOf(translated)), { original, translated, targetNetwork });
  }

  /** Record what a tunnelling decision did to `original` (no-op for bypass and drop). */
  recordDecision(original: Packet, decision: ClientVpnDecision): void {
    if (decision.action === 'tunnel' && decision.packet)
      this.record(original, decision.packet, decision.targetNetwork);
  }

  /** The entry whose reply `reply` is, if any. */
  lookup(reply: Packet): NatEntry | undefined {
    return this.#byReply.get(tupleKey(reply));
  }
}

export interface ClientVpnReturn {
  /** The reply as delivered to the client; undefined when no state matched (dropped). */
  readonly packet?: Packet | undefined;
  readonly hops: readonly Hop[];
  readonly code?: 'CLIENT_VPN_NO_NAT_STATE' | undefined;
}

/**
 * Reverse the endpoint's SNAT for a reply. Reply `tcp 192.168.1.63:22 → 192.168.10.97:40000` of a connection from
 * 172.31.0.2:40000 → `tcp 192.168.1.63:22 → 172.31.0.2:40000`.
 */
export function clientVpnReturn(cvpn: CompiledClientVpn, state: ClientVpnNat, pkt: Packet): ClientVpnReturn {
  const entry = state.lookup(pkt);
  if (entry === undefined) {
    return {
      code: 'CLIENT_VPN_NO_NAT_STATE',
      hops: [
        {
          id: cvpn.id,
          kind: 'client-vpn',
          action: 'drop',
          code: 'CLIENT_VPN_NO_NAT_STATE',
          packet: packetJson(pkt),
          detail: `no client connection of endpoint ${cvpn.id} matches this packet: traffic toward a client cannot start a connection from inside the VPC`,
          refs: ['CVPN-3'],
        },
      ],
    };
  }
  const back = withPacket(pkt, {
    dst: entry.original.src,
    dstPort: pkt.proto === 1 ? pkt.dstPort : entry.original.srcPort,
  });
  const untranslated = entry.original.src === entry.translated.src;
  const hop: Hop = untranslated
    ? {
        id: cvpn.id,
        kind: 'client-vpn',
        action: 'forward',
        packet: packetJson(pkt),
        detail: `reply of a client-to-client connection, returned to ${formatAddr(back.dst)} untranslated`,
        refs: ['CVPN-7'],
      }
    : {
        id: cvpn.id,
        kind: 'client-vpn',
        action: 'translate',
        rule: `reverse SNAT ${formatAddr(entry.translated.src)} -> ${formatAddr(entry.original.src)}`,
        packet: packetJson(pkt),
        after: packetJson(back),
        state: `client-vpn nat ${formatAddr(entry.original.src)} <-> ${formatAddr(entry.translated.src)}`,
        detail: `reply to the Client VPN ENI ${formatAddr(entry.translated.src)} translated back to the client ${formatAddr(entry.original.src)} and sent down the tunnel`,
        refs: ['CVPN-3'],
      };
  return { packet: back, hops: [hop] };
}
