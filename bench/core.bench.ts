/**
 * Core benchmark: for one preset network, time generation, validation, compilation, round-trip traces per second
 * on one core, single-trace latency, and peak memory.
 *
 * Model: `benchPreset(name, opts)` returns a `PresetReport` (plain JSON, so a child process can hand it back on
 * stdout). The core functions are loaded at run time (`loadCore`): a function that is missing or does not load is
 * reported by name in `missing` and its figures are `null` — the harness itself never fails because a layer is
 * not there yet. Trace errors (an endpoint that resolves to nothing, an exception) are counted and the first one
 * is kept, never thrown. `benchCore()` follows the contract of the other `bench/*.bench.ts` files.
 * Timing uses `performance.now()` for phases and `process.hrtime.bigint()` per trace, plus `process.cpuUsage()` so
 * that figures stay meaningful on a busy machine (CPU time is what this process consumed, whoever else runs);
 * peak memory is the larger of sampled `process.memoryUsage().rss` and the OS's `maxRSS`.
 */
import os from 'node:os';
import type { Diagnostic } from '../src/diag/diagnostic.js';
import type { FlowSpec } from '../src/model/expectation.js';
import type { Network } from '../src/model/network.js';
import {
  generatePreset,
  sampleFlows,
  selfCheck,
  toNativeYaml,
  type NetworkStats,
  type PresetName,
} from './generate.js';
import { checkAgreement, compileReferenceS2, verdictKey, type Agreement } from './reference-s2.js';

/** What every `bench/*.bench.ts` returns. `target` is optional: the harness knows issue targets by name too. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target?:
    { readonly op: '<' | '<=' | '>=' | '>'; readonly value: number; readonly label?: string } | undefined;
}

export interface PresetReport {
  readonly preset: PresetName;
  /** `model`: validate/compile/trace the generated objects; `yaml`: write native YAML, load it, validate, compile. */
  readonly source: BenchSource;
  readonly quick: boolean;
  /** YAML path only: size of the file, its load time, what the loader said, and whether it loaded everything. */
  readonly yamlBytes: number | null;
  readonly loadMs: number | null;
  readonly loadCpuMs: number | null;
  readonly loadErrors: number | null;
  readonly loadSample: readonly string[];
  /** Differences between the loaded and the generated network (counts of ENIs and rules); empty when equal. */
  readonly loadMismatch: readonly string[];
  readonly stats: NetworkStats;
  /** Generator invariant violations (should be empty). */
  readonly selfCheck: readonly string[];
  readonly generateMs: number;
  /** CPU time (user + system, all threads of the process) of each phase: robust when the machine is busy. */
  readonly generateCpuMs: number;
  readonly validateCpuMs: number | null;
  readonly compileCpuMs: number | null;
  readonly validateMs: number | null;
  readonly validateErrors: number | null;
  readonly validateWarnings: number | null;
  /** First few error/warning codes with their resources, to see at a glance what validation disliked. */
  readonly validateSample: readonly string[];
  readonly compileMs: number | null;
  readonly compileDiagnostics: number | null;
  readonly compileSample: readonly string[];
  readonly distinctFlows: number;
  readonly warmupTraces: number;
  readonly tracesMeasured: number;
  /** Wall-clock rate over the whole timed loop. */
  readonly tracesPerSecond: number | null;
  /** Traces per CPU-second consumed by the process during the loop (one core's capacity, contention removed). */
  readonly tracesPerCpuSecond: number | null;
  /** The best 250 ms window of the loop (wall clock). */
  readonly tracesPerSecondBestWindow: number | null;
  /** System load average (1 min) when the trace loop started, and logical CPUs: context for every figure. */
  readonly loadAverage: number;
  /** The same measurements with `traceFlow(…, { record: false })`: verdict and codes only, no hops (bulk analysis). */
  readonly verdictOnly: TraceFigures | null;
  /** S2 only: the hand-written reference evaluator (bench/reference-s2.ts) on the same flows, and whether every
   * verdict agreed with vpcsim's verdict-only traces (issue 19: the bench fails when one does not). */
  readonly reference: (TraceFigures & Agreement) | null;
  readonly latencySamples: number;
  readonly latencyMedianUs: number | null;
  readonly latencyP99Us: number | null;
  /** Verdict counts of the distinct flows (e.g. `reachable`, `unreachable:SECURITY_GROUP_RULES_RESTRICTION`). */
  readonly verdicts: Readonly<Record<string, number>>;
  readonly traceErrors: number;
  readonly firstTraceError: string | null;
  readonly peakRssMiB: number;
  readonly heapUsedAfterCompileMiB: number | null;
  readonly missing: readonly string[];
}

