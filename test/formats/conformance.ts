/**
 * The importer conformance suite (formats/importer.ts): one set of properties every importer must have, run for
 * each by `runImporterConformance({...})` in importers.conformance.test.ts — and by any importer added later.
 *
 * Properties: it recognises its own samples and no other format's; its samples import without errors; it never
 * throws, whatever the input (random text, random bytes, a sample cut short or with a character changed, an empty
 * file, a missing path); every diagnostic and every resource position lies inside the file it names; importing the
 * same input twice gives the same result; a resource of a kind vpcsim does not model is listed in
 * `network.unsupported` and named in exactly one UNSUPPORTED_RESOURCE_TYPE warning for its type.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/diag/diagnostic.js';
import type { ImportResult } from '../../src/formats/import-result.js';
import type { Importer } from '../../src/formats/importer.js';

export interface ConformanceSpec {
  readonly importer: Importer;
  /** Valid inputs of this format (each a set of paths imported together); they import without error diagnostics. */
  readonly samples: readonly (readonly string[])[];
  /** Inputs of other formats: this importer must not claim them. */
  readonly others: readonly string[];
  /** Write an input of this format whose one file holds `text`, under the folder `dir`; returns the path to import. */
  readonly write: (dir: string, text: string) => string;
  /** An input holding one resource of a kind the format has but vpcsim does not model. */
  readonly unknownKind: { readonly text: string; readonly resource: string; readonly type: string };
  /** Random inputs per property (the importer may be slow to start: Terraform parses with WASM). */
  readonly runs?: number;
}

function probe(path: string): { path: string; isDirectory: boolean; text?: string } {
  const isDirectory = statSync(path).isDirectory();
  return isDirectory ? { path, isDirectory } : { path, isDirectory, text: readFileSync(path, 'utf8') };
}

/** Why a position is not inside its file, or undefined when it is. */
function outside(span: Span): string | undefined {
  let st;
  try {
    st = statSync(span.file);
  } catch {
    return `${span.file} does not exist`;
  }
  if (st.isDirectory())
    return span.line === 1 && span.col === 1 ? undefined : 'a folder position other than 1:1';
  const lines = readFileSync(span.file, 'utf8').split('\n');
  if (!Number.isInteger(span.line) || span.line < 1 || span.line > lines.length)
    return `line ${span.line} of a ${lines.length}-line file`;
  const width = (lines[span.line - 1] ?? '').length;
  if (!Number.isInteger(span.col) || span.col < 1 || span.col > width + 1)
    return `column ${span.col} of a ${width}-character line`;
  return undefined;
}

/** Every position a result holds that is not inside its file, as `what: why`. */
export function positionProblems(r: ImportResult): string[] {
  const out: string[] = [];
  const check = (what: string, s: Span | undefined) => {
    if (!s) return;
    const why = outside(s);
    if (why) out.push(`${what} at ${s.file}:${s.line}:${s.col}: ${why}`);
  };
  for (const d of r.diagnostics) {
    if (!d.span && d.severity === 'error') out.push(`error ${d.code} has no position`);
    check(`diagnostic ${d.code}`, d.span);
  }
  for (const [collection, list] of Object.entries(r.network))
    for (const res of list as readonly { id: string; span?: Span; spans?: Record<string, Span> }[]) {
      check(`${collection} ${res.id}`, res.span);
      for (const [f, s] of Object.entries(res.spans ?? {})) check(`${collection} ${res.id}.${f}`, s);
    }
  return out;
}

async function importSafely(importer: Importer, paths: readonly string[]): Promise<ImportResult> {
  return importer.import(paths, {});
}

const garbage = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
  fc
    .array(
      fc.constantFrom('{', '}', '[', ']', ':', '"', "'", '-', '\n', '  ', '=', 'Resources', 'vpcsim', 'x'),
      {
        maxLength: 60,
      },
    )
    .map((a) => a.join('')),
);

/** Run the conformance properties for one importer (inside a vitest `describe`). */
export function runImporterConformance(spec: ConformanceSpec): void {
  const { importer } = spec;
  const runs = Number(process.env['CONFORMANCE_RUNS'] ?? 0) || (spec.runs ?? 25);
  const tmp = () => mkdtempSync(join(tmpdir(), `vpcsim-${importer.kind}-`));
  const sampleText = readFileSync(
    [spec.samples[0]?.[0] ?? ''].map((p) => (statSync(p).isDirectory() ? firstFile(p) : p))[0] ?? '',
    'utf8',
  );

  describe(`importer ${importer.kind}: conformance`, () => {
    it('recognises its samples', async () => {
      for (const set of spec.samples)
        for (const p of set) expect(await importer.detect(probe(p)), p).toBe(true);
    });
    it('does not claim inputs of other formats', async () => {
      for (const p of spec.others) expect(await importer.detect(probe(p)), p).toBe(false);
    });
    it('imports its samples without errors, every position inside its file, the same result twice', async () => {
      for (const set of spec.samples) {
        const a = await importSafely(importer, set);
        expect(
          a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`),
        ).toEqual([]);
        expect(positionProblems(a)).toEqual([]);
        const b = await importSafely(importer, set);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }
    });
    it('never throws on garbage, and keeps every position inside the file', async () => {
      await fc.assert(
        fc.asyncProperty(garbage, async (text) => {
          const path = spec.write(tmp(), text);
          expect(await importer.detect(probe(path))).toBeTypeOf('boolean');
          const r = await importSafely(importer, [path]);
          expect(positionProblems(r)).toEqual([]);
        }),
        { numRuns: runs },
      );
    });
    it('never throws on a sample cut short or with one character changed', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: Math.max(0, sampleText.length - 1) }),
          fc.constantFrom('', '"', "'", '{', '\n', ':', '\t', ' '),
          fc.boolean(),
          async (at, ch, cut) => {
            const text = cut
              ? sampleText.slice(0, at)
              : `${sampleText.slice(0, at)}${ch}${sampleText.slice(at + 1)}`;
            const r = await importSafely(importer, [spec.write(tmp(), text)]);
            expect(positionProblems(r)).toEqual([]);
          },
        ),
        { numRuns: runs },
      );
    });
    it('never throws on an empty input or a missing path', async () => {
      const empty = await importSafely(importer, [spec.write(tmp(), '')]);
      expect(positionProblems(empty)).toEqual([]);
      const missing = await importSafely(importer, [join(tmp(), 'no-such-input')]);
      expect(missing.diagnostics.length).toBeGreaterThan(0);
    });
    it('names a resource of a kind vpcsim does not model, in one warning for its type', async () => {
      const r = await importSafely(importer, [spec.write(tmp(), spec.unknownKind.text)]);
      const { resource, type } = spec.unknownKind;
      expect(r.network.unsupported.filter((u) => u.id === resource).map((u) => u.type)).toEqual([type]);
      const warnings = r.diagnostics.filter((d) => d.code === 'UNSUPPORTED_RESOURCE_TYPE');
      expect(warnings.map((d) => d.message.split(': ')[0])).toEqual([type]);
      expect(warnings[0]?.message).toContain(resource);
      expect(warnings[0]?.severity).toBe('warning');
    });
  });
}

/** The first file under a folder (depth-first, sorted), to mutate a folder sample. */
function firstFile(dir: string): string {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) {
      const inner = firstFile(p);
      if (inner) return inner;
    } else if (/\.(tf|json|ya?ml)$/.test(f)) return p;
  }
  return '';
}
