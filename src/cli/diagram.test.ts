import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { diagramFormat, register } from './diagram.js';
import { Exit, UsageError } from './main.js';

const S0 = 'examples/s0-firewall-natgw.yaml';
const FLOW1 = ['--from', 'app', '--to', '142.250.196.100', '--port', '443', '--sni', 'www.google.com'];

/** Run `vpcsim diagram …` on a fresh program; resolves to the thrown Exit/UsageError. */
async function run(args: string[]): Promise<unknown> {
  const p = new Command().exitOverride();
  register(p);
  try {
    await p.parseAsync(['diagram', ...args], { from: 'user' });
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('diagramFormat', () => {
  it('takes --format, else the -o extension, else svg', () => {
    expect(diagramFormat('png', 'x.svg')).toBe('png');
    expect(diagramFormat(undefined, 'out/s0.PNG')).toBe('png');
    expect(diagramFormat(undefined, 'a.gv')).toBe('dot');
    expect(diagramFormat(undefined, 'a.mmd')).toBe('mermaid');
    expect(diagramFormat(undefined, undefined)).toBe('svg');
    expect(() => diagramFormat('jpeg', undefined)).toThrow(UsageError);
  });
});

describe.skipIf(!existsSync(S0))('vpcsim diagram on the S0 example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-diagram-'));

  it('draws flow 1 as DOT with the forward path through the firewall endpoint and the NAT gateway', async () => {
    const out = join(dir, 's0.dot');
    const e = await run([S0, ...FLOW1, '-o', out]);
    expect(e).toBeInstanceOf(Exit);
    expect((e as Exit).code).toBe(0);
    const dot = readFileSync(out, 'utf8');
    // scenarios.md S0 flow 1: app → Private-RTB → endpoint → FW-RTB → NAT GW → NATGW-RTB → IGW → internet.
    const fwd = [...dot.matchAll(/"([^"]+)" -> "([^"]+)" \[color="#1565c0"/g)].map(
      (m) => `${m[1]} > ${m[2]}`,
    );
    expect(fwd).toEqual([
      'inst:app > router:private-subnet',
      'router:private-subnet > fwe:vpce-nfw-1a',
      'fwe:vpce-nfw-1a > router:fw-subnet',
      'router:fw-subnet > nat:natgw',
      'nat:natgw > router:natgw-subnet',
      'router:natgw-subnet > igw:igw',
      'igw:igw > internet',
    ]);
    // The NAT gateway and the internet gateway both translate the source (NGW, IGW-2).
    expect(dot).toMatch(/SNAT 10\.60\.30\.10:\d+ → 10\.60\.20\.10:\d+/);
    expect(dot).toMatch(/SNAT 10\.60\.20\.10:\d+ → 203\.0\.113\.60:\d+/);
  });

  it('B0.1 (a variant of the file): the note marks where the reply leaves the firewall path', async () => {
    const out = join(dir, 'b01.dot');
    await run([S0, '--variant', 'B0.1-no-return-route', ...FLOW1, '-o', out]);
    const dot = readFileSync(out, 'utf8');
    expect(dot).toContain('"note:asymmetry" -> "router:natgw-subnet"');
    const ret = [...dot.matchAll(/"([^"]+)" -> "([^"]+)" \[color="#e65100"/g)].map((m) => m[2]);
    expect(ret).not.toContain('fwe:vpce-nfw-1a');
  });

  it('writes PNG, SVG and Mermaid', async () => {
    await run([S0, ...FLOW1, '-o', join(dir, 's0.png')]);
    expect(readFileSync(join(dir, 's0.png')).subarray(1, 4).toString('ascii')).toBe('PNG');
    await run([S0, '-o', join(dir, 's0.svg')]);
    expect(readFileSync(join(dir, 's0.svg'), 'utf8')).toContain('<svg');
    await run([S0, ...FLOW1, '--format', 'mermaid', '-o', join(dir, 's0.md')]);
    expect(readFileSync(join(dir, 's0.md'), 'utf8').startsWith('flowchart TB')).toBe(true);
  });

  it('usage errors: half a flow, an unknown variant, an unknown endpoint', async () => {
    expect(await run([S0, '--from', 'app', '-o', join(dir, 'x.svg')])).toBeInstanceOf(UsageError);
    expect(await run([S0, '--variant', 'nope', '-o', join(dir, 'x.svg')])).toBeInstanceOf(UsageError);
    expect(
      await run([S0, '--from', 'no-such-thing', '--to', '1.1.1.1', '-o', join(dir, 'x.svg')]),
    ).toBeInstanceOf(UsageError);
  });

  it('an input that cannot be read ends with status 2', async () => {
    const e = await run([join(dir, 'missing.yaml'), '-o', join(dir, 'x.svg')]);
    expect(e).toBeInstanceOf(Exit);
    expect((e as Exit).code).toBe(2);
  });
});
