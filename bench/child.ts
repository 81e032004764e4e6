/**
 * One bench child process, limited on CPU time rather than wall time (issue 19 "How": the harness judges a preset
 * on CPU time and does not kill it on wall time alone).
 *
 * Model: the child is spawned asynchronously; every `POLL_MS` its CPU time (user + system of all its threads,
 * fields 14 and 15 of `/proc/<pid>/stat`, in clock ticks) is read, and the child is killed when that exceeds
 * `limits.cpuMs` — a machine busy with other work makes a child slower on the wall clock, not on its CPU. A
 * wall-clock backstop (`limits.wallMs`, much larger) still ends a child that hangs without using CPU. Where
 * `/proc` is unavailable (not Linux), the CPU limit is applied to wall time, as before, and the outcome says so.
 * The `taskset -c 0 node …` wrapper execs node in the same process, so the pid read is node's own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ChildLimits {
  /** CPU time (user + system) after which the child is killed. */
  readonly cpuMs: number;
  /** Wall-clock backstop. */
  readonly wallMs: number;
}

export interface ChildOutcome {
  readonly stdout: string;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why the harness killed the child, if it did. */
  readonly killed: 'cpu' | 'wall' | null;
  /** The child's CPU time at its last reading (ms); null where `/proc` could not be read. */
  readonly cpuMs: number | null;
  readonly wallMs: number;
  /** Whether the CPU limit could be measured (false: it was applied to wall time). */
  readonly cpuMeasured: boolean;
  readonly error?: string | undefined;
}

const POLL_MS = 1000;

function clockTicks(): number {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
}

/** CPU ms of a process from /proc/<pid>/stat (utime + stime), or null when it cannot be read. */
export function procCpuMs(pid: number, ticksPerSecond: number): number | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: fields 3… follow the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) * 1000) / ticksPerSecond;
}

/** Run `cmd args`, collecting stdout (stderr inherited), killing it past the CPU limit or the wall backstop. */
export function runLimited(
  cmd: string,
  args: readonly string[],
  cwd: string,
  limits: ChildLimits,
): Promise<ChildOutcome> {
  const ticks = clockTicks();
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    let killed: 'cpu' | 'wall' | null = null;
    let cpuMs: number | null = null;
    let cpuMeasured = false;
    let error: string | undefined;
    const kill = (why: 'cpu' | 'wall'): void => {
      if (killed !== null) return;
      killed = why;
      child.kill('SIGKILL');
    };
    const timer = setInterval(() => {
      const wall = performance.now() - started;
      const pid = child.pid;
      const c = pid === undefined ? null : procCpuMs(pid, ticks);
      if (c !== null) {
        cpuMs = c;
        cpuMeasured = true;
      }
      if (cpuMeasured ? (cpuMs ?? 0) > limits.cpuMs : wall > limits.cpuMs) kill('cpu');
      else if (wall > limits.wallMs) kill('wall');
    }, POLL_MS);
    child.on('error', (e) => {
      error = e.message;
    });
    child.on('close', (status, signal) => {
      clearInterval(timer);
      resolve({
        stdout: Buffer.concat(chunks).toString('utf8'),
        status,
        signal,
        killed,
        cpuMs,
        wallMs: performance.now() - started,
        cpuMeasured,
        error,
      });
    });
  });
}
