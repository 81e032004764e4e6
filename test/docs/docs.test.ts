/**
 * Docs that run: every fenced code block of README.md and docs/*.md is either run here or marked as not meant to
 * run — the line above it is an HTML comment, one of
 *
 *   <!-- doc-test: skip — why -->                        not run (a synopsis, a fragment, a workflow for GitHub…)
 *   <!-- doc-test: save NAME -->                         the block is a file the later blocks of the page use
 *   <!-- doc-test: exit N; stdout has "…"; stderr has "…"; file PATH has "…" -->   a shell block, run, and checked
 *
 * Shell blocks run with bash in a scratch folder that has the repository's bin/, examples/, src/, schema/ and
 * node_modules/ (so `./bin/vpcsim.js` and `vpcsim` both work, the latter on PATH) and its own docs/images/; the
 * checks are what the text around the block claims. A block without a mark fails the test, naming its place.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

interface Block {
  readonly page: string;
  readonly line: number;
  readonly lang: string;
  readonly text: string;
  /** The doc-test mark, without `<!-- doc-test:` and `-->`; undefined when the block has none. */
  readonly mark: string | undefined;
}

/** The fenced blocks of a Markdown page with the doc-test mark above each. */
export function blocksOf(page: string, md: string): Block[] {
  const lines = md.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end] ?? '')) end++;
    let j = i - 1;
    while (j >= 0 && (lines[j] ?? '').trim() === '') j--;
    const m = /^<!-- doc-test:\s*(.*?)\s*-->$/.exec((lines[j] ?? '').trim());
    out.push({
      page,
      line: i + 1,
      lang: open[2] ?? '',
      text: lines.slice(i + 1, end).join('\n') + '\n',
      mark: m?.[1],
    });
    i = end;
  }
  return out;
}

interface Check {
  readonly kind: 'exit' | 'stdout' | 'stderr' | 'file';
  readonly value: string;
  readonly path?: string | undefined;
}

function checksOf(mark: string): Check[] {
  const out: Check[] = [];
  const re =
    /\s*(?:exit (\d+)|(stdout|stderr) has "((?:[^"\\]|\\.)*)"|file (\S+) has "((?:[^"\\]|\\.)*)")\s*(?:;|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < mark.length && (m = re.exec(mark)) !== null) {
    const unq = (s: string | undefined): string => (s ?? '').replace(/\\(.)/g, '$1');
    if (m[1] !== undefined) out.push({ kind: 'exit', value: m[1] });
    else if (m[2] !== undefined) out.push({ kind: m[2] as 'stdout' | 'stderr', value: unq(m[3]) });
    else out.push({ kind: 'file', path: m[4], value: unq(m[5]) });
  }
  if (re.lastIndex !== mark.length || out.length === 0)
    throw new Error(`cannot read the doc-test mark "${mark}"`);
  return out;
}

/** A scratch folder that looks like the repository to the shell blocks. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-docs-'));
  for (const f of ['bin', 'examples', 'src', 'schema', 'node_modules', 'package.json', 'tsconfig.json'])
    if (existsSync(join(root, f))) symlinkSync(join(root, f), join(dir, f));
  mkdirSync(join(dir, 'docs', 'images'), { recursive: true });
  mkdirSync(join(dir, '.path'));
  const wrapper = join(dir, '.path', 'vpcsim');
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'bin', 'vpcsim.js')}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  return dir;
}

const all = pages.flatMap((p) => blocksOf(p, readFileSync(join(root, p), 'utf8')));

describe('docs that run', () => {
  it('every code block of README.md and docs/*.md is run or marked as not meant to run', () => {
    const unmarked = all.filter((b) => b.mark === undefined).map((b) => `${b.page}:${b.line}`);
    expect(unmarked).toEqual([]);
    const skipsWithoutReason = all
      .filter((b) => b.mark !== undefined && /^skip\b/.test(b.mark) && !/^skip\s+—\s+\S/.test(b.mark))
      .map((b) => `${b.page}:${b.line}`);
    expect(skipsWithoutReason).toEqual([]);
  });

  for (const page of pages) {
    const blocks = all.filter((b) => b.page === page && b.mark !== undefined && !b.mark.startsWith('skip'));
    if (blocks.length === 0) continue;
    // The blocks of a page run in order in one folder: a block may use a file an earlier one saved.
    it(`${page}: its commands do what the text says`, () => {
      const dir = scratch();
      for (const b of blocks) {
        const mark = b.mark ?? '';
        const save = /^save (\S+)$/.exec(mark);
        if (save?.[1] !== undefined) {
          writeFileSync(join(dir, save[1]), b.text);
          continue;
        }
        const checks = checksOf(mark);
        const r = spawnSync('bash', ['-c', b.text], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', PATH: `${join(dir, '.path')}:${process.env.PATH ?? ''}` },
        });
        const where = `${b.page}:${b.line}`;
        for (const c of checks) {
          if (c.kind === 'exit')
            expect(r.status, `${where} exit status; stderr: ${r.stderr}`).toBe(Number(c.value));
          else if (c.kind === 'file')
            expect(readFileSync(join(dir, c.path ?? ''), 'utf8'), `${where} ${c.path ?? ''}`).toContain(
              c.value,
            );
          else expect(c.kind === 'stdout' ? r.stdout : r.stderr, `${where} ${c.kind}`).toContain(c.value);
        }
      }
    }, 600_000);
  }
});
