/**
 * compileOs: one instance's Linux network stack compiled once for fast per-packet evaluation — interfaces and
 * their addresses, the main routing table, per-interface IP forwarding, and the filter and nat tables as arrays of
 * numeric matchers with jumps resolved to chain objects.
 *
 * Model: interfaces are `eth0`, `eth1`… by ENI device index, each with its private IPs (primary first; secondary
 * IPs are addresses of the same interface, as Linux adds them). Routing table = connected subnets + default via
 * eth0's subnet router (subnet base + 1, the VPC router) + `os.routes` (a user route replaces an implicit one
 * with the same prefix, like `ip route replace`). Forwarding of a packet received on ethN follows
 * `net.ipv4.conf.ethN.forwarding` when set, else `net.ipv4.ip_forward` (NATI-3).
 * Tables `raw`, `mangle` (and rules in them) are not evaluated: each non-empty one gives a diagnostic. A rule
 * the compiler cannot evaluate (jump to a missing chain, bad address from a hand-built model) keeps its place and
 * is marked unsupported, so the verdict it would decide is reported as uncertain — never silently skipped.
 * Nothing here parses per packet: addresses are uint32 with masks, interfaces are index bitmaps.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { InstanceOs, NetfilterMatch, NetfilterRule, NetfilterTableName } from '../../model/os.js';
import { parseIpv4 } from '../../net/ipv4.js';
import { mask4, prefix4, tryCidr4, type Prefix4, containsAddr } from '../../net/prefix.js';
import type { Packet } from '../packet.js';
import {
  CT_DNAT,
  CT_ESTABLISHED,
  CT_INVALID,
  CT_NEW,
  CT_RELATED,
  CT_SNAT,
  CT_UNTRACKED,
} from './conntrack.js';

/** An instance network interface as the data plane gives it. */
export interface OsInterface {
  /** `eth0`, `eth1` … by device index. */
  readonly name: string;
  /** Private IPv4 addresses (uint32), primary first. */
  readonly addresses: readonly number[];
  readonly subnet: Prefix4;
}

/** What a matcher sees besides the packet. */
export interface MatchContext {
  /** Index of the input interface, or -1 for locally generated packets. */
  readonly inIf: number;
  /** Index of the output interface, or -1 before routing / for local delivery. */
  readonly outIf: number;
  /** CT_* state bits of the packet. */
  readonly state: number;
}

export type Matcher = (p: Packet, c: MatchContext) => boolean;

export type CompiledTarget =
  | { readonly kind: 'ACCEPT' | 'DROP' | 'RETURN' | 'LOG' | 'NONE' }
  | { readonly kind: 'REJECT'; readonly with: string }
  | { readonly kind: 'JUMP' | 'GOTO'; readonly chain: CompiledChain }
  | {
      readonly kind: 'SNAT' | 'DNAT';
      readonly lo: number;
      readonly hi: number;
      readonly ports?: readonly [number, number] | undefined;
      readonly keepAddress?: boolean | undefined;
    }
  | { readonly kind: 'MASQUERADE' | 'REDIRECT'; readonly ports?: readonly [number, number] | undefined };

export interface CompiledRule {
  readonly matchers: readonly Matcher[];
  readonly target: CompiledTarget;
  readonly text: string;
  readonly unsupported?: readonly string[] | undefined;
  readonly source: NetfilterRule;
}

export interface CompiledChain {
  readonly name: string;
  readonly table: NetfilterTableName;
  readonly builtin: boolean;
  readonly policy: 'ACCEPT' | 'DROP';
  /** The policy was set explicitly (`-P`), as opposed to the default ACCEPT. */
  readonly policyText: string;
  rules: CompiledRule[];
}

export interface OsRouteEntry {
  readonly prefix: Prefix4;
  readonly outIf: number;
  readonly via?: number | undefined;
  readonly text: string;
}

