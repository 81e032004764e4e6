/**
 * Compile one parsed Suricata rule (model SuricataRule) into a CompiledStatefulRule (NFW-8).
 *
 * Model: header fields resolve through the rule group's variable scope (resolve.ts). Options are read in order:
 * `tls.sni` / `http.host` select the sticky buffer for the following `content` matches; `nocase`, `startswith`,
 * `endswith`, `dotprefix` modify the preceding content; `flow` sets established/direction constraints; `ip_proto`
 * constrains the IP protocol. Anything else that can change matching (payload `content` without a sticky buffer,
 * unknown keywords, unknown flow values, protocols vpcsim does not detect) goes into `unsupported`; the evaluator
 * then treats that part as matching and reports it. Never throws.
 */
import type { SuricataRule } from '../../model/firewall.js';
import { protocolNumber } from '../../model/protocol.js';
import { parseAddressSpec, parsePortSpec } from '../../model/suricata/address.js';
import { EVALUATED_KEYWORDS, NO_EFFECT_KEYWORDS } from '../../model/suricata/keywords.js';
import { AddrSet } from '../../net/addr-set.js';
import { MAX_PORT, RangeSet } from '../../net/range-set.js';
import { resolveAddress, resolvePort, type ProblemSink, type VariableScope } from './resolve.js';
import type { AppProto, CompiledStatefulRule, ContentMatch } from './types.js';

/** Decode a Suricata content string: `"a|2e|b"` → `a.b`; escapes `\"`, `\;`, `\\`. */
export function decodeContent(raw: string): { text: string; negate: boolean } {
  let v = raw.trim();
  let negate = false;
  if (v.startsWith('!')) {
    negate = true;
    v = v.slice(1).trim();
  }
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i] ?? '';
    if (c === '\\' && i + 1 < v.length) {
      out += v[i + 1] ?? '';
      i++;
    } else if (c === '|') {
      const end = v.indexOf('|', i + 1);
      if (end < 0) {
        out += c;
        continue;
      }
      for (const h of v
        .slice(i + 1, end)
        .trim()
        .split(/\s+/)) {
        if (/^[0-9a-fA-F]{2}$/.test(h)) out += String.fromCharCode(parseInt(h, 16));
      }
      i = end;
    } else out += c;
  }
  return { text: out, negate };
}

type SpecCache = Map<string, RangeSet | AddrSet>;

function problemSink(rule: SuricataRule, onProblem: ProblemSink): ProblemSink {
  return (m) => {
    onProblem(`sid ${rule.sid ?? '?'}: ${m}`);
  };
}

/**
 * Resolve an address spec through the scope; `cache` (one per variable scope) makes repeated specs such as
 * `$HOME_NET` resolve once.
 */
function resolveAddressText(
  rule: SuricataRule,
  text: string,
  scope: VariableScope,
  onProblem: ProblemSink,
  cache: SpecCache,
): AddrSet {
  const key = `address:${text}`;
  const hit = cache.get(key);
  if (hit instanceof AddrSet) return hit;
  const sink = problemSink(rule, onProblem);
  const r = parseAddressSpec(text);
  let set: AddrSet;
  if (r.ok) set = resolveAddress(r.node, scope, sink);
  else {
    sink(`bad address "${text}": ${r.message}`);
    set = AddrSet.empty();
  }
  cache.set(key, set);
  return set;
}

/** Resolve a port spec through the scope (cached like addresses). */
function resolvePortText(
  rule: SuricataRule,
  text: string,
  scope: VariableScope,
  onProblem: ProblemSink,
  cache: SpecCache,
): RangeSet {
  const key = `port:${text}`;
  const hit = cache.get(key);
  if (hit instanceof RangeSet) return hit;
  const sink = problemSink(rule, onProblem);
  const r = parsePortSpec(text);
  let set: RangeSet;
  if (r.ok) set = resolvePort(r.node, scope, sink);
  else {
    sink(`bad port "${text}": ${r.message}`);
    set = RangeSet.empty(MAX_PORT);
  }
  cache.set(key, set);
  return set;
}

/**
 * What a rule's protocol field matches. Suricata's `icmp` applies to ICMPv4 and ICMPv6 alike, `icmpv4`/`icmpv6`
 * to one of them; `ipv4`/`ip4` and `ipv6`/`ip6` are every packet of one family (Suricata detect-engine-proto;
 * V6-12: Network Firewall inspects IPv6).
 */
const PROTO_OF: Readonly<Record<string, { ip: number; also?: number; family?: 4 | 6; app?: AppProto }>> = {
  ip: { ip: -1 },
  tcp: { ip: 6 },
  udp: { ip: 17 },
  icmp: { ip: 1, also: 58 },
  icmpv4: { ip: 1, family: 4 },
  icmpv6: { ip: 58, family: 6 },
  ipv4: { ip: -1, family: 4 },
  ip4: { ip: -1, family: 4 },
  ipv6: { ip: -1, family: 6 },
  ip6: { ip: -1, family: 6 },
  tls: { ip: 6, app: 'tls' },
  http: { ip: 6, app: 'http' },
  dns: { ip: -1, app: 'dns' },
};

