/**
 * The page server's JSON API (docs/web.md): GET /api/model, GET /api/validate, POST /api/trace, GET /api/test,
 * GET /api/exposure, GET /api/matrix?by=, GET /api/events. `?variant=` selects a variant (404 naming the variants
 * there are). A trace the engine refuses is a 400 with its message; a body over the limit a 413 (unread); another
 * method on a known path a 405; anything else under /api/ a 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sortDiagnostics, type Diagnostic } from '../diag/diagnostic.js';
import type { TraceResult } from '../analysis/trace-result.js';
import { traceOverlay } from '../render/diagram/overlay.js';
import type { ModelResponse, TestResponse, TraceResponse, ValidateResponse } from './api-types.js';
import type { Backend } from './backend.js';
import type { EventStreams } from './event-streams.js';
import { parseFlowRequest } from './flow-request.js';
import { answerNetworkWide } from './network-wide-api.js';
import { BodyTooLarge, readBody } from './request-body.js';
import { sendError, sendJson } from './respond.js';
import type { ServedInputs, View } from './served-inputs.js';

// prettier-ignore
const API_PATHS = ['/api/model', '/api/validate', '/api/trace', '/api/test', '/api/exposure', '/api/matrix', '/api/events'];

export interface ApiContext {
  readonly backend: Backend;
  readonly inputs: ServedInputs;
  readonly streams: EventStreams;
}

/** Answer one request under /api/. */
export async function handleApi(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (path === '/api/trace' && method === 'POST') return traceRoute(ctx, req, res);
  if (path === '/api/events' && method === 'GET') {
    ctx.streams.accept(req, res, ctx.inputs.version);
    return;
  }
  if (method === 'GET' && API_PATHS.includes(path) && path !== '/api/trace') {
    const name = query.get('variant') ?? undefined;
    const v = ctx.inputs.view(name);
    if (!v) {
      sendError(res, 404, ctx.inputs.noVariant(name ?? ''));
      return;
    }
    return getRoute(ctx, res, path, query, v);
  }
  if (API_PATHS.includes(path)) {
    sendError(res, 405, `${method} not allowed on ${path}`);
    return;
  }
  sendError(res, 404, `no such API: ${path}`);
}

/** The GET routes that answer about one view (base or variant). */
async function getRoute(
  ctx: ApiContext,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  v: View,
): Promise<void> {
  const { inputs } = ctx;
  if (path === '/api/model') {
    const body: ModelResponse = {
      version: inputs.version,
      files: inputs.loaded.files,
      variant: v.variant,
      variants: (inputs.loaded.variants ?? []).map((x) => ({ name: x.name, description: x.description })),
      network: v.network,
      graph: v.graph,
      expectations: v.expectations,
      diagnostics: sortDiagnostics(v.diagnostics),
    };
    sendJson(res, 200, body);
  } else if (path === '/api/validate') {
    const diagnostics = await validateDiagnostics(ctx.backend, v);
    sendJson(res, 200, { version: inputs.version, diagnostics } satisfies ValidateResponse);
  } else if (path === '/api/test') {
    const outcomes = await ctx.backend.test(inputs.loaded, v.variant ?? undefined);
    const body: TestResponse = {
      version: inputs.version,
      results: outcomes.map((o) => ({ ...o, overlay: o.trace ? traceOverlay(v.graph, o.trace) : undefined })),
    };
    sendJson(res, 200, body);
  } else if (path === '/api/exposure' || path === '/api/matrix') {
    sendJson(res, ...(await answerNetworkWide(ctx.backend, v.network, path, query, inputs.version)));
  }
}

/** The load diagnostics of the view and the validator's, sorted; a validator that throws is VALIDATE_FAILED. */
async function validateDiagnostics(backend: Backend, v: View): Promise<Diagnostic[]> {
  let ds: readonly Diagnostic[];
  try {
    ds = await backend.validate(v.network);
  } catch (e) {
    const message = `validation failed: ${e instanceof Error ? e.message : String(e)}`;
    ds = [{ severity: 'error', code: 'VALIDATE_FAILED', message }];
  }
  return sortDiagnostics([...v.diagnostics, ...ds]);
}

/** POST /api/trace: a JSON flow (flow-request.ts) traced on the base network or a variant. */
async function traceRoute(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    sendError(res, 415, 'send the flow as application/json');
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBody(req));
  } catch (e) {
    if (e instanceof BodyTooLarge) {
      // Answer first, then close: the rest of the body is never read.
      res.setHeader('connection', 'close');
      res.on('finish', () => req.destroy());
      sendError(res, 413, e.message);
      return;
    }
    const message =
      e instanceof SyntaxError
        ? `the body is not JSON: ${e.message}`
        : String(e instanceof Error ? e.message : e);
    sendError(res, 400, message);
    return;
  }
  const flow = parseFlowRequest(parsed);
  if (!flow.ok) {
    sendError(res, 400, flow.message);
    return;
  }
  const v = ctx.inputs.view(flow.variant);
  if (!v) {
    sendError(res, 404, ctx.inputs.noVariant(flow.variant ?? ''));
    return;
  }
  let trace: TraceResult;
  try {
    trace = await ctx.backend.trace(v.network, flow.flow);
  } catch (e) {
    sendError(res, 400, e instanceof Error ? e.message : String(e));
    return;
  }
  const body: TraceResponse = {
    version: ctx.inputs.version,
    flow: flow.flow,
    trace,
    overlay: traceOverlay(v.graph, trace),
  };
  sendJson(res, 200, body);
}
