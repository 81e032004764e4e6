/**
 * Run every test an input carries: the base network's validation cases and expectations, then each variant's.
 * A network (base or variant) that is not a validation case must validate without errors — otherwise that is a
 * failure too, since AWS would refuse to create it.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { DiagnosticExpectation, Expectation } from '../model/expectation.js';
import type { Network } from '../model/network.js';
import type { ImportResult } from '../formats/import-result.js';
import { validateNetwork } from '../validate/index.js';
import { compileNetwork } from '../dataplane/compile.js';
import { checkDiagnostics, checkExpectation, type ExpectationOutcome } from './expectations.js';
import { caveatsOf, withCaveats, type Caveats } from './caveats.js';
import { checkScopeExpectation } from './scope-expectations.js';
import type { AccessScope, ScopeExpectation } from '../model/scope.js';

export interface Suite {
  readonly title: string;
  readonly outcomes: ExpectationOutcome[];
  readonly diagnostics: Diagnostic[];
}

/** What one network (base or variant) is tested for. */
interface Tests {
  readonly expectations: readonly Expectation[];
  readonly expected: readonly DiagnosticExpectation[];
  readonly scopes?: readonly AccessScope[] | undefined;
  readonly scopeExpectations?: readonly ScopeExpectation[] | undefined;
}

function runOne(title: string, net: Network, readDiags: readonly Diagnostic[], tests: Tests): Suite {
  const { expectations, expected } = tests;
  const scopeExpectations = tests.scopeExpectations ?? [];
  const diagnostics = [...readDiags, ...validateNetwork(net)];
  const outcomes: ExpectationOutcome[] = [];
  outcomes.push(...checkDiagnostics('validation reports ', diagnostics, expected));
  const expectsErrors = expected.some((x) => (x.severity ?? 'error') === 'error');
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!expectsErrors && errors.length > 0) {
    outcomes.push({
      name: 'the network validates without errors',
      passed: false,
      failures: errors.map(
        (d) => `${d.span ? `${d.span.file}:${d.span.line}:${d.span.col}: ` : ''}${d.code}: ${d.message}`,
      ),
    });
  }
  if (expectations.length > 0 || scopeExpectations.length > 0) {
    const { compiled } = compileNetwork(net);
    const cav = caveatsOf(net, readDiags);
    for (const e of expectations) outcomes.push(withUnknown(checkExpectation(compiled, e), cav));
    for (const e of scopeExpectations) outcomes.push(checkScopeExpectation(compiled, tests.scopes ?? [], e));
  }
  return { title, outcomes, diagnostics };
}

/** An outcome whose trace is uncertain is unknown: not a pass, and not a definite failure either. */
function withUnknown(o: ExpectationOutcome, cav: Caveats): ExpectationOutcome {
  if (!o.trace) return o;
  const trace = withCaveats(o.trace, cav);
  if (!trace.uncertain) return { ...o, trace };
  const why = `UNKNOWN — depends on ${(trace.dependsOn ?? []).join('; ')}`;
  return {
    ...o,
    trace,
    passed: false,
    unknown: true,
    failures: [why, ...o.failures.filter((f) => !f.startsWith('UNKNOWN —'))],
  };
}

/** Run the base network and every variant of an import. */
export function runTests(input: ImportResult, title: string): Suite[] {
  const suites: Suite[] = [
    runOne(title, input.network, input.diagnostics, {
      expectations: input.expectations,
      expected: input.expectedDiagnostics ?? [],
      scopes: input.scopes,
      scopeExpectations: input.scopeExpectations,
    }),
  ];
  for (const v of input.variants) {
    suites.push(
      runOne(`${title} › ${v.name}${v.description ? ` — ${v.description}` : ''}`, v.network, v.diagnostics, {
        expectations: v.expectations,
        expected: v.expectedDiagnostics,
        scopes: v.scopes,
        scopeExpectations: v.scopeExpectations,
      }),
    );
  }
  return suites;
}
