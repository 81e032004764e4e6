/**
 * Reading Network Firewall API shapes (already-decoded JSON, PascalCase or Terraform snake_case blocks): a field by
 * any of its spellings, strings and numbers that must be one (FIREWALL_API_SHAPE, NFW-8, at the object's position),
 * rule variables and port ranges (NFW-5).
 */
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type { PortRange } from '../../model/network.js';

export interface ApiContext {
  readonly file?: string | undefined;
  /** Where the object was written. */
  readonly span?: Span | undefined;
  /** Maps line/col inside a `RulesString` to the file. */
  readonly position?: ((line: number, col: number) => Span) | undefined;
  /** Resource id for diagnostics. */
  readonly resource?: string | undefined;
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A field by any of its spellings; a one-element array standing for a block is unwrapped when `block`. */
export function field(o: unknown, names: readonly string[], block = false): unknown {
  if (!isObj(o)) return undefined;
  for (const n of names) {
    if (n in o) {
      const v = o[n];
      if (block && Array.isArray(v) && v.length === 1 && isObj(v[0])) return v[0];
      return v;
    }
  }
  return undefined;
}

/** A short rendering of a JSON value for messages. */
export function show(v: unknown): string {
  const t = JSON.stringify(v) as string | undefined;
  return t === undefined ? 'nothing' : t.slice(0, 80);
}

export function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Reads values of an API shape, reporting what is not the type it should be (FIREWALL_API_SHAPE). */
export class Reader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly ctx: ApiContext) {}
  problem(message: string, severity: 'error' | 'warning' = 'error', ref = 'NFW-8'): void {
    this.diagnostics.push({
      severity,
      code: 'FIREWALL_API_SHAPE',
      message,
      span: this.ctx.span,
      resource: this.ctx.resource,
      ref,
    });
  }
  str(v: unknown, what: string): string | undefined {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    if (v !== undefined) this.problem(`${what} must be a string, found ${show(v)}`);
    return undefined;
  }
  num(v: unknown, what: string): number | undefined {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^-?[0-9]+$/.test(v.trim())) return Number(v);
    if (v !== undefined) this.problem(`${what} must be a number, found ${show(v)}`);
    return undefined;
  }
  strs(v: unknown, what: string): string[] {
    return asArray(v)
      .map((x, i) => this.str(x, `${what}[${i}]`))
      .filter((x): x is string => x !== undefined);
  }
}

/** `{HOME_NET: {Definition: [...]}}` or Terraform `[{key, ip_set: [{definition}]}]` → variables. */
export function readVariables(
  r: Reader,
  v: unknown,
  setNames: readonly string[],
  what: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (Array.isArray(v)) {
    for (const e of v) {
      const key = r.str(field(e, ['key', 'Key']), `${what} key`);
      const set = field(e, setNames, true);
      if (key !== undefined) out[key] = r.strs(field(set, ['definition', 'Definition']), `${what} ${key}`);
    }
  } else if (isObj(v)) {
    for (const [key, set] of Object.entries(v))
      out[key] = r.strs(field(set, ['Definition', 'definition']), `${what} ${key}`);
  } else if (v !== undefined) r.problem(`${what} must be a map of variables`);
  return out;
}

export function readPorts(r: Reader, v: unknown, what: string): PortRange[] {
  const out: PortRange[] = [];
  for (const p of asArray(v)) {
    const from = r.num(field(p, ['FromPort', 'from_port']), `${what} FromPort`);
    const to = r.num(field(p, ['ToPort', 'to_port']), `${what} ToPort`);
    if (from === undefined || to === undefined) continue;
    if (from < 0 || to > 65535 || from > to) {
      r.problem(
        `${what} ${from}-${to} is not a valid port range (0–65535, FromPort ≤ ToPort)`,
        'error',
        'NFW-5',
      );
      continue;
    }
    out.push({ from, to });
  }
  return out;
}
