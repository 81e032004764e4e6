/**
 * `npm run bench` (= `tsx bench/run.ts`): the benchmark harness. Writes `docs/benchmarks.md` down to its
 * hand-written mark (`HAND_WRITTEN_MARK`) and keeps the hand-written sections after it.
 *
 * Model: each preset network (bench/generate.ts: s2, small, realistic, huge) is measured by `benchPreset`
 * (bench/core.bench.ts) in its own child process — `node --max-old-space-size=8192 --import tsx`, pinned to one
 * CPU with `taskset -c 0` when available — so every peak-memory figure is that preset's own and the traces really
 * run on one core. Then the other issues' benches (`bench/<name>.bench.ts`, each exporting an async function that
 * returns `{name, value, unit}[]`) are imported if their file exists and skipped otherwise. Every figure is set
 * beside its target (issue 2 §9 and the other issues) with PASS / MISS, or "not measured" when the code it needs
 * is missing; a bench that throws is reported with its error, never fatal to the run.
 *
 * Each preset is measured twice: on the generated model (validate, compile, traces), and loaded from the same
 * network written as native YAML (load, validate, compile) — "loaded" in issue 2's target means from a file.
 * Options: `--only NAME` (a preset or a bench name), `--quick` (shorter runs; skips `huge` unless named),
 * `--write` (write docs/benchmarks.md even for a partial or quick run; a full run always writes it),
 * `--no-pin` (do not use taskset), `--no-yaml` (skip the YAML path). `--child NAME --source model|yaml` is
 * internal (the child-process side). A child is limited on its CPU time (12 minutes, read from /proc/<pid>/stat by
 * bench/child.ts), not on wall time, so a busy machine does not get a preset killed; a 2-hour wall-clock backstop ends
 * a child that hangs. A killed child is reported with the limit it hit, its CPU and wall time and its phase.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRESET_NAMES, type PresetName } from './generate.js';
import { runLimited, type ChildLimits } from './child.js';
import { benchPreset, type BenchResult, type BenchSource, type PresetReport } from './core.bench.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const RESULT_MARK = '@@VPCSIM_BENCH_RESULT ';

/** The line after which docs/benchmarks.md is written by hand: a run replaces what is above it and keeps the rest. */
const HAND_WRITTEN_MARK = '<!-- Everything below this line is written by hand; npm run bench keeps it. -->';

/** The hand-written part of `file` (from its mark on), or a fresh mark when there is none. */
function handWritten(file: string): string {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = text.indexOf(HAND_WRITTEN_MARK);
  return at >= 0 ? text.slice(at) : `${HAND_WRITTEN_MARK}\n`;
}

/** Other issues' benches: file, exported function, what the issue asks, and how to find the figure it targets. */
interface OtherBench {
  readonly name: string;
  readonly file: string;
  readonly fn: string;
  readonly issue: string;
  readonly goal: string;
  /** Targets as max seconds for results whose name matches (when the result carries no `target` itself). */
  readonly targets: readonly {
    readonly match: RegExp;
    readonly maxSeconds: number;
    readonly label: string;
  }[];
}

const OTHER_BENCHES: readonly OtherBench[] = [
  {
    name: 'netfilter',
    file: 'netfilter.bench.ts',
    fn: 'benchNetfilter',
    issue: 'issue 3 §8',
    goal: 'per-packet netfilter cost with 1,000-rule chains (no numeric target: reported)',
    targets: [],
  },
  {
    name: 'firewall',
    file: 'firewall.bench.ts',
    fn: 'benchFirewall',
    issue: 'issue 4 §8',
    goal: 'flow evaluation with 10,000 stateful rules and 1,000 domain entries (no numeric target: reported)',
    targets: [],
  },
  {
    name: 'cloudformation',
    file: 'cloudformation.bench.ts',
    fn: 'benchCloudFormation',
    issue: 'issue 6',
    goal: 'importing a 5,000-resource template takes under 2 s',
    targets: [{ match: /5[,_ ]?000|5k/i, maxSeconds: 2, label: '5,000-resource template < 2 s' }],
  },
  {
    name: 'import',
    file: 'import.bench.ts',
    fn: 'benchImport',
    issue: 'issue 7',
    goal: 'import of a 5,000-resource plan or describe folder takes under 2 s',
    targets: [{ match: /5[,_ ]?000|5k/i, maxSeconds: 2, label: '5,000-resource import < 2 s' }],
  },
  {
    name: 'transit',
    file: 'transit.bench.ts',
    fn: 'benchTransit',
    issue: 'issue 15',
    goal: 'hub-and-spoke (100 spokes, 3 AZs, inspection VPC): compile and trace figures (no numeric target: reported)',
    targets: [],
  },
  {
    name: 'reach',
    file: 'reach.bench.ts',
    fn: 'benchReach',
    issue: 'issue 17',
    goal: 'exposure of realistic < 2 s, of huge < 30 s; who reaches an ENI < 10 s; diff of one changed security group < 1 s',
    targets: [],
  },
  {
    name: 'diagram',
    file: 'diagram.bench.ts',
    fn: 'benchDiagram',
    issue: 'issue 8 §4',
    goal: '1,000-subnet network laid out and rendered in the page < 3 s; CLI renders a 200-subnet SVG < 2 s',
    targets: [
      {
        match: /1[,_ ]?000.*page.*(load|drawn|render)/i,
        maxSeconds: 3,
        label: '1,000-subnet network laid out and drawn in the page < 3 s',
      },
      { match: /200.*svg/i, maxSeconds: 2, label: 'CLI renders a 200-subnet SVG < 2 s' },
    ],
  },
];

