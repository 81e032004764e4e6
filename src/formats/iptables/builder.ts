/**
 * Accumulates an instance's OS configuration while its text is read, applying each command the way the kernel
 * state would change: iptables commands edit tables/chains in order (`-I` inserts, `-F` flushes, `-N` creates),
 * sysctl assignments overwrite earlier ones, `ip route add` appends. `build()` returns the immutable InstanceOs.
 *
 * Invariants: a chain referenced by a rule exists (built-in for its table, or created by `-N` / declared in an
 * iptables-save section) — otherwise the command fails with IPTABLES_UNKNOWN_CHAIN / IPTABLES_MISSING_CHAIN just
 * as iptables refuses it, and the rule is not added. Unknown target extensions known to Linux (`MARK`, `CT` …)
 * become `NONE` targets listed as unsupported. One builder per parse: no shared state.
 * IPv6 has its own tables (ip6tables): every table operation takes the family (4 = iptables, 6 = ip6tables), and
 * `net.ipv6.conf.all.forwarding` is IPv6's forwarding switch.
 */
import type { DiagnosticCode } from '../../diag/codes.js';
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type {
  InstanceOs,
  NetfilterChain,
  NetfilterMatch,
  NetfilterRule,
  NetfilterTable,
  NetfilterTableName,
  NetfilterTarget,
  OsRoute,
} from '../../model/os.js';
import type { IptablesCommand, RuleDraft } from './args.js';
import { BUILTIN_CHAINS, UNEVALUATED_TARGETS } from './names.js';

interface MutableChain {
  name: string;
  builtin: boolean;
  policy?: 'ACCEPT' | 'DROP' | undefined;
  rules: NetfilterRule[];
}

type Family = 4 | 6;

export class OsBuilder {
  private readonly tables4 = new Map<NetfilterTableName, Map<string, MutableChain>>();
  private readonly tables6 = new Map<NetfilterTableName, Map<string, MutableChain>>();
  private readonly sysctl = new Map<string, string>();
  private ipForward = false;
  private ipv6Forward: boolean | undefined;
  private readonly routes: OsRoute[] = [];
  private span: Span | undefined;

  constructor(private readonly diagnostics: Diagnostic[]) {}

  /** Note where the configuration came from (first recognised line). */
  touch(span: Span): void {
    this.span ??= span;
  }

  private table(name: NetfilterTableName, family: Family = 4): Map<string, MutableChain> {
    const tables = family === 6 ? this.tables6 : this.tables4;
    let t = tables.get(name);
    if (!t) {
      t = new Map();
      for (const c of BUILTIN_CHAINS[name]) t.set(c, { name: c, builtin: true, rules: [] });
      tables.set(name, t);
    }
    return t;
  }

  hasChain(table: NetfilterTableName, chain: string, family: Family = 4): boolean {
    return this.table(table, family).has(chain);
  }

  /** Declare a chain from an iptables-save (ip6tables-save: family 6) header line (`:NAME POLICY [p:b]`). */
  declareChain(table: NetfilterTableName, chain: string, policy: string, span: Span, family: Family = 4): void {
    const t = this.table(table, family);
    const existing = t.get(chain);
    if (existing?.builtin) {
      if (policy === 'ACCEPT' || policy === 'DROP') existing.policy = policy;
      else this.error('IPTABLES_SYNTAX', `built-in chain ${chain} needs policy ACCEPT or DROP, not "${policy}"`, span);
      return;
    }
    if (BUILTIN_CHAINS[table].length > 0 && policy !== '-') {
      this.error('IPTABLES_UNKNOWN_CHAIN',
        `"${chain}" is not a built-in chain of table ${table} (built-in: ${BUILTIN_CHAINS[table].join(', ')}); a user-defined chain is declared with policy "-"`,
        span);
      return;
    }
    if (!existing) t.set(chain, { name: chain, builtin: false, rules: [] });
  }

  private error(code: DiagnosticCode, message: string, span: Span): void {
    this.diagnostics.push({ severity: 'error', code, message, span });
  }

