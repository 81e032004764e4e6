/**
 * Values of the Terraform expression language as vpcsim evaluates them.
 *
 * Model: JSON-like values (null, bool, number, string, list, object); sets are lists without duplicates. A value
 * Terraform only knows after apply (a resource's `arn`, an EIP's `public_ip`, an output of a registry module) is an
 * `Unknown` carrying a description of where it came from (`"aws_eip.nat.public_ip"`); every operation on an Unknown
 * yields an Unknown, so importers can list the field as `assumed`. Resource instances are objects whose attributes
 * are computed on first access (getters) and that carry their address under the `RESOURCE` symbol; reading an
 * attribute they do not have yields an Unknown rather than an error.
 */
import type { DiagnosticCode } from '../../diag/codes.js';

export class Unknown {
  constructor(readonly desc: string) {}
}

export const RESOURCE: unique symbol = Symbol('terraform-resource-address');

/** Marks the root objects `var`, `local`, `module` and resource-type objects, for precise error messages. */
export const ROOT: unique symbol = Symbol('terraform-root-object');

export type TfValue = null | boolean | number | string | Unknown | TfValue[] | TfObject;
export interface TfObject {
  [key: string]: TfValue;
  [RESOURCE]?: string;
  [ROOT]?: string;
}

/** Internal evaluation failure; callers turn it into a diagnostic with a span. Never escapes an importer. */
export class EvalError extends Error {
  constructor(
    message: string,
    readonly code: DiagnosticCode = 'TF_EVAL_ERROR',
  ) {
    super(message);
  }
}

/**
 * A reference to a data source the configuration does not declare (`data.aws_ami.ubuntu` without its `data` block).
 * Terraform refuses it; vpcsim reports it as TF_UNKNOWN_REFERENCE, an error only where the value feeds an attribute
 * it models (undeclared-data.ts).
 */
export class UndeclaredDataSource extends EvalError {
  constructor(readonly source: string) {
    super(`reference to undeclared data source "${source}"`, 'TF_UNKNOWN_REFERENCE');
  }
}

export function isUnknown(v: TfValue | undefined): v is Unknown {
  return v instanceof Unknown;
}
export function isObj(v: TfValue | undefined): v is TfObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}
export function isList(v: TfValue | undefined): v is TfValue[] {
  return Array.isArray(v);
}

/** Type name as Terraform's error messages say it. */
export function typeName(v: TfValue): string {
  if (v === null) return 'null';
  if (v instanceof Unknown) return 'unknown';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** String conversion as in templates: numbers and bools convert, collections do not. */
export function toStr(v: TfValue): string | Unknown {
  if (v instanceof Unknown) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) throw new EvalError('cannot use a null value in a string template');
  throw new EvalError(`cannot convert ${typeName(v)} to string`);
}

export function toNum(v: TfValue): number | Unknown {
  if (v instanceof Unknown) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new EvalError(`a number is required, got ${typeName(v)} ${JSON.stringify(v)}`);
}

export function toBool(v: TfValue): boolean | Unknown {
  if (v instanceof Unknown) return v;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new EvalError(`a bool is required, got ${typeName(v)}`);
}

/** First Unknown found anywhere inside a value (resource objects are not entered). */
export function findUnknown(v: TfValue, depth = 0): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (depth > 20) return undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = findUnknown(x, depth + 1);
      if (u) return u;
    }
  } else if (isObj(v) && v[RESOURCE] === undefined) {
    for (const k of Object.keys(v)) {
      const u = findUnknown(v[k] ?? null, depth + 1);
      if (u) return u;
    }
  }
  return undefined;
}

/** Structural equality (Terraform `==`). */
export function tfEquals(a: TfValue, b: TfValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => tfEquals(x, b[i] ?? null));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && tfEquals(a[k] ?? null, b[k] ?? null));
  }
  return false;
}

/** Plain JSON copy (for jsonencode and for the model); Unknowns become their description in angle brackets. */
export function toPlain(v: TfValue, depth = 0): unknown {
  if (v instanceof Unknown) return `<${v.desc}>`;
  if (depth > 30) return null;
  if (Array.isArray(v)) return v.map((x) => toPlain(x, depth + 1));
  if (isObj(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) o[k] = toPlain(v[k] ?? null, depth + 1);
    return o;
  }
  return v;
}
