/**
 * iptables match options, each checked against the match modules loaded before it as iptables checks them:
 * `-s`/`-d` (comma lists, host names resolved by DNS when the rule is added → unsupported), `-p` (loads the tcp, udp
 * or icmp module), `-i`/`-o`, `-m` (tcp, udp, icmp, multiport, state, conntrack, comment evaluated; any other module
 * kept as unsupported), `--sport`/`--dport` (need `-p tcp|udp`), multiport lists (at most 15 ports), `--state` /
 * `--ctstate`, `--icmp-type` (name or type[/code]) and `--comment`.
 */
import { protocolNumber } from '../../model/protocol.js';
import { optionTable, type ArgsReader, type OptionHandler } from './args-reader.js';
import { CTSTATE_NAMES, ICMP_TYPE_NAMES, ICMPV6_TYPE_NAMES, STATE_NAMES } from './names.js';
import type { Word } from './shell.js';
import { parseIptablesAddress, parsePortRange } from './values.js';

/** Protocols with ports. */
const PORT_PROTOS: ReadonlySet<number> = new Set([6, 17, 132, 33, 136]);
/** Match modules vpcsim evaluates. */
const KNOWN_MODULES: ReadonlySet<string> = new Set([
  'tcp',
  'udp',
  'icmp',
  'icmp6',
  'multiport',
  'state',
  'conntrack',
  'comment',
]);
/** The protocol `-m tcp|udp|icmp` needs (the kernel refuses it otherwise: "tcp match: only valid for protocol 6"). */
const MODULE_PROTO: ReadonlyMap<string, number> = new Map([
  ['tcp', 6],
  ['udp', 17],
  ['icmp', 1],
  ['icmp6', 58],
]);

const SOURCE_NAMES: ReadonlySet<string> = new Set(['-s', '--source', '--src']);

function addresses(r: ArgsReader, w: Word): void {
  const t = w.text;
  const isSrc = SOURCE_NAMES.has(t);
  const neg = r.takeNeg();
  const v = r.next(w);
  if (!v) return;
  const list: string[] = [];
  for (const part of v.text.split(',')) {
    const a = parseIptablesAddress(part, r.ctx.family ?? 4);
    if (!a.ok) {
      if (/^[a-zA-Z]/.test(part) && !v.dynamic) {
        // a host name: iptables resolves it with DNS when the rule is inserted
        r.unsupported.push(
          `${isSrc ? '-s' : '-d'} ${part} (host name resolved by DNS when the rule is added)`,
        );
        continue;
      }
      if (v.dynamic) {
        r.unsupported.push(`${isSrc ? '-s' : '-d'} ${v.text} (shell variable)`);
        continue;
      }
      r.err(v, 'IPTABLES_BAD_ADDRESS', `${t} ${v.text}: ${a.message}`);
      return;
    }
    list.push(a.cidr);
  }
  if (neg && v.text.includes(',')) {
    r.err(v, 'IPTABLES_SYNTAX', '"!" is not allowed with multiple source or destination IP addresses');
    return;
  }
  if (isSrc) {
    r.sources = list;
    r.sourceNegate = neg;
  } else {
    r.destinations = list;
    r.destinationNegate = neg;
  }
  r.pushText(...(neg ? ['!'] : []), isSrc ? '-s' : '-d', v.text);
}

function protocol(r: ArgsReader, w: Word): void {
  const neg = r.takeNeg();
  const v = r.next(w);
  if (!v) return;
  const n = protocolNumber(v.text);
  if (n === undefined) {
    r.err(v, 'IPTABLES_SYNTAX', `unknown protocol "${v.text}" specified`);
    return;
  }
  r.pushText(...(neg ? ['!'] : []), '-p', v.text);
  if (n === -1 || n === 0) return; // `-p all`
  r.proto = n;
  r.protoNegate = neg;
  if (!neg) {
    if (n === 6) r.modules.add('tcp');
    if (n === 17) r.modules.add('udp');
    if (n === 1) r.modules.add('icmp');
    if (n === 58) r.modules.add('icmp6');
  }
  r.matches.push({ kind: 'protocol', protocol: n, negate: neg });
}

