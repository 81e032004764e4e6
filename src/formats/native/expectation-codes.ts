/**
 * Codes named by the expectations of a vpcsim file — `code:` of an `expect` entry (an explanation code) and the
 * entries of `expectedErrors` / `expectedWarnings` and of a variant's `errors` / `warnings` (diagnostic codes) — checked
 * against the catalogue (diag/codes.ts). An unknown code is an UNKNOWN_CODE warning at the code, with the closest
 * declared one: such an expectation could never pass.
 */
import { warning, type Diagnostic } from '../../diag/diagnostic.js';
import { isDiagnosticCode, isExplanationCode, unknownCodeMessage } from '../../diag/codes.js';
import type { SpanIndex } from './yaml-source.js';

const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

/** UNKNOWN_CODE warnings for every unknown code in the document's expectations (base and variants). */
export function checkExpectationCodes(raw: Record<string, unknown>, spans: SpanIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const expectations = (entries: unknown): void => {
    for (const e of list(entries)) {
      const o = obj(e);
      const code = o?.['code'];
      if (typeof code === 'string' && !isExplanationCode(code))
        out.push(
          warning('UNKNOWN_CODE', unknownCodeMessage(code, 'explanation'), spans.valueSpan(o, 'code')),
        );
    }
  };
  const diagnostics = (entries: unknown): void => {
    const arr = list(entries);
    arr.forEach((e, i) => {
      const o = obj(e);
      const code = typeof e === 'string' ? e : o?.['code'];
      if (typeof code !== 'string' || isDiagnosticCode(code)) return;
      const span = typeof e === 'string' ? spans.valueSpan(arr, i) : spans.valueSpan(o, 'code');
      out.push(warning('UNKNOWN_CODE', unknownCodeMessage(code, 'diagnostic'), span));
    });
  };
  expectations(raw['expect']);
  diagnostics(raw['expectedErrors']);
  diagnostics(raw['expectedWarnings']);
  for (const v of Object.values(obj(raw['variants']) ?? {})) {
    const variant = obj(v);
    expectations(variant?.['expect']);
    diagnostics(variant?.['errors']);
    diagnostics(variant?.['warnings']);
  }
  return out;
}
