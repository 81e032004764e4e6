/**
 * The JSON the server's API returns — shared, type-only, by the server and the web page (`src/web`).
 * Documented for users in docs/web.md.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { TraceResult } from '../analysis/trace-result.js';
import type { Expectation, FlowSpec } from '../model/expectation.js';
import type { Network } from '../model/network.js';
import type { TopologyGraph } from '../render/diagram/topology.js';
import type { TraceOverlay } from '../render/diagram/overlay.js';
import type { ExpectationOutcome } from './backend.js';
import type { NetworkWideView } from './network-wide.js';

/** GET /api/model */
export interface ModelResponse {
  /** Increases every time the inputs are reloaded. */
  readonly version: number;
  readonly files: readonly string[];
  /** The variant shown (`?variant=NAME`), or null for the base inputs. */
  readonly variant: string | null;
  /** Variants the inputs define, selectable with `?variant=NAME`. */
  readonly variants: readonly { readonly name: string; readonly description?: string | undefined }[];
  readonly network: Network;
  readonly graph: TopologyGraph;
  readonly expectations: readonly Expectation[];
  /** Diagnostics from reading the inputs. */
  readonly diagnostics: readonly Diagnostic[];
}

/** GET /api/validate */
export interface ValidateResponse {
  readonly version: number;
  /** Reading + validation diagnostics, sorted by file, line, column, code. */
  readonly diagnostics: readonly Diagnostic[];
}

/** POST /api/trace body. */
export interface TraceRequest {
  readonly from: string;
  readonly to: string;
  readonly protocol?: string | undefined;
  readonly port?: number | undefined;
  readonly srcPort?: number | undefined;
  readonly sni?: string | undefined;
  readonly host?: string | undefined;
  readonly icmpType?: number | undefined;
  readonly icmpCode?: number | undefined;
  /** Trace in this variant of the inputs. */
  readonly variant?: string | undefined;
}

/** POST /api/trace response. */
export interface TraceResponse {
  readonly version: number;
  readonly flow: FlowSpec;
  readonly trace: TraceResult;
  readonly overlay: TraceOverlay;
}

/** GET /api/test */
export interface TestResponse {
  readonly version: number;
  readonly results: readonly (ExpectationOutcome & { readonly overlay?: TraceOverlay | undefined })[];
}

/** Any 4xx/5xx. */
export interface ErrorResponse {
  readonly error: string;
}

/** GET /api/exposure and GET /api/matrix?by= responses (server/network-wide.ts). */
export type NetworkWideResponse = { readonly version: number } & NetworkWideView;
