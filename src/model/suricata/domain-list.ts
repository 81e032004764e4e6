/**
 * Domain lists (`RulesSourceList`) turned into the Suricata rules Network Firewall generates for them (NFW-12).
 *
 * Model (mirrors the rules AWS shows for a domain list rule group):
 * - for each target and each target type, one rule with the list's action on `$HOME_NET any -> $EXTERNAL_NET any`,
 *   `flow:to_server, established`: TLS_SNI → `tls.sni`, HTTP_HOST → `http.host` (lower-cased: Suricata normalises
 *   the Host buffer). An exact name matches with `startswith; endswith`; a leading-dot wildcard `.example.com`
 *   matches with `dotprefix; … endswith`, so it covers the apex and every subdomain.
 * - ALLOWLIST adds, per target type, a final `drop` rule "not matching any TLS/HTTP allowlisted FQDNs" (the TLS one
 *   with `ssl_state:client_hello`, as AWS writes it): traffic of
 *   that protocol that matches no target is denied by the rule group itself ("For Allow, traffic of the specified
 *   protocol type that doesn't match the domain specifications is denied" — NFW developer guide, domain list rule
 *   groups).
 * - `priority:1` is only written in action order (the keyword is invalid in strict order, NFW-9/NFW-10).
 * The rules are produced as text and run through the ordinary parser, so they evaluate exactly like hand-written
 * rules. Targets that are not domain names are reported, not dropped silently.
 */
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type { DomainList, SuricataRule } from '../../model/firewall.js';
import { parseSuricataRules } from './parse.js';

export interface DomainListRuleOptions {
  readonly ruleOrder?: 'DEFAULT_ACTION_ORDER' | 'STRICT_ORDER' | undefined;
  /** First sid to use (default 1). */
  readonly firstSid?: number | undefined;
  /** Where the domain list was written; every generated rule carries it. */
  readonly span?: Span | undefined;
  readonly resource?: string | undefined;
}

export interface DomainListRules {
  readonly rules: SuricataRule[];
  readonly diagnostics: Diagnostic[];
}

const DOMAIN_RE =
  /^\.?(?:[A-Za-z0-9_*](?:[A-Za-z0-9_*-]{0,61}[A-Za-z0-9_*])?\.)*[A-Za-z0-9_*](?:[A-Za-z0-9_*-]{0,61}[A-Za-z0-9_*])?$/;

/** The Suricata rule text for one target. */
function targetRule(action: string, type: 'TLS_SNI' | 'HTTP_HOST', target: string, tail: string): string {
  const tls = type === 'TLS_SNI';
  const proto = tls ? 'tls' : 'http';
  const buffer = tls ? 'tls.sni' : 'http.host';
  const value = tls ? target : target.toLowerCase();
  const nocase = tls ? ' nocase;' : '';
  const match = value.startsWith('.')
    ? `${buffer}; dotprefix; content:"${value}";${nocase} endswith;`
    : `${buffer}; content:"${value}"; startswith;${nocase} endswith;`;
  return `${action} ${proto} $HOME_NET any -> $EXTERNAL_NET any (${match} ${tail})`;
}

const VERB: Readonly<Record<DomainList['generatedRulesType'], { action: string; word: string }>> = {
  ALLOWLIST: { action: 'pass', word: 'allowlisted' },
  DENYLIST: { action: 'drop', word: 'denylisted' },
  REJECTLIST: { action: 'reject', word: 'rejectlisted' },
  ALERTLIST: { action: 'alert', word: 'alertlisted' },
};

/**
 * Generate the rules of a domain list. `domainListToRules({targets:['.amazonaws.com'], targetTypes:['TLS_SNI'],
 * generatedRulesType:'ALLOWLIST'}, {ruleOrder:'STRICT_ORDER'})` → a `pass tls … dotprefix; content:".amazonaws.com"`
 * rule (sid 1) and `drop tls … "not matching any TLS allowlisted FQDNs"` (sid 2).
 */
export function domainListToRules(list: DomainList, opts: DomainListRuleOptions = {}): DomainListRules {
  const diagnostics: Diagnostic[] = [];
  const verb = VERB[list.generatedRulesType];
  const prio = opts.ruleOrder === 'STRICT_ORDER' ? '' : ' priority:1;';
  let sid = opts.firstSid ?? 1;
  const lines: string[] = [];
  const types = [...new Set(list.targetTypes)].sort((a, b) => (a === b ? 0 : a === 'TLS_SNI' ? -1 : 1));
  for (const type of types) {
    const label = type === 'TLS_SNI' ? 'TLS' : 'HTTP';
    for (const raw of list.targets) {
      const target = raw.trim();
      if (!DOMAIN_RE.test(target) || target.includes('"')) {
        diagnostics.push({
          severity: 'error',
          code: 'FIREWALL_DOMAIN_INVALID',
          message: `domain list target "${raw}" is not a domain name or a leading-dot wildcard (".example.com")`,
          span: opts.span,
          resource: opts.resource,
          ref: 'NFW-12',
        });
        continue;
      }
      lines.push(
        targetRule(
          verb.action,
          type,
          target,
          `msg:"matching ${label} ${verb.word} FQDNs";${prio} flow:to_server, established; sid:${sid++}; rev:1;`,
        ),
      );
    }
  }
  if (list.generatedRulesType === 'ALLOWLIST') {
    for (const type of types) {
      const label = type === 'TLS_SNI' ? 'TLS' : 'HTTP';
      const proto = type === 'TLS_SNI' ? 'tls' : 'http';
      const hello = type === 'TLS_SNI' ? ' ssl_state:client_hello;' : '';
      lines.push(
        `drop ${proto} $HOME_NET any -> $EXTERNAL_NET any (msg:"not matching any ${label} allowlisted FQDNs";${prio}${hello} flow:to_server, established; sid:${sid++}; rev:1;)`,
      );
    }
  }
  const parsed = parseSuricataRules(lines.join('\n'), {
    file: opts.span?.file ?? '<domain list>',
    position: opts.span ? () => opts.span as Span : undefined,
    resource: opts.resource,
  });
  diagnostics.push(...parsed.diagnostics);
  return { rules: parsed.rules, diagnostics };
}