export interface CompiledOs {
  readonly hostId: string;
  readonly ifaces: readonly OsInterface[];
  /** Own address → interface index (every address of every interface). */
  readonly local: ReadonlyMap<number, number>;
  /** Per interface: does a packet received here get forwarded? */
  readonly forwarding: readonly boolean[];
  readonly ipForward: boolean;
  /** Per interface: `send_redirects` (Linux sends ICMP redirects when forwarding out the receiving interface). */
  readonly sendRedirects: readonly boolean[];
  /** Routes, longest prefix first. */
  readonly routes: readonly OsRouteEntry[];
  /** Built-in chains: `filter` / `nat` → chain name → chain; absent table = nothing configured. */
  readonly chains: {
    readonly filter: ReadonlyMap<string, CompiledChain>;
    readonly nat: ReadonlyMap<string, CompiledChain>;
  };
  /** Problems found compiling (not evaluated tables, rules that cannot be evaluated). */
  readonly diagnostics: readonly Diagnostic[];
}

const STATE_BITS: Readonly<Record<string, number>> = {
  NEW: CT_NEW,
  ESTABLISHED: CT_ESTABLISHED,
  RELATED: CT_RELATED,
  INVALID: CT_INVALID,
  UNTRACKED: CT_UNTRACKED,
  SNAT: CT_SNAT,
  DNAT: CT_DNAT,
};

function ifaceMask(ifaces: readonly OsInterface[], name: string): boolean[] {
  const wildcard = name.endsWith('+');
  const stem = wildcard ? name.slice(0, -1) : name;
  return ifaces.map((i) => (wildcard ? i.name.startsWith(stem) : i.name === name));
}

function portsMatcher(ranges: readonly (readonly [number, number])[]): (port: number) => boolean {
  if (ranges.length === 1) {
    const [lo, hi] = ranges[0] as readonly [number, number];
    return (port) => port >= lo && port <= hi;
  }
  const flat = ranges.flat();
  return (port) => {
    for (let k = 0; k < flat.length; k += 2)
      if (port >= (flat[k] as number) && port <= (flat[k + 1] as number)) return true;
    return false;
  };
}

function hasPortsProto(p: Packet): boolean {
  return p.proto === 6 || p.proto === 17 || p.proto === 132;
}

/** One match → a predicate, or a string saying why it cannot be evaluated. */
function compileMatch(m: NetfilterMatch, ifaces: readonly OsInterface[]): Matcher | string {
  const neg = m.negate;
  const wrap = (f: Matcher): Matcher => (neg ? (p, c) => !f(p, c) : f);
  switch (m.kind) {
    case 'source':
    case 'destination': {
      const pre = tryCidr4(m.cidr.includes('/') ? m.cidr : `${m.cidr}/32`);
      if (!pre) return `${m.kind === 'source' ? '-s' : '-d'} ${m.cidr} (not an IPv4 address)`;
      const mk = mask4(pre.len);
      const base = pre.base;
      return m.kind === 'source'
        ? wrap((p) => typeof p.src === 'number' && (p.src & mk) >>> 0 === base)
        : wrap((p) => typeof p.dst === 'number' && (p.dst & mk) >>> 0 === base);
    }
    case 'protocol': {
      const n = m.protocol;
      return wrap((p) => p.proto === n);
    }
    case 'in-interface': {
      const set = ifaceMask(ifaces, m.name);
      return wrap((_p, c) => c.inIf >= 0 && set[c.inIf] === true);
    }
    case 'out-interface': {
      const set = ifaceMask(ifaces, m.name);
      return wrap((_p, c) => c.outIf >= 0 && set[c.outIf] === true);
    }
    case 'source-port': {
      const f = portsMatcher(m.ports);
      // a port match only ever matches TCP/UDP packets, negated or not (the -p tcp is part of the match)
      return neg ? (p) => hasPortsProto(p) && !f(p.srcPort) : (p) => hasPortsProto(p) && f(p.srcPort);
    }
    case 'destination-port': {
      const f = portsMatcher(m.ports);
      return neg ? (p) => hasPortsProto(p) && !f(p.dstPort) : (p) => hasPortsProto(p) && f(p.dstPort);
    }
    case 'port': {
      const f = portsMatcher(m.ports);
      return neg
        ? (p) => hasPortsProto(p) && !(f(p.srcPort) || f(p.dstPort))
        : (p) => hasPortsProto(p) && (f(p.srcPort) || f(p.dstPort));
    }
    case 'ctstate': {
      let bits = 0;
      for (const s of m.states) bits |= STATE_BITS[s] ?? 0;
      return wrap((_p, c) => (c.state & bits) !== 0);
    }
    case 'icmp-type': {
      const t = m.type;
      const code = m.code;
      const f: Matcher =
        code === undefined
          ? (p) => p.proto === 1 && p.icmpType === t
          : (p) => p.proto === 1 && p.icmpType === t && p.icmpCode === code;
      return neg ? (p, c) => p.proto === 1 && !f(p, c) : f;
    }
  }
}

