/**
 * `vpcsim serve`: a node:http server for the web page — its built assets and a small JSON API.
 *
 * API (docs/web.md): GET /api/model, GET /api/validate, POST /api/trace, GET /api/test, GET /api/exposure,
 * GET /api/matrix?by=, GET /api/events (SSE:
 * `reload` after the inputs changed). Everything else is a page asset from a table fixed at start, or 404.
 * Model: one state per server (no module state): the last load of the inputs and a version number bumped on
 * every reload. Bad input never stops the server: load diagnostics are served; a trace the engine refuses is a
 * 400 with its message; an unexpected exception is a 500 with its message (and no stack).
 * Security: bound to 127.0.0.1 by default; any address other machines can reach needs an access token, which
 * every request must then carry (access-token.ts: 401/403); every request must carry a Host naming this server
 * and, if it has an Origin, this server's origin (origin-guard.ts: DNS rebinding and cross-site requests are
 * refused with 403); request bodies are limited to 64 KiB (a larger one is answered 413 with the limit, unread,
 * request-body.ts); two Host headers are refused; at most 256 connections and 64 event streams are held at once;
 * no file outside the page's build folder is ever served (the inputs are returned only as the parsed model).
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { sortDiagnostics, type Diagnostic } from '../diag/diagnostic.js';
import { emptyNetwork, type Network } from '../model/network.js';
import type { TraceResult } from '../analysis/trace-result.js';
import { buildTopology, type TopologyGraph } from '../render/diagram/topology.js';
import { answerNetworkWide } from './network-wide-api.js';
import { traceOverlay } from '../render/diagram/overlay.js';
import type { Backend, LoadedInputs } from './backend.js';
import type {
  ErrorResponse,
  ModelResponse,
  TestResponse,
  TraceResponse,
  ValidateResponse,
} from './api-types.js';
import { allowedHosts, checkRequest } from './origin-guard.js';
import { assetTable } from './static-assets.js';
import { parseFlowRequest } from './flow-request.js';
import { watchInputs, type InputWatcher } from './input-watcher.js';
import { BodyTooLarge, readBody } from './request-body.js';
import { checkToken, isLoopback } from './access-token.js';

// prettier-ignore
const API_PATHS = ['/api/model', '/api/validate', '/api/trace', '/api/test', '/api/exposure', '/api/matrix', '/api/events'];

export interface ServeOptions {
  readonly backend: Backend;
  /** Folder of the built page (src/web/dist). */
  readonly webRoot: string;
  /** Default 127.0.0.1. Any other address than a loopback one needs `accessToken`. */
  readonly host?: string | undefined;
  /**
   * When set, every request must carry this token (access-token.ts: 401 without it, 403 when wrong) and the Host
   * header may name the server however the network reaches it (Origin must still be the request's own host).
   */
  readonly accessToken?: string | undefined;
  /** Default 0 = any free port. */
  readonly port?: number | undefined;
  /** Input paths to watch for changes (default: the files the first load read). */
  readonly watch?: readonly string[] | undefined;
  /** Set false to disable watching (tests). */
  readonly watchEnabled?: boolean | undefined;
}

export interface RunningServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Reload the inputs now (also happens on file changes). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Connections held at once (a browser opens a handful); over it, new connections are closed at once. */
const MAX_CONNECTIONS = 256;
/** Event streams (`/api/events`, one per open page) held at once; over it, 503. */
const MAX_EVENT_STREAMS = 64;

interface State {
  version: number;
  loaded: LoadedInputs;
  /** Diagram graphs by variant name ('' = base), built when first asked for. */
  graphs: Map<string, TopologyGraph>;
}

/** The network, expectations and diagnostics of the base inputs or of one variant. */
interface View {
  readonly variant: string | null;
  readonly network: Network;
  readonly expectations: LoadedInputs['expectations'];
  readonly diagnostics: readonly Diagnostic[];
  readonly graph: TopologyGraph;
}

