/**
 * `npm run fuzz -- [--minutes N] [--inputs N] [--seed S] [--formats a,b] [--chunk N] [--resume]`: the long fuzz run.
 *
 * The run is split into chunks of inputs of one format, each run by a child process (so that a hang or a crash
 * costs one child, not the run): a child that reports nothing for `--stall` seconds is killed and its current
 * input recorded as a hang; a child that dies is recorded as a crash; both runs go on after that input. Every new
 * distinct failure (by signature, see oracle.ts) is minimised by another child into test/fuzz/regressions/, where
 * test/fuzz/regressions.test.ts replays it. State is saved after every chunk (`--resume` continues a run).
 *
 * Other modes: `--child …` (one chunk), `--minimise FORMAT:INDEX` (one failure), `--replay FORMAT:INDEX` (print one
 * input's outcome and files: the reproducing command for any input of a run).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bundle } from './bundle.js';
import { corpus, FORMATS, generate, type FormatName, type FuzzInput } from './formats.js';
import { minimise } from './minimise.js';
import { runInput, type Failure, type RunOptions } from './oracle.js';
import { ScratchFolder, scratchRoot } from './scratch.js';

const HERE = import.meta.dirname;
const REGRESSIONS = join(HERE, 'regressions');

interface Args {
  readonly mode: 'run' | 'child' | 'minimise' | 'replay';
  readonly seed: string;
  readonly formats: readonly FormatName[];
  readonly minutes: number;
  readonly inputs: number;
  readonly chunk: number;
  readonly stall: number;
  readonly resume: boolean;
  readonly state: string;
  readonly format?: FormatName;
  readonly from: number;
  readonly to: number;
  readonly target?: { format: FormatName; index: number };
}

function parseArgs(argv: readonly string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = get('seed') ?? 'vpcsim-fuzz-1';
  const formats = (get('formats')?.split(',') ?? [...FORMATS]) as FormatName[];
  for (const f of formats)
    if (!FORMATS.includes(f)) throw new Error(`unknown format ${f} (${FORMATS.join(', ')})`);
  const target = get('minimise') ?? get('replay');
  const [tf, ti] = (target ?? '').split(':');
  return {
    mode: argv.includes('--child')
      ? 'child'
      : get('minimise') !== undefined
        ? 'minimise'
        : get('replay') !== undefined
          ? 'replay'
          : 'run',
    seed,
    formats,
    minutes: Number(get('minutes') ?? '0'),
    inputs: Number(get('inputs') ?? '0'),
    chunk: Number(get('chunk') ?? '2000'),
    stall: Number(get('stall') ?? '180'),
    resume: argv.includes('--resume'),
    state: get('state') ?? join(tmpdir(), 'vpcsim-fuzz', seed, 'state.json'),
    format: get('format') as FormatName | undefined,
    from: Number(get('from') ?? '0'),
    to: Number(get('to') ?? '0'),
    target: target !== undefined ? { format: tf as FormatName, index: Number(ti) } : undefined,
  };
}

/**
 * The options of the long run: every oracle, timed, determinism on one input in twenty (as in `npm test`; it
 * was one in ten: the second run was ~8 % of the CPU), the input's own expectations and variants on one in five.
 */
const optionsFor = (i: number): RunOptions => ({ timed: true, twice: i % 20 === 0, tests: i % 5 === 0 });
/** Replaying or minimising one input: every oracle, the determinism one included. */
const everything = (i: number): RunOptions => ({ ...optionsFor(i), twice: true });

interface Line {
  readonly i: number;
  readonly cpu: number;
  readonly bytes: number;
  readonly failure?: Failure;
}
/** A child's last line: its whole CPU time (every thread, start-up included), for the per-input figure. */
interface EndLine {
  readonly end: true;
  readonly cpu: number;
}