function addressOf(text: string): number | null {
  const r = parseIpv4(text);
  return r.ok ? r.value : null;
}

/**
 * Compile an instance's OS for the data plane. `os` undefined = an instance nobody configured: no forwarding,
 * empty tables (Amazon Linux defaults).
 */
export function compileOs(
  hostId: string,
  os: InstanceOs | undefined,
  ifaces: readonly OsInterface[],
): CompiledOs {
  const diagnostics: Diagnostic[] = [];
  const sysctl = os?.sysctl ?? {};
  const ipForward = os?.ipForward ?? false;
  const forwarding = ifaces.map((i) => {
    const v = sysctl[`net.ipv4.conf.${i.name}.forwarding`];
    return v !== undefined ? Number(v) !== 0 : ipForward;
  });
  const sendRedirects = ifaces.map((i) => {
    // the kernel uses conf.all OR conf.<dev> (IN_DEV_TX_REDIRECTS); the default is 1
    const all = sysctl['net.ipv4.conf.all.send_redirects'];
    const dev =
      sysctl[`net.ipv4.conf.${i.name}.send_redirects`] ?? sysctl['net.ipv4.conf.default.send_redirects'];
    return Number(all ?? '1') !== 0 || Number(dev ?? '1') !== 0;
  });
  const local = new Map<number, number>();
  ifaces.forEach((i, k) => {
    for (const a of i.addresses) if (!local.has(a)) local.set(a, k);
  });

  // ---- routing table
  const routes = new Map<string, OsRouteEntry>();
  const key = (p: Prefix4): string => `${p.base}/${p.len}`;
  ifaces.forEach((i, k) => {
    const p = prefix4(i.subnet.base, i.subnet.len);
    routes.set(key(p), { prefix: p, outIf: k, text: `${fmt(p)} dev ${i.name} proto kernel scope link` });
  });
  const eth0 = ifaces[0];
  if (eth0) {
    const gw = (eth0.subnet.base + 1) >>> 0;
    const p = prefix4(0, 0);
    routes.set(key(p), { prefix: p, outIf: 0, via: gw, text: `default via ${ipText(gw)} dev ${eth0.name}` });
  }
  for (const r of os?.routes ?? []) {
    const p = r.destination === 'default' ? prefix4(0, 0) : tryCidr4(r.destination);
    const via = r.via !== undefined ? addressOf(r.via) : null;
    let outIf = r.dev !== undefined ? ifaces.findIndex((i) => i.name === r.dev) : -1;
    if (outIf < 0 && via !== null) outIf = ifaces.findIndex((i) => containsAddr(i.subnet, via));
    if (!p || outIf < 0) {
      diagnostics.push({
        severity: 'warning',
        code: 'OS_ROUTE_UNUSABLE',
        message: `${hostId}: route "${r.text}" ${!p ? 'has a bad destination' : `names no interface of this instance (${ifaces.map((i) => i.name).join(', ') || 'none'}) and its gateway is on none of their subnets`}; it is ignored (Linux refuses it: "Nexthop has invalid gateway" / "Cannot find device")`,
        span: r.span,
        resource: hostId,
      });
      continue;
    }
    routes.set(key(p), {
      prefix: p,
      outIf,
      via: via ?? undefined,
      text: r.text.replace(/^ip route (add|replace|append|change) /, ''),
    });
  }
  const sortedRoutes = [...routes.values()].sort((a, b) => b.prefix.len - a.prefix.len);

  // ---- netfilter
  const compileTable = (name: 'filter' | 'nat'): Map<string, CompiledChain> => {
    const table = os?.netfilter.tables[name];
    const out = new Map<string, CompiledChain>();
    if (!table) return out;
    for (const c of Object.values(table.chains)) {
      const builtin =
        c.policy !== undefined ||
        ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'].includes(c.name);
      out.set(c.name, {
        name: c.name,
        table: name,
        builtin,
        policy: c.policy ?? 'ACCEPT',
        policyText: `-t ${name} -P ${c.name} ${c.policy ?? 'ACCEPT'}`,
        rules: [],
      });
    }
    for (const c of Object.values(table.chains)) {
      const chain = out.get(c.name) as CompiledChain;
      chain.rules = c.rules.map((r) => compileRule(r, name, out, ifaces, hostId, diagnostics));
    }
    return out;
  };
  const filter = compileTable('filter');
  const nat = compileTable('nat');
  for (const t of ['raw', 'mangle'] as const) {
    const table = os?.netfilter.tables[t];
    const n = table ? Object.values(table.chains).reduce((s, c) => s + c.rules.length, 0) : 0;
    if (n > 0) {
      diagnostics.push({
        severity: 'warning',
        code: 'IPTABLES_TABLE_NOT_EVALUATED',
        message: `${hostId}: the ${t} table has ${n} rule${n === 1 ? '' : 's'}; vpcsim does not evaluate the ${t} table (marks, NOTRACK) — traces through this instance assume those rules change nothing`,
        span: os?.span,
        resource: hostId,
      });
    }
  }
  return {
    hostId,
    ifaces,
    local,
    forwarding,
    ipForward,
    sendRedirects,
    routes: sortedRoutes,
    chains: { filter, nat },
    diagnostics,
  };
}

