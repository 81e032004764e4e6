/**
 * The bench child runner (bench/child.ts): a child is killed on its CPU time, not on wall time alone (issue 19
 * "How"); a child that hangs without using CPU is ended by the wall-clock backstop. No figure is asserted: only which
 * limit ended the child.
 */
import { describe, expect, it } from 'vitest';
import { procCpuMs, runLimited } from './child.js';

const onLinux = process.platform === 'linux';

describe.runIf(onLinux)('bench child limits', () => {
  it('reads CPU time of a live process from /proc', () => {
    const c = procCpuMs(process.pid, 100);
    expect(c).not.toBeNull();
    expect(c).toBeGreaterThanOrEqual(0);
    expect(procCpuMs(2 ** 30, 100)).toBeNull();
  });

  it('kills a busy child on its CPU time, long before the wall backstop', async () => {
    const r = await runLimited(process.execPath, ['-e', 'for (;;) {}'], process.cwd(), {
      cpuMs: 1000,
      wallMs: 10 * 60 * 1000,
    });
    expect(r.killed).toBe('cpu');
    expect(r.cpuMeasured).toBe(true);
    expect(r.cpuMs).toBeGreaterThan(1000);
  });

  it('ends an idle child by the wall-clock backstop, its CPU limit untouched', async () => {
    const r = await runLimited(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], process.cwd(), {
      cpuMs: 60 * 1000,
      wallMs: 1500,
    });
    expect(r.killed).toBe('wall');
    expect(r.cpuMs).toBeLessThan(60 * 1000);
  });

  it('returns the stdout and status of a child that finishes', async () => {
    const r = await runLimited(process.execPath, ['-e', 'console.log("done")'], process.cwd(), {
      cpuMs: 60 * 1000,
      wallMs: 10 * 60 * 1000,
    });
    expect(r.killed).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('done');
  });
});