export type BenchSource = 'model' | 'yaml';

export interface BenchOptions {
  readonly quick: boolean;
  readonly source?: BenchSource | undefined;
  /** Called when a phase starts (`generate`, `load YAML (N MiB)`, `validate`, `compile`, `traces`). */
  readonly onPhase?: ((phase: string) => void) | undefined;
}

/** The core API as the harness uses it (structural, checked at load time). */
interface TraceLike {
  readonly verdict: string;
  readonly forward: { readonly code: string | null };
  readonly return: { readonly code: string | null } | null;
}
interface Core {
  readonly importNative?: (
    text: string,
    file: string,
  ) => { readonly network: Network; readonly diagnostics: readonly Diagnostic[] };
  readonly validate?: (net: Network) => readonly Diagnostic[];
  readonly compile?: (net: Network) => {
    readonly compiled: unknown;
    readonly diagnostics: readonly Diagnostic[];
  };
  readonly trace?: (net: unknown, flow: FlowSpec, opts: { readonly record: boolean }) => TraceLike;
  readonly missing: string[];
}

async function loadExport(spec: string, name: string, missing: string[]): Promise<unknown> {
  try {
    const mod = (await import(spec)) as Record<string, unknown>;
    const f = mod[name];
    if (typeof f === 'function') return f;
    missing.push(`${name} (not exported by ${spec})`);
  } catch (e) {
    missing.push(`${name} (${spec}: ${e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)})`);
  }
  return undefined;
}

/** Load validateNetwork, compileNetwork and traceFlow if they exist. */
export async function loadCore(): Promise<Core> {
  const missing: string[] = [];
  // Computed specifiers: the harness must load (and report) even while a layer does not exist yet.
  const validate = await loadExport(
    ['..', 'src', 'validate', 'index.js'].join('/'),
    'validateNetwork',
    missing,
  );
  const compile = await loadExport(
    ['..', 'src', 'dataplane', 'compile.js'].join('/'),
    'compileNetwork',
    missing,
  );
  const trace = await loadExport(['..', 'src', 'analysis', 'trace.js'].join('/'), 'traceFlow', missing);
  const native = await loadExport(
    ['..', 'src', 'formats', 'native', 'index.js'].join('/'),
    'importNative',
    missing,
  );
  return {
    importNative: native as Core['importNative'],
    validate: validate as Core['validate'],
    compile: compile as Core['compile'],
    trace: trace as Core['trace'],
    missing,
  };
}

