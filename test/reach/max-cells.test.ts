/**
 * `--max-cells` refuses a whole question (docs/reach.md "Size"): the cells of all its sources count together, and
 * the refusal comes before any trace. It used to be checked source by source, so a question of many sources, each
 * small, ran for hours on an estate (the diff of two `realistic` networks did not finish in 500 s).
 *
 * Each case first answers the question without a limit (its `cells` is the number of traces it made), then asks
 * it again with a limit one below that — refused, with the whole count — and with the limit equal to it, answered.
 * For `reach`, the per-source counts show the old per-source check would not have refused: every source alone is
 * under the limit.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/formats/load.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import type { CompiledNetwork } from '../../src/dataplane/compiled.js';
import { reach } from '../../src/analysis/reach/reach.js';
import { exposure } from '../../src/analysis/reach/exposure.js';
import { matrix } from '../../src/analysis/reach/matrix.js';
import { reachDiff } from '../../src/analysis/reach/diff.js';
import { evaluateScope } from '../../src/analysis/reach/scopes.js';
import { questionSources } from '../../src/analysis/reach/reach.js';
import { AtomLimitError } from '../../src/analysis/reach/atoms.js';
import type { Network } from '../../src/model/network.js';
import type { AccessScope } from '../../src/model/scope.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');

async function load(
  name: string,
): Promise<{
  network: Network;
  variants: readonly { name: string; network: Network }[];
  scopes?: readonly AccessScope[];
}> {
  const r = await loadInputs([join(EXAMPLES, name)], {});
  return { network: r.network, variants: r.variants, scopes: r.scopes };
}

const compiled = (n: Network): CompiledNetwork => compileNetwork(n).compiled;

/** The question refused at `total - 1` with the whole count, answered at `total`. */
function refusedBelow(total: number, ask: (limit: number) => { cells: number } | { traced: number }): void {
  let err: unknown;
  try {
    ask(total - 1);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AtomLimitError);
  expect((err as AtomLimitError).cells).toBe(total);
  expect((err as AtomLimitError).limit).toBe(total - 1);
  expect((err as AtomLimitError).message).toContain(
    `cuts into ${total} cells, more than the limit ${total - 1}`,
  );
  const ok = ask(total);
  expect('traced' in ok ? ok.traced : ok.cells).toBe(total);
}

describe('--max-cells counts every source of a question together', () => {
  it('reach --to web: many sources each under the limit, together over it → refused', async () => {
    const { network } = await load('public-private-natgw.yaml');
    const c = compiled(network);
    const total = reach(c, { to: 'web' }).cells;
    const perSource = questionSources(c, { to: 'web' }).map(
      (s) => reach(c, { from: s.label === 'internet' ? 'internet' : s.label, to: 'web' }).cells,
    );
    // The sources' own questions add up to the whole one, and none alone reaches the limit below.
    expect(perSource.length).toBeGreaterThan(2);
    expect(perSource.reduce((a, b) => a + b, 0)).toBe(total);
    expect(Math.max(...perSource)).toBeLessThan(total - 1);
    refusedBelow(total, (maxCells) => reach(c, { to: 'web', maxCells }));
  });

  it('exposure with VPN clients (s3): the internet and every client counted together', async () => {
    const { network } = await load('s3-client-vpn.yaml');
    const c = compiled(network);
    const total = exposure(c, { clients: true }).cells;
    expect(total).toBeGreaterThan(exposure(c).cells);
    refusedBelow(total, (maxCells) => exposure(c, { clients: true, maxCells }));
  });

  it('matrix (s4): every interface as a source, counted together', async () => {
    const { network } = await load('s4-two-way-nat-peering.yaml');
    const c = compiled(network);
    const total = matrix(c, 'subnet').traced;
    refusedBelow(total, (maxCells) => matrix(c, 'subnet', maxCells));
  });

  it('diff (s0 against B0.3): every paired source counted together', async () => {
    const r = await load('s0-firewall-natgw.yaml');
    const v = r.variants.find((x) => x.name === 'B0.3-workload-in-firewall-subnet');
    if (!v) throw new Error('no B0.3');
    const before = compiled(r.network);
    const after = compiled(v.network);
    const total = reachDiff(before, after, { protocol: 'tcp', ports: { lo: 443, hi: 443 } }).cells;
    refusedBelow(total, (maxCells) =>
      reachDiff(before, after, { protocol: 'tcp', ports: { lo: 443, hi: 443 }, maxCells }),
    );
  });

  it('an access scope (s0 app-egress-skips-firewall): every match path and source counted together', async () => {
    const r = await load('s0-firewall-natgw.yaml');
    const scope = r.scopes?.find((s) => s.name === 'app-egress-skips-firewall');
    if (!scope) throw new Error('no scope');
    const c = compiled(r.network);
    const total = evaluateScope(c, scope).cells;
    refusedBelow(total, (maxCells) => evaluateScope(c, scope, maxCells));
  });
});