function iface(r: ArgsReader, w: Word): void {
  const isIn = w.text === '-i' || w.text === '--in-interface';
  const neg = r.takeNeg();
  const v = r.next(w);
  if (!v) return;
  if (v.text.length > 15) {
    r.err(v, 'IPTABLES_SYNTAX', `interface name "${v.text}" must be shorter than 16 characters`);
    return;
  }
  r.pushText(...(neg ? ['!'] : []), isIn ? '-i' : '-o', v.text);
  if (v.dynamic) {
    r.unsupported.push(`${isIn ? '-i' : '-o'} ${v.text} (shell variable)`);
    return;
  }
  r.matches.push({ kind: isIn ? 'in-interface' : 'out-interface', name: v.text, negate: neg });
}

function matchModule(r: ArgsReader, w: Word): void {
  const v = r.next(w);
  if (!v) return;
  r.pushText('-m', v.text);
  const m = v.text;
  if (!KNOWN_MODULES.has(m)) {
    r.unknownModules.push(m);
    r.unsupported.push(`-m ${m}`);
    return;
  }
  const needs = MODULE_PROTO.get(m);
  if (needs !== undefined && r.proto !== needs) {
    r.err(v, 'IPTABLES_SYNTAX', `-m ${m} needs "-p ${m}" before it`);
    return;
  }
  r.modules.add(m);
}

/** Is a port option allowed here: `-p tcp|udp…` (or their module) before it, and `-m multiport` for lists? */
function portsAllowed(r: ArgsReader, w: Word, viaModule?: string): boolean {
  const protoOk = r.proto !== undefined && PORT_PROTOS.has(r.proto) && !r.protoNegate;
  if (viaModule !== undefined) {
    if (!r.modules.has(viaModule)) {
      r.err(w, 'IPTABLES_SYNTAX', `unknown option "${w.text}" (it needs "-m ${viaModule}")`);
      return false;
    }
    if (!protoOk) {
      r.err(w, 'IPTABLES_SYNTAX', `multiport needs "-p tcp", "-p udp", "-p udplite", "-p dccp" or "-p sctp"`);
      return false;
    }
    return true;
  }
  if (!protoOk && !r.modules.has('tcp') && !r.modules.has('udp')) {
    r.err(w, 'IPTABLES_SYNTAX', `unknown option "${w.text}": a port match needs "-p tcp" or "-p udp" first`);
    return false;
  }
  return true;
}

function portList(r: ArgsReader, w: Word, v: Word, multi: boolean): [number, number][] | undefined {
  const parts = multi ? v.text.split(',') : [v.text];
  if (multi && parts.length > 15) {
    r.err(v, 'IPTABLES_BAD_PORT', `too many ports specified in "${v.text}" (multiport takes at most 15)`);
    return undefined;
  }
  const out: [number, number][] = [];
  for (const p of parts) {
    const range = parsePortRange(p);
    if (typeof range === 'string') {
      r.err(v, 'IPTABLES_BAD_PORT', `${w.text} ${v.text}: ${range}`);
      return undefined;
    }
    out.push(range);
  }
  return out;
}

/** `--sport`/`--dport` (tcp/udp module) and the multiport lists `--sports`/`--dports`/`--ports`. */
function ports(multi: boolean): OptionHandler {
  return (r, w) => {
    const t = w.text;
    const neg = r.takeNeg();
    const v = r.next(w);
    if (!v || !portsAllowed(r, w, multi ? 'multiport' : undefined)) return;
    const list = portList(r, w, v, multi);
    if (!list) return;
    r.pushText(...(neg ? ['!'] : []), t, v.text);
    const kind = t === '--ports' ? 'port' : t.startsWith('--s') ? 'source-port' : 'destination-port';
    r.matches.push({ kind, ports: list, negate: neg });
  };
}