interface Options {
  readonly only: string | undefined;
  readonly quick: boolean;
  readonly write: boolean;
  readonly pin: boolean;
  readonly yaml: boolean;
  readonly child: string | undefined;
  readonly source: BenchSource;
}

function parseArgs(argv: readonly string[]): Options | string {
  let only: string | undefined;
  let child: string | undefined;
  let quick = false;
  let write = false;
  let pin = true;
  let yaml = true;
  let source: BenchSource = 'model';
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--quick') quick = true;
    else if (a === '--write') write = true;
    else if (a === '--no-pin') pin = false;
    else if (a === '--no-yaml') yaml = false;
    else if (a === '--source') {
      const v = argv[++k];
      if (v !== 'model' && v !== 'yaml') return '--source needs model or yaml';
      source = v;
    } else if (a === '--only' || a === '--child') {
      const v = argv[++k];
      if (v === undefined) return `${a} needs a name`;
      if (a === '--only') only = v;
      else child = v;
    } else if (a === '--') continue;
    else return `unknown option ${a ?? ''}`;
  }
  const known = [...PRESET_NAMES, ...OTHER_BENCHES.map((b) => b.name)];
  if (only !== undefined && !known.includes(only))
    return `--only: unknown name "${only}" (one of ${known.join(', ')})`;
  return { only, quick, write, pin, yaml, child, source };
}

