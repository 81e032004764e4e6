/**
 * What the local web server needs from the rest of vpcsim, as one small interface, so the server can be tested
 * with hand-made networks and traces and wired to the real loader/engine by the CLI (`default-backend.ts`).
 *
 * Model: `load()` reads the inputs afresh (called at start and whenever an input file changes) and never throws
 * on bad input — a file that cannot be parsed comes back as diagnostics with file:line:col. `trace` may throw (or
 * reject) for a flow it cannot resolve (unknown endpoint); the server turns that into a 400 with the message.
 * `trace`, `validate` and `test` may answer asynchronously: `vpcsim serve` runs them in worker threads.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { TraceResult } from '../analysis/trace-result.js';
import type { Expectation, FlowSpec } from '../model/expectation.js';
import type { Network } from '../model/network.js';
import type { NetworkWideQuery, NetworkWideView } from './network-wide.js';

/** A named variant of the inputs (a "broken variant" of a vpcsim file), shown on its own. */
export interface VariantInputs {
  readonly name: string;
  readonly description?: string | undefined;
  readonly network: Network;
  readonly expectations: readonly Expectation[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface LoadedInputs {
  readonly network: Network;
  readonly expectations: readonly Expectation[];
  /** Diagnostics from reading the inputs (parse errors, unsupported resources). */
  readonly diagnostics: readonly Diagnostic[];
  /** Files that were read (what the server watches). */
  readonly files: readonly string[];
  readonly variants?: readonly VariantInputs[] | undefined;
}

/** Outcome of one expectation, as the page lists it. */
export interface ExpectationOutcome {
  readonly name: string;
  readonly passed: boolean;
  /** The trace is uncertain: neither a pass nor a definite failure (analysis/caveats.ts). */
  readonly unknown?: boolean | undefined;
  readonly flow: FlowSpec;
  readonly expected: string;
  readonly actual: string;
  /** Why it failed (empty when it passed). */
  readonly failures: readonly string[];
  readonly trace?: TraceResult | undefined;
}

export interface Backend {
  load(): Promise<LoadedInputs>;
  /** Validation diagnostics (AWS API rules and lint) for a loaded network. */
  validate(net: Network): readonly Diagnostic[] | Promise<readonly Diagnostic[]>;
  /** May answer later (worker-backend.ts traces in a worker thread); rejects like it throws. */
  trace(net: Network, flow: FlowSpec): TraceResult | Promise<TraceResult>;
  /** Run the expectations of the base inputs, or of the named variant. */
  test(
    loaded: LoadedInputs,
    variant?: string,
  ): readonly ExpectationOutcome[] | Promise<readonly ExpectationOutcome[]>;
  /** Network-wide answers (exposure, matrix: network-wide.ts); absent = the page says they are not available. */
  networkWide?(net: Network, q: NetworkWideQuery): NetworkWideView | Promise<NetworkWideView>;
  /** End what the backend holds (worker threads); called when the server closes. */
  close?(): Promise<void>;
}
