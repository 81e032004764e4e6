/**
 * The packets of a flow as the firewall sees them, one direction at a time.
 *
 * Model: a trace moves one representative packet per direction, but the firewall decides per packet and a TCP
 * connection's first packets differ (NFW-11): the forward direction is SYN → ACK (handshake; flow becomes
 * established) → the first data packet (TLS ClientHello carrying the SNI, HTTP request carrying the Host, a DNS
 * query, or opaque payload); the return direction is SYN-ACK → the server's data. A UDP/ICMP/other flow is one
 * packet each way; it counts as established only once both directions were seen, so the request is not
 * established and the reply is.
 * The application-layer protocol is taken from what the trace carries: an SNI means TLS, a Host means HTTP,
 * port 53 means DNS (assumed, and said so); otherwise the payload is opaque and tls/http/dns rules cannot match.
 */
import type { Packet } from '../packet.js';
import { TCP_FLAG_BITS, type AppProto } from './types.js';

export interface Phase {
  readonly label: string;
  readonly pkt: Packet;
  readonly toServer: boolean;
  readonly established: boolean;
  /** A TCP handshake packet (SYN, SYN-ACK, the ACK completing it). */
  readonly handshake: boolean;
  readonly app: AppProto | undefined;
  readonly sni: string | undefined;
  readonly host: string | undefined;
  /** TCP flags of this packet (0 for non-TCP). */
  readonly flags: number;
}

const SYN = TCP_FLAG_BITS['SYN'] ?? 2;
const ACK = TCP_FLAG_BITS['ACK'] ?? 16;
const PSH = TCP_FLAG_BITS['PSH'] ?? 8;

/** Application protocol of a new flow, and notes on how it was decided. */
export function detectApp(pkt: Packet): { app: AppProto | undefined; notes: string[] } {
  const notes: string[] = [];
  if (pkt.proto === 6) {
    if (pkt.sni !== undefined) {
      if (pkt.host !== undefined)
        notes.push(
          'the flow carries both an SNI and a Host; it is judged as TLS (the Host is inside the encrypted stream)',
        );
      return { app: 'tls', notes };
    }
    if (pkt.host !== undefined) return { app: 'http', notes };
    if (pkt.dstPort === 53) {
      notes.push('TCP port 53 is assumed to carry DNS');
      return { app: 'dns', notes };
    }
    notes.push(
      'the flow carries no TLS SNI and no HTTP Host (give --sni or --host): it is judged as TCP payload without them, so tls.sni/http.host and domain list rules cannot match it',
    );
    return { app: undefined, notes };
  }
  if (pkt.sni !== undefined || pkt.host !== undefined)
    notes.push('SNI/Host given for a non-TCP flow is ignored');
  if (pkt.proto === 17 && pkt.dstPort === 53) {
    notes.push('UDP port 53 is assumed to carry DNS');
    return { app: 'dns', notes };
  }
  return { app: undefined, notes };
}

function dataLabel(app: AppProto | undefined, pkt: Packet): string {
  switch (app) {
    case 'tls':
      return `TLS ClientHello (SNI ${pkt.sni ?? ''})`;
    case 'http':
      return `HTTP request (Host ${pkt.host ?? ''})`;
    case 'dns':
      return 'DNS query';
    case undefined:
      return 'first data packet';
  }
}

/** Client → server packets of a new flow. */
export function requestPhases(pkt: Packet, app: AppProto | undefined): Phase[] {
  const base = { pkt, toServer: true, app: undefined, sni: pkt.sni, host: pkt.host };
  if (pkt.proto === 6) {
    return [
      { ...base, label: 'TCP SYN', established: false, handshake: true, flags: SYN },
      { ...base, label: 'TCP ACK completing the handshake', established: true, handshake: true, flags: ACK },
      { ...base, label: dataLabel(app, pkt), established: true, handshake: false, app, flags: ACK | PSH },
    ];
  }
  const label = app === 'dns' ? 'DNS query' : pkt.proto === 1 ? 'ICMP request' : 'first packet';
  return [{ ...base, label, established: false, handshake: false, app, flags: 0 }];
}

/** Server → client packets of a flow the firewall has seen. */
export function replyPhases(pkt: Packet, app: AppProto | undefined, sni?: string, host?: string): Phase[] {
  const base = { pkt, toServer: false, sni: sni ?? pkt.sni, host: host ?? pkt.host };
  if (pkt.proto === 6) {
    return [
      {
        ...base,
        label: 'TCP SYN-ACK',
        established: false,
        handshake: true,
        app: undefined,
        flags: SYN | ACK,
      },
      { ...base, label: 'server data', established: true, handshake: false, app, flags: ACK | PSH },
    ];
  }
  return [{ ...base, label: 'reply', established: true, handshake: false, app, flags: 0 }];
}

/** A mid-stream TCP packet the firewall has no state for (StreamExceptionPolicy CONTINUE, NFW-4). */
export function midstreamPhase(pkt: Packet): Phase {
  return {
    label: 'mid-stream TCP packet',
    pkt,
    toServer: false,
    established: true,
    handshake: false,
    app: undefined,
    sni: undefined,
    host: undefined,
    flags: ACK | PSH,
  };
}
