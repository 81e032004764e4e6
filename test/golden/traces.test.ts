/**
 * Trace goldens: the traces of every bundled example and fixture (see inputs.ts for the inputs and the flows) are
 * the same as when the goldens were recorded.
 *
 * These goldens are NOT expected values derived from AWS semantics, and they are not "expected values copied from
 * the program's output" standing in for such a derivation: every verdict they hold is already checked against the
 * semantics elsewhere (examples/*.yaml expectations, the scenario and fixture tests). They pin behaviour across a
 * refactor: they were recorded from the unchanged code at the start of issue 12 (one importer contract, one network
 * builder) before any importer was touched, so a difference means a refactor changed what vpcsim computes.
 *
 * When a change of behaviour is deliberate (a semantics fix, a new resource kind), regenerate them with
 *
 *     UPDATE_GOLDENS=1 npx vitest run test/golden
 *
 * and say in the commit message which traces changed and why (the diff of test/golden/traces/*.json shows them).
 * A failure names the input, the flow, the direction and the first hop that differs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GOLDEN_DIR,
  goldenInputs,
  goldenOf,
  type Golden,
  type GoldenFlow,
  type GoldenPath,
} from './inputs.js';

const UPDATE = process.env['UPDATE_GOLDENS'] === '1';

/** The first difference between two paths, as a sentence naming the hop. */
function pathDiff(
  where: string,
  want: GoldenPath | null | undefined,
  got: GoldenPath | null | undefined,
): string[] {
  if (!want || !got)
    return want === got
      ? []
      : [`${where}: expected ${want ? 'a path' : 'none'}, got ${got ? 'a path' : 'none'}`];
  const out: string[] = [];
  const n = Math.max(want.hops.length, got.hops.length);
  for (let i = 0; i < n; i++) {
    if (want.hops[i] !== got.hops[i]) {
      out.push(
        `${where} hop ${i + 1}:\n      expected ${want.hops[i] ?? '(no hop)'}\n      got      ${got.hops[i] ?? '(no hop)'}`,
      );
      break;
    }
  }
  for (const k of ['disposition', 'code', 'endpoint', 'droppedAt'] as const)
    if (want[k] !== got[k]) out.push(`${where} ${k}: expected ${String(want[k])}, got ${String(got[k])}`);
  return out;
}

function flowDiff(want: GoldenFlow, got: GoldenFlow | undefined): string[] {
  const title = `${want.origin} (${want.flow})`;
  if (!got) return [`${title}: not traced any more`];
  const out: string[] = [];
  for (const k of ['flow', 'error', 'verdict', 'uncertain', 'asymmetry'] as const)
    if (want[k] !== got[k]) out.push(`${title} ${k}: expected ${String(want[k])}, got ${String(got[k])}`);
  out.push(...pathDiff(`${title} forward`, want.forward, got.forward));
  out.push(...pathDiff(`${title} return`, want.return, got.return));
  return out;
}

const inputs = goldenInputs();

describe('trace goldens', () => {
  it.each(inputs.map((i) => [i.name, i] as const))('%s', async (name, input) => {
    const file = join(GOLDEN_DIR, `${name}.json`);
    const got = await goldenOf(input);
    if (UPDATE || !existsSync(file)) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, `${JSON.stringify(got, null, 2)}\n`);
      if (!UPDATE) throw new Error(`${file} was missing and has been written; check it in`);
      return;
    }
    const want = JSON.parse(readFileSync(file, 'utf8')) as Golden;
    const problems: string[] = [];
    want.flows.forEach((f, i) => problems.push(...flowDiff(f, got.flows[i])));
    for (const f of got.flows.slice(want.flows.length)) problems.push(`${f.origin} (${f.flow}): a new flow`);
    expect(problems.join('\n'), `${name}: traces differ from ${file}`).toBe('');
    // Import diagnostics as a set (code, severity, position, resource): their order is not pinned.
    expect([...got.diagnostics].sort(), `${name}: import diagnostics differ from ${file}`).toEqual(
      [...want.diagnostics].sort(),
    );
    expect(got.variants, `${name}: variant diagnostics differ from ${file}`).toEqual(want.variants);
  });
});