/** Child: inputs [from, to) of one format, one JSON line each. */
async function child(a: Args): Promise<void> {
  const format = a.format ?? 'native';
  const items = corpus(format);
  const dir = new ScratchFolder(join(scratchRoot(), `w${process.pid}`));
  Error.stackTraceLimit = 12;
  for (let i = a.from; i < a.to; i++) {
    const input = generate(format, a.seed, i, items);
    let o = await runInput(input, dir, optionsFor(i));
    // A slow load is confirmed by a second run (garbage collection or a busy machine can make one run slow).
    if (o.failure?.oracle === 'slow') {
      const again = await runInput(input, dir, optionsFor(i));
      if (again.failure?.oracle !== 'slow') o = again;
    }
    const line: Line = { i, cpu: Math.round(o.loadCpuMs * 10) / 10, bytes: o.bytes, failure: o.failure };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  dir.remove();
  const c = process.cpuUsage();
  const end: EndLine = { end: true, cpu: Math.round((c.user + c.system) / 1000) };
  process.stdout.write(`${JSON.stringify(end)}\n`);
}

/** Does this input still fail with this signature? */
const failsAs = (signature: string, dir: ScratchFolder, i: number) => async (input: FuzzInput) => {
  const o = await runInput(input, dir, everything(i));
  return o.failure?.signature === signature;
};

/** Minimise one failing input into test/fuzz/regressions/; prints the file written. */
async function minimiseOne(a: Args): Promise<void> {
  const t = a.target;
  if (!t) return;
  const dir = new ScratchFolder(join(scratchRoot(), `m${process.pid}`));
  const input = generate(t.format, a.seed, t.index, corpus(t.format));
  const o = await runInput(input, dir, everything(t.index));
  if (!o.failure) {
    process.stdout.write('the input does not fail (any more)\n');
    return;
  }
  const f = o.failure;
  // Hangs and slow loads are kept whole: each try of them would take the time they take.
  const small = f.oracle === 'slow' ? input : await minimise(input, failsAs(f.signature, dir, t.index));
  const name = `${t.format}-${createHash('sha256').update(f.signature).digest('hex').slice(0, 10)}.json`;
  mkdirSync(REGRESSIONS, { recursive: true });
  writeFileSync(
    join(REGRESSIONS, name),
    `${JSON.stringify({ ...f, seed: a.seed, index: t.index, input: small }, null, 2)}\n`,
  );
  process.stdout.write(`${join(REGRESSIONS, name)}\n`);
}

/** Print one input's outcome and files. */
async function replay(a: Args): Promise<void> {
  const t = a.target;
  if (!t) return;
  const input = generate(t.format, a.seed, t.index, corpus(t.format));
  const dir = join(scratchRoot(), `r${process.pid}`);
  let o = await runInput(input, dir, everything(t.index));
  // As in a child: a slow load is confirmed by a second run (the first load of a process also loads the modules
  // and starts the HCL parser, which a run's child has done long before).
  if (o.failure?.oracle === 'slow') {
    const again = await runInput(input, dir, everything(t.index));
    if (again.failure?.oracle !== 'slow') o = again;
  }
  process.stdout.write(
    `${JSON.stringify({ outcome: o, target: input.target, entry: input.entry }, null, 2)}\n`,
  );
  process.stdout.write(`--- ${input.target}\n${input.files[input.target] ?? ''}\n`);
}

interface FormatState {
  next: number;
  inputs: number;
  cpuMs: number;
  bytes: number;
  /** Largest ratio of load CPU time to its bound (1 s + 1 s/MB), and that input. */
  worstRatio: number;
  worstInput: number;
  /** Largest load CPU time (ms). */
  maxCpuMs: number;
  /** CPU time of the children that ran to the end of their chunk (everything: load, oracles, start-up) … */
  childCpuMs?: number;
  /** … and the inputs they ran. */
  childInputs?: number;
  failures: Record<string, { oracle: string; message: string; first: number; count: number }>;
}
interface State {
  seed: string;
  started: string;
  elapsedMinutes: number;
  formats: Record<string, FormatState>;
}

/** This script as children run it: the bundle (bundle.ts) when it could be built, else through tsx. */
function spawnSelf(script: string | undefined, args: readonly string[]) {
  const self = script !== undefined ? [script] : ['--import', 'tsx', join(HERE, 'run.ts')];
  return spawn(process.execPath, [...self, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

function knownSignatures(): Set<string> {
  const out = new Set<string>();
  if (!existsSync(REGRESSIONS)) return out;
  for (const f of readdirSync(REGRESSIONS).filter((x) => x.endsWith('.json')))
    out.add((JSON.parse(readFileSync(join(REGRESSIONS, f), 'utf8')) as { signature: string }).signature);
  return out;
}

/** Run one chunk in a child with a watchdog; resolves when the chunk is done (hangs and crashes recorded). */
async function runChunk(
  a: Args,
  script: string | undefined,
  st: State,
  format: FormatName,
  from: number,
  to: number,
  fresh: Failure[],
) {
  const fs = st.formats[format] as FormatState;
  let next = from;
  const record = (i: number, f: Failure) => {
    const cur = fs.failures[f.signature];
    if (cur) cur.count++;
    else {
      fs.failures[f.signature] = { oracle: f.oracle, message: f.message, first: i, count: 1 };
      fresh.push({ ...f, message: `${format}:${i}` });
    }
  };
  while (next < to) {
    const start = next;
    const c = spawnSelf(script, [
      '--child',
      '--format',
      format,
      '--seed',
      a.seed,
      '--from',
      String(next),
      '--to',
      String(to),
    ]);
    let last = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - last > a.stall * 1000) c.kill('SIGKILL');
    }, 5000);
    const rl = createInterface({ input: c.stdout });
    rl.on('line', (text) => {
      last = Date.now();
      let l: Line | EndLine;
      try {
        l = JSON.parse(text) as Line | EndLine;
      } catch {
        return;
      }
      if ('end' in l) {
        fs.childCpuMs = (fs.childCpuMs ?? 0) + l.cpu;
        fs.childInputs = (fs.childInputs ?? 0) + (next - start);
        return;
      }
      next = l.i + 1;
      fs.next = next;
      fs.inputs++;
      fs.cpuMs += l.cpu;
      fs.bytes += l.bytes;
      const ratio = l.cpu / (1000 + l.bytes / 1000);
      if (ratio > fs.worstRatio) {
        fs.worstRatio = ratio;
        fs.worstInput = l.i;
      }
      fs.maxCpuMs = Math.max(fs.maxCpuMs, l.cpu);
      if (l.failure) record(l.i, l.failure);
    });
    const code = await new Promise<number | null>((resolve) => c.on('close', resolve));
    clearInterval(timer);
    // A child that was killed or died left its scratch folder (in memory when it is /dev/shm).
    rmSync(join(scratchRoot(), `w${String(c.pid)}`), { recursive: true, force: true });
    if (next < to) {
      // The child stopped on input `next`: a hang when the watchdog killed it, else a crash.
      const hung = Date.now() - last > a.stall * 1000;
      const oracle = hung ? 'hang' : 'exception';
      const message = hung ? `no answer for ${a.stall} s` : `the process died (exit code ${String(code)})`;
      record(next, { oracle, message, signature: `${oracle}: ${message}` });
      fs.inputs++;
      next++;
      fs.next = next;
    }
  }
}

async function parent(a: Args): Promise<void> {
  mkdirSync(join(a.state, '..'), { recursive: true });
  const st: State =
    a.resume && existsSync(a.state)
      ? (JSON.parse(readFileSync(a.state, 'utf8')) as State)
      : { seed: a.seed, started: new Date().toISOString(), elapsedMinutes: 0, formats: {} };
  for (const f of a.formats)
    st.formats[f] ??= {
      next: 0,
      inputs: 0,
      cpuMs: 0,
      bytes: 0,
      worstRatio: 0,
      worstInput: -1,
      maxCpuMs: 0,
      failures: {},
    };
  const known = knownSignatures();
  const script = await bundle(join(HERE, 'run.ts'));
  const t0 = Date.now();
  const elapsed = () => st.elapsedMinutes + (Date.now() - t0) / 60000;
  const total = () => Object.values(st.formats).reduce((s, f) => s + f.inputs, 0);
  const done = () => (a.minutes > 0 && elapsed() >= a.minutes) || (a.inputs > 0 && total() >= a.inputs);
  for (let k = 0; !done(); k++) {
    // The format furthest behind goes next, so formats advance together.
    const format = [...a.formats].sort(
      (x, y) => (st.formats[x]?.inputs ?? 0) - (st.formats[y]?.inputs ?? 0),
    )[0] as FormatName;
    const fs = st.formats[format] as FormatState;
    const fresh: Failure[] = [];
    await runChunk(a, script, st, format, fs.next, fs.next + a.chunk, fresh);
    for (const f of fresh) {
      if (known.has(f.signature)) continue;
      known.add(f.signature);
      process.stdout.write(`new failure ${f.message}: ${f.signature}\n`);
      const m = spawnSelf(script, ['--minimise', f.message, '--seed', a.seed]);
      m.stdout.pipe(process.stdout);
      await new Promise((resolve) => m.on('close', resolve));
    }
    writeFileSync(a.state, `${JSON.stringify({ ...st, elapsedMinutes: elapsed() }, null, 2)}\n`);
    const distinct = Object.values(st.formats).reduce((s, f) => s + Object.keys(f.failures).length, 0);
    process.stdout.write(
      `${new Date().toISOString()} ${total()} inputs, ${distinct} distinct failures, ${elapsed().toFixed(1)} min\n`,
    );
  }
  st.elapsedMinutes = elapsed();
  writeFileSync(a.state, `${JSON.stringify(st, null, 2)}\n`);
  if (script !== undefined) rmSync(script, { force: true });
  process.stdout.write(summary(st));
}

/** The figures docs/fuzzing.md records. */
function summary(st: State): string {
  const rows = Object.entries(st.formats).map(([f, s]) => {
    const fails = Object.values(s.failures);
    const hangs = fails.filter((x) => x.oracle === 'hang').length;
    const all = (s.childCpuMs ?? 0) / Math.max(1, s.childInputs ?? 0);
    return `| ${f} | ${s.inputs} | ${fails.length} | ${hangs} | ${all.toFixed(1)} | ${(s.cpuMs / Math.max(1, s.inputs)).toFixed(1)} | ${s.maxCpuMs.toFixed(0)} | ${(100 * s.worstRatio).toFixed(0)} % (input ${s.worstInput}) |`;
  });
  return [
    `seed ${st.seed}, ${st.elapsedMinutes.toFixed(0)} min`,
    '| format | inputs | distinct failures | hangs | CPU ms per input | mean load CPU ms | max load CPU ms | worst load against its bound |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

const args = parseArgs(process.argv.slice(2));
if (args.mode === 'child') await child(args);
else if (args.mode === 'minimise') await minimiseOne(args);
else if (args.mode === 'replay') await replay(args);
else await parent(args);
// The HCL parser's worker is unreferenced; nothing else keeps the process, but say so explicitly.
process.exit(0);
