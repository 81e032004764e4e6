/**
 * The fast YAML reader against the reader it replaced (issue 19): on every example, fixture, documentation
 * snippet, YAML written in a test, generated bench network, hand-written edge case and thousands of seeded
 * mutations of them, `readYaml` (fast reader, else the `yaml` package) gives exactly what the old reader gave —
 * the same values, the same span for every collection, key and value, the same block details, and the same
 * diagnostics. Where the fast reader accepts a text itself, its own result is compared too, so a text it should
 * have left to the `yaml` package cannot hide behind the fallback.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Schema } from 'yaml';
import { generatePreset, toNativeYaml } from '../../bench/generate.js';
import { readYaml } from '../../src/formats/native/yaml-source.js';
import { readYamlFast } from '../../src/formats/yaml/fast-reader.js';
import { mayBeTyped } from '../../src/formats/yaml/plain-scalar.js';
import { SourcePositions } from '../../src/formats/yaml/positions.js';
import { doc } from '../helpers.js';
import { ACCEPTED, LEFT } from './yaml-cases.js';
import { differences } from './yaml-compare.js';

const ROOT = join(import.meta.dirname, '../..');
const SHARED = [join(ROOT, '../shared/fixtures/external'), join(ROOT, '../../shared/fixtures/external')].find(
  (d) => existsSync(d),
);

function files(dir: string, exts: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, exts));
    else if (exts.some((e) => name.endsWith(e))) out.push(p);
  }
  return out;
}

/** YAML written in test sources: multi-line template literals holding a mapping (`${…}` kept as text). */
function literals(src: string): string[] {
  const out: string[] = [];
  for (const m of src.matchAll(/`([^`]*\n[^`]*)`/g)) {
    const text = m[1] ?? '';
    if (/:( |$)/m.test(text)) out.push(text);
  }
  return out;
}

/** Every YAML or JSON text the project holds or writes, by name. */
function corpus(): [string, string][] {
  const out: [string, string][] = [];
  const add = (name: string, text: string): void => {
    out.push([name, text]);
  };
  for (const f of files(join(ROOT, 'examples'), ['.yaml', '.yml'])) add(f, readFileSync(f, 'utf8'));
  for (const f of files(join(ROOT, 'test'), ['.yaml', '.yml', '.json'])) add(f, readFileSync(f, 'utf8'));
  if (SHARED) for (const f of files(SHARED, ['.yaml', '.yml', '.json'])) add(f, readFileSync(f, 'utf8'));
  for (const f of [join(ROOT, 'README.md'), ...files(join(ROOT, 'docs'), ['.md'])]) {
    const md = readFileSync(f, 'utf8');
    let k = 0;
    for (const m of md.matchAll(/```ya?ml\n([\s\S]*?)```/g)) add(`${f} yaml block ${++k}`, m[1] ?? '');
  }
  for (const f of [...files(join(ROOT, 'test'), ['.ts']), ...files(join(ROOT, 'src'), ['.test.ts'])]) {
    literals(readFileSync(f, 'utf8')).forEach((text, k) => {
      add(`${f} literal ${k + 1}`, text);
      // …and as test/helpers.ts `doc()` wraps a VPC body into a document.
      if (!text.includes('vpcsim:')) add(`${f} literal ${k + 1} as a VPC body`, doc(text));
    });
  }
  for (const name of ['s2', 'small'] as const) {
    const yaml = toNativeYaml(generatePreset(name));
    add(`bench preset ${name}`, yaml);
    const y = readYaml(yaml, 'x.yaml');
    add(`bench preset ${name} as JSON`, JSON.stringify(y.value, null, 2));
    add(`bench preset ${name} as one-line JSON`, JSON.stringify(y.value));
  }
  return out;
}

function fast(text: string): ReturnType<typeof readYamlFast> {
  return readYamlFast(text, new SourcePositions('f.yaml', text));
}

/** Apply one mutation to a text: insert a piece, delete, truncate, indent, dedent or duplicate a line. */
function mutate(text: string, m: { at: number; kind: string; piece: string; n: number }): string {
  const pos = Math.floor(m.at * (text.length + 1));
  if (m.kind === 'insert') return text.slice(0, pos) + m.piece + text.slice(pos);
  if (m.kind === 'delete') return text.slice(0, pos) + text.slice(pos + m.n);
  if (m.kind === 'truncate') return text.slice(0, pos);
  const ls = text.split('\n');
  const li = Math.floor(m.at * ls.length);
  if (m.kind === 'indent') ls[li] = ' '.repeat(m.n) + (ls[li] ?? '');
  else if (m.kind === 'dedent') ls[li] = (ls[li] ?? '').replace(/^ {1,2}/, '');
  else ls.splice(li, 0, ls[li] ?? '');
  return ls.join('\n');
}