function compileRule(
  r: NetfilterRule,
  table: 'filter' | 'nat',
  chains: Map<string, CompiledChain>,
  ifaces: readonly OsInterface[],
  hostId: string,
  diagnostics: Diagnostic[],
): CompiledRule {
  const unsupported = [...(r.unsupported ?? [])];
  const matchers: Matcher[] = [];
  for (const m of r.matches) {
    const f = compileMatch(m, ifaces);
    if (typeof f === 'string') unsupported.push(f);
    else matchers.push(f);
  }
  let target: CompiledTarget;
  const t = r.target;
  switch (t.kind) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
    case 'LOG':
    case 'NONE':
      target = { kind: t.kind };
      break;
    case 'REJECT':
      target = { kind: 'REJECT', with: t.with ?? 'icmp-port-unreachable' };
      break;
    case 'JUMP':
    case 'GOTO': {
      const c = chains.get(t.chain);
      if (!c) {
        unsupported.push(`${t.kind === 'JUMP' ? '-j' : '-g'} ${t.chain} (no such chain in table ${table})`);
        diagnostics.push({
          severity: 'error',
          code: 'IPTABLES_MISSING_CHAIN',
          message: `${hostId}: rule "${r.text}" jumps to chain ${t.chain}, which does not exist in table ${table}`,
          span: r.span,
          resource: hostId,
        });
        target = { kind: 'NONE' };
      } else target = { kind: t.kind, chain: c };
      break;
    }
    case 'SNAT':
    case 'DNAT': {
      const lo = addressOf(t.toAddresses[0]);
      const hi = addressOf(t.toAddresses[1]);
      if (lo === null || hi === null || hi < lo) {
        unsupported.push(`${t.kind} to ${t.toAddresses.join('-')} (not an IPv4 address range)`);
        target = { kind: 'NONE' };
      } else {
        target = { kind: t.kind, lo, hi, ports: t.toPorts, keepAddress: lo === 0 && hi === 0 };
      }
      break;
    }
    case 'MASQUERADE':
    case 'REDIRECT':
      target = { kind: t.kind, ports: t.toPorts };
      break;
  }
  return {
    matchers,
    target,
    text: r.text,
    unsupported: unsupported.length > 0 ? unsupported : undefined,
    source: r,
  };
}

function ipText(a: number): string {
  return `${(a >>> 24) & 255}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}
function fmt(p: Prefix4): string {
  return `${ipText(p.base)}/${p.len}`;
}

/** Longest-prefix route for a destination, or undefined. */
export function routeFor(os: CompiledOs, dst: number): OsRouteEntry | undefined {
  for (const r of os.routes) if (containsAddr(r.prefix, dst)) return r;
  return undefined;
}
