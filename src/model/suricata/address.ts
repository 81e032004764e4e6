/**
 * Suricata address and port specifications (`$HOME_NET`, `[10.0.0.0/8, !10.1.0.0/16]`, `any`, `1024:`, `!80`).
 *
 * Model: a small syntax tree. Variables stay unresolved (`{kind:'var'}`) — they are resolved when a firewall is
 * compiled (dataplane/firewall/resolve.ts), because their values come from the rule group, the policy and the
 * firewall's VPC (NFW-13). Parsing is strict and never throws: a failure says what is wrong and the 0-based offset
 * in the text. IPv6 addresses and CIDRs are `{kind:'ipv6'}` with their bigint base (Suricata mixes both families in
 * one list; an IPv6 entry never matches an IPv4 packet and an IPv4 entry never an IPv6 one, V6-12).
 */
import { parseCidr } from '../../net/prefix.js';
import { parseIpv4 } from '../../net/ipv4.js';

export type AddrNode =
  | { readonly kind: 'any' }
  | { readonly kind: 'cidr'; readonly base: number; readonly len: number }
  | { readonly kind: 'ipv6'; readonly text: string; readonly base: bigint; readonly len: number }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'not'; readonly inner: AddrNode }
  | { readonly kind: 'list'; readonly items: readonly AddrNode[] };

export type PortNode =
  | { readonly kind: 'any' }
  | { readonly kind: 'range'; readonly from: number; readonly to: number }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'not'; readonly inner: PortNode }
  | { readonly kind: 'list'; readonly items: readonly PortNode[] };

export type SpecResult<T> =
  | { readonly ok: true; readonly node: T }
  | { readonly ok: false; readonly message: string; readonly offset: number };

const VAR_RE = /^\$[A-Za-z_][A-Za-z0-9_]*$/;

/** Split a bracketed list body at top-level commas, keeping offsets. */
function splitList(
  text: string,
  start: number,
): { parts: { text: string; offset: number }[] } | { error: string; offset: number } {
  const parts: { text: string; offset: number }[] = [];
  let depth = 0;
  let partStart = start;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') {
      if (depth === 0) return { error: 'unbalanced "]"', offset: i };
      depth--;
    } else if (c === ',' && depth === 0) {
      parts.push({ text: text.slice(partStart, i), offset: partStart });
      partStart = i + 1;
    }
  }
  if (depth !== 0) return { error: 'unbalanced "[" (missing "]")', offset: text.length };
  parts.push({ text: text.slice(partStart), offset: partStart });
  return { parts };
}

function trimmed(text: string, offset: number): { text: string; offset: number } {
  const lead = text.length - text.trimStart().length;
  return { text: text.trim(), offset: offset + lead };
}

/** Generic spec parser shared by addresses and ports. */
function parseSpec<T>(
  raw: string,
  offset: number,
  leaf: (text: string, offset: number) => SpecResult<T>,
  mkNot: (inner: T) => T,
  mkList: (items: T[]) => T,
  mkVar: (name: string) => T,
  anyNode: T,
): SpecResult<T> {
  const { text, offset: off } = trimmed(raw, offset);
  if (text === '') return { ok: false, message: 'empty specification', offset: off };
  if (text.startsWith('!')) {
    // A run of negations is read without recursion (fuzz long run session8-million, suricata:80866: a port list
    // with thousands of "!" overflowed the stack): an even number cancels out, an odd number is one negation.
    let n = 0;
    while (text.charCodeAt(n) === 33) n++;
    const inner = parseSpec(text.slice(n), off + n, leaf, mkNot, mkList, mkVar, anyNode);
    return inner.ok ? { ok: true, node: n % 2 === 1 ? mkNot(inner.node) : inner.node } : inner;
  }
  if (text.startsWith('[')) {
    if (!text.endsWith(']'))
      return { ok: false, message: 'list is missing its closing "]"', offset: off + text.length };
    const body = text.slice(1, -1);
    const split = splitList(body, 0);
    if ('error' in split) return { ok: false, message: split.error, offset: off + 1 + split.offset };
    const items: T[] = [];
    for (const p of split.parts) {
      const r = parseSpec(p.text, off + 1 + p.offset, leaf, mkNot, mkList, mkVar, anyNode);
      if (!r.ok) return r;
      items.push(r.node);
    }
    return { ok: true, node: mkList(items) };
  }
  if (text.toLowerCase() === 'any') return { ok: true, node: anyNode };
  if (text.startsWith('$')) {
    if (!VAR_RE.test(text))
      return { ok: false, message: `"${text}" is not a valid variable name`, offset: off };
    return { ok: true, node: mkVar(text.slice(1)) };
  }
  return leaf(text, off);
}