/** Compile a rule. `where` names the group for explanations. Problems (unknown variables …) go to `onProblem`. */
export function compileStatefulRule(
  rule: SuricataRule,
  where: string,
  group: string,
  scope: VariableScope,
  onProblem: ProblemSink,
  cache: SpecCache = new Map(),
): CompiledStatefulRule {
  const unsupported: string[] = [];
  const proto = PROTO_OF[rule.protocol];
  const undetectedProto = proto ? undefined : rule.protocol;
  if (undetectedProto) unsupported.push(`protocol ${undetectedProto}`);

  let established: boolean | undefined;
  let toServer: boolean | undefined;
  let ipProtoOption: CompiledStatefulRule['ipProtoOption'];
  let clientHello = false;
  let priority = 3;
  let buffer: ContentMatch['buffer'] | undefined;
  const contents: {
    buffer: ContentMatch['buffer'];
    content: string;
    negate: boolean;
    nocase: boolean;
    startswith: boolean;
    endswith: boolean;
    dotprefix: boolean;
  }[] = [];
  let bufferDot = false;
  for (const o of rule.options) {
    switch (o.keyword) {
      case 'tls.sni':
      case 'http.host':
        buffer = o.keyword;
        bufferDot = false;
        break;
      case 'dotprefix':
        // A transformation of the sticky buffer: it prefixes the buffer with "." for every content match on it.
        bufferDot = true;
        for (const c of contents) if (c.buffer === buffer) c.dotprefix = true;
        break;
      case 'content': {
        const { text, negate } = decodeContent(o.value ?? '');
        if (buffer === undefined) {
          unsupported.push('content on the packet payload (no tls.sni/http.host buffer)');
          break;
        }
        contents.push({
          buffer,
          content: buffer === 'http.host' ? text.toLowerCase() : text,
          negate,
          nocase: false,
          startswith: false,
          endswith: false,
          dotprefix: bufferDot,
        });
        break;
      }
      case 'nocase':
      case 'startswith':
      case 'endswith': {
        const l = contents[contents.length - 1];
        if (l) l[o.keyword] = true;
        break;
      }
      case 'flow':
        for (const v of (o.value ?? '').split(',').map((s) => s.trim().toLowerCase())) {
          if (v === 'established') established = true;
          else if (v === 'not_established') established = false;
          else if (v === 'to_server' || v === 'from_client') toServer = true;
          else if (v === 'to_client' || v === 'from_server') toServer = false;
          else if (v !== 'stateless') unsupported.push(`flow:${v}`);
        }
        break;
      case 'ip_proto': {
        const raw = (o.value ?? '').trim();
        const negate = raw.startsWith('!');
        const n = protocolNumber(raw.replace(/^[!<>]/, '').trim());
        if (n === undefined || /^[<>]/.test(raw)) unsupported.push(`ip_proto:${raw}`);
        else ipProtoOption = { proto: n, negate };
        break;
      }
      case 'priority':
        priority = Number(o.value);
        break;
      case 'ssl_state':
        // Only client_hello is modelled: the TLS ClientHello is the one packet that carries the SNI.
        if ((o.value ?? '').trim().toLowerCase() === 'client_hello') clientHello = true;
        else unsupported.push(`ssl_state:${o.value ?? ''}`);
        break;
      default:
        if (!EVALUATED_KEYWORDS.has(o.keyword) && !NO_EFFECT_KEYWORDS.has(o.keyword))
          unsupported.push(o.keyword);
    }
  }
  const compiledContents: ContentMatch[] = contents.map((c) => ({
    ...c,
    content: c.nocase ? c.content.toLowerCase() : c.content,
  }));
  return {
    where,
    group,
    action: rule.action,
    sid: rule.sid,
    text: rule.text,
    ipProto: proto?.ip ?? -1,
    ipProtoAlso: proto?.also,
    family: proto?.family,
    app: proto?.app,
    undetectedProto,
    src: resolveAddressText(rule, rule.source, scope, onProblem, cache),
    sport: resolvePortText(rule, rule.sourcePort, scope, onProblem, cache),
    dst: resolveAddressText(rule, rule.destination, scope, onProblem, cache),
    dport: resolvePortText(rule, rule.destinationPort, scope, onProblem, cache),
    bidirectional: rule.direction === '<>',
    established,
    toServer,
    ipProtoOption,
    clientHello,
    contents: compiledContents,
    priority: Number.isInteger(priority) ? priority : 3,
    unsupported: [...new Set(unsupported)],
  };
}
