/**
 * The one-line rule syntax of the native format, read the way the AWS console shows rules:
 *
 *   security group:  `tcp 443 from 0.0.0.0/0`, `all to 0.0.0.0/0`, `tcp 22 from sg-web`, `udp 1024-65535 from pl-x`,
 *                    `icmp echo-request from 10.0.0.0/8`, `icmp all from 10.0.0.0/8`, `icmp 3:4 from …` (type:code)
 *   network ACL:     `100 allow tcp 22 from 192.168.10.0/24`, `200 deny all to 0.0.0.0/0`, `110 allow icmp 3:4 from …`
 *
 * Parsing returns either the parts or an error with the 0-based column in the rule text. Peers that are not CIDRs
 * are returned as names (security group or prefix list), resolved by the converter.
 */
import { ICMP_TYPES, protocolNumber } from '../../model/protocol.js';
import type { IcmpSelector, PortRange } from '../../model/network.js';

export interface RuleParts {
  readonly protocol: number;
  readonly ports?: PortRange | undefined;
  readonly icmp?: IcmpSelector | undefined;
  readonly direction: 'from' | 'to';
  readonly peer: string;
  /** Column of the peer in the text. */
  readonly peerCol: number;
}

export type RuleParse<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly col: number };

interface Tok {
  readonly text: string;
  readonly col: number;
}

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ text: m[0], col: m.index });
  return out;
}

/** Parse `443`, `1024-65535`, `all`. */
export function parsePorts(text: string): PortRange | undefined | string {
  if (text === 'all' || text === 'any') return undefined;
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) return `"${text}" is not a port or port range`;
  const from = Number(m[1]);
  const to = m[2] !== undefined ? Number(m[2]) : from;
  if (from > 65535 || to > 65535) return `port ${Math.max(from, to)} is larger than 65535`;
  if (to < from) return `port range ${text} ends before it starts`;
  return { from, to };
}

function parseIcmp(text: string): IcmpSelector | undefined | string {
  if (text === 'all' || text === 'any') return undefined;
  const named = ICMP_TYPES[text];
  if (named !== undefined) return { type: named, code: -1 };
  const m = /^(\d{1,3})(?::(\d{1,3}))?$/.exec(text);
  if (!m) return `"${text}" is not an ICMP type (a name such as echo-request, a number, or type:code)`;
  return { type: Number(m[1]), code: m[2] !== undefined ? Number(m[2]) : -1 };
}

function body(toks: Tok[], i: number, rule: string): RuleParse<RuleParts> {
  const protoTok = toks[i];
  if (!protoTok)
    return { ok: false, message: 'missing protocol (tcp, udp, icmp, all or a number)', col: rule.length };
  const proto = protocolNumber(protoTok.text);
  if (proto === undefined)
    return { ok: false, message: `unknown protocol "${protoTok.text}"`, col: protoTok.col };
  let j = i + 1;
  let ports: PortRange | undefined;
  let icmp: IcmpSelector | undefined;
  const next = toks[j];
  if (next && next.text !== 'from' && next.text !== 'to') {
    if (proto === 6 || proto === 17) {
      const p = parsePorts(next.text);
      if (typeof p === 'string') return { ok: false, message: p, col: next.col };
      ports = p;
    } else if (proto === 1 || proto === 58) {
      const ic = parseIcmp(next.text);
      if (typeof ic === 'string') return { ok: false, message: ic, col: next.col };
      icmp = ic;
    } else {
      return { ok: false, message: `protocol ${protoTok.text} has no ports`, col: next.col };
    }
    j++;
  }
  const dirTok = toks[j];
  if (!dirTok || (dirTok.text !== 'from' && dirTok.text !== 'to')) {
    return {
      ok: false,
      message: 'expected "from <source>" or "to <destination>"',
      col: dirTok?.col ?? rule.length,
    };
  }
  const peerTok = toks[j + 1];
  if (!peerTok)
    return {
      ok: false,
      message: `missing ${dirTok.text === 'from' ? 'source' : 'destination'} after "${dirTok.text}"`,
      col: rule.length,
    };
  const extra = toks[j + 2];
  if (extra)
    return {
      ok: false,
      message: `unexpected "${extra.text}" after the ${dirTok.text === 'from' ? 'source' : 'destination'}`,
      col: extra.col,
    };
  return {
    ok: true,
    value: { protocol: proto, ports, icmp, direction: dirTok.text, peer: peerTok.text, peerCol: peerTok.col },
  };
}

/** Parse a security-group rule string. */
export function parseSgRule(rule: string): RuleParse<RuleParts> {
  return body(tokens(rule), 0, rule);
}

export interface NaclParts extends RuleParts {
  readonly number: number;
  readonly action: 'allow' | 'deny';
}

/** Parse a network-ACL rule string (NACL-2, NACL-5). */
export function parseNaclRule(rule: string): RuleParse<NaclParts> {
  const toks = tokens(rule);
  const numTok = toks[0];
  if (!numTok || !/^\d+$/.test(numTok.text))
    return { ok: false, message: 'a NACL rule starts with its rule number (1-32766)', col: numTok?.col ?? 0 };
  const actTok = toks[1];
  const action = actTok?.text.toLowerCase();
  if (action !== 'allow' && action !== 'deny')
    return {
      ok: false,
      message: 'expected "allow" or "deny" after the rule number',
      col: actTok?.col ?? rule.length,
    };
  const b = body(toks, 2, rule);
  if (!b.ok) return b;
  return { ok: true, value: { ...b.value, number: Number(numTok.text), action } };
}
