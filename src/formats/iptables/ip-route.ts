/**
 * `ip route add|replace|append DEST [via GW] [dev DEV] [metric N] [src A] [proto P] [scope S] [table T]` →
 * an OsRoute, as iproute2 reads it.
 *
 * Model: DEST is a CIDR, a bare address (a /32 host route) or `default`. Only the main routing table is
 * evaluated: a route in another table (`table 100`, policy routing) is kept out and reported as unsupported.
 * `ip route del|flush|show` are recognised: `show` is ignored, the others reported as unsupported. Errors
 * (bad address, missing destination) are diagnostics; nothing throws.
 */
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type { OsRoute } from '../../model/os.js';
import { parseIpv4 } from '../../net/ipv4.js';
import { parseIptablesAddress } from './values.js';
import type { Word } from './shell.js';

/** Parse the words after `ip route`. Returns the route, or null (with a diagnostic when it was an error). */
export function parseIpRoute(
  args: readonly Word[],
  spanOf: (w: { line: number; col: number }) => Span,
  diagnostics: Diagnostic[],
  head: Word,
): OsRoute | null {
  const verb = args[0]?.text ?? 'show';
  const span = spanOf(head);
  if (['show', 'list', 'ls', 'l', 's', 'get', 'g'].includes(verb)) return null;
  if (!['add', 'a', 'replace', 'append', 'change'].includes(verb)) {
    diagnostics.push({ severity: 'warning', code: 'IP_ROUTE_UNSUPPORTED',
      message: `"ip route ${verb}" is not evaluated; write the routes the instance ends up with as "ip route add"`, span });
    return null;
  }
  const rest = args.slice(1);
  let destination: string | undefined;
  let via: string | undefined;
  let dev: string | undefined;
  let otherTable: string | undefined;
  const text = ['ip route add', ...rest.map((w) => w.text)].join(' ');
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k] as Word;
    const t = w.text;
    const val = (): Word | undefined => {
      const v = rest[k + 1];
      k++;
      if (!v) diagnostics.push({ severity: 'error', code: 'IP_ROUTE_SYNTAX', message: `"${t}" needs an argument`, span: spanOf(w) });
      return v;
    };
    switch (t) {
      case 'via': {
        const v = val();
        if (!v) return null;
        const a = parseIpv4(v.text.replace(/^inet\s+/, ''));
        if (!a.ok) {
          diagnostics.push({ severity: 'error', code: 'IP_ROUTE_SYNTAX', message: `invalid gateway "${v.text}": ${a.message}`, span: spanOf(v) });
          return null;
        }
        via = v.text;
        break;
      }
      case 'dev':
      case 'oif': {
        const v = val();
        if (!v) return null;
        dev = v.text;
        break;
      }
      case 'table': {
        const v = val();
        if (!v) return null;
        if (v.text !== 'main' && v.text !== '254') otherTable = v.text;
        break;
      }
      case 'metric':
      case 'preference':
      case 'src':
      case 'proto':
      case 'protocol':
      case 'scope':
      case 'mtu':
      case 'realm':
      case 'onlink':
        if (t !== 'onlink') val();
        break;
      case 'to':
        break;
      default: {
        if (destination !== undefined) {
          diagnostics.push({ severity: 'error', code: 'IP_ROUTE_SYNTAX', message: `unexpected "${t}" in "${text}"`, span: spanOf(w) });
          return null;
        }
        if (t === 'default' || t === '0/0') {
          destination = 'default';
          break;
        }
        const p = parseIptablesAddress(t);
        if (!p.ok) {
          diagnostics.push({ severity: 'error', code: 'IP_ROUTE_SYNTAX', message: `invalid route destination "${t}": ${p.message}`, span: spanOf(w) });
          return null;
        }
        destination = p.cidr;
      }
    }
  }
  if (destination === undefined) {
    diagnostics.push({ severity: 'error', code: 'IP_ROUTE_SYNTAX', message: `"${text}": no destination`, span });
    return null;
  }
  if (via === undefined && dev === undefined) {
    diagnostics.push({ severity: 'error', code: 'IP_ROUTE_SYNTAX', message: `"${text}": needs "via GATEWAY" or "dev DEVICE"`, span });
    return null;
  }
  if (otherTable !== undefined) {
    diagnostics.push({ severity: 'warning', code: 'IP_ROUTE_UNSUPPORTED',
      message: `route in routing table ${otherTable} (policy routing) is not evaluated; only the main table is`, span });
    return null;
  }
  return { destination, via, dev, text, span };
}
