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
import type { AddressInfo } from 'node:net';
import type { Backend } from './backend.js';
import { allowedHosts, checkRequest } from './origin-guard.js';
import { assetTable, serveAsset } from './static-assets.js';
import { watchInputs, type InputWatcher } from './input-watcher.js';
import { checkToken, isLoopback } from './access-token.js';
import { handleApi, type ApiContext } from './api.js';
import { EventStreams } from './event-streams.js';
import { sendError } from './respond.js';
import { ServedInputs } from './served-inputs.js';

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

/** Start the server; resolves when it listens. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const { backend } = opts;
  const host = opts.host ?? '127.0.0.1';
  const token = opts.accessToken;
  // Issue 21 item 6: other machines reach the server only through an explicit option, and then with a token.
  if (!isLoopback(host) && token === undefined)
    throw new Error(`refusing to listen on ${host}, which other machines can reach, without an access token`);
  const assets = assetTable(opts.webRoot);
  const streams = new EventStreams(MAX_EVENT_STREAMS);
  const inputs = await ServedInputs.load(backend);
  const api: ApiContext = { backend, inputs, streams };
  const reload = async (): Promise<void> => {
    await inputs.reload();
    streams.reload(inputs.version);
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
    handle(api, assets, token, allowed, req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, 500, e instanceof Error ? e.message : String(e));
      else res.end();
    });
  });

  let watcher: InputWatcher | undefined;
  if (opts.watchEnabled ?? true)
    watcher = watchInputs(opts.watch ?? inputs.loaded.files, () => void reload());
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/${token !== undefined ? `?token=${token}` : ''}`,
    host,
    port,
    reload,
    close: () =>
      new Promise<void>((resolveClose) => {
        watcher?.close();
        streams.closeAll();
        server.close(() => {
          void (backend.close?.() ?? Promise.resolve()).then(resolveClose);
        });
        server.closeAllConnections();
      }),
  };
}

/** One request: the Host/Origin guard, the access token, then the API or a page asset. */
async function handle(
  api: ApiContext,
  assets: ReturnType<typeof assetTable>,
  token: string | undefined,
  allowed: readonly string[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const guard = checkRequest(req.headers, allowed, req.rawHeaders, token !== undefined);
  if (!guard.ok) {
    sendError(res, 403, guard.reason);
    return;
  }
  const [path = '/', search = ''] = (req.url ?? '/').split('?', 2);
  if (token !== undefined) {
    const t = checkToken(req.headers, new URLSearchParams(search), token);
    if (!t.ok) {
      sendError(res, t.status, t.reason);
      return;
    }
    if (t.setCookie !== undefined) res.setHeader('set-cookie', t.setCookie);
  }
  if (path.startsWith('/api/')) return handleApi(api, req, res, path, new URLSearchParams(search));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, 'only GET');
    return;
  }
  await serveAsset(req.method, path, res, assets);
}
