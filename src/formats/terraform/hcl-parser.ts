/**
 * The HCL parser (@cdktn/hcl2json: HashiCorp's Go parser compiled to WebAssembly), run in a worker thread so that
 * no input can poison it for later loads.
 *
 * Why: a Go program that overflows its stack inside WebAssembly dies for good ("fatal error: … Go program has
 * already exited"); in-process, every later Terraform load in the same process would then fail, and a pending Go
 * timer could throw an uncaught error that kills the process. In a worker, a parse that crashes, hangs (over
 * `LIMITS.hclParseSeconds`) or leaves the Go runtime broken ends that worker only; the next parse starts a fresh
 * one. The Go runtime's crash dump (written straight to file descriptor 2) is kept out of the user's terminal.
 *
 * One `HclParser` parses one file at a time; `close()` ends its worker (an idle worker never keeps the process
 * alive). Loads that are not given a parser share the process's one (`sharedHclParser`): a resource, not state —
 * each parse is independent of those before it and a failed worker is replaced — so that a process pays the
 * parser's start-up (about half a CPU second) once rather than per load.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LIMITS } from '../limits.js';

/** What one parse gives: the JSON form of the file, a syntax error, or a parser failure (crash or time-out). */
export type HclParseResult =
  | { readonly ok: true; readonly json: unknown }
  | { readonly ok: false; readonly kind: 'syntax' | 'failed'; readonly message: string };

// The worker: loads the Go bridge with fd 1/2 writes captured, parses what it is sent, answers with the result.
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const realFs = require('node:fs');
let captured = '';
const quietFs = new Proxy(realFs, {
  get(target, key) {
    if (key === 'writeSync')
      return (fd, buf, ...rest) => {
        if (fd === 1 || fd === 2) {
          if (captured.length < 4096) captured += Buffer.from(buf).toString('utf8');
          return buf.length;
        }
        return target.writeSync(fd, buf, ...rest);
      };
    const v = Reflect.get(target, key);
    return typeof v === 'function' ? v.bind(target) : v;
  },
});
Object.defineProperty(globalThis, 'fs', { get: () => quietFs, set: () => {}, configurable: false });
const keep = (...xs) => {
  if (captured.length < 4096) captured += xs.map(String).join(' ') + '\\n';
};
console.log = console.warn = console.error = console.info = console.debug = keep;
process.stdout.write = process.stderr.write = (chunk) => (keep(chunk), true);
process.on('uncaughtException', (e) => {
  parentPort.postMessage({ fatal: String((e && e.message) || e), output: captured });
});
// The Go runtime ends its program through Go#exit (after a fatal error, a parse never answers): say so at once.
require(workerData.goExec);
const Go = globalThis.Go;
globalThis.Go = class extends Go {
  constructor() {
    super();
    this.exit = (code) => parentPort.postMessage({ fatal: 'the Go runtime exited with code ' + code, output: captured });
  }
};
const { parse } = require(workerData.hcl2json);
parentPort.on('message', async (m) => {
  try {
    // As text: a structured clone of deeply nested objects can overflow the receiving thread's stack.
    parentPort.postMessage({ id: m.id, ok: true, json: JSON.stringify(await parse(m.file, m.text)) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, message: String((e && e.message) || e), output: captured });
  }
});
`;

interface Reply {
  readonly id?: number;
  readonly ok?: boolean;
  readonly json?: string;
  readonly message?: string;
  readonly output?: string;
  readonly fatal?: string;
}

/** HCL errors name a position (`main.tf:3,1-2: …`); anything else is the parser failing, not the input's syntax. */
function isSyntaxError(message: string): boolean {
  if (/Go program has already exited/.test(message)) return false;
  // The converter's own refusal of blocks with and without labels (block-labels.ts): a user error, no position.
  return (
    /:\d+,\d+(-\d+)?(,\d+)?: /.test(message) || /cannot have blocks with and without labels/.test(message)
  );
}

/** The first line of what the Go runtime printed when it died (`fatal error: stack overflow`). */
function firstLine(output: string | undefined): string {
  const line = (output ?? '').split('\n').find((l) => l.trim() !== '');
  return line ? ` (${line.trim().slice(0, 200)})` : '';
}

export class HclParser {
  #worker: Worker | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 0;
  readonly #timeoutMs: number;

  constructor(timeoutSeconds: number = LIMITS.hclParseSeconds) {
    this.#timeoutMs = timeoutSeconds * 1000;
  }

  /** Parse one file's text. Never throws; calls are served one at a time. */
  parse(file: string, text: string): Promise<HclParseResult> {
    const run = this.#queue.then(() => this.#parseNow(file, text));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** End the worker (a later parse starts a new one). */
  async close(): Promise<void> {
    await this.#queue;
    await this.#stop();
  }

  async #stop(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (w) await w.terminate();
  }

  #start(): Worker {
    const require = createRequire(import.meta.url);
    const pkg = dirname(require.resolve('@cdktn/hcl2json/package.json'));
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        hcl2json: join(pkg, 'build', 'index.js'),
        goExec: join(pkg, 'wasm', 'bridge_wasm_exec.js'),
      },
      resourceLimits: { stackSizeMb: 16 },
    });
    // (The worker keeps what the Go runtime prints to itself: `stdout: true` streams would hold the process open.)
    w.unref();
    return w;
  }

  async #parseNow(file: string, text: string): Promise<HclParseResult> {
    const w = (this.#worker ??= this.#start());
    const id = this.#nextId++;
    w.ref();
    const reply = await new Promise<Reply>((resolve) => {
      const done = (r: Reply) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        w.off('messageerror', onError);
        resolve(r);
      };
      const onMessage = (m: Reply) => {
        if (m.fatal !== undefined) done({ ok: false, message: m.fatal, output: m.output });
        else if (m.id === id) done(m);
      };
      const onError = (e: Error) => {
        done({ ok: false, message: e.message });
      };
      const onExit = (code: number) => {
        done({ ok: false, message: `the parser stopped (exit code ${code})` });
      };
      const timer = setTimeout(() => {
        done({ ok: false, message: `no answer within ${this.#timeoutMs / 1000} s` });
      }, this.#timeoutMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.on('messageerror', onError);
      w.postMessage({ id, file, text });
    });
    if (reply.ok === true) {
      w.unref();
      return { ok: true, json: JSON.parse(reply.json ?? 'null') as unknown };
    }
    const message = reply.message ?? 'unknown failure';
    if (reply.id === id && isSyntaxError(message)) {
      w.unref();
      return { ok: false, kind: 'syntax', message };
    }
    // Crash, time-out or a broken Go runtime: this worker is done; the next parse gets a fresh one.
    if (this.#worker === w) await this.#stop();
    return { ok: false, kind: 'failed', message: `${message}${firstLine(reply.output)}` };
  }
}

// The one deliberate module-level holder: the process's parser worker (see the header).
const shared: { parser?: HclParser } = {};

/** The parser loads use when they are not given one. */
export function sharedHclParser(): HclParser {
  return (shared.parser ??= new HclParser());
}
