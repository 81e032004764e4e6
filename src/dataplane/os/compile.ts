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
 * IPv6 is a second stack compiled the same way (`v6`): the interfaces' IPv6 addresses and /64s, the connected
 * IPv6 routes and a default route via the subnet's router (`::1` of the /64, V6-1), ip6tables' filter and nat
 * tables, and forwarding from `net.ipv6.conf.all.forwarding` (one global switch in Linux IPv6).
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { InstanceOs, NetfilterRule } from '../../model/os.js';
import { formatAddr, type Addr } from '../../net/addr.js';
import { formatPrefix, prefix4, prefix6, tryCidr, type Prefix, containsAddr } from '../../net/prefix.js';
import { addressOf, compileMatch } from './match.js';
import type {
  CompiledChain,
  CompiledOs,
  CompiledRule,
  CompiledTarget,
  Matcher,
  OsInterface,
  OsRouteEntry,
} from './types.js';

export type {
  CompiledChain,
  CompiledOs,
  CompiledRule,
  CompiledTarget,
  MatchContext,
  Matcher,
  OsInterface,
  OsRouteEntry,
} from './types.js';

/**
 * Compile an instance's OS for the data plane. `os` undefined = an instance nobody configured: no forwarding,
 * empty tables (Amazon Linux defaults). The IPv6 stack is compiled beside it (`v6`) from the interfaces' IPv6
 * addresses and ip6tables.
 */
export function compileOs(
  hostId: string,
  os: InstanceOs | undefined,
  ifaces: readonly OsInterface[],
): CompiledOs {
  const v4 = compileFamily(hostId, os, ifaces, 4);
  const ifaces6: OsInterface[] = ifaces.map((i) => ({
    name: i.name,
    addresses: i.addresses6 ?? [],
    subnet: i.subnet6 ?? prefix6(i.addresses6?.[0] ?? 0n, 128),
  }));
  return { ...v4, v6: compileFamily(hostId, os, ifaces6, 6) };
}

function sysctlFlags(
  os: InstanceOs | undefined,
  ifaces: readonly OsInterface[],
  family: 4 | 6,
): { ipForward: boolean; forwarding: boolean[]; sendRedirects: boolean[] } {
  const sysctl = os?.sysctl ?? {};
  if (family === 6) {
    // ip6_forward() reads net.ipv6.conf.all.forwarding only: one switch for every interface.
    const on = os?.ipv6Forward ?? false;
    return { ipForward: on, forwarding: ifaces.map(() => on), sendRedirects: ifaces.map(() => true) };
  }
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
  return { ipForward, forwarding, sendRedirects };
}

/** Connected routes, the default route via eth0's subnet router (base + 1, V6-1 `::1` for IPv6), OS routes. */
function routingTable(
  hostId: string,
  os: InstanceOs | undefined,
  ifaces: readonly OsInterface[],
  family: 4 | 6,
  diagnostics: Diagnostic[],
): OsRouteEntry[] {
  const routes = new Map<string, OsRouteEntry>();
  const key = (p: Prefix): string => `${p.base}/${p.len}`;
  ifaces.forEach((i, k) => {
    if (family === 6 && i.addresses.length === 0) return; // no IPv6 on this interface
    const p = i.subnet;
    routes.set(key(p), {
      prefix: p,
      outIf: k,
      text: `${formatPrefix(p)} dev ${i.name} proto kernel scope link`,
    });
  });
  const eth0 = ifaces[0];
  if (eth0 && (family === 4 || eth0.addresses.length > 0)) {
    const sub = eth0.subnet;
    const gw: Addr = sub.family === 4 ? (sub.base + 1) >>> 0 : sub.base + 1n;
    const p: Prefix = family === 4 ? prefix4(0, 0) : prefix6(0n, 0);
    routes.set(key(p), {
      prefix: p,
      outIf: 0,
      via: gw,
      text: `default via ${formatAddr(gw)} dev ${eth0.name}`,
    });
  }
  for (const r of os?.routes ?? []) {
    const isV6 = r.destination.includes(':') || (r.via ?? '').includes(':');
    if ((family === 6) !== isV6) continue; // `ip -6 route` entries belong to the IPv6 table
    const p =
      r.destination === 'default' ? (family === 4 ? prefix4(0, 0) : prefix6(0n, 0)) : tryCidr(r.destination);
    const via = r.via !== undefined ? addressOf(r.via, family) : null;
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
      text: r.text.replace(/^ip (-6 )?route (add|replace|append|change) /, ''),
    });
  }
  return [...routes.values()].sort((a, b) => b.prefix.len - a.prefix.len);
}

