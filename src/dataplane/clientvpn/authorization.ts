/**
 * Client VPN authorization rules (CVPN-4), compiled once into a longest-prefix table.
 *
 * Model: network-based authorization, default deny, allow-only. Each rule is a destination CIDR and either a group
 * (AD/SAML) or "all users". For a destination, take the rules whose CIDR contains it and keep only those with the
 * longest prefix (0.0.0.0/0 is thereby evaluated last, as AWS special-cases it); the client is authorised iff one of
 * them grants all users or one of the client's groups. A more specific rule for group X therefore *removes* access
 * to that range for groups that only had a broader rule (AWS doc scenario 3, S3 B3.4).
 * Invariants: rules with the same prefix form one set; lookup is an interval binary search with no allocation.
 * Input it does not understand: rules whose CIDR does not parse or is IPv6 are left out by the caller
 * (`compileClientVpn` reports them); they never match.
 */
import type { Addr } from '../../net/addr.js';
import type { Span } from '../../diag/diagnostic.js';
import { IntervalLpm } from '../../net/lpm.js';
import { formatPrefix, type Prefix4 } from '../../net/prefix.js';

export interface CompiledAuthRule {
  readonly prefix: Prefix4;
  /** Group id; undefined = all users. */
  readonly group: string | undefined;
  /** As the console lists it: `192.168.1.0/24 -> all users`, `192.168.1.63/32 -> group managers`. */
  readonly text: string;
  readonly span: Span | undefined;
}

/** All rules with one prefix. */
export interface AuthRuleSet {
  readonly prefix: Prefix4;
  readonly rules: readonly CompiledAuthRule[];
  /** The first rule of the set that grants all users, if any. */
  readonly allUsers: CompiledAuthRule | undefined;
  /** Rules by group id. */
  readonly byGroup: ReadonlyMap<string, CompiledAuthRule>;
}

export type AuthDecision =
  | { readonly allowed: true; readonly rule: CompiledAuthRule; readonly matched: AuthRuleSet }
  | { readonly allowed: false; readonly matched: AuthRuleSet | undefined; readonly reason: string };

/** Console-style text of a rule. `authRuleText(192.168.1.63/32, "managers")` → `192.168.1.63/32 -> group managers`. */
export function authRuleText(prefix: Prefix4, group: string | undefined): string {
  return `${formatPrefix(prefix)} -> ${group === undefined ? 'all users' : `group ${group}`}`;
}

export class AuthorizationTable {
  readonly #lpm: IntervalLpm<AuthRuleSet>;
  readonly size: number;

  constructor(rules: readonly CompiledAuthRule[]) {
    const sets = new Map<string, { prefix: Prefix4; rules: CompiledAuthRule[] }>();
    for (const r of rules) {
      const key = `${r.prefix.base}/${r.prefix.len}`;
      let s = sets.get(key);
      if (!s) {
        s = { prefix: r.prefix, rules: [] };
        sets.set(key, s);
      }
      s.rules.push(r);
    }
    const entries = [...sets.values()].map((s) => {
      const byGroup = new Map<string, CompiledAuthRule>();
      for (const r of s.rules) if (r.group !== undefined && !byGroup.has(r.group)) byGroup.set(r.group, r);
      const set: AuthRuleSet = {
        prefix: s.prefix,
        rules: s.rules,
        allUsers: s.rules.find((r) => r.group === undefined),
        byGroup,
      };
      return { prefix: s.prefix, value: set };
    });
    this.#lpm = new IntervalLpm(entries);
    this.size = rules.length;
  }

  /**
   * Is a client with `groups` authorised to reach `dst`? `groupsHonoured` false (mutual-certificate authentication,
   * or client-to-client traffic, CVPN-7) makes group rules grant nobody.
   */
  /** CVPN-10: IPv4 rules only, so an IPv6 destination is covered by none. */
  decide(dst: Addr, groups: readonly string[], groupsHonoured: boolean): AuthDecision {
    const set = this.#lpm.lookup(dst); // CVPN-4: longest prefix only; 0.0.0.0/0 last
    if (set === undefined)
      return { allowed: false, matched: undefined, reason: 'no authorization rule covers the destination' };
    if (set.allUsers) return { allowed: true, rule: set.allUsers, matched: set };
    if (groupsHonoured) {
      for (const g of groups) {
        const r = set.byGroup.get(g);
        if (r) return { allowed: true, rule: r, matched: set };
      }
    }
    return {
      allowed: false,
      matched: set,
      reason: "the longest matching rules grant none of the client's groups",
    };
  }
}
