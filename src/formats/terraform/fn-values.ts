/**
 * Terraform's functions on single values: type conversions (`tostring`, `tonumber`, `tobool`), `try`/`coalesce`,
 * numbers (`min`, `max`, `abs`, `floor`, `ceil`, `pow`), encodings (`jsonencode`/`jsondecode`, `yamlencode`,
 * `base64encode`/`base64decode`), files read through the context (`file`, `fileexists`, `templatefile`; a missing
 * file is TF_FILE_MISSING), and values known only at apply time (`timestamp`, `uuid`, hashes: unknown).
 */
import { functionTable, obj, str, type TfFunction } from './fn-args.js';
import { EvalError, findUnknown, isUnknown, toNum, toPlain, toStr, Unknown, type TfValue } from './value.js';

export const VALUE_FUNCTIONS: ReadonlyMap<string, TfFunction> = functionTable([
  [
    ['tostring'],
    (args) => {
      const a0 = args[0] ?? null;
      return a0 === null ? null : toStr(a0);
    },
  ],
  [
    ['tonumber'],
    (args) => {
      const a0 = args[0] ?? null;
      return a0 === null ? null : toNum(a0);
    },
  ],
  [
    ['tobool'],
    (args) => {
      const a0 = args[0] ?? null;
      return a0 === null ? null : a0 === true || a0 === 'true';
    },
  ],
  [
    ['try', 'coalesce'],
    (args, _ctx, name) => {
      // `try` gets its arguments already evaluated; errors in them were raised before the call (see evalTry).
      for (const a of args) {
        if (isUnknown(a)) return a;
        if (name === 'coalesce' && (a === null || a === '')) continue;
        return a;
      }
      if (name === 'coalesce') throw new EvalError('coalesce: no non-null, non-empty arguments');
      throw new EvalError('try: no argument could be evaluated');
    },
  ],
  [
    ['min', 'max'],
    (args, _ctx, name) => {
      const ns = args.map((x) => Number(toNum(x)));
      if (ns.length === 0) throw new EvalError(`${name}: at least one argument is required`);
      return name === 'min' ? Math.min(...ns) : Math.max(...ns);
    },
  ],
  [
    ['abs'],
    (args) => {
      const a0 = args[0] ?? null;
      return Math.abs(Number(toNum(a0)));
    },
  ],
  [
    ['floor'],
    (args) => {
      const a0 = args[0] ?? null;
      return Math.floor(Number(toNum(a0)));
    },
  ],
  [
    ['ceil'],
    (args) => {
      const a0 = args[0] ?? null;
      return Math.ceil(Number(toNum(a0)));
    },
  ],
  [
    ['pow'],
    (args) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      return Number(toNum(a0)) ** Number(toNum(a1));
    },
  ],
  [
    ['jsonencode'],
    (args) => {
      const a0 = args[0] ?? null;
      if (findUnknown(a0)) return new Unknown('jsonencode(…)');
      return JSON.stringify(toPlain(a0));
    },
  ],
  [
    ['jsondecode'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      try {
        return JSON.parse(str(a0, name)) as TfValue;
      } catch (e) {
        throw new EvalError(`jsondecode: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  ],
  [
    ['yamlencode'],
    (args) => {
      const a0 = args[0] ?? null;
      if (findUnknown(a0)) return new Unknown('yamlencode(…)');
      return JSON.stringify(toPlain(a0), null, 2);
    },
  ],
  [
    ['base64encode'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      if (isUnknown(a0)) return new Unknown(`base64encode(${a0.desc})`);
      return Buffer.from(str(a0, name), 'utf8').toString('base64');
    },
  ],
  [
    ['base64decode'],
    (args, _ctx, name) => {
      const a0 = args[0] ?? null;
      return Buffer.from(str(a0, name), 'base64').toString('utf8');
    },
  ],
  [
    ['file'],
    (args, ctx, name) => {
      const a0 = args[0] ?? null;
      const t = ctx.readFile(str(a0, name));
      if (t === undefined)
        throw new EvalError(`file: no file exists at "${str(a0, name)}"`, 'TF_FILE_MISSING');
      return t;
    },
  ],
  [
    ['fileexists'],
    (args, ctx, name) => {
      const a0 = args[0] ?? null;
      return ctx.readFile(str(a0, name)) !== undefined;
    },
  ],
  [
    ['templatefile'],
    (args, ctx, name) => {
      const a0 = args[0] ?? null;
      const a1 = args[1] ?? null;
      const p = str(a0, name);
      const t = ctx.readFile(p);
      if (t === undefined) throw new EvalError(`templatefile: no file exists at "${p}"`, 'TF_FILE_MISSING');
      return ctx.renderTemplate(t, args.length > 1 ? obj(a1, name) : {}, p);
    },
  ],
  [
    ['timestamp'],
    () => {
      return new Unknown('timestamp()');
    },
  ],
  [
    ['uuid'],
    () => {
      return new Unknown('uuid()');
    },
  ],
  [
    ['md5', 'sha1', 'sha256'],
    (_args, _ctx, name) => {
      return new Unknown(`${name}(…)`);
    },
  ],
]);
