/**
 * IP protocol names and numbers as the AWS console shows them.
 */
import { nameTable } from './name-table.js';

export const PROTO_ALL = -1;
export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ICMPV6 = 58;

const NAMES: Readonly<Record<string, number>> = nameTable({
  all: -1,
  '-1': -1,
  any: -1,
  icmp: 1,
  tcp: 6,
  udp: 17,
  icmpv6: 58,
  'ipv6-icmp': 58,
  gre: 47,
  esp: 50,
  ah: 51,
  sctp: 132,
});

/** Protocol number from a name or number text. `protocolNumber("tcp")` → 6; unknown → undefined. */
export function protocolNumber(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isInteger(text) && text >= -1 && text <= 255 ? text : undefined;
  const t = text.trim().toLowerCase();
  const named = NAMES[t];
  if (named !== undefined) return named;
  if (/^(0|[1-9][0-9]{0,2})$/.test(t)) {
    const n = Number(t);
    return n <= 255 ? n : undefined;
  }
  return undefined;
}

/** Console name of a protocol number. `protocolName(6)` → `"TCP"`. */
export function protocolName(n: number): string {
  switch (n) {
    case -1:
      return 'All';
    case 1:
      return 'ICMP';
    case 6:
      return 'TCP';
    case 17:
      return 'UDP';
    case 58:
      return 'ICMPv6';
    default:
      return String(n);
  }
}

/** Lower-case name used in JSON packets: `tcp`, `udp`, `icmp`, or the number as text. */
export function protocolKey(n: number): string {
  switch (n) {
    case 1:
      return 'icmp';
    case 6:
      return 'tcp';
    case 17:
      return 'udp';
    case 58:
      return 'icmpv6';
    default:
      return String(n);
  }
}

/** Does the protocol carry ports? */
export function hasPorts(n: number): boolean {
  return n === PROTO_TCP || n === PROTO_UDP;
}

/** ICMP type names accepted in rules. */
export const ICMP_TYPES: Readonly<Record<string, number>> = nameTable({
  'echo-reply': 0,
  'destination-unreachable': 3,
  'echo-request': 8,
  echo: 8,
  'time-exceeded': 11,
});
