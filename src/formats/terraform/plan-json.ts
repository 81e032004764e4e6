/**
 * `terraform show -json` output (plan or state) → resource instances for map-resources.ts.
 *
 * Model: a plan's `planned_values` (or, for a plan without them, `prior_state.values`) and a state's `values` list
 * resources per module (`root_module`, `child_modules[]`). Values Terraform knows only after apply are marked in
 * `resource_changes[].change.after_unknown`; they become Unknowns, and where the configuration says which resource
 * an unknown reference came from (`configuration…expressions.<attr>.references`), the reference is replaced by that
 * resource's address so the model stays connected (an instance's `subnet_id` unknown at plan time still names
 * `aws_subnet.private[0]`). Placeholders for the rest are chosen by map-resources.ts and listed in `assumed`.
 * Spans point at each resource's `"address"` in the JSON text. Data sources (`mode: data`) are skipped.
 */
import { warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type { JsonObject, JsonSource, JsonValue } from '../json-source.js';
import type { MapInstance } from './map-context.js';
import { isObj as isTfObj, Unknown, type TfObject, type TfValue } from './value.js';

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Is this parsed JSON a plan or state document? */
export function isPlanOrState(v: JsonValue): boolean {
  return (
    isObject(v) && 'format_version' in v && ('planned_values' in v || 'values' in v || 'prior_state' in v)
  );
}

/** Merge values with an after_unknown mask: masked leaves become Unknown. */
function withUnknowns(v: JsonValue | undefined, mask: JsonValue | undefined, desc: string): TfValue {
  if (mask === true) return new Unknown(desc);
  if (Array.isArray(v))
    return v.map((x, k) => withUnknowns(x, Array.isArray(mask) ? mask[k] : undefined, `${desc}[${k}]`));
  if (isObject(v)) {
    const o: TfObject = {};
    for (const [k, x] of Object.entries(v))
      o[k] = withUnknowns(x, isObject(mask) ? mask[k] : undefined, `${desc}.${k}`);
    if (isObject(mask))
      for (const [k, m] of Object.entries(mask))
        if (m === true && !(k in o)) o[k] = new Unknown(`${desc}.${k}`);
    return o;
  }
  if (v === undefined) return null;
  return v;
}

interface ConfigResource {
  readonly expressions: JsonObject;
}

/** Resource address (without attribute) named by a reference list, relative to a module prefix. */
function referencedAddress(
  refs: readonly JsonValue[],
  prefix: string,
  selfIndex: string | undefined,
  known: ReadonlySet<string>,
): string | undefined {
  for (const r of refs) {
    if (typeof r !== 'string') continue;
    if (/^(var|local|each|count|path|self|terraform)\./.test(r)) continue;
    const m = /^((?:data\.)?[a-z0-9_]+\.[\w-]+)(\[[^\]]+\])?/.exec(r);
    if (!m || r.startsWith('module.')) continue;
    const base = `${prefix}${m[1] ?? ''}`;
    const withIdx = `${base}${m[2] ?? ''}`;
    if (known.has(withIdx)) return withIdx;
    if (selfIndex && known.has(`${base}${selfIndex}`)) return `${base}${selfIndex}`;
    if (known.has(base)) return base;
    if (known.has(`${base}[0]`)) return `${base}[0]`;
  }
  return undefined;
}

/** Replace Unknown values by referenced addresses where the configuration names one. */
function connect(
  v: TfValue,
  expr: JsonValue | undefined,
  prefix: string,
  selfIndex: string | undefined,
  known: ReadonlySet<string>,
): TfValue {
  if (!expr) return v;
  if (v instanceof Unknown) {
    if (isObject(expr) && Array.isArray(expr['references']))
      return referencedAddress(expr['references'], prefix, selfIndex, known) ?? v;
    return v;
  }
  if (Array.isArray(v)) {
    // A list of references (security_groups = [aws_security_group.a.id]) has one expression for the whole list.
    if (isObject(expr) && Array.isArray(expr['references']) && v.some((x) => x instanceof Unknown)) {
      const addrs = expr['references']
        .filter((r): r is string => typeof r === 'string')
        .map((r) => referencedAddress([r], prefix, selfIndex, known))
        .filter((a, k, all): a is string => !!a && all.indexOf(a) === k);
      if (addrs.length === v.length) return addrs;
    }
    return v.map((x, k) => connect(x, Array.isArray(expr) ? expr[k] : expr, prefix, selfIndex, known));
  }
  if (isTfObj(v) && isObject(expr)) {
    const o: TfObject = {};
    for (const [k, x] of Object.entries(v)) o[k] = connect(x, expr[k], prefix, selfIndex, known);
    return o;
  }
  return v;
}

