/**
 * The worker thread of `worker-backend.ts`: one generation of the inputs. It loads them once (the real loader,
 * `default-backend.ts`), posts what the page shows, then answers trace, validate and test requests on that load
 * until it is ended — so a slow reload or trace never holds the server's event loop (issue 21 item 6).
 * Protocol: workerData `{ paths, opts }`; posts `{ kind: 'loaded', loaded }` (or `{ kind: 'failed', message }`);
 * then for each `{ id, op, variant, flow?, query? }` posts `{ id, ok: true, value }` or `{ id, ok: false, message }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportOptions } from '../formats/import-result.js';
import type { FlowSpec } from '../model/expectation.js';
import type { Network } from '../model/network.js';
import type { LoadedInputs } from './backend.js';
import { defaultBackend } from './default-backend.js';
import { networkWide, type NetworkWideQuery } from './network-wide.js';

export interface WorkerRequest {
  readonly id: number;
  readonly op: 'trace' | 'validate' | 'test' | 'network-wide';
  /** null = the base inputs. */
  readonly variant: string | null;
  readonly flow?: FlowSpec | undefined;
  readonly query?: NetworkWideQuery | undefined;
}

export type WorkerReply =
  | { readonly kind: 'loaded'; readonly loaded: LoadedInputs }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly message: string };

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const { paths, opts } = workerData as { paths: readonly string[]; opts: ImportOptions };
  const backend = defaultBackend(paths, opts);
  let loaded: LoadedInputs;
  try {
    loaded = await backend.load();
  } catch (e) {
    port.postMessage({ kind: 'failed', message: messageOf(e) } satisfies WorkerReply);
    return;
  }
  // What the page shows: everything but the importer's own result (kept here for `test`).
  const { network, expectations, diagnostics, files, variants } = loaded;
  port.postMessage({
    kind: 'loaded',
    loaded: { network, expectations, diagnostics, files, variants },
  } satisfies WorkerReply);
  const networkOf = (variant: string | null): Network | undefined =>
    variant === null ? network : variants?.find((v) => v.name === variant)?.network;
  port.on('message', (req: WorkerRequest) => {
    void (async (): Promise<WorkerReply> => {
      try {
        const net = networkOf(req.variant);
        if (!net) throw new Error(`no variant named "${req.variant ?? ''}"`);
        const value =
          req.op === 'trace'
            ? backend.trace(net, req.flow ?? { from: '', to: '' })
            : req.op === 'validate'
              ? backend.validate(net)
              : req.op === 'network-wide'
                ? networkWide(net, req.query ?? { kind: 'exposure' })
                : await backend.test(loaded, req.variant ?? undefined);
        return { kind: 'reply', id: req.id, ok: true, value };
      } catch (e) {
        return { kind: 'reply', id: req.id, ok: false, message: messageOf(e) };
      }
    })().then((reply) => {
      port.postMessage(reply);
    });
  });
}

void main();