function state(r: ArgsReader, w: Word): void {
  const t = w.text;
  const neg = r.takeNeg();
  const v = r.next(w);
  if (!v) return;
  const mod = t === '--state' ? 'state' : 'conntrack';
  if (!r.modules.has(mod)) {
    r.err(w, 'IPTABLES_SYNTAX', `unknown option "${t}" (it needs "-m ${mod}")`);
    return;
  }
  const names = t === '--state' ? STATE_NAMES : CTSTATE_NAMES;
  const states = v.text.split(',').map((s) => s.toUpperCase());
  const badState = states.find((s) => !names.has(s));
  if (badState !== undefined) {
    r.err(v, 'IPTABLES_SYNTAX', `bad ${t.slice(2)} "${badState}" (known: ${[...names].join(', ')})`);
    return;
  }
  r.pushText(...(neg ? ['!'] : []), t, v.text);
  r.matches.push({ kind: 'ctstate', states, negate: neg });
}

/** An ICMP type by name (`echo-request`) or number (`8`, `3/4`); `any` (255) matches every type. */
function icmpTypeOf(text: string): { type: number; code: number | undefined } | undefined {
  const named = ICMP_TYPE_NAMES[text.toLowerCase()];
  if (named) return { type: named[0], code: named[1] };
  const m = /^([0-9]{1,3})(?:\/([0-9]{1,3}))?$/.exec(text);
  if (m && Number(m[1]) <= 255 && (m[2] === undefined || Number(m[2]) <= 255))
    return { type: Number(m[1]), code: m[2] === undefined ? undefined : Number(m[2]) };
  return undefined;
}

/** An ICMPv6 type by name (`echo-request`) or number (`128`, `1/4`) for ip6tables' `--icmpv6-type`. */
function icmpv6TypeOf(text: string): { type: number; code: number | undefined } | undefined {
  const named = ICMPV6_TYPE_NAMES[text.toLowerCase()];
  if (named) return { type: named[0], code: named[1] };
  const m = /^([0-9]{1,3})(?:\/([0-9]{1,3}))?$/.exec(text);
  if (m && Number(m[1]) <= 255 && (m[2] === undefined || Number(m[2]) <= 255))
    return { type: Number(m[1]), code: m[2] === undefined ? undefined : Number(m[2]) };
  return undefined;
}

function icmpType(r: ArgsReader, w: Word): void {
  const neg = r.takeNeg();
  const v = r.next(w);
  if (!v) return;
  const v6 = w.text === '--icmpv6-type';
  if (v6 ? !r.modules.has('icmp6') : !r.modules.has('icmp')) {
    r.err(
      w,
      'IPTABLES_SYNTAX',
      v6
        ? 'unknown option "--icmpv6-type" (it needs ip6tables and "-p ipv6-icmp")'
        : 'unknown option "--icmp-type" (it needs "-p icmp")',
    );
    return;
  }
  const ic = v6 ? icmpv6TypeOf(v.text) : icmpTypeOf(v.text);
  if (ic === undefined) {
    r.err(v, 'IPTABLES_SYNTAX', `invalid ICMP type "${v.text}"`);
    return;
  }
  r.pushText(...(neg ? ['!'] : []), w.text, v.text);
  if (ic.type !== 255) r.matches.push({ kind: 'icmp-type', type: ic.type, code: ic.code, negate: neg });
}

function comment(r: ArgsReader, w: Word): void {
  const v = r.next(w);
  if (!v) return;
  if (!r.modules.has('comment')) {
    r.err(w, 'IPTABLES_SYNTAX', 'unknown option "--comment" (it needs "-m comment")');
    return;
  }
  r.pushText(w.text, v.text);
}

export const MATCH_OPTIONS: ReadonlyMap<string, OptionHandler> = optionTable([
  [['-s', '--source', '--src', '-d', '--destination', '--dst'], addresses],
  [['-p', '--protocol'], protocol],
  [['-i', '--in-interface', '-o', '--out-interface'], iface],
  [['-m', '--match'], matchModule],
  [['--sport', '--source-port', '--dport', '--destination-port'], ports(false)],
  [['--sports', '--source-ports', '--dports', '--destination-ports', '--ports'], ports(true)],
  [['--state', '--ctstate'], state],
  [['--icmp-type', '--icmpv6-type'], icmpType],
  [['--comment'], comment],
]);
