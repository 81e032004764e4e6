/**
 * The server backend of `vpcsim serve`, off the event loop (issue 21 item 6): every load runs in a worker thread
 * of its own (`backend-worker.ts`), which then answers the traces, validations and tests of that load. While a
 * large reload is in progress, the previous load's worker goes on answering, and the server's own thread only
 * routes requests — so a slow reload or a slow trace does not hold other requests.
 * Model: one generation per load; the networks the server receives (structured clones) are mapped back to their
 * generation and variant. A generation is ended once a newer one has loaded and it has no request in flight.
 * Invariants: a worker that fails or exits answers every request in flight with an error (never a hang); `close()`
 * ends every worker.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TraceResult } from '../analysis/trace-result.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { ImportOptions } from '../formats/import-result.js';
import type { FlowSpec } from '../model/expectation.js';
import type { Network } from '../model/network.js';
import type { Backend, ExpectationOutcome, LoadedInputs } from './backend.js';
import type { WorkerReply, WorkerRequest } from './backend-worker.js';
import type { NetworkWideQuery, NetworkWideView } from './network-wide.js';

/** The worker's entry: the compiled module next to this one, or (running from sources) the .ts through tsx. */
function startWorker(data: unknown): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./backend-worker.js', self), { workerData: data });
  const require = createRequire(self);
  const tsx = pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs'));
  const entry = new URL('./backend-worker.ts', self);
  const boot = `import(${JSON.stringify(tsx.href)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

interface Pending {
  resolve(value: unknown): void;
  reject(e: Error): void;
}

/** One load of the inputs and the worker that holds it. */
class Generation {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  retired = false;
  #nextId = 1;
  #dead: string | undefined;

  constructor(data: unknown, onLoaded: (r: WorkerReply) => void) {
    this.worker = startWorker(data);
    this.worker.on('message', (m: WorkerReply) => {
      if (m.kind !== 'reply') {
        onLoaded(m);
        return;
      }
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.value);
      else p?.reject(new Error(m.message));
      this.endIfIdle();
    });
    const die = (why: string) => {
      this.#dead ??= why;
      onLoaded({ kind: 'failed', message: why });
      for (const p of this.pending.values()) p.reject(new Error(why));
      this.pending.clear();
    };
    this.worker.on('error', (e) => {
      die(`the inputs' worker failed: ${e.message}`);
    });
    this.worker.on('exit', (code) => {
      die(`the inputs' worker stopped (exit code ${code})`);
    });
  }

  call(
    op: WorkerRequest['op'],
    variant: string | null,
    flow?: FlowSpec,
    query?: NetworkWideQuery,
  ): Promise<unknown> {
    if (this.#dead !== undefined) return Promise.reject(new Error(this.#dead));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, variant, flow, query } satisfies WorkerRequest);
    });
  }

  /** Retired and idle: end the worker. */
  endIfIdle(): void {
    if (this.retired && this.pending.size === 0) void this.worker.terminate();
  }
}

/** A backend over the given input paths whose loads, traces, validations and tests run in worker threads. */
export function workerBackend(
  paths: readonly string[],
  opts: ImportOptions = {},
): Backend & { close(): Promise<void> } {
  const generations = new Set<Generation>();
  const owner = new WeakMap<object, { gen: Generation; variant: string | null }>();
  let newest: Generation | undefined;
  const of = (net: object): { gen: Generation; variant: string | null } => {
    const o = owner.get(net);
    if (!o) throw new Error('this network was not loaded by this backend');
    return o;
  };
  return {
    load(): Promise<LoadedInputs> {
      return new Promise((resolve, reject) => {
        const gen: Generation = new Generation({ paths: [...paths], opts }, (m) => {
          if (m.kind === 'failed') {
            generations.delete(gen);
            reject(new Error(m.message));
            return;
          }
          if (m.kind !== 'loaded') return;
          const loaded = m.loaded;
          owner.set(loaded, { gen, variant: null });
          owner.set(loaded.network, { gen, variant: null });
          for (const v of loaded.variants ?? []) owner.set(v.network, { gen, variant: v.name });
          // The older generations are ended once their requests in flight are answered.
          for (const g of generations)
            if (g !== gen) {
              g.retired = true;
              g.endIfIdle();
              generations.delete(g);
            }
          newest = gen;
          resolve(loaded);
        });
        generations.add(gen);
      });
    },
    async validate(net: Network): Promise<readonly Diagnostic[]> {
      const o = of(net);
      return (await o.gen.call('validate', o.variant)) as readonly Diagnostic[];
    },
    async trace(net: Network, flow: FlowSpec): Promise<TraceResult> {
      const o = of(net);
      return (await o.gen.call('trace', o.variant, flow)) as TraceResult;
    },
    async networkWide(net: Network, q: NetworkWideQuery): Promise<NetworkWideView> {
      const o = of(net);
      return (await o.gen.call('network-wide', o.variant, undefined, q)) as NetworkWideView;
    },
    async test(loaded: LoadedInputs, variant?: string): Promise<readonly ExpectationOutcome[]> {
      const o = of(loaded);
      return (await o.gen.call('test', variant ?? null)) as readonly ExpectationOutcome[];
    },
    async close(): Promise<void> {
      const all = [...generations, ...(newest ? [newest] : [])];
      generations.clear();
      await Promise.all(all.map((g) => g.worker.terminate()));
    },
  };
}
