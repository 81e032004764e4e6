/**
 * Expectations on access scopes (`{ scope: NAME, findings: none }`, issue 17 §3): the scope is evaluated exactly
 * (analysis/reach/scopes.ts) and its findings compared with what was expected. A failure lists the findings — the
 * source, the packets, the path and the `vpcsim trace` command that shows one — so the CI log says what to fix.
 * Possible findings (uncertain traces no exclude path holds) make `findings: none` unknown, never a pass.
 */
import type { CompiledNetwork } from '../dataplane/compiled.js';
import type { AccessScope, ScopeExpectation } from '../model/scope.js';
import type { ReachClass } from './reach/classes.js';
import { ReachError } from './reach/query.js';
import { AtomLimitError } from './reach/atoms.js';
import { evaluateScope } from './reach/scopes.js';
import { formatAddressRange, formatPortRange } from './reach/space.js';
import type { ExpectationOutcome } from './expectations.js';

const SHOWN = 10;

/** One finding in one line: `app: tcp 443 → 0.0.0.0/1 … reachable via app → FW-RTB → natgw → igw`. */
export function findingLine(k: ReachClass): string {
  const boxes = k.boxes.slice(0, 3).map((b) => {
    const src = b.src ? `from ${formatAddressRange(b.src)} ` : '';
    const ports = b.ports ? ` ${formatPortRange(b.ports)}` : '';
    return `${src}${b.proto.label}${ports} → ${formatAddressRange(b.dst)}`;
  });
  const more = k.boxes.length > 3 ? ` (+${k.boxes.length - 3} more boxes)` : '';
  const p = k.example.flow.packet;
  const example = `vpcsim trace … --from ${k.example.flow.from} --to ${k.example.flow.to} --protocol ${p.protocol}${p.dstPort !== undefined ? ` --port ${p.dstPort}` : ''}`;
  return `${k.source}: ${boxes.join('; ')}${more} — ${k.verdict}${k.uncertain ? ' (uncertain)' : ''} via ${k.path.join(' → ')} [${example}]`;
}

/** Check one scope expectation against the scopes of the same input. */
export function checkScopeExpectation(
  c: CompiledNetwork,
  scopes: readonly AccessScope[],
  e: ScopeExpectation,
): ExpectationOutcome {
  const base = { name: e.name, span: e.span };
  const scope = scopes.find((s) => s.name === e.scope);
  if (!scope) return { ...base, passed: false, failures: [`no scope ${e.scope} under scopes:`] };
  let r;
  try {
    r = evaluateScope(c, scope);
  } catch (err) {
    if (err instanceof ReachError || err instanceof AtomLimitError)
      return { ...base, passed: false, failures: [`scope ${e.scope}: ${err.message}`] };
    throw err;
  }
  const name =
    r.warnings.length > 0 ? `${e.name} (IPv4 header space only: REACH_IPV6_NOT_ENUMERATED)` : e.name;
  const list = (ks: readonly ReachClass[], what: string): string[] => [
    ...ks.slice(0, SHOWN).map((k, i) => `${what} ${i + 1}: ${findingLine(k)}`),
    ...(ks.length > SHOWN ? [`… and ${ks.length - SHOWN} more ${what}s`] : []),
  ];
  if (e.findings === 'some') {
    const passed = r.findings.length > 0;
    const failures = passed ? [] : [`scope ${e.scope} finds nothing, expected some findings`];
    if (!passed && r.possible.length > 0)
      return {
        ...base,
        name,
        passed: false,
        unknown: true,
        failures: [
          `UNKNOWN — only possible findings (uncertain traces)`,
          ...list(r.possible, 'possible finding'),
        ],
      };
    return { ...base, name, passed, failures };
  }
  if (r.findings.length > 0)
    return {
      ...base,
      name,
      passed: false,
      failures: [
        `scope ${e.scope} finds ${r.findings.length} class${r.findings.length === 1 ? '' : 'es'} of flows, expected none`,
        ...list(r.findings, 'finding'),
      ],
    };
  if (r.possible.length > 0)
    return {
      ...base,
      name,
      passed: false,
      unknown: true,
      failures: [
        `UNKNOWN — ${r.possible.length} possible finding${r.possible.length === 1 ? '' : 's'}: traces that depend on something vpcsim does not model`,
        ...list(r.possible, 'possible finding'),
      ],
    };
  return { ...base, name, passed: true, failures: [] };
}
