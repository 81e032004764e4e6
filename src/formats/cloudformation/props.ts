/**
 * Typed access to evaluated resource properties: text, booleans, integers, lists of ids, lists of mappings.
 *
 * Each accessor evaluates only the property it is asked for (lazy evaluation keeps errors in properties that do
 * not matter to the network — an AMI lookup, a tag — from being reported). A value of the wrong type is reported
 * as `PROPERTY_TYPE` with the property's position and treated as absent.
 */
import { warning } from '../../diag/diagnostic.js';
import { prop, type ImportContext, type ResourceRef } from './context.js';
import { NO_VALUE, type CfnValue, type Evaluated } from './cfn-value.js';
import type { CfnNode } from './node.js';

export function evalNode(r: ResourceRef, node: CfnNode | undefined): Evaluated {
  return node === undefined ? undefined : r.stack.ev.value(node);
}

export function propValue(r: ResourceRef, name: string): CfnValue | undefined {
  const v = evalNode(r, prop(r.decl, name));
  return v === NO_VALUE ? undefined : v;
}

function typeWarn(ctx: ImportContext, r: ResourceRef, name: string, want: string): void {
  const n = prop(r.decl, name);
  ctx.diags.push(
    warning(
      'PROPERTY_TYPE',
      `${r.decl.logicalId}.${name} should be ${want}; ignored`,
      ctx.span(r.stack, n?.pos ?? r.decl.pos),
      {
        resource: r.id,
      },
    ),
  );
}

export function asString(v: CfnValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function asBool(v: CfnValue | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'True' || v === 'TRUE') return true;
  if (v === 'false' || v === 'False' || v === 'FALSE') return false;
  return undefined;
}

export function asInt(v: CfnValue | undefined): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?[0-9]+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

export function propString(ctx: ImportContext, r: ResourceRef, name: string): string | undefined {
  const v = propValue(r, name);
  if (v === undefined || v === null) return undefined;
  const s = asString(v);
  if (s === undefined) typeWarn(ctx, r, name, 'a string');
  return s;
}

export function propBool(ctx: ImportContext, r: ResourceRef, name: string): boolean | undefined {
  const v = propValue(r, name);
  if (v === undefined || v === null) return undefined;
  const b = asBool(v);
  if (b === undefined) typeWarn(ctx, r, name, 'true or false');
  return b;
}

export function propInt(ctx: ImportContext, r: ResourceRef, name: string): number | undefined {
  const v = propValue(r, name);
  if (v === undefined || v === null) return undefined;
  const n = asInt(v);
  if (n === undefined) typeWarn(ctx, r, name, 'an integer');
  return n;
}

export function propStrings(ctx: ImportContext, r: ResourceRef, name: string): string[] | undefined {
  const v = propValue(r, name);
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const x of v as readonly CfnValue[]) {
      const s = asString(x);
      if (s !== undefined) out.push(s);
    }
    return out;
  }
  const s = asString(v);
  if (s === undefined) {
    typeWarn(ctx, r, name, 'a list of strings');
    return undefined;
  }
  return [s];
}

export type CfnObject = { readonly [k: string]: CfnValue };

export function isObject(v: CfnValue | undefined): v is CfnObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A list-of-mappings property, each item with its source node (for spans). */
export function propObjects(r: ResourceRef, name: string): { value: CfnObject; node: CfnNode }[] {
  const n = prop(r.decl, name);
  if (n === undefined) return [];
  const out: { value: CfnObject; node: CfnNode }[] = [];
  if (n.kind === 'seq') {
    for (const it of n.items) {
      const v = r.stack.ev.value(it);
      if (v === NO_VALUE || v === undefined) continue;
      if (isObject(v)) out.push({ value: v, node: it });
      else if (Array.isArray(v))
        for (const x of v as readonly CfnValue[]) if (isObject(x)) out.push({ value: x, node: it });
    }
    return out;
  }
  const v = r.stack.ev.value(n);
  if (Array.isArray(v))
    for (const x of v as readonly CfnValue[]) if (isObject(x)) out.push({ value: x, node: n });
  return out;
}

/** Field of an evaluated object as text. */
export function field(o: CfnObject | undefined, key: string): string | undefined {
  return o === undefined ? undefined : asString(o[key]);
}

/** Field of an evaluated object as a list of texts. */
export function fieldList(o: CfnObject | undefined, key: string): string[] | undefined {
  const v = o?.[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v))
    return (v as readonly CfnValue[]).map((x) => asString(x)).filter((x): x is string => x !== undefined);
  const s = asString(v);
  return s === undefined ? undefined : [s];
}

/** The Name tag of a resource, if any. */
export function nameTag(r: ResourceRef): string | undefined {
  const tags = propValue(r, 'Tags');
  if (!Array.isArray(tags)) return undefined;
  for (const t of tags as readonly CfnValue[]) {
    if (isObject(t) && t['Key'] === 'Name') return asString(t['Value']);
  }
  return undefined;
}
