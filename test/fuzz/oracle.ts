/**
 * One fuzz input through load → validate → compile → trace → expectations, judged by the oracles of issue 21:
 * no exception escapes (and no importer's safety net fires: IMPORTER_INTERNAL_ERROR), every diagnostic has a
 * known code and a position inside a file of the input, no prototype is polluted, the same input gives the same
 * output (byte-identical JSON), and — outside `npm test` — the load takes at most 1 s plus 1 s per megabyte of
 * CPU time. A failure has a signature (oracle + normalised message) so that many inputs hitting one bug count as
 * one distinct failure.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import { runTests } from '../../src/analysis/run-tests.js';
import { traceFlow, TraceError } from '../../src/analysis/trace.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { loadInputs } from '../../src/formats/load.js';
import type { Network } from '../../src/model/network.js';
import { validateNetwork } from '../../src/validate/index.js';
import { materialise, type FuzzInput } from './formats.js';
import { ScratchFolder } from './scratch.js';

export type OracleName =
  | 'exception'
  | 'internal-error'
  | 'unknown-code'
  | 'position'
  | 'pollution'
  | 'nondeterministic'
  | 'slow'
  | 'hang';

export interface Failure {
  readonly oracle: OracleName;
  readonly message: string;
  /** Equal for failures that are the same bug (numbers, paths and quoted values normalised away). */
  readonly signature: string;
}

export interface Outcome {
  readonly failure?: Failure | undefined;
  /** CPU milliseconds of the load (all threads, the HCL parser's worker included). */
  readonly loadCpuMs: number;
  readonly bytes: number;
}

export interface RunOptions {
  /** Run the input twice and compare (the determinism oracle). */
  readonly twice?: boolean | undefined;
  /** Judge the load time (never in `npm test`: no timed assertions there). */
  readonly timed?: boolean | undefined;
  /** Also run the input's expectations and variants (`vpcsim test`); the flows of `flowsOf` are always traced. */
  readonly tests?: boolean | undefined;
  /** Codes the catalogue declares; when absent any UPPER_SNAKE code is accepted. */
  readonly knownCodes?: ReadonlySet<string> | undefined;
}

const CODE = /^[A-Z][A-Z0-9_]*$/;

/** A failure's signature: what it is, without the numbers, paths and quoted values of this particular input. */
export function signatureOf(oracle: OracleName, message: string): string {
  const m = message
    .replace(/\/[^\s:'"`)]+/g, '<path>')
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '<q>')
    .replace(/\b\d+(\.\d+)*\b/g, '<n>')
    .slice(0, 200);
  return `${oracle}: ${m}`;
}

function failure(oracle: OracleName, message: string): Failure {
  return { oracle, message, signature: signatureOf(oracle, message) };
}

const PROTOTYPES: readonly object[] = [
  Object.prototype,
  Array.prototype,
  Function.prototype,
  String.prototype,
];
function prototypeSnapshot(): string {
  return PROTOTYPES.map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|');
}

/** Where an exception comes from: its message and the first frame inside src/. */
function describeException(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const frame = (e.stack ?? '').split('\n').find((l) => l.includes('/src/')) ?? '';
  const where = /\/(src\/[^:)]+)(?::\d+)?/.exec(frame)?.[1] ?? '';
  return `${e.name}: ${e.message}${where ? ` at ${where}` : ''}`;
}

