/**
 * Did the reply come home as the reply? The return leg is delivered only if the packet that reaches the initiator
 * is the exact reverse of the packet the initiator sent — protocol, both addresses, both ports (issue 13 §2).
 *
 * Why: a host matches a reply to its connection by that 4-tuple. A reply that a device translates again on its
 * way back arrives from an address and port the initiator never connected to and is discarded (TCP answers with
 * a reset). Typical case (NGW-2): an instance with an Elastic IP sits in a subnet whose default route goes to a
 * NAT gateway; a client connects to the Elastic IP (IGW-2 maps it to the private IP), but the reply leaves through
 * the NAT gateway, which gives it the NAT gateway's own address and a new port. Replies that the devices of the
 * request translate back (IGW-2, NGW-2, conntrack, Client VPN) keep the tuple, and pass.
 *
 * The re-translating component is the first translation on the return path whose source does not mirror an
 * address the request was sent to, or whose destination does not mirror an address the request came from.
 */
import type { Addr } from '../net/addr.js';
import { formatPacket, replyOf, type Packet } from '../dataplane/packet.js';
import type { Rewrite } from '../dataplane/engine.js';

/** Explanation code: the reply reached the initiator, but not as the reverse of its request. */
export const REPLY_TUPLE_MISMATCH = 'REPLY_TUPLE_MISMATCH';

export interface ReplyMismatch {
  /** What the initiator waits for: the reverse of what it sent. */
  readonly expected: Packet;
  /** What arrived. */
  readonly got: Packet;
  /** The component that translated the reply into something else, when one did. */
  readonly retranslatedBy?: Rewrite | undefined;
  /** One sentence for the trace. */
  readonly detail: string;
}

const hasPorts = (p: Packet): boolean => p.proto === 6 || p.proto === 17;

function sameTuple(a: Packet, b: Packet): boolean {
  if (a.proto !== b.proto || a.src !== b.src || a.dst !== b.dst) return false;
  // ICMP: the echo identifier travels in srcPort both ways (packet.ts); other protocols carry no ports.
  if (hasPorts(a) || a.proto === 1) return a.srcPort === b.srcPort && a.dstPort === b.dstPort;
  return true;
}

const endpoint = (ip: Addr, port: number, ports: boolean): string => (ports ? `${ip}:${port}` : `${ip}`);

/**
 * Compare the reply that arrived (`got`) with the reverse of what the initiator sent (`sent`). `forward` are the
 * translations of the request, `back` those of the reply, in order.
 * Returns undefined when the reply is the exact reverse.
 */
export function checkReplyTuple(
  sent: Packet,
  forward: readonly Rewrite[],
  back: readonly Rewrite[],
  got: Packet,
): ReplyMismatch | undefined {
  const expected = replyOf(sent);
  if (sameTuple(expected, got)) return undefined;
  const ports = hasPorts(sent);
  const request = [sent, ...forward.map((r) => r.packet)];
  const requestDst = new Set(request.map((p) => endpoint(p.dst, p.dstPort, ports)));
  const requestSrc = new Set(request.map((p) => endpoint(p.src, p.srcPort, ports)));
  const retranslatedBy = back.find(
    (r) =>
      !requestDst.has(endpoint(r.packet.src, r.packet.srcPort, ports)) ||
      !requestSrc.has(endpoint(r.packet.dst, r.packet.dstPort, ports)),
  );
  const by = retranslatedBy
    ? `; ${retranslatedBy.by} translated the reply on its way back (NGW-2: a NAT device gives what it forwards its own address and a port of its choice)`
    : '';
  return {
    expected,
    got,
    retranslatedBy,
    detail: `the reply arrives as ${formatPacket(got)}, but the initiator waits for ${formatPacket(expected)}: a reply that is not the exact reverse of the request cannot be matched to the connection${by}`,
  };
}