function isPreset(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

function hasTaskset(): boolean {
  if (process.platform !== 'linux') return false;
  const r = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  return r.status === 0;
}

const PHASE_MARK = '@@VPCSIM_BENCH_PHASE ';

/** The last phase a child announced on stdout (so a killed child can say where it was). */
function lastPhase(stdout: string | null): string | undefined {
  const phases = (stdout ?? '').split('\n').filter((l) => l.startsWith(PHASE_MARK));
  return phases.at(-1)?.slice(PHASE_MARK.length);
}

/**
 * Limits of one child process. A child is judged on its CPU time (read from `/proc/<pid>/stat`, bench/child.ts), so
 * a busy machine slows it without getting it killed; the wall-clock backstop only ends a child that hangs.
 */
const CHILD_LIMITS: ChildLimits = { cpuMs: 12 * 60 * 1000, wallMs: 120 * 60 * 1000 };

function minutes(ms: number): string {
  return fmt(ms / 60_000, ms % 60_000 === 0 ? 0 : 1);
}

/** Run one preset in a child process; returns its report or the reason it failed. */
async function runChild(
  name: PresetName,
  source: BenchSource,
  opts: Options,
  pinned: boolean,
): Promise<PresetReport | string> {
  const nodeArgs = [
    '--max-old-space-size=8192',
    '--import',
    'tsx',
    path.join(HERE, 'run.ts'),
    '--child',
    name,
    '--source',
    source,
  ];
  if (opts.quick) nodeArgs.push('--quick');
  const cmd = pinned ? 'taskset' : process.execPath;
  const args = pinned ? ['-c', '0', process.execPath, ...nodeArgs] : nodeArgs;
  // Every preset, huge from YAML included (~1 min of CPU in Nov 2026, killed then by a 6-minute wall limit).
  const limits = CHILD_LIMITS;
  const r = await runLimited(cmd, args, ROOT, limits);
  const what = `${name} (${source === 'yaml' ? 'from native YAML' : 'model'})`;
  const used = `${r.cpuMs !== null ? `${fmt(r.cpuMs / 1000, 1)} s CPU, ` : ''}${fmt(r.wallMs / 1000, 1)} s wall`;
  if (r.killed !== null) {
    const phase = lastPhase(r.stdout);
    const limit =
      r.killed === 'wall'
        ? `the ${minutes(limits.wallMs)}-minute wall-clock backstop`
        : r.cpuMeasured
          ? `${minutes(limits.cpuMs)} minutes of CPU time`
          : `${minutes(limits.cpuMs)} minutes (of wall time: CPU time unreadable here)`;
    return `${what}: killed after ${limit} (${used}${phase ? `; during ${phase}` : ''})`;
  }
  if (r.error !== undefined) return `${what}: child process could not run: ${r.error}`;
  const line = r.stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (line === undefined) {
    const oom =
      r.signal === 'SIGABRT' || r.status === 134 ? ' — likely out of memory (8 GiB heap limit)' : '';
    return `${what}: child process ended with status ${String(r.status)}${r.signal ? ` (signal ${r.signal})` : ''} and no result${oom} (${used})`;
  }
  return JSON.parse(line.slice(RESULT_MARK.length)) as PresetReport;
}

interface OtherOutcome {
  readonly bench: OtherBench;
  readonly status: 'ran' | 'absent' | 'failed';
  readonly results: readonly BenchResult[];
  readonly error?: string | undefined;
  readonly seconds: number;
}

async function runOther(b: OtherBench): Promise<OtherOutcome> {
  const file = path.join(HERE, b.file);
  if (!existsSync(file)) return { bench: b, status: 'absent', results: [], seconds: 0 };
  const t = performance.now();
  try {
    const mod = (await import(['.', b.file.replace(/\.ts$/, '.js')].join('/'))) as Record<string, unknown>;
    const fn = mod[b.fn];
    if (typeof fn !== 'function') {
      return {
        bench: b,
        status: 'failed',
        results: [],
        error: `${b.file} does not export ${b.fn}`,
        seconds: 0,
      };
    }
    const results = (await (fn as () => Promise<unknown>)()) as BenchResult[];
    if (!Array.isArray(results)) throw new Error(`${b.fn} did not return an array`);
    return { bench: b, status: 'ran', results, seconds: (performance.now() - t) / 1000 };
  } catch (e) {
    const msg = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
    return { bench: b, status: 'failed', results: [], error: msg, seconds: (performance.now() - t) / 1000 };
  }
}

function toSeconds(value: number, unit: string): number | undefined {
  switch (unit.trim().toLowerCase()) {
    case 's':
    case 'sec':
    case 'seconds':
      return value;
    case 'ms':
      return value / 1000;
    case 'µs':
    case 'us':
      return value / 1e6;
    case 'ns':
      return value / 1e9;
    default:
      return undefined;
  }
}

type Mark = 'PASS' | 'MISS' | 'FAIL' | 'not measured';

function judge(ok: boolean | null): Mark {
  return ok === null ? 'not measured' : ok ? 'PASS' : 'MISS';
}

function fmt(x: number | null | undefined, digits = 0, unit = ''): string {
  if (x === null || x === undefined) return '—';
  return `${x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit}`;
}

interface TargetRow {
  readonly target: string;
  readonly source: string;
  readonly measured: string;
  readonly mark: Mark | 'reported';
}

/** Both measurements of one preset: the generated model, and the same network loaded from native YAML. */
interface PresetRuns {
  readonly model?: PresetReport | string | undefined;
  readonly yaml?: PresetReport | string | undefined;
}
type Runs = ReadonlyMap<PresetName, PresetRuns>;

function ok(r: PresetReport | string | undefined): PresetReport | undefined {
  return typeof r === 'object' ? r : undefined;
}

function coreTargets(runs: Runs): TargetRow[] {
  const rows: TargetRow[] = [];
  const s2r = ok(runs.get('s2')?.model);
  rows.push({
    target: '≥ 100,000 round-trip traces/s on the S2 network, one core — full traces (hops recorded)',
    source: 'issue 2 §9',
    measured:
      s2r?.tracesPerCpuSecond != null
        ? `${fmt(s2r.tracesPerCpuSecond)} per CPU-second (wall: ${fmt(s2r.tracesPerSecond)}/s overall, best ¼ s window ${fmt(s2r.tracesPerSecondBestWindow)}/s; load ${fmt(s2r.loadAverage, 1)})`
        : 'not run',
    mark: judge(s2r?.tracesPerCpuSecond != null ? s2r.tracesPerCpuSecond >= 100_000 : null),
  });
  const s2v = s2r?.verdictOnly;
  rows.push({
    target: '… the same, verdict-only traces (`record: false`: verdict and codes, no hops)',
    source: 'issue 2 §9',
    measured:
      s2v?.perCpuSecond != null
        ? `${fmt(s2v.perCpuSecond)} per CPU-second (wall: ${fmt(s2v.perSecond)}/s overall, best ¼ s window ${fmt(s2v.bestWindow)}/s)`
        : 'not run',
    mark: judge(s2v?.perCpuSecond != null ? s2v.perCpuSecond >= 100_000 : null),
  });
  const hugeRuns = runs.get('huge');
  const h = ok(hugeRuns?.model);
  const y = ok(hugeRuns?.yaml);
  const yFail = typeof hugeRuns?.yaml === 'string' ? hugeRuns.yaml : undefined;
  // "Loaded" = read from a file: judged on the YAML path when it ran; the in-memory model path is shown beside it.
  const modelCpu =
    h && h.validateCpuMs !== null && h.compileCpuMs !== null
      ? h.generateCpuMs + h.validateCpuMs + h.compileCpuMs
      : null;
  const yamlCpu =
    y && y.loadCpuMs !== null && y.validateCpuMs !== null && y.compileCpuMs !== null
      ? y.loadCpuMs + y.validateCpuMs + y.compileCpuMs
      : null;
  const yamlWall =
    y && y.loadMs !== null && y.validateMs !== null && y.compileMs !== null
      ? y.loadMs + y.validateMs + y.compileMs
      : null;
  const parts: string[] = [];
  if (y && yamlCpu !== null) {
    parts.push(
      `from a ${fmt((y.yamlBytes ?? 0) / 2 ** 20, 1)} MiB native YAML file: ${fmt(yamlCpu / 1000, 2)} s CPU (load ${fmt((y.loadCpuMs ?? 0) / 1000, 2)} + validate ${fmt((y.validateCpuMs ?? 0) / 1000, 2)} + compile ${fmt((y.compileCpuMs ?? 0) / 1000, 2)}), wall ${fmt((yamlWall ?? 0) / 1000, 2)} s`,
    );
  } else if (yFail) parts.push(`from native YAML: ${yFail}`);
  if (h && modelCpu !== null) {
    parts.push(
      `in-memory model: ${fmt(modelCpu / 1000, 2)} s CPU (build ${fmt(h.generateCpuMs / 1000, 2)} + validate ${fmt((h.validateCpuMs ?? 0) / 1000, 2)} + compile ${fmt((h.compileCpuMs ?? 0) / 1000, 2)})`,
    );
  } else if (h) parts.push(`model: ${h.missing.join('; ') || 'validate/compile missing'}`);
  const judged = yamlCpu ?? (yFail ? Infinity : modelCpu);
  rows.push({
    target: 'largest network loaded + validated + compiled < 20 s',
    source: 'issue 2 §9',
    measured: parts.length > 0 ? parts.join('; ') : 'not run',
    mark: judge(judged !== null ? judged < 20_000 : null),
  });
  const peaks: string[] = [];
  if (y) peaks.push(`${fmt(y.peakRssMiB)} MiB loading from YAML + validate + compile`);
  else if (yFail) peaks.push(`YAML path: ${yFail}`);
  if (h) peaks.push(`${fmt(h.peakRssMiB)} MiB model + validate + compile + traces`);
  // A YAML path that did not finish gives no peak: "not measured", with the model path's figure shown.
  const peakJudged = y
    ? Math.max(y.peakRssMiB, h?.peakRssMiB ?? 0)
    : yFail
      ? null
      : h && h.compileMs !== null
        ? h.peakRssMiB
        : null;
  rows.push({
    target: 'largest network: peak memory < 4 GB (4,096 MiB)',
    source: 'issue 2 §9',
    measured: peaks.length > 0 ? peaks.join('; ') : 'not run',
    mark: judge(peakJudged !== null ? peakJudged < 4096 : null),
  });
  rows.push({
    target: 'largest network: one trace < 100 µs',
    source: 'issue 2 §9',
    measured:
      h?.latencyMedianUs != null
        ? `median ${fmt(h.latencyMedianUs, 1)} µs, p99 ${fmt(h.latencyP99Us, 1)} µs; mean CPU ${h.tracesPerCpuSecond ? fmt(1e6 / h.tracesPerCpuSecond, 1) : '—'} µs`
        : 'not run',
    mark: judge(h?.latencyMedianUs != null ? h.latencyMedianUs < 100 : null),
  });
  const hv = h?.verdictOnly;
  rows.push({
    target: '… the same, verdict-only trace',
    source: 'issue 2 §9',
    measured: hv
      ? `median ${fmt(hv.medianUs, 1)} µs, p99 ${fmt(hv.p99Us, 1)} µs; mean CPU ${hv.perCpuSecond ? fmt(1e6 / hv.perCpuSecond, 1) : '—'} µs`
      : 'not run',
    mark: judge(hv ? hv.medianUs < 100 : null),
  });
  return rows;
}

/** Issue 19's targets (estate scale), each judged on CPU time or the median latency. */
function issue19Targets(runs: Runs): TargetRow[] {
  const rows: TargetRow[] = [];
  const src = 'issue 19';
  const s2r = ok(runs.get('s2')?.model);
  rows.push({
    target: 'S2 full round-trip traces ≥ 250,000 per CPU-second',
    source: src,
    measured: s2r?.tracesPerCpuSecond != null ? `${fmt(s2r.tracesPerCpuSecond)} per CPU-second` : 'not run',
    mark: judge(s2r?.tracesPerCpuSecond != null ? s2r.tracesPerCpuSecond >= 250_000 : null),
  });
  const v = s2r?.verdictOnly?.perCpuSecond;
  const ref = s2r?.reference;
  const ratio = v && ref?.perCpuSecond ? ref.perCpuSecond / v : null;
  rows.push({
    target:
      'S2 verdict-only ≥ 1,000,000 per CPU-second, within 2.5× of the hand-written reference (bench/reference-s2.ts)',
    source: src,
    measured:
      v != null
        ? `${fmt(v)} per CPU-second; reference ${ref ? `${fmt(ref.perCpuSecond)} per CPU-second (${fmt(ratio, 2)}× vpcsim), verdicts agree on ${fmt(ref.flows - ref.disagreements)} of ${fmt(ref.flows)} flows${ref.first ? ` — first difference: ${ref.first}` : ''}` : 'not run'}`
        : 'not run',
    mark:
      ref && ref.disagreements > 0
        ? 'FAIL'
        : judge(v != null && ratio !== null ? v >= 1_000_000 && ratio <= 2.5 : null),
  });
  const h = ok(runs.get('huge')?.model);
  rows.push({
    target: 'huge: one full trace < 20 µs (median)',
    source: src,
    measured:
      h?.latencyMedianUs != null
        ? `median ${fmt(h.latencyMedianUs, 1)} µs, p99 ${fmt(h.latencyP99Us, 1)} µs`
        : 'not run',
    mark: judge(h?.latencyMedianUs != null ? h.latencyMedianUs < 20 : null),
  });
  const hv = h?.verdictOnly;
  rows.push({
    target: 'huge: one verdict-only trace < 5 µs (median)',
    source: src,
    measured: hv ? `median ${fmt(hv.medianUs, 1)} µs, p99 ${fmt(hv.p99Us, 1)} µs` : 'not run',
    mark: judge(hv ? hv.medianUs < 5 : null),
  });
  const vc =
    h && h.validateCpuMs !== null && h.compileCpuMs !== null ? h.validateCpuMs + h.compileCpuMs : null;
  rows.push({
    target: 'huge: validate + compile < 4 s CPU',
    source: src,
    measured:
      vc !== null && h
        ? `${fmt(vc / 1000, 2)} s CPU (validate ${fmt((h.validateCpuMs ?? 0) / 1000, 2)} + compile ${fmt((h.compileCpuMs ?? 0) / 1000, 2)})`
        : 'not run',
    mark: judge(vc !== null ? vc < 4000 : null),
  });
  const y = ok(runs.get('huge')?.yaml);
  const yCpu =
    y && y.loadCpuMs !== null && y.validateCpuMs !== null && y.compileCpuMs !== null
      ? y.loadCpuMs + y.validateCpuMs + y.compileCpuMs
      : null;
  rows.push({
    target: 'huge from native YAML: load + validate + compile < 20 s CPU, peak RSS < 2 GB',
    source: src,
    measured:
      y && yCpu !== null
        ? `${fmt(yCpu / 1000, 2)} s CPU, peak RSS ${fmt(y.peakRssMiB)} MiB`
        : typeof runs.get('huge')?.yaml === 'string'
          ? (runs.get('huge')?.yaml as string)
          : 'not run',
    mark: judge(y && yCpu !== null ? yCpu < 20_000 && y.peakRssMiB < 2048 : null),
  });
  return rows;
}

function otherTargets(outcomes: readonly OtherOutcome[]): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const o of outcomes) {
    if (o.status !== 'ran') {
      rows.push({
        target: o.bench.goal,
        source: o.bench.issue,
        measured: o.status === 'absent' ? `bench/${o.bench.file} not present` : `failed: ${o.error ?? ''}`,
        mark: o.bench.targets.length === 0 ? 'reported' : 'not measured',
      });
      continue;
    }
    let matched = false;
    for (const r of o.results) {
      const own = r.target;
      if (own) {
        const ok =
          own.op === '<'
            ? r.value < own.value
            : own.op === '<='
              ? r.value <= own.value
              : own.op === '>='
                ? r.value >= own.value
                : r.value > own.value;
        rows.push({
          target: own.label ?? `${r.name} ${own.op} ${own.value} ${r.unit}`,
          source: o.bench.issue,
          measured: `${r.name}: ${fmt(r.value, 2)} ${r.unit}`,
          mark: ok ? 'PASS' : 'MISS',
        });
        matched = true;
        continue;
      }
      const t = o.bench.targets.find((x) => x.match.test(r.name));
      const secs = toSeconds(r.value, r.unit);
      if (t && secs !== undefined) {
        rows.push({
          target: t.label,
          source: o.bench.issue,
          measured: `${r.name}: ${fmt(r.value, 2)} ${r.unit}`,
          mark: secs < t.maxSeconds ? 'PASS' : 'MISS',
        });
        matched = true;
      }
    }
    if (!matched) {
      rows.push({
        target: o.bench.goal,
        source: o.bench.issue,
        measured: `${o.results.length} figure(s) below`,
        mark: o.bench.targets.length === 0 ? 'reported' : 'not measured',
      });
    }
  }
  return rows;
}

