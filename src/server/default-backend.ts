/**
 * The server backend wired to vpcsim itself: `loadInputs` (formats/load), `validateNetwork`, `compileNetwork` +
 * `traceFlow` (with the fix plan of an unreachable flow, analysis/fix), and `runTests` — what `vpcsim serve` uses.
 *
 * Model: each load reads the inputs afresh (the loader never throws on bad input). Compiled networks are made per
 * request: compiling is cheap next to a person clicking, and keeping none avoids stale state after a reload.
 */
import type { ImportOptions, ImportResult } from '../formats/import-result.js';
import { validateNetwork } from '../validate/index.js';
import { compileNetwork } from '../dataplane/compile.js';
import { traceFlow } from '../analysis/trace.js';
import { planFixes } from '../analysis/fix/chain.js';
import { networkWide } from './network-wide.js';
import { runTests } from '../analysis/run-tests.js';
import { caveatsOf, withCaveats } from '../analysis/caveats.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { FlowSpec } from '../model/expectation.js';
import type { Network } from '../model/network.js';
import type { TraceResult } from '../analysis/trace-result.js';
import type { Backend, ExpectationOutcome, LoadedInputs } from './backend.js';

interface Loaded extends LoadedInputs {
  readonly result: ImportResult;
}

/** The default backend answers at once (in the thread that calls it; worker-backend.ts runs it in a worker). */
export interface DirectBackend extends Backend {
  validate(net: Network): readonly Diagnostic[];
  trace(net: Network, flow: FlowSpec): TraceResult;
}

/** A backend over the given input paths. */
export function defaultBackend(paths: readonly string[], opts: ImportOptions = {}): DirectBackend {
  // The reading diagnostics of each network loaded (base and variants), so a trace can say what it depends on.
  const readDiagnostics = new WeakMap<Network, readonly Diagnostic[]>();
  return {
    async load(): Promise<Loaded> {
      const { loadInputs } = await import('../formats/load.js'); // on first use: `vpcsim --help` stays fast
      const r = await loadInputs(paths, opts);
      readDiagnostics.set(r.network, r.diagnostics);
      for (const v of r.variants) readDiagnostics.set(v.network, v.diagnostics);
      return {
        result: r,
        network: r.network,
        expectations: r.expectations,
        diagnostics: r.diagnostics,
        files: r.files.length > 0 ? r.files : paths,
        variants: r.variants.map((v) => ({
          name: v.name,
          description: v.description,
          network: v.network,
          expectations: v.expectations,
          diagnostics: v.diagnostics,
        })),
      };
    },
    validate: (net) => validateNetwork(net),
    trace(net, flow) {
      const compiled = compileNetwork(net).compiled;
      const t = withCaveats(traceFlow(compiled, flow), caveatsOf(net, readDiagnostics.get(net) ?? []));
      // Issue 14: the page shows the same fix plan as `vpcsim trace` (each change checked by tracing again).
      const fix = planFixes(net, compiled, flow, t);
      return fix ? { ...t, fix } : t;
    },
    networkWide: (net, q) => networkWide(net, q),
    test(loaded, variant): ExpectationOutcome[] {
      const r = (loaded as Partial<Loaded>).result;
      if (!r) return [];
      let input: ImportResult = { ...r, variants: [] };
      if (variant !== undefined) {
        const v = r.variants.find((x) => x.name === variant);
        if (!v) return [];
        input = {
          ...r,
          network: v.network,
          expectations: v.expectations,
          diagnostics: v.diagnostics,
          expectedDiagnostics: v.expectedDiagnostics,
          variants: [],
        };
      }
      const suites = runTests(input, variant ?? 'inputs');
      return suites.flatMap((s) =>
        s.outcomes.map((o) => ({
          name: o.name,
          passed: o.passed,
          ...(o.unknown ? { unknown: true } : {}),
          flow: o.expectation?.flow ?? { from: '', to: '' },
          expected: o.expectation?.verdict ?? 'diagnostics as written',
          actual: o.trace?.verdict ?? (o.passed ? 'as expected' : 'different'),
          failures: o.failures,
          trace: o.trace,
        })),
      );
    },
  };
}
