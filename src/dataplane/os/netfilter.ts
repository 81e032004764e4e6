/**
 * Traversal of one built-in netfilter chain the way ipt_do_table does it: rules in order; the first matching
 * rule with a terminating target decides; `-j CHAIN` pushes a return point, `-g CHAIN` does not; `RETURN` (or the
 * end of a user chain) goes back to the caller; the end of a built-in chain applies its policy. LOG and target-less
 * rules do not decide.
 *
 * Model: pure function of (chain, packet, context). A matching rule that carries unsupported options is applied
 * as written (assumed to match) and its options are returned in `dependsOn`, so the caller marks the result
 * uncertain — never silently treated as a match or a non-match.
 * Invariant: the traversal is bounded (iptables refuses chain loops; a hand-built loop stops after 64 levels and
 * is reported as depending on it).
 */
import type { Packet } from '../packet.js';
import type { CompiledChain, CompiledRule, CompiledTarget, MatchContext } from './compile.js';

export type ChainVerdict =
  | {
      readonly kind: 'policy';
      readonly policy: 'ACCEPT' | 'DROP';
      readonly chain: CompiledChain;
      /** Some rule was examined on the way (worth explaining). */ readonly examined: boolean;
    }
  | {
      readonly kind: 'rule';
      readonly rule: CompiledRule;
      readonly target: Exclude<CompiledTarget, { kind: 'JUMP' | 'GOTO' | 'RETURN' | 'LOG' | 'NONE' }>;
    };

export interface ChainResult {
  readonly verdict: ChainVerdict;
  /** Unsupported options of rules that matched on the way. */
  readonly dependsOn: readonly string[];
  /** Rules with unsupported options that were assumed to match. */
  readonly assumed: readonly CompiledRule[];
}

const MAX_DEPTH = 64;

function matches(r: CompiledRule, p: Packet, c: MatchContext): boolean {
  const ms = r.matchers;
  for (let k = 0; k < ms.length; k++)
    if (!(ms[k] as (p: Packet, c: MatchContext) => boolean)(p, c)) return false;
  return true;
}

/** Evaluate a built-in chain. `evalChain(filterForward, pkt, {inIf:0, outIf:0, state: CT_NEW})`. */
export function evalChain(chain: CompiledChain, p: Packet, c: MatchContext): ChainResult {
  const stack: { chain: CompiledChain; next: number }[] = [];
  let cur = chain;
  let i = 0;
  let examined = false;
  let dependsOn: string[] | undefined;
  let assumed: CompiledRule[] | undefined;
  const done = (verdict: ChainVerdict): ChainResult => ({
    verdict,
    dependsOn: dependsOn ?? [],
    assumed: assumed ?? [],
  });
  for (;;) {
    if (i >= cur.rules.length) {
      const back = stack.pop();
      if (!back || cur.builtin) return done({ kind: 'policy', policy: chain.policy, chain, examined });
      cur = back.chain;
      i = back.next;
      continue;
    }
    const r = cur.rules[i] as CompiledRule;
    examined = true;
    if (!matches(r, p, c)) {
      i++;
      continue;
    }
    if (r.unsupported) {
      (dependsOn ??= []).push(...r.unsupported);
      (assumed ??= []).push(r);
    }
    const t = r.target;
    switch (t.kind) {
      case 'LOG':
      case 'NONE':
        i++;
        continue;
      case 'RETURN': {
        const back = stack.pop();
        if (!back) return done({ kind: 'policy', policy: chain.policy, chain, examined });
        cur = back.chain;
        i = back.next;
        continue;
      }
      case 'JUMP':
      case 'GOTO':
        if (stack.length >= MAX_DEPTH) {
          (dependsOn ??= []).push(`chain loop through ${t.chain.name}`);
          i++;
          continue;
        }
        if (t.kind === 'JUMP') stack.push({ chain: cur, next: i + 1 });
        else if (stack.length === 0 && cur.builtin) {
          // -g from a built-in chain: returning from the target ends at the built-in chain's policy
          stack.push({ chain, next: Number.POSITIVE_INFINITY });
        }
        cur = t.chain;
        i = 0;
        continue;
      case 'ACCEPT':
      case 'DROP':
      case 'REJECT':
      case 'SNAT':
      case 'DNAT':
      case 'MASQUERADE':
      case 'REDIRECT':
        return done({ kind: 'rule', rule: r, target: t });
    }
  }
}