function mib(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function sample(ds: readonly Diagnostic[], n = 6): string[] {
  const out: string[] = [];
  const seen = new Map<string, number>();
  for (const d of ds) seen.set(`${d.severity} ${d.code}`, (seen.get(`${d.severity} ${d.code}`) ?? 0) + 1);
  for (const [k, count] of seen) {
    if (out.length >= n) break;
    const first = ds.find((d) => `${d.severity} ${d.code}` === k);
    out.push(
      `${k} ×${count}${first?.resource ? ` (e.g. ${first.resource})` : ''}: ${first?.message ?? ''}`.slice(
        0,
        220,
      ),
    );
  }
  return out;
}

/** Throughput and latency of one way of tracing. */
export interface TraceFigures {
  readonly traces: number;
  readonly perSecond: number;
  readonly perCpuSecond: number | null;
  readonly bestWindow: number;
  readonly medianUs: number;
  readonly p99Us: number;
  readonly loadAverage: number;
}

/**
 * Warm up, then cycle through `flows` for `seconds` of wall time (counting traces, CPU time and the best ¼ s
 * window), then time `latencyN` single traces with `process.hrtime`.
 */
function measureTraces(
  one: (f: FlowSpec) => TraceLike | string | undefined,
  flows: readonly FlowSpec[],
  p: { readonly warmup: number; readonly seconds: number; readonly latencyN: number },
  sampleRss: () => void,
): TraceFigures | null {
  if (flows.length === 0) return null;
  let sink = 0;
  for (let k = 0; k < p.warmup; k++) {
    const r = one(flows[k % flows.length] as FlowSpec);
    if (r) sink += typeof r === 'string' ? r.length : r.verdict.length;
  }
  sampleRss();
  const loadAverage = os.loadavg()[0] ?? 0;
  let n = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const deadline = start + p.seconds * 1000;
  let now = start;
  let windowStart = start;
  let windowCount = 0;
  let best = 0;
  while (now < deadline) {
    for (let k = 0; k < 256; k++) {
      const r = one(flows[(n + k) % flows.length] as FlowSpec);
      if (r) sink += typeof r === 'string' ? r.length : r.verdict.length;
    }
    n += 256;
    windowCount += 256;
    now = performance.now();
    if (now - windowStart >= 250) {
      best = Math.max(best, windowCount / ((now - windowStart) / 1000));
      windowStart = now;
      windowCount = 0;
    }
    if ((n & 0xffff) === 0) sampleRss();
  }
  const cpu = process.cpuUsage(cpuStart);
  const loopCpuMs = (cpu.user + cpu.system) / 1000;
  const perSecond = Math.round(n / ((now - start) / 1000));
  const lat = new Float64Array(p.latencyN);
  for (let k = 0; k < p.latencyN; k++) {
    const f = flows[(k * 7919) % flows.length] as FlowSpec;
    const a = process.hrtime.bigint();
    const r = one(f);
    const b = process.hrtime.bigint();
    lat[k] = Number(b - a) / 1000;
    if (r) sink += typeof r === 'string' ? r.length : r.verdict.length;
  }
  lat.sort();
  if (sink < 0) console.log(sink); // keep the results alive
  return {
    traces: n,
    perSecond,
    perCpuSecond: loopCpuMs > 0 ? Math.round(n / (loopCpuMs / 1000)) : null,
    bestWindow: Math.max(Math.round(best), perSecond),
    medianUs: round(lat[Math.floor(p.latencyN / 2)] ?? 0, 2),
    p99Us: round(lat[Math.min(p.latencyN - 1, Math.floor(p.latencyN * 0.99))] ?? 0, 2),
    loadAverage: round(loadAverage, 2),
  };
}

interface Prepared {
  readonly stats: NetworkStats;
  readonly problems: readonly string[];
  readonly flows: readonly FlowSpec[];
  readonly generateMs: number;
  /** CPU spent after generation (self-check, flows, YAML writing), subtracted from the generation figure. */
  readonly extraCpuMs: number;
  /** The model itself (model path only). */
  readonly network?: Network | undefined;
  /** The network as native YAML (YAML path only). */
  readonly yaml?: string | undefined;
}

/** Generate the preset, check it, draw its flows (before any timing of traces) and, for the YAML path, write it. */
function prepare(name: PresetName, opts: BenchOptions): Prepared {
  const t0 = performance.now();
  const g = generatePreset(name);
  const generateMs = performance.now() - t0;
  const c = process.cpuUsage();
  const problems = selfCheck(g.network);
  const flows = sampleFlows(g, opts.quick ? 2_000 : 20_000, 7);
  const yaml = opts.source === 'yaml' ? toNativeYaml(g) : undefined;
  const d = process.cpuUsage(c);
  return {
    stats: g.stats,
    problems,
    flows,
    generateMs,
    extraCpuMs: (d.user + d.system) / 1000,
    network: opts.source === 'yaml' ? undefined : g.network,
    yaml,
  };
}

/** Run the core benchmark on one preset. */
export async function benchPreset(name: PresetName, opts: BenchOptions): Promise<PresetReport> {
  const core = await loadCore();
  let peak = process.memoryUsage().rss;
  const sampleRss = (): void => {
    const r = process.memoryUsage().rss;
    if (r > peak) peak = r;
  };

  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const d = process.cpuUsage(since);
    return (d.user + d.system) / 1000;
  };
  const source: BenchSource = opts.source ?? 'model';
  const phase = (p: string): void => opts.onPhase?.(p);
  phase('generate');
  const c0 = process.cpuUsage();
  // The generated network lives only inside `prepare`, so on the YAML path it can be collected before loading.
  const prepared = prepare(name, opts);
  const generateMs = prepared.generateMs;
  const generateCpuMs = cpuMs(c0) - prepared.extraCpuMs;
  sampleRss();
  const problems = prepared.problems;
  const stats = prepared.stats;
  const flows = prepared.flows;
  let net: Network | undefined = prepared.network;

  let yamlBytes: number | null = null;
  let loadMs: number | null = null;
  let loadCpuMs: number | null = null;
  let loadErrors: number | null = null;
  let loadSample: string[] = [];
  const loadMismatch: string[] = [];
  if (source === 'yaml') {
    const text = prepared.yaml ?? '';
    yamlBytes = Buffer.byteLength(text);
    phase(
      `load of the ${round(yamlBytes / 2 ** 20, 1)} MiB native YAML file (cpu so far ${round(cpuMs(c0) / 1000, 1)} s)`,
    );
    if (core.importNative) {
      const t = performance.now();
      const c = process.cpuUsage();
      const r = core.importNative(text, `${name}.yaml`);
      loadMs = performance.now() - t;
      loadCpuMs = cpuMs(c);
      loadErrors = r.diagnostics.filter((d) => d.severity === 'error').length;
      loadSample = sample(r.diagnostics);
      net = r.network;
      const enis = net.networkInterfaces.length;
      const rules =
        net.securityGroups.reduce((n, x) => n + x.inbound.length + x.outbound.length, 0) +
        net.networkAcls.reduce((n, x) => n + x.inbound.length + x.outbound.length, 0);
      if (enis !== stats.enis) loadMismatch.push(`loaded ${enis} ENIs, generated ${stats.enis}`);
      if (rules !== stats.sgRules + stats.naclRules)
        loadMismatch.push(`loaded ${rules} SG+NACL rules, generated ${stats.sgRules + stats.naclRules}`);
    } else {
      net = undefined;
    }
    sampleRss();
  }

  let validateMs: number | null = null;
  let validateCpuMs: number | null = null;
  let validateErrors: number | null = null;
  let validateWarnings: number | null = null;
  let validateSample: string[] = [];
  if (core.validate && net) {
    phase('validate');
    const t = performance.now();
    const c = process.cpuUsage();
    const ds = core.validate(net);
    validateMs = performance.now() - t;
    validateCpuMs = cpuMs(c);
    validateErrors = ds.filter((d) => d.severity === 'error').length;
    validateWarnings = ds.filter((d) => d.severity === 'warning').length;
    validateSample = sample(ds);
  }
  sampleRss();

  let compileMs: number | null = null;
  let compileCpuMs: number | null = null;
  let compileDiagnostics: number | null = null;
  let compileSample: string[] = [];
  let compiled: unknown = undefined;
  if (core.compile && net) {
    phase('compile');
    const t = performance.now();
    const c = process.cpuUsage();
    const r = core.compile(net);
    compileMs = performance.now() - t;
    compileCpuMs = cpuMs(c);
    compiled = r.compiled;
    compileDiagnostics = r.diagnostics.length;
    compileSample = sample(r.diagnostics);
  }
  sampleRss();
  const heapUsedAfterCompileMiB = core.compile ? mib(process.memoryUsage().heapUsed) : null;

  const warmup = opts.quick ? 500 : 5_000;
  const seconds = opts.quick ? 0.5 : 3;
  const latencyN = opts.quick ? 1_000 : 10_000;
  const verdicts: Record<string, number> = {};
  let traceErrors = 0;
  let firstTraceError: string | null = null;
  let full: TraceFigures | null = null;
  let verdictOnly: TraceFigures | null = null;
  let reference: (TraceFigures & Agreement) | null = null;

  const trace = source === 'model' ? core.trace : undefined;
  if (trace && compiled !== undefined) {
    const target = compiled;
    const call = (f: FlowSpec, record: boolean): TraceLike | undefined => {
      try {
        return trace(target, f, { record });
      } catch (e) {
        traceErrors++;
        firstTraceError ??= `${e instanceof Error ? e.message : String(e)} — flow ${JSON.stringify(f)}`;
        return undefined;
      }
    };
    phase('traces');
    // Verdicts of every distinct flow once (also the first part of the warm-up).
    for (const f of flows) {
      const r = call(f, true);
      if (!r) continue;
      const code = r.verdict === 'reachable' ? '' : (r.forward.code ?? r.return?.code ?? '');
      const key = code ? `${r.verdict}:${code}` : r.verdict;
      verdicts[key] = (verdicts[key] ?? 0) + 1;
    }
    const errorsBefore = traceErrors;
    // Full traces (hops, rules and notes recorded: what `vpcsim trace` prints), then verdict-only traces.
    full = measureTraces((f) => call(f, true), flows, { warmup, seconds, latencyN }, sampleRss);
    verdictOnly = measureTraces((f) => call(f, false), flows, { warmup, seconds, latencyN }, sampleRss);
    if (name === 's2' && net) {
      // Issue 19: the hand-written floor on the same flows, after checking it agrees with vpcsim on every one.
      phase('reference evaluator');
      const ref = compileReferenceS2(net);
      const agreed = checkAgreement(ref, flows, (f) => {
        const r = call(f, false);
        return r ? verdictKey(r) : 'error';
      });
      const figures = measureTraces((f) => ref.evaluate(f), flows, { warmup, seconds, latencyN }, sampleRss);
      if (figures) reference = { ...figures, ...agreed };
    }
    traceErrors = errorsBefore; // each distinct flow counted once, not again in the timed loops
  } else if (source === 'model' && core.trace && !core.compile) {
    core.missing.push('traces need compileNetwork');
  }
  sampleRss();
  const maxRss = process.resourceUsage().maxRSS * 1024; // KiB → bytes (peak of this process, from the OS)
  return {
    preset: name,
    source,
    quick: opts.quick,
    yamlBytes,
    loadMs: loadMs === null ? null : round(loadMs),
    loadCpuMs: loadCpuMs === null ? null : round(loadCpuMs),
    loadErrors,
    loadSample,
    loadMismatch,
    stats,
    selfCheck: problems,
    generateMs: round(generateMs),
    generateCpuMs: round(generateCpuMs),
    validateCpuMs: validateCpuMs === null ? null : round(validateCpuMs),
    compileCpuMs: compileCpuMs === null ? null : round(compileCpuMs),
    validateMs: validateMs === null ? null : round(validateMs),
    validateErrors,
    validateWarnings,
    validateSample,
    compileMs: compileMs === null ? null : round(compileMs),
    compileDiagnostics,
    compileSample,
    distinctFlows: flows.length,
    warmupTraces: warmup,
    tracesMeasured: full?.traces ?? 0,
    tracesPerSecond: full?.perSecond ?? null,
    tracesPerCpuSecond: full?.perCpuSecond ?? null,
    tracesPerSecondBestWindow: full?.bestWindow ?? null,
    loadAverage: full?.loadAverage ?? round(os.loadavg()[0] ?? 0, 2),
    latencySamples: full ? latencyN : 0,
    latencyMedianUs: full?.medianUs ?? null,
    latencyP99Us: full?.p99Us ?? null,
    verdictOnly,
    reference,
    verdicts,
    traceErrors,
    firstTraceError,
    peakRssMiB: mib(Math.max(peak, maxRss)),
    heapUsedAfterCompileMiB,
    missing: core.missing,
  };
}

/** Same contract as the other benches: S2 and `small` in this process. */
export async function benchCore(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const name of ['s2', 'small'] as const) {
    const r = await benchPreset(name, { quick: true });
    if (r.tracesPerCpuSecond !== null) {
      out.push({
        name: `${name} round-trip traces per CPU-second`,
        value: r.tracesPerCpuSecond,
        unit: 'traces/s',
      });
    }
    if (r.latencyMedianUs !== null)
      out.push({ name: `${name} trace median`, value: r.latencyMedianUs, unit: 'µs' });
    if (r.compileMs !== null) out.push({ name: `${name} compile`, value: r.compileMs, unit: 'ms' });
  }
  return out;
}