function addrLeaf(text: string, offset: number): SpecResult<AddrNode> {
  if (text.includes(':')) {
    const r = text.includes('/') ? parseCidr(text) : parseCidr(`${text}/128`);
    if (!r.ok) return { ok: false, message: `"${text}": ${r.message}`, offset: offset + r.column };
    const p6 = r.value.prefix;
    if (p6.family !== 6) return { ok: false, message: `"${text}" is not an IPv6 address or CIDR`, offset };
    return { ok: true, node: { kind: 'ipv6', text, base: p6.base, len: p6.len } };
  }
  if (text.includes('/')) {
    const r = parseCidr(text);
    if (!r.ok)
      return { ok: false, message: `"${text}" is not a valid CIDR: ${r.message}`, offset: offset + r.column };
    const p = r.value.prefix;
    if (p.family !== 4) return { ok: true, node: { kind: 'ipv6', text, base: p.base, len: p.len } };
    return { ok: true, node: { kind: 'cidr', base: p.base, len: p.len } };
  }
  const a = parseIpv4(text);
  if (!a.ok)
    return {
      ok: false,
      message: `"${text}" is not an IP address, CIDR, list or variable: ${a.message}`,
      offset: offset + a.column,
    };
  return { ok: true, node: { kind: 'cidr', base: a.value, len: 32 } };
}

const PORT_RE = /^(0|[1-9][0-9]*)$/;

function portLeaf(text: string, offset: number): SpecResult<PortNode> {
  const colon = text.indexOf(':');
  const num = (t: string, at: number): SpecResult<number> => {
    if (!PORT_RE.test(t)) return { ok: false, message: `port "${t}" is not a number`, offset: at };
    const n = Number(t);
    if (n > 65535) return { ok: false, message: `port ${n} is larger than 65535`, offset: at };
    return { ok: true, node: n };
  };
  if (colon < 0) {
    const r = num(text, offset);
    return r.ok ? { ok: true, node: { kind: 'range', from: r.node, to: r.node } } : r;
  }
  const a = text.slice(0, colon);
  const b = text.slice(colon + 1);
  const from = a === '' ? ({ ok: true, node: 0 } as const) : num(a, offset);
  if (!from.ok) return from;
  const to = b === '' ? ({ ok: true, node: 65535 } as const) : num(b, offset + colon + 1);
  if (!to.ok) return to;
  if (a === '' && b === '') return { ok: false, message: 'port range ":" has no bounds', offset };
  if (from.node > to.node) {
    return { ok: false, message: `port range ${text} is reversed (${from.node} > ${to.node})`, offset };
  }
  return { ok: true, node: { kind: 'range', from: from.node, to: to.node } };
}

/** Parse a Suricata address spec. `parseAddressSpec("[10.0.0.0/8,!10.1.0.0/16]")`. */
export function parseAddressSpec(text: string, offset = 0): SpecResult<AddrNode> {
  return parseSpec<AddrNode>(
    text,
    offset,
    addrLeaf,
    (inner) => ({ kind: 'not', inner }),
    (items) => ({ kind: 'list', items }),
    (name) => ({ kind: 'var', name }),
    { kind: 'any' },
  );
}

/** Parse a Suricata port spec. `parsePortSpec("[80,443,8000:8080]")`, `parsePortSpec("1024:")`. */
export function parsePortSpec(text: string, offset = 0): SpecResult<PortNode> {
  return parseSpec<PortNode>(
    text,
    offset,
    portLeaf,
    (inner) => ({ kind: 'not', inner }),
    (items) => ({ kind: 'list', items }),
    (name) => ({ kind: 'var', name }),
    { kind: 'any' },
  );
}

/** Variables an address/port tree refers to, in order of appearance. */
export function specVariables(node: AddrNode | PortNode): string[] {
  switch (node.kind) {
    case 'var':
      return [node.name];
    case 'not':
      return specVariables(node.inner);
    case 'list':
      return node.items.flatMap((i) => specVariables(i));
    case 'any':
    case 'cidr':
    case 'ipv6':
    case 'range':
      return [];
  }
}
