/**
 * IPv6 addresses as 128-bit bigints. Parsing follows RFC 4291 text forms: eight groups of 1–4 hex digits,
 * one `::` compressing one or more zero groups, an optional embedded dotted-quad IPv4 tail. No zone ids
 * (`%eth0`), no brackets, no whitespace. Formatting is RFC 5952 canonical (lower case, longest zero run
 * compressed, the first one on ties, a single zero group never compressed).
 */
import { parseIpv4, type ParseError, type ParseResult } from './ipv4.js';

function fail(message: string, column: number): ParseError {
  return { ok: false, message, column };
}

/** `v4Tail`: may the last piece be a dotted quad? Only at the very end of the address (RFC 4291 §2.2 form 3). */
function parseGroups(part: string, offset: number, v4Tail: boolean): ParseResult<number[]> {
  if (part === '') return { ok: true, value: [] };
  const groups: number[] = [];
  let col = offset;
  const pieces = part.split(':');
  for (let k = 0; k < pieces.length; k++) {
    const g = pieces[k] ?? '';
    if (v4Tail && k === pieces.length - 1 && g.includes('.')) {
      const v4 = parseIpv4(g);
      if (!v4.ok) return fail(v4.message, col + v4.column);
      groups.push(v4.value >>> 16, v4.value & 0xffff);
      continue;
    }
    if (g.length === 0) return fail('empty group in IPv6 address', col);
    if (g.length > 4) return fail(`group "${g}" has more than 4 hex digits`, col);
    if (!/^[0-9a-fA-F]+$/.test(g)) return fail(`group "${g}" is not hexadecimal`, col);
    groups.push(parseInt(g, 16));
    col += g.length + 1;
  }
  return { ok: true, value: groups };
}

/** Parse an IPv6 address. `parseIpv6("2001:db8::1")` → `{ok:true, value: 0x20010db8…01n}`. */
export function parseIpv6(text: string): ParseResult<bigint> {
  if (text.length === 0) return fail('empty IPv6 address', 0);
  const dbl = text.indexOf('::');
  let groups: number[];
  if (dbl >= 0) {
    if (text.indexOf('::', dbl + 1) >= 0)
      return fail('"::" may appear only once', text.indexOf('::', dbl + 1));
    const head = parseGroups(text.slice(0, dbl), 0, false);
    if (!head.ok) return head;
    const tail = parseGroups(text.slice(dbl + 2), dbl + 2, true);
    if (!tail.ok) return tail;
    const missing = 8 - head.value.length - tail.value.length;
    if (missing < 1) return fail('"::" must stand for at least one zero group', dbl);
    groups = [...head.value, ...new Array<number>(missing).fill(0), ...tail.value];
  } else {
    const all = parseGroups(text, 0, true);
    if (!all.ok) return all;
    if (all.value.length !== 8)
      return fail(`IPv6 address needs 8 groups, found ${all.value.length}`, text.length);
    groups = all.value;
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return { ok: true, value: v };
}

/** Format a 128-bit address canonically (RFC 5952). `formatIpv6(1n)` → `"::1"`. */
export function formatIpv6(addr: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((addr >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
