/**
 * The values iptables options take, read as iptables 1.8 reads them: an IPv4 address or network (`-s`, `-d`), a
 * port or port range (`--dport`, multiport lists) and a NAT range (`--to-source`, `--to-destination`).
 */
import { parseIpv4 } from '../../net/ipv4.js';
import { formatPrefix, mask4, prefix4 } from '../../net/prefix.js';
import { SERVICE_PORTS } from './names.js';

/** Parse `a.b.c.d[/len|/mask]` as iptables does (host bits cleared). Returns canonical CIDR text or an error. */
export function parseIptablesAddress(
  text: string,
): { ok: true; cidr: string } | { ok: false; message: string } {
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

/** `addr[-addr][:port[-port]]` of --to-source / --to-destination. */
export function parseNatRange(
  text: string,
): { ok: true; addresses?: [string, string]; ports?: [number, number] } | { ok: false; message: string } {
  const colon = text.indexOf(':');
  const addrPart = colon < 0 ? text : text.slice(0, colon);
  const portPart = colon < 0 ? undefined : text.slice(colon + 1);
  let addresses: [string, string] | undefined;
  if (addrPart !== '') {
    const [lo, hi, extra] = addrPart.split('-');
    if (extra !== undefined) return { ok: false, message: `bad IP address range "${addrPart}"` };
    const a = parseIpv4(lo ?? '');
    if (!a.ok) return { ok: false, message: `bad IP address "${lo ?? ''}": ${a.message}` };
    const b = hi === undefined ? a : parseIpv4(hi);
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