const PIECES = [
  ' ',
  '\n',
  ':',
  ': ',
  '- ',
  '-',
  '#',
  ' #',
  "'",
  '"',
  '[',
  ']',
  '{',
  '}',
  ',',
  '|',
  '>',
  '&a',
  '*a',
];
PIECES.push('!', '?', '\t', '\\', '%', '~', '0x1F', '1e3', "''", '  ', '\n  ', '\n- ', '---', 'é', '\r');

describe('fast YAML reader: differential test against the yaml-package reader it replaced', () => {
  const all = corpus();

  it('the corpus holds the examples, the fixtures and the YAML written in tests', () => {
    expect(all.filter(([n]) => n.includes('/examples/')).length).toBeGreaterThanOrEqual(6);
    expect(all.filter(([n]) => n.includes(' literal ')).length).toBeGreaterThan(300);
    expect(all.filter(([n]) => n.endsWith('.json')).length).toBeGreaterThan(10);
  });

  it('reads every text of the corpus exactly as the old reader did', () => {
    const bad: string[] = [];
    for (const [name, text] of all) {
      const d = differences(text, name, readYaml(text, name));
      if (d.length > 0) bad.push(`${name}: ${d.join('; ')}`.slice(0, 2000));
      const f = readYamlFast(text, new SourcePositions(name, text));
      if ('value' in f) {
        const e = differences(text, name, f);
        if (e.length > 0) bad.push(`${name} (fast reader): ${e.join('; ')}`.slice(0, 2000));
      }
    }
    expect(bad).toEqual([]);
  });

  it('reads the examples, the JSON fixtures and the bench networks itself, without the yaml package', () => {
    const left = all
      .filter(([n]) => n.includes('/examples/') || n.endsWith('.json') || n.startsWith('bench preset'))
      .map(([n, t]) => [n, fast(t)] as const)
      .flatMap(([n, r]) => ('bail' in r ? [`${n}: ${r.bail}`] : []));
    expect(left).toEqual([]);
  });

  it.each(ACCEPTED.map((t) => [JSON.stringify(t).slice(0, 60), t]))(
    'reads %s itself, as the oracle',
    (_, text) => {
      const r = fast(text);
      expect('bail' in r ? r.bail : 'read').toBe('read');
      if ('value' in r) expect(differences(text, 'f.yaml', r)).toEqual([]);
      expect(differences(text, 'f.yaml', readYaml(text, 'f.yaml'))).toEqual([]);
    },
  );

  it.each(LEFT.map((t) => [JSON.stringify(t).slice(0, 60), t]))(
    'leaves %s to the yaml package',
    (_, text) => {
      expect('bail' in fast(text)).toBe(true);
      expect(differences(text, 'f.yaml', readYaml(text, 'f.yaml'))).toEqual([]);
    },
  );

  it('agrees with the oracle on seeded mutations of the corpus (inserted indicators, deletions, indentation)', () => {
    // Mutations of texts the fast reader reads, so that many mutants are still read by it (and compared).
    const bases = [...ACCEPTED, ...all.map(([, t]) => t)].filter(
      (t) => t.length < 20_000 && 'value' in fast(t),
    );
    const mutation = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      kind: fc.constantFrom('insert', 'delete', 'indent', 'dedent', 'duplicate', 'truncate'),
      piece: fc.constantFrom(...PIECES),
      n: fc.integer({ min: 1, max: 3 }),
    });
    const window = fc.record({
      base: fc.nat(),
      from: fc.double({ min: 0, max: 1, noNaN: true }),
      lines: fc.integer({ min: 3, max: 40 }),
    });
    let accepted = 0;
    fc.assert(
      fc.property(window, fc.array(mutation, { minLength: 1, maxLength: 3 }), (w, ms) => {
        const lines = (bases[w.base % bases.length] ?? '').split('\n');
        const a = Math.floor(w.from * lines.length);
        const text = ms.reduce(mutate, lines.slice(a, a + w.lines).join('\n'));
        const r = fast(text);
        if ('value' in r) {
          accepted++;
          expect(differences(text, 'f.yaml', r)).toEqual([]);
        }
      }),
      { seed: 19, numRuns: 2500 },
    );
    expect(accepted).toBeGreaterThan(300);
  });

  it('types plain scalars by the core schema only when they can start a null, boolean or number', () => {
    const tags = new Schema({}).tags.flatMap((t) =>
      t.default === true && t.test instanceof RegExp ? [t.test] : [],
    );
    expect(tags.map(String)).toEqual([
      '/^(?:~|[Nn]ull|NULL)?$/',
      '/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/',
      '/^0o[0-7]+$/',
      '/^[-+]?[0-9]+$/',
      '/^0x[0-9a-fA-F]+$/',
      '/^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$/',
      '/^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$/',
      '/^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$/',
    ]);
    for (const re of tags) {
      fc.assert(
        fc.property(fc.stringMatching(re), (s) => s === '' || mayBeTyped(s.charCodeAt(0))),
        { seed: 19, numRuns: 300 },
      );
    }
  });
});
