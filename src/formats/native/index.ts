/**
 * The native vpcsim YAML format: read, check against the schema (errors at file:line:col), convert to the model,
 * and build every variant (the base document with the variant's merge patch applied).
 */
import type { z } from 'zod';
import { checkExpectationCodes } from './expectation-codes.js';
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import type { DiagnosticExpectation } from '../../model/expectation.js';
import type { ImportResult, Variant } from '../import-result.js';
import { convertDocument, expectationOf, flowShorthandError } from './convert.js';
import { mergePatch } from './merge-patch.js';
import { documentSchema, expectationSchema, type NativeDocument } from './schema.js';
import { readYaml, type SpanIndex } from './yaml-source.js';
import { checkScopeNames, isScopeExpectation, scopeExpectationsOf, scopesOf } from './scopes.js';

/** Is this text a native vpcsim document? (a top-level `vpcsim:` key, or its JSON form `{"vpcsim": …`) */
export function isNative(text: string): boolean {
  return /^vpcsim\s*:/m.test(text) || /^\s*\{\s*"vpcsim"\s*:/.test(text);
}

/** Check a document against the schema once: its parsed form, or the diagnostics that say why not. */
function checkSchema(
  value: unknown,
  spans: SpanIndex,
  file: string,
  prefix = '',
): { doc: NativeDocument; diagnostics: [] } | { doc: undefined; diagnostics: Diagnostic[] } {
  const r = documentSchema.safeParse(value);
  if (r.success) return { doc: r.data, diagnostics: [] };
  const diagnostics = flattenUnions(r.error.issues).map((iss) => {
    const span = spans.pathSpan(value, iss.path) ?? { file, line: 1, col: 1 };
    const where = iss.path.length > 0 ? iss.path.join('.') : 'document';
    let message = iss.message;
    if (iss.code === 'unrecognized_keys')
      message = `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')}`;
    const keySpan =
      iss.code === 'unrecognized_keys' && iss.keys[0] !== undefined
        ? spans.keySpan(pathValue(value, iss.path) as object, iss.keys[0])
        : undefined;
    return error('SCHEMA', `${prefix}${where}: ${message}`, keySpan ?? span);
  });
  return { doc: undefined, diagnostics };
}

/** A union that matched no branch is reported by the branch that came closest (fewest issues, the first on a tie),
 * so `expect:` entries — a flow or a scope expectation — get the message of the kind they were meant to be. */
function flattenUnions(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((iss) => {
    if (iss.code !== 'invalid_union' || iss.errors.length === 0) return [iss];
    const best = iss.errors.reduce((a, b) => (b.length < a.length ? b : a));
    return flattenUnions(best).map((i) => ({ ...i, path: [...iss.path, ...i.path] }));
  });
}

function pathValue(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const k of path)
    cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[String(k)] : undefined;
  return cur;
}

function diagExpectations(
  list: NativeDocument['expectedErrors'],
  severity: 'error' | 'warning',
): DiagnosticExpectation[] {
  return (list ?? []).map((d) =>
    typeof d === 'string'
      ? { code: d, severity }
      : { code: d.code, severity: d.severity ?? severity, resource: d.resource },
  );
}

/** Read a native document. Never throws. */
export function importNative(text: string, file: string): ImportResult {
  const y = readYaml(text, file);
  const empty: ImportResult = {
    network: convertDocument({ vpcsim: 1, vpcs: {} }, {}, y.spans, file, y.positions).network,
    expectations: [],
    variants: [],
    diagnostics: y.diagnostics,
    files: [file],
  };
  if (y.diagnostics.length > 0) return empty;
  const checked = checkSchema(y.value, y.spans, file);
  if (!checked.doc) return { ...empty, diagnostics: checked.diagnostics };
  const doc = checked.doc;
  const raw = y.value as Record<string, unknown>;
  const extra: Diagnostic[] = [];
  (doc.expect ?? []).forEach((e, i) => {
    if (isScopeExpectation(e)) return;
    const m = flowShorthandError(e);
    if (m) extra.push(error('SCHEMA', m, y.spans.valueSpan(raw.expect as object, i)));
  });
  extra.push(...checkExpectationCodes(raw, y.spans));
  const base = convertDocument(doc, raw, y.spans, file, y.positions);
  const scopes = scopesOf(doc.scopes, raw.scopes, y.spans);
  const scopeExpectations = scopeExpectationsOf(doc.expect, raw.expect, y.spans);
  extra.push(...scopes.diagnostics, ...checkScopeNames(scopeExpectations, scopes.scopes));
  const variants: Variant[] = [];
  const baseRaw: Record<string, unknown> = { ...raw };
  delete baseRaw.variants;
  delete baseRaw.expect;
  delete baseRaw.expectedErrors;
  delete baseRaw.expectedWarnings;
  const none = { get: () => undefined };
  y.spans.set(
    baseRaw,
    y.spans.get(raw) ?? { self: { file, line: 1, col: 1 }, keys: none, values: none, blocks: none },
  );
  const rawVariants = (raw.variants ?? {}) as Record<string, Record<string, unknown>>;
  for (const [vName, v] of Object.entries(doc.variants ?? {})) {
    const rv = rawVariants[vName] ?? {};
    const patched = mergePatch(baseRaw, rv.patch, y.spans) as Record<string, unknown>;
    const vc = checkSchema(patched, y.spans, file, `variant ${vName}: `);
    const expectations = (v.expect ?? []).flatMap((e, i) =>
      isScopeExpectation(e)
        ? []
        : [expectationOf(expectationSchema.parse(e), y.spans.valueSpan(rv.expect as object, i), i)],
    );
    const vScopeExpectations = scopeExpectationsOf(v.expect, rv.expect, y.spans);
    const expected = [...diagExpectations(v.errors, 'error'), ...diagExpectations(v.warnings, 'warning')];
    if (!vc.doc) {
      variants.push({
        name: vName,
        description: v.description,
        network: empty.network,
        expectations,
        expectedDiagnostics: expected,
        diagnostics: vc.diagnostics,
      });
      continue;
    }
    const conv = convertDocument(vc.doc, patched, y.spans, file, y.positions);
    // The variant's scopes: the base document's as its patch leaves them (reported once, for the base).
    const vScopes = scopesOf(vc.doc.scopes, patched.scopes, y.spans).scopes;
    extra.push(...checkScopeNames(vScopeExpectations, vScopes));
    variants.push({
      name: vName,
      description: v.description,
      network: conv.network,
      expectations,
      expectedDiagnostics: expected,
      diagnostics: conv.diagnostics,
      scopes: vScopes,
      scopeExpectations: vScopeExpectations,
    });
  }
  return {
    network: base.network,
    expectations: base.expectations,
    variants,
    diagnostics: [...extra, ...base.diagnostics],
    files: [file],
    expectedDiagnostics: [
      ...diagExpectations(doc.expectedErrors, 'error'),
      ...diagExpectations(doc.expectedWarnings, 'warning'),
    ],
    scopes: scopes.scopes,
    scopeExpectations,
  };
}