/** Start the server; resolves when it listens. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const { backend } = opts;
  const host = opts.host ?? '127.0.0.1';
  const token = opts.accessToken;
  // Issue 21 item 6: other machines reach the server only through an explicit option, and then with a token.
  if (!isLoopback(host) && token === undefined)
    throw new Error(`refusing to listen on ${host}, which other machines can reach, without an access token`);
  const assets = assetTable(opts.webRoot);
  const sse = new Set<ServerResponse>();

  const loadState = async (version: number): Promise<State> => {
    let loaded: LoadedInputs;
    try {
      loaded = await backend.load();
    } catch (e) {
      // Importers should never throw; if one does, show it as a diagnostic rather than failing.
      const d: Diagnostic = {
        severity: 'error',
        code: 'LOAD_FAILED',
        message: `could not read the inputs: ${e instanceof Error ? e.message : String(e)}`,
      };
      loaded = { network: emptyNetwork(), expectations: [], diagnostics: [d], files: [] };
    }
    return { version, loaded, graphs: new Map([['', buildTopology(loaded.network)]]) };
  };
  /** Resolve `?variant=` (undefined/empty = base); undefined when there is no such variant. */
  const view = (name: string | undefined): View | undefined => {
    const st = state;
    if (name === undefined || name === '') {
      const graph = st.graphs.get('') ?? buildTopology(st.loaded.network);
      return {
        variant: null,
        network: st.loaded.network,
        expectations: st.loaded.expectations,
        diagnostics: st.loaded.diagnostics,
        graph,
      };
    }
    const v = (st.loaded.variants ?? []).find((x) => x.name === name);
    if (!v) return undefined;
    let graph = st.graphs.get(name);
    if (!graph) st.graphs.set(name, (graph = buildTopology(v.network)));
    return {
      variant: v.name,
      network: v.network,
      expectations: v.expectations,
      diagnostics: v.diagnostics,
      graph,
    };
  };
  let state = await loadState(1);

  const reload = async (): Promise<void> => {
    state = await loadState(state.version + 1);
    for (const res of sse) res.write(`event: reload\ndata: ${state.version}\n\n`);
  };

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(text);
  };
  const fail = (res: ServerResponse, status: number, message: string): void => {
    send(res, status, { error: message } satisfies ErrorResponse);
  };

  const validateDiagnostics = async (v: View): Promise<Diagnostic[]> => {
    let ds: readonly Diagnostic[];
    try {
      ds = await backend.validate(v.network);
    } catch (e) {
      ds = [
        {
          severity: 'error',
          code: 'VALIDATE_FAILED',
          message: `validation failed: ${e instanceof Error ? e.message : String(e)}`,
        },
      ];
    }
    return sortDiagnostics([...v.diagnostics, ...ds]);
  };

  const handleApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> => {
    const method = req.method ?? 'GET';
    const variantName = query.get('variant') ?? undefined;
    const noVariant = (name: string): void => {
      fail(
        res,
        404,
        `no variant named "${name}" (variants: ${(state.loaded.variants ?? []).map((x) => x.name).join(', ') || 'none'})`,
      );
    };
    if (path === '/api/model' && method === 'GET') {
      const v = view(variantName);
      if (!v) {
        noVariant(variantName ?? '');
        return;
      }
      const body: ModelResponse = {
        version: state.version,
        files: state.loaded.files,
        variant: v.variant,
        variants: (state.loaded.variants ?? []).map((x) => ({ name: x.name, description: x.description })),
        network: v.network,
        graph: v.graph,
        expectations: v.expectations,
        diagnostics: sortDiagnostics(v.diagnostics),
      };
      send(res, 200, body);
      return;
    }
    if (path === '/api/validate' && method === 'GET') {
      const v = view(variantName);
      if (!v) {
        noVariant(variantName ?? '');
        return;
      }
      send(res, 200, {
        version: state.version,
        diagnostics: await validateDiagnostics(v),
      } satisfies ValidateResponse);
      return;
    }
    if (path === '/api/trace' && method === 'POST') {
      const type = req.headers['content-type'] ?? '';
      if (!type.startsWith('application/json')) {
        fail(res, 415, 'send the flow as application/json');
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
          fail(res, 413, e.message);
          return;
        }
        fail(
          res,
          400,
          e instanceof SyntaxError
            ? `the body is not JSON: ${e.message}`
            : String(e instanceof Error ? e.message : e),
        );
        return;
      }
      const flow = parseFlowRequest(parsed);
      if (!flow.ok) {
        fail(res, 400, flow.message);
        return;
      }
      const v = view(flow.variant);
      if (!v) {
        noVariant(flow.variant ?? '');
        return;
      }
      let trace: TraceResult;
      try {
        trace = await backend.trace(v.network, flow.flow);
      } catch (e) {
        fail(res, 400, e instanceof Error ? e.message : String(e));
        return;
      }
      const body: TraceResponse = {
        version: state.version,
        flow: flow.flow,
        trace,
        overlay: traceOverlay(v.graph, trace),
      };
      send(res, 200, body);
      return;
    }
    if (path === '/api/test' && method === 'GET') {
      const v = view(variantName);
      if (!v) {
        noVariant(variantName ?? '');
        return;
      }
      const outcomes = await backend.test(state.loaded, v.variant ?? undefined);
      const body: TestResponse = {
        version: state.version,
        results: outcomes.map((o) => ({
          ...o,
          overlay: o.trace ? traceOverlay(v.graph, o.trace) : undefined,
        })),
      };
      send(res, 200, body);
      return;
    }
    if ((path === '/api/exposure' || path === '/api/matrix') && method === 'GET') {
      const v = view(variantName);
      if (v) send(res, ...(await answerNetworkWide(backend, v.network, path, query, state.version)));
      else noVariant(variantName ?? '');
      return;
    }
    if (path === '/api/events' && method === 'GET') {
      if (sse.size >= MAX_EVENT_STREAMS) {
        fail(res, 503, `too many open event streams (the limit is ${MAX_EVENT_STREAMS}): close other pages`);
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`event: hello\ndata: ${state.version}\n\n`);
      sse.add(res);
      req.on('close', () => sse.delete(res));
      return;
    }
    if (API_PATHS.includes(path)) {
      fail(res, 405, `${method} not allowed on ${path}`);
      return;
    }
    fail(res, 404, `no such API: ${path}`);
  };

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    allowed: readonly string[],
  ): Promise<void> => {
    const guard = checkRequest(req.headers, allowed, req.rawHeaders, token !== undefined);
    if (!guard.ok) {
      fail(res, 403, guard.reason);
      return;
    }
    const [path = '/', search = ''] = (req.url ?? '/').split('?', 2);
    if (token !== undefined) {
      const t = checkToken(req.headers, new URLSearchParams(search), token);
      if (!t.ok) {
        fail(res, t.status, t.reason);
        return;
      }
      if (t.setCookie !== undefined) res.setHeader('set-cookie', t.setCookie);
    }
    if (path.startsWith('/api/')) return handleApi(req, res, path, new URLSearchParams(search));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      fail(res, 405, 'only GET');
      return;
    }
    const asset = assets.get(path);
    if (!asset) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(assets.size === 0 ? 'The web page is not built: run `npm run build:web`.\n' : 'not found\n');
      return;
    }
    const data = await readFile(asset.file);
    res.writeHead(200, {
      'content-type': asset.contentType,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy':
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  };

  const server: Server = createHttpServer();
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const allowed = allowedHosts(host, port);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, allowed).catch((e: unknown) => {
      if (!res.headersSent) fail(res, 500, e instanceof Error ? e.message : String(e));
      else res.end();
    });
  });

  let watcher: InputWatcher | undefined;
  if (opts.watchEnabled ?? true) {
    const paths = opts.watch ?? state.loaded.files;
    watcher = watchInputs(paths, () => void reload());
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/${token !== undefined ? `?token=${token}` : ''}`,
    host,
    port,
    reload,
    close: () =>
      new Promise<void>((resolveClose) => {
        watcher?.close();
        for (const res of sse) res.end();
        sse.clear();
        server.close(() => {
          void (backend.close?.() ?? Promise.resolve()).then(resolveClose);
        });
        server.closeAllConnections();
      }),
  };
}
