/**
 * Native access scopes in the model's form: `scopes:` (match/exclude paths, or `use:` a library scope with its
 * parameters) and the expectations `{ scope: NAME, findings: none }` of `expect:`. Selectors stay text (resolved
 * against the compiled network when the scope is evaluated, analysis/reach/scopes.ts); what can be checked here is
 * checked here, at file:line:col: a scope named by an expectation exists, a library scope gets only its parameters.
 */
import { error, warning, type Diagnostic } from '../../diag/diagnostic.js';
import {
  LIBRARY_SCOPES,
  isLibraryScope,
  type AccessScope,
  type ScopeExpectation,
  type ScopePath,
} from '../../model/scope.js';
import { closestName } from '../../diag/did-you-mean.js';
import type { NativeScope, NativeScopeExpectation, NativeScopePath } from './schema-scopes.js';
import type { SpanIndex } from './yaml-source.js';

const list = (v: string | readonly string[] | undefined): readonly string[] | undefined =>
  v === undefined ? undefined : typeof v === 'string' ? [v] : v;

function portRange(p: number | string): { lo: number; hi: number } {
  if (typeof p === 'number') return { lo: p, hi: p };
  const [a, b] = p.split('-');
  const lo = Number(a);
  return { lo, hi: b === undefined ? lo : Number(b) };
}

function pathOf(p: NativeScopePath): ScopePath {
  const protocols =
    p.protocol === undefined
      ? undefined
      : (Array.isArray(p.protocol) ? p.protocol : [p.protocol]).map((x) => String(x).toLowerCase());
  const ports =
    p.ports === undefined ? undefined : (Array.isArray(p.ports) ? p.ports : [p.ports]).map(portRange);
  return {
    source: list(p.source),
    destination: list(p.destination),
    protocols,
    ports,
    through: list(p.through),
  };
}

/** Port ranges written backwards or past 65535 (the schema checks the shape only). */
function portErrors(paths: readonly ScopePath[], where: string, span: Diagnostic['span']): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of paths)
    for (const r of p.ports ?? [])
      if (r.lo > r.hi || r.hi > 65535)
        out.push(
          error('SCHEMA', `${where}: port range ${r.lo}-${r.hi} must read A-B with 0 ≤ A ≤ B ≤ 65535`, span),
        );
  return out;
}

/** The scopes of a document. */
export function scopesOf(
  scopes: Readonly<Record<string, NativeScope>> | undefined,
  raw: unknown,
  spans: SpanIndex,
): { scopes: AccessScope[]; diagnostics: Diagnostic[] } {
  const out: AccessScope[] = [];
  const diagnostics: Diagnostic[] = [];
  const rawScopes = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, object>;
  for (const [name, s] of Object.entries(scopes ?? {})) {
    const span = spans.keySpan(rawScopes, name);
    const match = (s.match ?? []).map(pathOf);
    const exclude = (s.exclude ?? []).map(pathOf);
    diagnostics.push(...portErrors([...match, ...exclude], `scopes.${name}`, span));
    if (s.use !== undefined && isLibraryScope(s.use)) {
      const lib = s.use;
      const takes: readonly string[] = LIBRARY_SCOPES[lib].params;
      const given = (['source', 'except', 'through'] as const).filter((k) => s[k] !== undefined);
      for (const k of given)
        if (!takes.includes(k))
          diagnostics.push(
            error(
              'SCOPE_LIBRARY_PARAMETER',
              `scope ${name}: the library scope ${lib} takes ${takes.join(', ') || 'no parameters'}, not ${k}`,
              spans.keySpan(rawScopes[name], k) ?? span,
            ),
          );
      if (s.match !== undefined || s.exclude !== undefined)
        diagnostics.push(
          error(
            'SCOPE_LIBRARY_PARAMETER',
            `scope ${name}: use: ${lib} makes its own match and exclude paths; write a scope of your own instead of adding to it`,
            span,
          ),
        );
      out.push({
        name,
        description: s.description,
        match: [],
        exclude: [],
        library: { name: lib, source: list(s.source), except: list(s.except), through: list(s.through) },
        span,
      });
      continue;
    }
    if (match.length === 0)
      diagnostics.push(
        warning('SCOPE_EMPTY', `scope ${name} has no match paths and no use:, so it finds nothing`, span),
      );
    for (const k of ['source', 'except', 'through'] as const)
      if (s[k] !== undefined)
        diagnostics.push(
          error(
            'SCOPE_LIBRARY_PARAMETER',
            `scope ${name}: ${k} is a parameter of a library scope (use:); in a scope of your own write it in a match or exclude path`,
            spans.keySpan(rawScopes[name], k) ?? span,
          ),
        );
    out.push({ name, description: s.description, match, exclude, span });
  }
  return { scopes: out, diagnostics };
}

/** Is this `expect:` entry an expectation on a scope? */
export function isScopeExpectation(e: object): e is NativeScopeExpectation {
  return 'scope' in e;
}

/** The scope expectations among `entries` (an `expect:` list), each with its span. */
export function scopeExpectationsOf(
  entries: readonly object[] | undefined,
  raw: unknown,
  spans: SpanIndex,
): ScopeExpectation[] {
  const out: ScopeExpectation[] = [];
  (entries ?? []).forEach((e, i) => {
    if (!isScopeExpectation(e)) return;
    out.push({
      name: e.name ?? `scope ${e.scope} finds ${e.findings === 'none' ? 'nothing' : 'something'}`,
      scope: e.scope,
      findings: e.findings,
      span: spans.valueSpan(typeof raw === 'object' && raw !== null ? raw : undefined, i),
    });
  });
  return out;
}

/** SCOPE_UNKNOWN for every expectation naming a scope that is not defined. */
export function checkScopeNames(
  expectations: readonly ScopeExpectation[],
  scopes: readonly AccessScope[],
): Diagnostic[] {
  const names = scopes.map((s) => s.name);
  return expectations
    .filter((e) => !names.includes(e.scope))
    .map((e) => {
      const near = closestName(e.scope, names);
      return error(
        'SCOPE_UNKNOWN',
        `no scope ${e.scope} under scopes:${near ? ` (did you mean ${near}?)` : ''}; defined: ${names.join(', ') || 'none'}`,
        e.span,
      );
    });
}