  /** Apply one parsed iptables command (family 6: an ip6tables command, to the IPv6 tables). */
  apply(cmd: IptablesCommand, family: Family = 4): void {
    if (cmd.op === 'none') return;
    this.touch(cmd.span);
    const t = this.table(cmd.table, family);
    const noChain = (chain: string): void => {
      this.error('IPTABLES_UNKNOWN_CHAIN',
        `iptables: chain "${chain}" does not exist in table ${cmd.table} (built-in: ${BUILTIN_CHAINS[cmd.table].join(', ')}; create it first with -N ${chain})`,
        cmd.span);
    };
    switch (cmd.op) {
      case 'new-chain': {
        if (cmd.chain === undefined) return;
        if (t.has(cmd.chain)) {
          this.error('IPTABLES_SYNTAX', `iptables: chain "${cmd.chain}" already exists in table ${cmd.table}`, cmd.span);
          return;
        }
        if (UNEVALUATED_TARGETS.has(cmd.chain) || ['ACCEPT', 'DROP', 'RETURN', 'REJECT', 'LOG', 'SNAT', 'DNAT', 'MASQUERADE', 'REDIRECT'].includes(cmd.chain)) {
          this.error('IPTABLES_SYNTAX', `"${cmd.chain}" is a target name and cannot be used as a chain name`, cmd.span);
          return;
        }
        t.set(cmd.chain, { name: cmd.chain, builtin: false, rules: [] });
        return;
      }
      case 'delete-chain': {
        const victims = cmd.chain === undefined ? [...t.values()].filter((c) => !c.builtin) : [t.get(cmd.chain)];
        for (const c of victims) {
          if (!c) {
            noChain(cmd.chain ?? '');
            return;
          }
          if (c.builtin) {
            this.error('IPTABLES_SYNTAX', `cannot delete built-in chain ${c.name}`, cmd.span);
            return;
          }
          if (c.rules.length > 0) {
            this.error('IPTABLES_SYNTAX', `iptables: chain ${c.name} is not empty (flush it first with -F ${c.name})`, cmd.span);
            return;
          }
          const ref = [...t.values()].some((o) => o.rules.some((r) => jumpsTo(r.target) === c.name));
          if (ref) {
            this.error('IPTABLES_SYNTAX', `iptables: chain ${c.name} is still referenced by a rule (Too many links)`, cmd.span);
            return;
          }
          t.delete(c.name);
        }
        return;
      }
      case 'flush': {
        if (cmd.chain === undefined) {
          for (const c of t.values()) c.rules = [];
          return;
        }
        const c = t.get(cmd.chain);
        if (!c) noChain(cmd.chain);
        else c.rules = [];
        return;
      }
      case 'policy': {
        const c = t.get(cmd.chain);
        if (!c) noChain(cmd.chain);
        else if (!c.builtin) this.error('IPTABLES_SYNTAX', `iptables: cannot set the policy of user-defined chain ${cmd.chain}`, cmd.span);
        else c.policy = cmd.policy;
        return;
      }
      case 'append':
      case 'insert':
      case 'delete': {
        const c = t.get(cmd.chain);
        if (!c) {
          noChain(cmd.chain);
          return;
        }
        const rules = this.expand(cmd.table, cmd.chain, cmd.rule, family);
        if (!rules) return;
        if (cmd.op === 'delete') {
          this.remove(c, cmd.index, rules, cmd.span);
          return;
        }
        if (cmd.op === 'append') {
          c.rules.push(...rules);
          return;
        }
        const at = (cmd.index ?? 1) - 1;
        if (at > c.rules.length) {
          this.error('IPTABLES_SYNTAX',
            `iptables: index of insertion too big (chain ${cmd.chain} has ${c.rules.length} rule${c.rules.length === 1 ? '' : 's'})`,
            cmd.span);
          return;
        }
        c.rules.splice(at, 0, ...rules);
        return;
      }
    }
  }

  private remove(c: MutableChain, index: number | undefined, rules: readonly NetfilterRule[], span: Span): void {
    if (index !== undefined && rules.length === 1 && rules[0]?.matches.length === 0 && rules[0].target.kind === 'NONE') {
      if (index < 1 || index > c.rules.length) {
        this.error('IPTABLES_SYNTAX', `iptables: index of deletion too big (chain ${c.name} has ${c.rules.length} rules)`, span);
        return;
      }
      c.rules.splice(index - 1, 1);
      return;
    }
    for (const r of rules) {
      const k = c.rules.findIndex((x) => x.text === r.text && JSON.stringify(x.matches) === JSON.stringify(r.matches));
      if (k < 0) {
        this.error('IPTABLES_SYNTAX', `iptables: bad rule (does a matching rule exist in ${c.name}?): ${r.text}`, span);
        return;
      }
      c.rules.splice(k, 1);
    }
  }