function presetTable(runs: Runs): string[] {
  const names = [...runs.keys()];
  const row = (label: string, which: keyof PresetRuns, f: (r: PresetReport) => string): string =>
    `| ${label} | ${names
      .map((n) => {
        const r = runs.get(n)?.[which];
        return r === undefined ? 'not run' : typeof r === 'string' ? 'failed' : f(r);
      })
      .join(' | ')} |`;
  return [
    `| | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---:').join('|')}|`,
    row('VPCs', 'model', (r) => fmt(r.stats.vpcs)),
    row('subnets', 'model', (r) => fmt(r.stats.subnets)),
    row('ENIs (instances)', 'model', (r) => fmt(r.stats.enis)),
    row('security groups', 'model', (r) => fmt(r.stats.securityGroups)),
    row('SG rules', 'model', (r) => fmt(r.stats.sgRules)),
    row('NACL rules', 'model', (r) => fmt(r.stats.naclRules)),
    row('SG + NACL rules', 'model', (r) => fmt(r.stats.sgRules + r.stats.naclRules)),
    row('route tables / routes', 'model', (r) => `${fmt(r.stats.routeTables)} / ${fmt(r.stats.routes)}`),
    row('NAT gateways', 'model', (r) => fmt(r.stats.natGateways)),
    row('peerings', 'model', (r) => fmt(r.stats.peerings)),
    row('generator self-check', 'model', (r) =>
      r.selfCheck.length === 0 ? 'ok' : `${r.selfCheck.length} problem(s)`,
    ),
    `| **in-memory model** |${names.map(() => ' ').join('|')}|`,
    row(
      'build model (ms wall / CPU)',
      'model',
      (r) => `${fmt(r.generateMs, 1)} / ${fmt(r.generateCpuMs, 1)}`,
    ),
    row('validate (ms wall / CPU)', 'model', (r) => `${fmt(r.validateMs, 1)} / ${fmt(r.validateCpuMs, 1)}`),
    row('validate errors / warnings', 'model', (r) =>
      r.validateErrors === null ? '—' : `${fmt(r.validateErrors)} / ${fmt(r.validateWarnings)}`,
    ),
    row('compile (ms wall / CPU)', 'model', (r) => `${fmt(r.compileMs, 1)} / ${fmt(r.compileCpuMs, 1)}`),
    row('compile diagnostics', 'model', (r) => fmt(r.compileDiagnostics)),
    row('build + validate + compile (s CPU)', 'model', (r) =>
      r.validateCpuMs === null || r.compileCpuMs === null
        ? '—'
        : fmt((r.generateCpuMs + r.validateCpuMs + r.compileCpuMs) / 1000, 2),
    ),
    row('full round-trip traces per CPU-second', 'model', (r) => fmt(r.tracesPerCpuSecond)),
    row('CPU per round-trip trace, mean (µs)', 'model', (r) =>
      r.tracesPerCpuSecond ? fmt(1e6 / r.tracesPerCpuSecond, 1) : '—',
    ),
    row(
      'round-trip traces/s, wall (overall / best ¼ s)',
      'model',
      (r) => `${fmt(r.tracesPerSecond)} / ${fmt(r.tracesPerSecondBestWindow)}`,
    ),
    row('load average at the trace loop', 'model', (r) => fmt(r.loadAverage, 2)),
    row('full trace latency median (µs)', 'model', (r) => fmt(r.latencyMedianUs, 1)),
    row('full trace latency p99 (µs)', 'model', (r) => fmt(r.latencyP99Us, 1)),
    row('verdict-only traces per CPU-second', 'model', (r) => fmt(r.verdictOnly?.perCpuSecond)),
    row('verdict-only latency median / p99 (µs)', 'model', (r) =>
      r.verdictOnly ? `${fmt(r.verdictOnly.medianUs, 1)} / ${fmt(r.verdictOnly.p99Us, 1)}` : '—',
    ),
    row('distinct flows / trace errors', 'model', (r) => `${fmt(r.distinctFlows)} / ${fmt(r.traceErrors)}`),
    row('heap after compile (MiB)', 'model', (r) => fmt(r.heapUsedAfterCompileMiB, 1)),
    row('peak RSS (MiB)', 'model', (r) => fmt(r.peakRssMiB, 1)),
    `| **from native YAML** |${names.map(() => ' ').join('|')}|`,
    row('YAML file (MiB)', 'yaml', (r) => fmt((r.yamlBytes ?? 0) / 2 ** 20, 2)),
    row('load (ms wall / CPU)', 'yaml', (r) => `${fmt(r.loadMs, 1)} / ${fmt(r.loadCpuMs, 1)}`),
    row(
      'load errors / loaded = generated',
      'yaml',
      (r) => `${fmt(r.loadErrors)} / ${r.loadMismatch.length === 0 ? 'yes' : 'no'}`,
    ),
    row('validate (ms wall / CPU)', 'yaml', (r) => `${fmt(r.validateMs, 1)} / ${fmt(r.validateCpuMs, 1)}`),
    row('compile (ms wall / CPU)', 'yaml', (r) => `${fmt(r.compileMs, 1)} / ${fmt(r.compileCpuMs, 1)}`),
    row('load + validate + compile (s CPU)', 'yaml', (r) =>
      r.loadCpuMs === null || r.validateCpuMs === null || r.compileCpuMs === null
        ? '—'
        : fmt((r.loadCpuMs + r.validateCpuMs + r.compileCpuMs) / 1000, 2),
    ),
    row('peak RSS (MiB)', 'yaml', (r) => fmt(r.peakRssMiB, 1)),
  ];
}