function compileFamily(
  hostId: string,
  os: InstanceOs | undefined,
  ifaces: readonly OsInterface[],
  family: 4 | 6,
): CompiledOs {
  const diagnostics: Diagnostic[] = [];
  const { ipForward, forwarding, sendRedirects } = sysctlFlags(os, ifaces, family);
  const local = new Map<Addr, number>();
  ifaces.forEach((i, k) => {
    for (const a of i.addresses) if (!local.has(a)) local.set(a, k);
  });
  const sortedRoutes = routingTable(hostId, os, ifaces, family, diagnostics);

  // ---- netfilter (iptables, or ip6tables for IPv6)
  const config = family === 6 ? os?.netfilter6 : os?.netfilter;
  const tool = family === 6 ? 'ip6tables' : 'iptables';
  const compileTable = (name: 'filter' | 'nat'): Map<string, CompiledChain> => {
    const table = config?.tables[name];
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
        policyText: `${family === 6 ? 'ip6tables ' : ''}-t ${name} -P ${c.name} ${c.policy ?? 'ACCEPT'}`,
        rules: [],
      });
    }
    for (const c of Object.values(table.chains)) {
      const chain = out.get(c.name) as CompiledChain;
      chain.rules = c.rules.map((r) => compileRule(r, name, out, ifaces, hostId, diagnostics, family));
    }
    return out;
  };
  const filter = compileTable('filter');
  const nat = compileTable('nat');
  for (const t of ['raw', 'mangle'] as const) {
    const table = config?.tables[t];
    const n = table ? Object.values(table.chains).reduce((s, c) => s + c.rules.length, 0) : 0;
    if (n > 0) {
      diagnostics.push({
        severity: 'warning',
        code: 'IPTABLES_TABLE_NOT_EVALUATED',
        message: `${hostId}: the ${tool} ${t} table has ${n} rule${n === 1 ? '' : 's'}; vpcsim does not evaluate the ${t} table (marks, NOTRACK) — traces through this instance assume those rules change nothing`,
        span: os?.span,
        resource: hostId,
      });
    }
  }
  return {
    hostId,
    family,
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
  family: 4 | 6,
): CompiledRule {
  const unsupported = [...(r.unsupported ?? [])];
  const matchers: Matcher[] = [];
  for (const m of r.matches) {
    const f = compileMatch(m, ifaces, family);
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
      target = {
        kind: 'REJECT',
        with: t.with ?? (family === 6 ? 'icmp6-port-unreachable' : 'icmp-port-unreachable'),
      };
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
      const lo = addressOf(t.toAddresses[0], family);
      const hi = addressOf(t.toAddresses[1], family);
      if (lo === null || hi === null || hi < lo) {
        unsupported.push(`${t.kind} to ${t.toAddresses.join('-')} (not an IPv${family} address range)`);
        target = { kind: 'NONE' };
      } else {
        const keepAddress = (lo === 0 || lo === 0n) && (hi === 0 || hi === 0n);
        target = { kind: t.kind, lo, hi, ports: t.toPorts, keepAddress };
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

/** Longest-prefix route for a destination, or undefined. */
export function routeFor(os: CompiledOs, dst: Addr): OsRouteEntry | undefined {
  for (const r of os.routes) if (containsAddr(r.prefix, dst)) return r;
  return undefined;
}