  /** Resolve the target and expand `-s a,b -d c,d` into one rule per combination (as iptables does). */
  private expand(table: NetfilterTableName, chain: string, d: RuleDraft, family: Family): NetfilterRule[] | null {
    let target: NetfilterTarget = d.target;
    const unsupported = [...d.unsupported];
    if (target.kind === 'JUMP' || target.kind === 'GOTO') {
      const name = target.chain;
      const t = this.table(table, family);
      if (t.has(name) && !t.get(name)?.builtin) {
        // a user-defined chain
      } else if (t.get(name)?.builtin) {
        this.error('IPTABLES_MISSING_CHAIN', `cannot jump to built-in chain ${name}`, d.targetSpan);
        return null;
      } else if (target.kind === 'JUMP' && UNEVALUATED_TARGETS.has(name)) {
        unsupported.push(`-j ${name}`);
        target = { kind: 'NONE' };
      } else {
        this.error('IPTABLES_MISSING_CHAIN',
          `iptables: no chain/target/match by that name: "${name}" is neither a target nor a chain of table ${table}${
            /^[a-z]/.test(name) && ['accept', 'drop', 'reject', 'return'].includes(name.toLowerCase())
              ? ` (targets are upper case: ${name.toUpperCase()})`
              : ''
          }`,
          d.targetSpan);
        return null;
      }
    }
    const srcs: (string | undefined)[] = d.sources.length > 0 ? [...d.sources] : [undefined];
    const dsts: (string | undefined)[] = d.destinations.length > 0 ? [...d.destinations] : [undefined];
    const out: NetfilterRule[] = [];
    for (const s of srcs) {
      for (const dd of dsts) {
        const matches: NetfilterMatch[] = [];
        if (s !== undefined) matches.push({ kind: 'source', cidr: s, negate: d.sourceNegate });
        if (dd !== undefined) matches.push({ kind: 'destination', cidr: dd, negate: d.destinationNegate });
        matches.push(...d.matches);
        const rule: NetfilterRule = {
          table,
          chain,
          matches,
          target,
          text: d.text,
          span: d.span,
          ...(unsupported.length > 0 ? { unsupported } : {}),
        };
        out.push(rule);
      }
    }
    if (unsupported.length > 0) {
      this.diagnostics.push({
        severity: 'warning',
        code: 'IPTABLES_UNSUPPORTED_OPTION',
        message: `rule "${d.text}" uses ${unsupported.map((u) => `"${u}"`).join(', ')}, which vpcsim does not evaluate; a trace this rule decides will say its result depends on it`,
        span: d.span,
      });
    }
    return out;
  }

  /** Set a sysctl key (already validated) in order. */
  setSysctl(key: string, value: string, span: Span): void {
    this.touch(span);
    this.sysctl.set(key, value);
    this.ipv6Switch(key, value);
    if (key === 'net.ipv4.ip_forward' || key === 'net.ipv4.conf.all.forwarding') {
      // writing either one sets the global switch (and every interface's `forwarding`)
      this.ipForward = Number(value) !== 0;
      if (key === 'net.ipv4.ip_forward') this.sysctl.set('net.ipv4.conf.all.forwarding', value);
      else this.sysctl.set('net.ipv4.ip_forward', value);
      for (const k of [...this.sysctl.keys()]) {
        if (/^net\.ipv4\.conf\.[^.]+\.forwarding$/.test(k) && k !== 'net.ipv4.conf.all.forwarding') this.sysctl.delete(k);
      }
    }
  }

  /** `net.ipv6.conf.all.forwarding`: IPv6 forwarding is one global switch in Linux (ip6_forward reads conf.all). */
  private ipv6Switch(key: string, value: string): void {
    if (key === 'net.ipv6.conf.all.forwarding') this.ipv6Forward = Number(value) !== 0;
  }

  addRoute(route: OsRoute): void {
    if (route.span) this.touch(route.span);
    this.routes.push(route);
  }

  build(): InstanceOs {
    return {
      ipForward: this.ipForward,
      sysctl: Object.fromEntries(this.sysctl),
      netfilter: { tables: buildTables(this.tables4) },
      ...(this.ipv6Forward !== undefined ? { ipv6Forward: this.ipv6Forward } : {}),
      ...(this.tables6.size > 0 ? { netfilter6: { tables: buildTables(this.tables6) } } : {}),
      routes: [...this.routes],
      ...(this.span ? { span: this.span } : {}),
    };
  }
}

function buildTables(
  from: ReadonlyMap<NetfilterTableName, Map<string, MutableChain>>,
): Partial<Record<NetfilterTableName, NetfilterTable>> {
  const tables: Partial<Record<NetfilterTableName, NetfilterTable>> = {};
  for (const [name, chains] of from) {
    const out: Record<string, NetfilterChain> = {};
    for (const c of chains.values()) {
      out[c.name] = {
        name: c.name,
        ...(c.builtin ? { policy: c.policy } : {}),
        rules: [...c.rules],
      };
    }
    tables[name] = { chains: out };
  }
  return tables;
}

function jumpsTo(t: NetfilterTarget): string | undefined {
  return t.kind === 'JUMP' || t.kind === 'GOTO' ? t.chain : undefined;
}