function markdown(opts: Options, pinned: boolean, runs: Runs, others: readonly OtherOutcome[]): string {
  const cpus = os.cpus();
  const lines: string[] = [];
  lines.push('# Benchmarks');
  lines.push('');
  lines.push(
    'Down to the hand-written mark, written by `npm run bench` (bench/run.ts); do not edit that part by hand (the',
  );
  lines.push(
    'sections after the mark are written by hand and kept by every run). Synthetic networks come from the seeded',
  );
  lines.push('generator in `bench/generate.ts` (fixed seeds: the same network every run).');
  lines.push('');
  lines.push('## Machine');
  lines.push('');
  lines.push(`- date: ${new Date().toISOString()}`);
  lines.push(`- node ${process.version} on ${process.platform}/${process.arch}`);
  lines.push(
    `- CPU: ${cpus[0]?.model ?? 'unknown'} — ${cpus.length} logical cores; RAM ${fmt(os.totalmem() / 2 ** 30, 1)} GiB`,
  );
  lines.push(
    `- each preset ran in its own child process (\`--max-old-space-size=8192\`)${pinned ? ', pinned to one CPU with `taskset -c 0`' : ', not pinned (taskset unavailable or --no-pin)'}`,
  );
  lines.push(
    `- a child is limited on CPU time, not wall time: killed after ${minutes(CHILD_LIMITS.cpuMs)} minutes of CPU (user + system of all its threads, read from \`/proc/<pid>/stat\` every second; every preset, huge from YAML included), with a ${minutes(CHILD_LIMITS.wallMs)}-minute wall-clock backstop for a child that hangs — a busy machine slows a preset down but does not get it killed`,
  );
  const load = os.loadavg();
  lines.push(
    `- load average at the end of the run: ${load.map((x) => fmt(x, 2)).join(' / ')} (1 / 5 / 15 min) on ${cpus.length} cores — ` +
      (load[0] !== undefined && load[0] > cpus.length
        ? '**the machine was busy**: wall-clock figures include waiting for the CPU; CPU-time figures do not'
        : 'an idle-enough machine'),
  );
  lines.push(
    `- options: ${[opts.quick ? '--quick' : '', opts.only ? `--only ${opts.only}` : ''].filter(Boolean).join(' ') || 'none (full run)'}`,
  );
  lines.push('');
  lines.push('## Targets');
  lines.push('');
  lines.push('| target | from | measured | result |');
  lines.push('|---|---|---|---|');
  for (const r of [...coreTargets(runs), ...issue19Targets(runs), ...otherTargets(others)]) {
    lines.push(`| ${r.target} | ${r.source} | ${r.measured.replace(/\|/g, '\\|')} | ${r.mark} |`);
  }
  lines.push('');
  lines.push('## Core: networks, validation, compilation, traces');
  lines.push('');
  lines.push(
    'Presets: `s2` is scenario S2 of scenarios.md built by hand; `small` one VPC; `realistic` 20 VPCs / 200',
  );
  lines.push(
    'subnets / 5,000 ENIs / 50,000 rules; `huge` 1,000 VPCs / 10,000 subnets / 100,000 ENIs / 1,000,000 SG and',
  );
  lines.push(
    'NACL rules. Each is measured twice, in separate processes: as the in-memory model the generator builds',
  );
  lines.push(
    '(validate, compile, traces), and written as native YAML then loaded with `importNative` (load, validate,',
  );
  lines.push('compile: "loaded" in the target means from a file). A round-trip trace is `traceFlow` on');
  lines.push(
    'the compiled network: the request, then the reply through the state it created. Throughput cycles over',
  );
  lines.push(
    'many different flows (sources, destinations, ports, protocols; see `sampleFlows`) after a warm-up;',
  );
  lines.push(
    "latency is measured trace by trace with `process.hrtime`. Peak RSS is the child process's own maximum",
  );
  lines.push(
    '(`process.resourceUsage().maxRSS` and sampled `memoryUsage().rss`). Targets on time are judged on CPU time',
  );
  lines.push(
    '(`process.cpuUsage()`, all threads of the process: garbage-collector threads count against us), which a',
  );
  lines.push(
    'busy machine does not inflate; wall-clock figures are shown beside them. The "one trace" target is judged',
  );
  lines.push(
    'on the median latency; the p99 is shown too. "Full" traces record every hop with its rule text and notes',
  );
  lines.push(
    '(what `vpcsim trace` prints); "verdict-only" traces (`traceFlow(…, { record: false })`) compute the verdict',
  );
  lines.push('and explanation codes only, as bulk analysis does. Both are reported against the targets.');
  lines.push('');
  lines.push(...presetTable(runs));
  lines.push('');
  for (const [name, both] of runs) {
    const notes: string[] = [];
    if (typeof both.yaml === 'string') notes.push(both.yaml);
    const yr = ok(both.yaml);
    if (yr) {
      if (yr.loadMismatch.length > 0)
        notes.push(`loaded network differs from the generated one: ${yr.loadMismatch.join('; ')}`);
      if (yr.loadSample.length > 0) notes.push(`loading the YAML said: ${yr.loadSample.join(' · ')}`);
      if (yr.missing.length > 0) notes.push(`YAML path, not measured: ${yr.missing.join('; ')}`);
    }
    const r = both.model;
    if (typeof r === 'string') notes.push(`model: ${r}`);
    if (typeof r !== 'object') {
      if (notes.length > 0) {
        lines.push(`- **${name}**:`);
        for (const n of notes) lines.push(`  - ${n.replace(/\|/g, '\\|')}`);
      }
      continue;
    }
    const verdicts = Object.entries(r.verdicts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    if (verdicts) notes.push(`verdicts of the distinct flows: ${verdicts}`);
    if (r.missing.length > 0) notes.push(`not measured: ${r.missing.join('; ')}`);
    if (r.selfCheck.length > 0) notes.push(`generator self-check: ${r.selfCheck.join('; ')}`);
    if (r.validateSample.length > 0) notes.push(`validation said: ${r.validateSample.join(' · ')}`);
    if (r.compileSample.length > 0) notes.push(`compile said: ${r.compileSample.join(' · ')}`);
    if (r.firstTraceError) notes.push(`first trace error: ${r.firstTraceError}`);
    if (notes.length > 0) {
      lines.push(`- **${name}**:`);
      for (const n of notes) lines.push(`  - ${n.replace(/\|/g, '\\|')}`);
    }
  }
  lines.push('');
  lines.push('## Other benches');
  lines.push('');
  for (const o of others) {
    const head = `- **${o.bench.name}** (${o.bench.issue}: ${o.bench.goal})`;
    if (o.status === 'absent') {
      lines.push(`${head}: \`bench/${o.bench.file}\` not present — skipped.`);
      continue;
    }
    if (o.status === 'failed') {
      lines.push(`${head}: failed — ${o.error ?? ''}`);
      continue;
    }
    lines.push(`${head}: ran in ${fmt(o.seconds, 1)} s`);
    for (const r of o.results) lines.push(`  - ${r.name}: ${fmt(r.value, 2)} ${r.unit}`);
  }
  lines.push('');
  return lines.join('\n');
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (typeof parsed === 'string') {
    process.stderr.write(
      `bench: ${parsed}\nusage: npm run bench -- [--only NAME] [--quick] [--write] [--no-pin] [--no-yaml]\n`,
    );
    return 2;
  }
  const opts = parsed;
  if (opts.child !== undefined) {
    if (!isPreset(opts.child)) {
      process.stderr.write(`bench: unknown preset ${opts.child}\n`);
      return 2;
    }
    const report = await benchPreset(opts.child, {
      quick: opts.quick,
      source: opts.source,
      onPhase: (phase) => process.stdout.write(`${PHASE_MARK}${phase}\n`),
    });
    process.stdout.write(`\n${RESULT_MARK}${JSON.stringify(report)}\n`);
    return 0;
  }
  const pinned = opts.pin && hasTaskset();
  const presets = PRESET_NAMES.filter((n) => (opts.only ? n === opts.only : !(opts.quick && n === 'huge')));
  const runs = new Map<PresetName, PresetRuns>();
  for (const name of presets) {
    process.stderr.write(`bench: ${name} …\n`);
    const model = await runChild(name, 'model', opts, pinned);
    if (typeof model === 'string') process.stderr.write(`bench: ${model}\n`);
    else {
      process.stderr.write(
        `bench: ${name}: build ${fmt(model.generateMs, 1)} ms, validate ${fmt(model.validateMs, 1)} ms, compile ${fmt(model.compileMs, 1)} ms, ` +
          `${fmt(model.tracesPerCpuSecond)} traces per CPU-s, median ${fmt(model.latencyMedianUs, 1)} µs, peak ${fmt(model.peakRssMiB, 1)} MiB` +
          `${model.missing.length ? ` (missing: ${model.missing.join('; ')})` : ''}\n`,
      );
    }
    // The same network from a native YAML file (skipped by --no-yaml, and for huge in --quick runs).
    let yaml: PresetReport | string | undefined;
    if (opts.yaml && !(opts.quick && name === 'huge' && opts.only !== 'huge')) {
      process.stderr.write(`bench: ${name} from native YAML …\n`);
      yaml = await runChild(name, 'yaml', opts, pinned);
      if (typeof yaml === 'string') process.stderr.write(`bench: ${yaml}\n`);
      else {
        process.stderr.write(
          `bench: ${name} from YAML: ${fmt((yaml.yamlBytes ?? 0) / 2 ** 20, 1)} MiB, load ${fmt(yaml.loadCpuMs, 1)} ms CPU, ` +
            `validate ${fmt(yaml.validateCpuMs, 1)} ms CPU, compile ${fmt(yaml.compileCpuMs, 1)} ms CPU, peak ${fmt(yaml.peakRssMiB, 1)} MiB\n`,
        );
      }
    }
    runs.set(name, { model, yaml });
  }
  const others: OtherOutcome[] = [];
  for (const b of OTHER_BENCHES) {
    if (opts.only !== undefined && opts.only !== b.name) continue;
    process.stderr.write(`bench: ${b.name} …\n`);
    const o = await runOther(b);
    others.push(o);
    process.stderr.write(`bench: ${b.name}: ${o.status}${o.error ? ` (${o.error})` : ''}\n`);
  }
  const md = markdown(opts, pinned, runs, others);
  const ref = ok(runs.get('s2')?.model)?.reference;
  if (ref && ref.disagreements > 0) {
    process.stderr.write(
      `bench: FAILED — the S2 reference evaluator and vpcsim disagree on ${ref.disagreements} of ${ref.flows} flows (first: ${ref.first ?? ''})\n`,
    );
    process.exitCode = 1;
  }
  process.stdout.write(md);
  const full = opts.only === undefined && !opts.quick;
  if (full || opts.write) {
    const file = path.join(ROOT, 'docs', 'benchmarks.md');
    writeFileSync(file, `${md.trimEnd()}\n\n${handWritten(file)}`);
    process.stderr.write('bench: wrote docs/benchmarks.md (the hand-written sections kept)\n');
  } else {
    process.stderr.write(
      'bench: partial run, docs/benchmarks.md left as it was (add --write to replace it)\n',
    );
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code === 0 ? process.exitCode : code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
