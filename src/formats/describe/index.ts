/**
 * AWS CLI describe-* JSON import: a folder of files, one per call, recognised by their top-level key.
 *
 * Model: `aws_configs/[accounts/<id>/][<region>/]*.json` (or any folder of such files); several accounts and regions
 * load into one network. Each file's top-level keys are dispatched: modelled keys (see build.ts) become resources,
 * catalogue keys (AvailabilityZones, VpcEndpointServices …) are ignored, unmodelled resource kinds are reported once
 * per kind, and any other key is a DESCRIBE_UNKNOWN_SHAPE warning naming file:line:col. Invalid JSON is an error
 * diagnostic at the parser's position; the rest of the folder is still imported. Never throws on bad input.
 */
import { stat } from 'node:fs/promises';
import { error, warning, type Diagnostic } from '../../diag/diagnostic.js';
import { importerFailed, type ImportOptions, type ImportResult } from '../import-result.js';
import {
  buildNetwork,
  IGNORED_KEYS,
  MODELLED_KEYS,
  READ_WITH_KEYS,
  UNSUPPORTED_KEYS,
  type DescribeRecord,
} from './build.js';
import { isObject, readJsonSource, type JsonObject, type JsonValue } from '../json-source.js';
import { listDescribeFiles } from './layout.js';

const KNOWN: ReadonlySet<string> = new Set<string>([
  ...MODELLED_KEYS,
  ...Object.keys(UNSUPPORTED_KEYS),
  ...READ_WITH_KEYS,
  ...IGNORED_KEYS,
]);

/** A network-firewall output's status/response key → the key of the object it belongs to. */
const NFW_PAIRS: ReadonlyMap<string, string> = new Map([
  ['FirewallStatus', 'Firewall'],
  ['FirewallPolicyResponse', 'FirewallPolicy'],
  ['RuleGroupResponse', 'RuleGroup'],
]);

/**
 * `{Firewall, FirewallStatus}` → `[["Firewall", {…Firewall, FirewallStatus}]]`; policies and rule groups likewise.
 * The top-level keys are the input's own: a Map and own-property checks, so a key named `constructor` or
 * `__proto__` is a key like any other (an unknown one), never the prototype's (issue 21 item 4).
 */
function mergeNfwPairs(v: JsonObject): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  for (const [k, x] of Object.entries(v)) {
    const main = NFW_PAIRS.get(k);
    if (main === undefined || !Object.hasOwn(v, main)) {
      if (!out.has(k)) out.set(k, x);
      continue;
    }
    const m = v[main] ?? null;
    out.set(main, main === 'Firewall' ? { ...(isObject(m) ? m : {}), [k]: x } : { [main]: m, [k]: x });
  }
  return out;
}

/** A folder holding describe-* JSON (directly, or under `aws_configs/`, `accounts/`, region folders). */
export async function isDescribeFolder(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isDirectory()) return false;
  } catch {
    return false;
  }
  const files = await listDescribeFiles(path);
  for (const f of files.slice(0, 50)) {
    const base = f.path.split(/[\\/]/).pop() ?? '';
    const key = base.replace(/\.json$/i, '');
    if (MODELLED_KEYS.includes(key)) return true;
    const r = await readJsonSource(f.path);
    if (
      r.ok &&
      isObject(r.source.value) &&
      Object.keys(r.source.value).some((k) => MODELLED_KEYS.includes(k))
    )
      return true;
  }
  return false;
}

/** Import a describe-* folder. `importDescribe("snap/aws_configs", {})` → network with AWS IDs as ids. */
export async function importDescribe(path: string, opts: ImportOptions): Promise<ImportResult> {
  try {
    return await importDescribeUnsafe(path, opts);
  } catch (e) {
    return importerFailed('describe-*', [path], e);
  }
}

async function importDescribeUnsafe(path: string, opts: ImportOptions): Promise<ImportResult> {
  const diags: Diagnostic[] = [];
  const records = new Map<string, DescribeRecord[]>();
  const files: string[] = [];
  let isDir = false;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (e) {
    diags.push(
      error('FILE_UNREADABLE', `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, {
        file: path,
        line: 1,
        col: 1,
      }),
    );
  }
  const list = isDir
    ? await listDescribeFiles(path)
    : diags.length
      ? []
      : [{ path, accountId: undefined, region: undefined }];
  if (isDir && list.length === 0)
    diags.push(warning('DESCRIBE_EMPTY', `no .json files under ${path}`, { file: path, line: 1, col: 1 }));
  for (const f of list) {
    const r = await readJsonSource(f.path);
    files.push(f.path);
    if (!r.ok) {
      diags.push(r.diagnostic);
      continue;
    }
    const src = r.source;
    if (!isObject(src.value)) {
      diags.push(
        warning(
          'DESCRIBE_UNKNOWN_SHAPE',
          'top level is not an object; a describe-* output is `{ "Key": [ … ] }`; file ignored',
          { file: f.path, line: 1, col: 1 },
        ),
      );
      continue;
    }
    const region = f.region ?? opts.region;
    const accountId = f.accountId ?? opts.accountId;
    // network-firewall describe-* outputs pair an object with its status/response: merge them into one record.
    const doc = mergeNfwPairs(src.value);
    for (const [key, value] of doc) {
      if (!KNOWN.has(key)) {
        diags.push(
          warning(
            'DESCRIBE_UNKNOWN_SHAPE',
            `unknown top-level key "${key}" (not a describe-* output vpcsim knows); ignored`,
            src.keyPosition(key),
          ),
        );
        continue;
      }
      if (IGNORED_KEYS.has(key)) continue;
      let bucket = records.get(key);
      if (!bucket) records.set(key, (bucket = []));
      // describe-firewall style outputs hold one object, not a list.
      const items: unknown[] = Array.isArray(value) ? value : isObject(value) ? [value] : [];
      if (!Array.isArray(value) && !isObject(value)) {
        diags.push(warning('DESCRIBE_UNKNOWN_SHAPE', `"${key}" should be a list`, src.keyPosition(key)));
        continue;
      }
      for (const item of items) {
        if (!isObject(item as JsonObject)) {
          diags.push(
            warning(
              'DESCRIBE_UNKNOWN_SHAPE',
              `an entry of "${key}" is not an object; skipped`,
              src.keyPosition(key),
            ),
          );
          continue;
        }
        bucket.push({ item: item as JsonObject, src, accountId, region });
      }
    }
  }
  const built = buildNetwork(records);
  return {
    network: built.network,
    expectations: [],
    variants: [],
    diagnostics: [...diags, ...built.diagnostics],
    files,
  };
}
