/**
 * Terraform's string functions: `format`/`formatlist` (the verbs %s %d %f %q %x %v with width), `join`, `split`,
 * `replace` (a `/regex/` or a plain substring), case and trimming functions, `substr` (by character), prefix/suffix
 * tests and `regex`; `can` is here with `regex` as Terraform's test of it. Long results are checked against the
 * evaluation budget (budget.ts).
 */
import { checkString } from './budget.js';
import { functionTable, int, list, regexpOf, str, type TfFunction } from './fn-args.js';
import { EvalError, isUnknown, toNum, toPlain, type TfValue } from './value.js';

function formatFn(fmt: string, args: TfValue[]): string {
  let i = 0;
  return fmt.replace(
    /%(-?\d*)(\.\d+)?([sdvfqtx%])/g,
    (_m, width: string, prec: string | undefined, verb: string) => {
      if (verb === '%') return '%';
      const a = args[i++] ?? null;
      let s: string;
      switch (verb) {
        case 'd':
          s = String(Math.trunc(Number(toNum(a))));
          break;
        case 'f':
          s = Number(toNum(a)).toFixed(prec ? Number(prec.slice(1)) : 6);
          break;
        case 'q':
          s = JSON.stringify(str(a, 'format'));
          break;
        case 'x':
          s = Math.trunc(Number(toNum(a))).toString(16);
          break;
        case 'v':
          s = typeof a === 'object' && a !== null ? JSON.stringify(toPlain(a)) : str(a, 'format');
          break;
        default:
          s = str(a, 'format');
      }
      const w = Number(width || '0');
      checkString(Math.abs(w), 'format');
      if (Math.abs(w) > s.length) s = w < 0 ? s.padEnd(-w) : s.padStart(w, width.startsWith('0') ? '0' : ' ');
      return s;
    },
  );
}

export const STRING_FUNCTIONS: ReadonlyMap<string, TfFunction> = functionTable([
  [
    ['format'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      return formatFn(str(a0, name), args.slice(1));
    },
  ],
  [
    ['formatlist'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const fmt = str(a0, name);
      const lists = args.slice(1);
      const n = Math.max(0, ...lists.filter(Array.isArray).map((l) => l.length));
      const out: TfValue[] = [];
      for (let i = 0; i < n; i++)
        out.push(
          formatFn(
            fmt,
            lists.map((l) => (Array.isArray(l) ? (l[i] ?? null) : l)),
          ),
        );
      return out;
    },
  ],
  [
    ['join'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const parts = list(a1, name).map((x) => str(x, name));
      const sep = str(a0, name);
      checkString(parts.reduce((n, p) => n + p.length, 0) + sep.length * Math.max(0, parts.length - 1), name);
      return parts.join(sep);
    },
  ],
  [
    ['split'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const sep = str(a0, name);
      const s = str(a1, name);
      return s === '' ? [''] : s.split(sep);
    },
  ],
  [
    ['replace'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const a2 = args[2] ?? null;
      const s = str(a0, name);
      const from = str(a1, name);
      const to = str(a2, name);
      const re = /^\/(.*)\/$/.exec(from);
      if (re) {
        const rx = regexpOf(re[1] ?? '', 'g');
        // Each match adds at most the replacement's length (which may quote the match: at most s again).
        checkString(s.length + (s.match(rx)?.length ?? 0) * (to.length + s.length), name);
        return s.replace(rx, to.replace(/\$\{(\d+)\}/g, '$$$1'));
      }
      const pieces = s.split(from);
      checkString(s.length + (pieces.length - 1) * (to.length - from.length), name);
      return pieces.join(to);
    },
  ],
  [
    ['lower'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      return str(a0, name).toLowerCase();
    },
  ],
  [
    ['upper'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      return str(a0, name).toUpperCase();
    },
  ],
  [
    ['title'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      return str(a0, name).replace(/\b\w/g, (c) => c.toUpperCase());
    },
  ],
  [
    ['trimspace'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      return str(a0, name).trim();
    },
  ],
  [
    ['trim'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      // eslint-disable-next-line @typescript-eslint/no-misused-spread -- characters, as Terraform counts them
      const chars = [...str(a1, name)];
      let s = str(a0, name);
      while (s && chars.includes(s[0] ?? '')) s = s.slice(1);
      while (s && chars.includes(s[s.length - 1] ?? '')) s = s.slice(0, -1);
      return s;
    },
  ],
  [
    ['trimprefix'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const s = str(a0, name);
      const p = str(a1, name);
      return s.startsWith(p) ? s.slice(p.length) : s;
    },
  ],
  [
    ['trimsuffix'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const s = str(a0, name);
      const p = str(a1, name);
      return s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    },
  ],
  [
    ['substr'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const a2 = args[2] ?? null;
      // eslint-disable-next-line @typescript-eslint/no-misused-spread -- characters, as Terraform counts them
      const s = [...str(a0, name)];
      const off = int(a1, name);
      const len = int(a2, name);
      return s.slice(off, len < 0 ? undefined : off + len).join('');
    },
  ],
  [
    ['startswith'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      return str(a0, name).startsWith(str(a1, name));
    },
  ],
  [
    ['endswith'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      return str(a0, name).endsWith(str(a1, name));
    },
  ],
  [
    ['strcontains'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      return str(a0, name).includes(str(a1, name));
    },
  ],
  [
    ['regex', 'can'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      if (name === 'can') return !isUnknown(a0);
      {
        const m = regexpOf(str(a0, name)).exec(str(a1, name));
        if (!m) throw new EvalError('regex: pattern did not match');
        return m.length > 1 ? m.slice(1).map((x: string | undefined): TfValue => x ?? null) : m[0];
      }
    },
  ],
]);
