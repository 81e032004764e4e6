/**
 * The values iptables options take, read as iptables 1.8 reads them: an IPv4 address or network (`-s`, `-d`), a
 * port or port range (`--dport`, multiport lists) and a NAT range (`--to-source`, `--to-destination`).
 */
import { parseIpv4 } from '../../net/ipv4.js';
import { parseIpv6 } from '../../net/ipv6.js';
import { formatPrefix, mask4, prefix4, prefix6 } from '../../net/prefix.js';
import { SERVICE_PORTS } from './names.js';

/** Parse an ip6tables address `addr[/len]` (host bits cleared, as ip6tables does). */
function parseIp6tablesAddress(text: string): { ok: true; cidr: string } | { ok: false; message: string } {
  const slash = text.indexOf('/');
  const a = parseIpv6(slash < 0 ? text : text.slice(0, slash));
  if (!a.ok)
    return { ok: false, message: `host/network "${text}" is not a valid IPv6 address: ${a.message}` };
  let len = 128;
  if (slash >= 0) {
    const m = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(m) || Number(m) > 128)
      return { ok: false, message: `invalid mask "${m}" in "${text}"` };
    len = Number(m);
  }
  return { ok: true, cidr: formatPrefix(prefix6(a.value, len)) };
}

/**
 * Parse `a.b.c.d[/len|/mask]` as iptables does (host bits cleared), or with `family` 6 an IPv6 `addr[/len]` as
 * ip6tables does. Returns canonical CIDR text or an error.
 */
export function parseIptablesAddress(
  text: string,
  family: 4 | 6 = 4,
): { ok: true; cidr: string } | { ok: false; message: string } {
  if (family === 6) return parseIp6tablesAddress(text);
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const a = parseIpv4(addrText);
  if (!a.ok)
    return { ok: false, message: `host/network "${text}" is not a valid IPv4 address: ${a.message}` };
  let len = 32;
  if (slash >= 0) {
    const m = text.slice(slash + 1);
    if (/^(0|[1-9][0-9]?)$/.test(m) && Number(m) <= 32) len = Number(m);
    else {
      const mk = parseIpv4(m);
      if (!mk.ok) return { ok: false, message: `invalid mask "${m}" in "${text}"` };
      const inv = ~mk.value >>> 0;
      if ((inv & (inv + 1)) !== 0)
        return { ok: false, message: `mask "${m}" in "${text}" is not contiguous` };
      len = 32 - Math.log2(inv + 1);
      if (mask4(len) !== mk.value) return { ok: false, message: `invalid mask "${m}" in "${text}"` };
    }
  }
  return { ok: true, cidr: formatPrefix(prefix4(a.value, len)) };
}

/** `22`, `ssh`, `1024:65535`, `:1023`, `1024:` → [lo, hi]. */
export function parsePortRange(text: string): [number, number] | string {
  const one = (t: string, dflt: number): number | string => {
    if (t === '') return dflt;
    if (/^[0-9]+$/.test(t)) {
      const n = Number(t);
      return n <= 65535 ? n : `port ${t} is larger than 65535`;
    }
    const s = SERVICE_PORTS[t];
    return s ?? `invalid port/service "${t}" specified`;
  };
  const parts = text.split(':');
  if (parts.length > 2) return `invalid port range "${text}"`;
  const lo = one(parts[0] ?? '', 0);
  const hi = parts.length === 2 ? one(parts[1] ?? '', 65535) : lo;
  if (typeof lo === 'string') return lo;
  if (typeof hi === 'string') return hi;
  if (lo > hi) return `invalid port range "${text}": ${lo} is above ${hi}`;
  return [lo, hi];
}

/**
 * Split an ip6tables NAT range: `[addr]:port`, `[addr-addr]:port-port`, `addr`, `addr-addr`, `:port` (an IPv6
 * address with a port must be bracketed, as ip6tables requires).
 */
function splitNatRange6(text: string): { addrPart: string; portPart: string | undefined } | string {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return `missing "]" in "${text}"`;
    const rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return `bad range "${text}" after "]"`;
    return { addrPart: text.slice(1, close), portPart: rest === '' ? undefined : rest.slice(1) };
  }
  if (text.startsWith(':')) return { addrPart: '', portPart: text.slice(1) };
  return { addrPart: text, portPart: undefined };
}

/** `addr[-addr][:port[-port]]` of --to-source / --to-destination (`family` 6: ip6tables, see splitNatRange6). */
export function parseNatRange(
  text: string,
  family: 4 | 6 = 4,
): { ok: true; addresses?: [string, string]; ports?: [number, number] } | { ok: false; message: string } {
  let addrPart: string;
  let portPart: string | undefined;
  if (family === 6) {
    const sp = splitNatRange6(text);
    if (typeof sp === 'string') return { ok: false, message: sp };
    ({ addrPart, portPart } = sp);
  } else {
    const colon = text.indexOf(':');
    addrPart = colon < 0 ? text : text.slice(0, colon);
    portPart = colon < 0 ? undefined : text.slice(colon + 1);
  }
  const parseAddr = family === 6 ? parseIpv6 : parseIpv4;
  let addresses: [string, string] | undefined;
  if (addrPart !== '') {
    const [lo, hi, extra] = addrPart.split('-');
    if (extra !== undefined) return { ok: false, message: `bad IP address range "${addrPart}"` };
    const a = parseAddr(lo ?? '');
    if (!a.ok) return { ok: false, message: `bad IP address "${lo ?? ''}": ${a.message}` };
    const b = hi === undefined ? a : parseAddr(hi);
    if (!b.ok) return { ok: false, message: `bad IP address "${hi ?? ''}": ${b.message}` };
    if (b.value < a.value)
      return { ok: false, message: `bad IP address range "${addrPart}": the end is below the start` };
    addresses = [lo ?? '', hi ?? lo ?? ''];
  }
  let ports: [number, number] | undefined;
  if (portPart !== undefined) {
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(portPart);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
    if (!m || lo < 1 || hi > 65535 || lo > hi)
      return { ok: false, message: `port range "${portPart}" is invalid` };
    ports = [lo, hi];
  }
  const r: { ok: true; addresses?: [string, string]; ports?: [number, number] } = { ok: true };
  if (addresses) r.addresses = addresses;
  if (ports) r.ports = ports;
  return r;
}