/** The length of every line of the input's files, computed for a file only when a diagnostic names it. */
class LineTable {
  readonly #files: Readonly<Record<string, string>>;
  readonly #lines = new Map<string, readonly number[]>();
  constructor(files: Readonly<Record<string, string>>) {
    this.#files = files;
  }
  get(rel: string): readonly number[] | undefined {
    const known = this.#lines.get(rel);
    if (known) return known;
    const text = Object.hasOwn(this.#files, rel) ? this.#files[rel] : undefined;
    if (text === undefined) return undefined;
    const lines = text.split('\n').map((l) => l.length);
    this.#lines.set(rel, lines);
    return lines;
  }
}

/** Is a diagnostic's position inside the input (its file, a line that exists, a column on that line)? */
function positionProblem(d: Diagnostic, root: string, texts: LineTable): string | undefined {
  if (!d.span) return undefined; // diagnostics about the whole input (none of the fuzzed inputs should need one)
  const abs = isAbsolute(d.span.file) ? d.span.file : resolve(d.span.file);
  const rel = relative(root, abs);
  if (rel.startsWith('..')) return `${d.code} names a file outside the input: ${d.span.file}`;
  const lines = texts.get(rel);
  if (lines === undefined)
    return d.span.line === 1 && d.span.col === 1 ? undefined : `${d.code} at a folder position`;
  const length = lines[d.span.line - 1];
  if (!Number.isInteger(d.span.line) || length === undefined || d.span.line < 1)
    return `${d.code} at line ${d.span.line} of a ${lines.length}-line file`;
  if (!Number.isInteger(d.span.col) || d.span.col < 1 || d.span.col > length + 1)
    return `${d.code} at column ${d.span.col} of a ${length}-character line`;
  return undefined;
}

/** Flows worth tracing in a network: between its first and last instances, and to the internet. */
function flowsOf(net: Network): { from: string; to: string; protocol: string; port?: number }[] {
  const ends = [...net.instances.map((i) => i.id), ...net.networkInterfaces.map((e) => e.id)];
  const first = ends[0];
  const last = ends[ends.length - 1];
  if (first === undefined || last === undefined) return [];
  return [
    { from: first, to: last, protocol: 'tcp', port: 443 },
    { from: first, to: '198.51.100.77', protocol: 'tcp', port: 443 },
    { from: last, to: first, protocol: 'icmp' },
    { from: '198.51.100.77', to: last, protocol: 'udp', port: 53 },
  ];
}

/** The pipeline once; returns the output as JSON text (for the determinism oracle) and what it found. */
async function pipeline(
  root: string,
  input: FuzzInput,
  texts: LineTable,
  opts: RunOptions,
): Promise<{ json: string; failure?: Failure; loadCpuMs: number }> {
  const c0 = process.cpuUsage();
  const r = await loadInputs([join(root, input.entry)]);
  const c1 = process.cpuUsage(c0);
  const loadCpuMs = (c1.user + c1.system) / 1000;
  const diags: Diagnostic[] = [...r.diagnostics, ...validateNetwork(r.network)];
  for (const v of r.variants) diags.push(...v.diagnostics);
  const traces: unknown[] = [];
  const { compiled } = compileNetwork(r.network);
  for (const flow of flowsOf(r.network)) {
    try {
      const t = traceFlow(compiled, flow);
      traces.push([
        t.verdict,
        t.forward.code,
        t.return?.code,
        t.forward.hops.map((h) => `${h.kind}:${h.id}`),
      ]);
    } catch (e) {
      if (!(e instanceof TraceError)) throw e;
      traces.push(['trace-error', e.message]);
    }
  }
  const suites = opts.tests ? runTests(r, 'fuzz') : [];
  for (const s of suites) diags.push(...s.diagnostics);
  const tests = suites.map((s) => s.outcomes.map((o) => [o.name, o.passed]));

  let found: Failure | undefined;
  const internal = diags.find((d) => /INTERNAL_ERROR|_FAILED$/.test(d.code));
  if (internal) found = failure('internal-error', `${internal.code}: ${internal.message}`);
  for (const d of diags) {
    if (found) break;
    if (!CODE.test(d.code) || (opts.knownCodes && !opts.knownCodes.has(d.code)))
      found = failure('unknown-code', `unknown diagnostic code ${JSON.stringify(d.code)}`);
    const p = positionProblem(d, root, texts);
    if (p) found = failure('position', p);
  }
  const json = JSON.stringify({ diags, network: r.network, traces, tests });
  return { json, failure: found, loadCpuMs };
}

/**
 * Run one input; never throws. `scratch` is where its files are written (a folder path: emptied and filled for
 * this input alone; a ScratchFolder: reused across inputs, only changed files rewritten).
 */
export async function runInput(
  input: FuzzInput,
  scratch: ScratchFolder | string,
  opts: RunOptions = {},
): Promise<Outcome> {
  const files = materialise(input);
  const folder = typeof scratch === 'string' ? new ScratchFolder(scratch) : scratch;
  const dir = folder.write(files);
  const texts = new LineTable(files);
  let bytes = 0;
  for (const text of Object.values(files)) bytes += Buffer.byteLength(text);
  const root = resolve(dir);
  const before = prototypeSnapshot();
  let first: Awaited<ReturnType<typeof pipeline>>;
  try {
    first = await pipeline(root, input, texts, opts);
  } catch (e) {
    return { failure: failure('exception', describeException(e)), loadCpuMs: 0, bytes };
  }
  if (prototypeSnapshot() !== before)
    return {
      failure: failure('pollution', 'a built-in prototype gained or lost a property'),
      loadCpuMs: 0,
      bytes,
    };
  if (first.failure) return { failure: first.failure, loadCpuMs: first.loadCpuMs, bytes };
  if (opts.twice) {
    try {
      const second = await pipeline(root, input, texts, opts);
      if (second.json !== first.json)
        return {
          failure: failure('nondeterministic', 'the same input gave different output'),
          loadCpuMs: 0,
          bytes,
        };
    } catch (e) {
      return { failure: failure('exception', describeException(e)), loadCpuMs: 0, bytes };
    }
  }
  // Documented bound (docs/limits.md): 1 s of CPU plus 1 s per megabyte.
  const bound = 1000 + (1000 * bytes) / 1_000_000;
  if (opts.timed && first.loadCpuMs > bound)
    return {
      failure: failure(
        'slow',
        `load took ${Math.round(first.loadCpuMs)} ms of CPU for ${bytes} bytes (bound ${Math.round(bound)} ms)`,
      ),
      loadCpuMs: first.loadCpuMs,
      bytes,
    };
  return { loadCpuMs: first.loadCpuMs, bytes };
}
