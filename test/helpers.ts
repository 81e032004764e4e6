/** Test helpers: build a network from native YAML text and trace flows in it. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { importNative } from '../src/formats/native/index.js';
import { compileNetwork } from '../src/dataplane/compile.js';
import { traceFlow } from '../src/analysis/trace.js';
import { validateNetwork } from '../src/validate/index.js';
import type { FlowSpec } from '../src/model/expectation.js';
import type { Network } from '../src/model/network.js';
import type { TraceResult } from '../src/analysis/trace-result.js';
import type { Diagnostic } from '../src/diag/diagnostic.js';

/** Read a native document (must read cleanly). */
export function net(yaml: string): Network {
  const r = importNative(yaml, 'test.yaml');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.network;
}

/** Read a native document and return every diagnostic (reading + validation). */
export function diagnose(yaml: string): Diagnostic[] {
  const r = importNative(yaml, 'test.yaml');
  if (r.diagnostics.some((d) => d.severity === 'error')) return [...r.diagnostics];
  return [...r.diagnostics, ...validateNetwork(r.network)];
}

/** Trace a flow in a native document. */
export function trace(yaml: string | Network, flow: FlowSpec): TraceResult {
  const n = typeof yaml === 'string' ? net(yaml) : yaml;
  return traceFlow(compileNetwork(n).compiled, flow);
}

/** Ids of the hops of a path, as `kind:id`. */
export function hopIds(t: TraceResult, dir: 'forward' | 'return' = 'forward'): string[] {
  const p = dir === 'forward' ? t.forward : t.return;
  return (p?.hops ?? []).map((h) => `${h.kind}:${h.id}`);
}

/** Wrap VPC content in a minimal document. */
export function doc(vpcBody: string, extra = ''): string {
  return `vpcsim: 1\nregion: us-east-1\nvpcs:\n  vpc:\n${vpcBody
    .split('\n')
    .map((l) => (l.trim() === '' ? l : `    ${l}`))
    .join('\n')}\n${extra}`;
}

/** Every `.json` file under `dir` (recursively, sorted by name; none when `dir` is missing). */
export function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : [];
    });
}