/** Resource instances of a plan or state document. */
export function planInstances(
  src: JsonSource,
  diags: Diagnostic[],
): { instances: MapInstance[]; region?: string | undefined } {
  const doc = src.value as JsonObject;
  const planned = isObject(doc['planned_values']) ? doc['planned_values'] : undefined;
  const prior =
    isObject(doc['prior_state']) && isObject(doc['prior_state']['values'])
      ? doc['prior_state']['values']
      : undefined;
  const values = planned ?? (isObject(doc['values']) ? doc['values'] : prior);
  if (!values) {
    diags.push(
      warning(
        'TF_PLAN_EMPTY',
        'no planned_values / values in this Terraform JSON; nothing to import',
        src.keyPosition('format_version'),
      ),
    );
    return { instances: [] };
  }
  const unknownMask = new Map<string, JsonValue>();
  for (const rc of Array.isArray(doc['resource_changes']) ? doc['resource_changes'] : []) {
    if (!isObject(rc) || typeof rc['address'] !== 'string') continue;
    const ch = rc['change'];
    if (isObject(ch) && ch['after_unknown'] !== undefined)
      unknownMask.set(rc['address'], ch['after_unknown']);
  }
  // Configuration expressions by (module prefix + config address).
  const config = new Map<string, ConfigResource>();
  const walkConfig = (mod: JsonValue | undefined, prefix: string) => {
    if (!isObject(mod)) return;
    for (const r of Array.isArray(mod['resources']) ? mod['resources'] : [])
      if (isObject(r) && typeof r['address'] === 'string' && isObject(r['expressions']))
        config.set(prefix + r['address'], { expressions: r['expressions'] });
    const calls = mod['module_calls'];
    if (isObject(calls))
      for (const [name, c] of Object.entries(calls))
        if (isObject(c)) walkConfig(c['module'], `${prefix}module.${name}.`);
  };
  const cfg = isObject(doc['configuration']) ? doc['configuration'] : undefined;
  walkConfig(cfg?.['root_module'], '');
  let region: string | undefined;
  const pc = cfg?.['provider_config'];
  if (isObject(pc) && isObject(pc['aws']) && isObject(pc['aws']['expressions'])) {
    const r = pc['aws']['expressions']['region'];
    if (isObject(r) && typeof r['constant_value'] === 'string') region = r['constant_value'];
  }

  const raw: {
    address: string;
    type: string;
    values: JsonObject;
    prefix: string;
    index?: string | undefined;
    span: Span;
  }[] = [];
  const walk = (mod: JsonValue | undefined) => {
    if (!isObject(mod)) return;
    for (const r of Array.isArray(mod['resources']) ? mod['resources'] : []) {
      if (!isObject(r) || r['mode'] === 'data') continue;
      const address = typeof r['address'] === 'string' ? r['address'] : undefined;
      const type = typeof r['type'] === 'string' ? r['type'] : undefined;
      if (!address || !type) {
        diags.push(
          warning(
            'TF_PLAN_SHAPE',
            'a resource without address/type in the Terraform JSON; skipped',
            src.keyPosition('resources'),
          ),
        );
        continue;
      }
      const m = /^(.*?)((?:data\.)?[a-z0-9_]+\.[\w-]+)(\[[^\]]+\])?$/.exec(address);
      raw.push({
        address,
        type,
        values: isObject(r['values']) ? r['values'] : {},
        prefix: m?.[1] ?? '',
        index: m?.[3],
        span: src.positionOf('address', address),
      });
    }
    for (const c of Array.isArray(mod['child_modules']) ? mod['child_modules'] : []) walk(c);
  };
  walk(values['root_module']);
  const known = new Set(raw.map((r) => r.address));
  const instances: MapInstance[] = raw.map((r) => {
    let attrs = withUnknowns(r.values, unknownMask.get(r.address), r.address) as TfObject;
    const configAddr = r.address
      .replace(/\[[^\]]+\]$/, '')
      .replace(/module\.([\w-]+)\[[^\]]+\]/g, 'module.$1');
    const c = config.get(configAddr);
    if (c) attrs = connect(attrs, c.expressions, r.prefix, r.index, known) as TfObject;
    return { address: r.address, type: r.type, attrs, span: r.span };
  });
  return { instances, region };
}
