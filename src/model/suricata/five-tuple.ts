/**
 * Standard 5-tuple stateful rules (`StatefulRule`: Action, Header, RuleOptions) as the Suricata rules Network
 * Firewall compiles them into (NFW-8).
 *
 * Model: `PASS TCP 10.0.0.0/16 ANY FORWARD ANY 443` + RuleOptions → `pass tcp 10.0.0.0/16 any -> any 443 (sid:…;)`;
 * direction ANY becomes `<>`. A rule without a sid gets the next free one (AWS's console does the same). The text
 * is run through the ordinary parser, so bad addresses/ports, unknown protocols and unsupported options are
 * reported exactly as for hand-written rules, at the rule's span.
 */
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type { StatefulRule5Tuple, SuricataRule } from '../../model/firewall.js';
import { parseSuricataRules } from './parse.js';

export interface FiveTupleRules {
  readonly rules: SuricataRule[];
  readonly diagnostics: Diagnostic[];
}

/** Suricata text of one 5-tuple rule. `fiveTupleText({action:'PASS', protocol:'TCP', …, sid: 5})`. */
export function fiveTupleText(r: StatefulRule5Tuple, sid: number): string {
  const opts: string[] = [];
  let hasSid = false;
  for (const o of r.options ?? []) {
    const kw = o.keyword.trim();
    if (kw.toLowerCase() === 'sid') hasSid = true;
    opts.push(o.settings && o.settings.length > 0 ? `${kw}:${o.settings.join(',')};` : `${kw};`);
  }
  if (!hasSid) opts.push(`sid:${r.sid ?? sid};`);
  const dir = r.direction === 'ANY' ? '<>' : '->';
  const field = (v: string): string => (v.trim().toUpperCase() === 'ANY' ? 'any' : v.trim());
  return `${r.action.toLowerCase()} ${r.protocol.toLowerCase()} ${field(r.source)} ${field(r.sourcePort)} ${dir} ${field(
    r.destination,
  )} ${field(r.destinationPort)} (${opts.join(' ')})`;
}

/** Convert a rule group's 5-tuple rules. Sids not given are numbered after the largest given one. */
export function fiveTupleToRules(
  rules: readonly StatefulRule5Tuple[],
  opts: { readonly file?: string; readonly span?: Span; readonly resource?: string } = {},
): FiveTupleRules {
  const out: SuricataRule[] = [];
  const diagnostics: Diagnostic[] = [];
  let next = 1 + Math.max(0, ...rules.map((r) => r.sid ?? 0));
  const seen = new Map<number, Span | undefined>();
  for (const r of rules) {
    const sid = r.sid ?? next++;
    const span = r.span ?? opts.span;
    const text = fiveTupleText(r, sid);
    const parsed = parseSuricataRules(text, {
      file: span?.file ?? opts.file ?? '<stateful rules>',
      position: span ? () => span : undefined,
      resource: opts.resource,
    });
    diagnostics.push(...parsed.diagnostics);
    for (const pr of parsed.rules) {
      if (pr.sid !== undefined && seen.has(pr.sid)) {
        diagnostics.push({
          severity: 'error',
          code: 'SURICATA_DUPLICATE_SID',
          message: `duplicate sid ${pr.sid} in the rule group's 5-tuple rules; Network Firewall rejects the rule group`,
          span,
          resource: opts.resource,
          ref: 'NFW-8',
        });
        continue;
      }
      if (pr.sid !== undefined) seen.set(pr.sid, span);
      out.push(pr);
    }
  }
  return { rules: out, diagnostics };
}
