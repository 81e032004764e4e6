/**
 * The catalogue of codes: every explanation code (why a hop dropped or changed a packet — `Hop.code`, the code of a
 * path) and every diagnostic code (what vpcsim says about an input — `Diagnostic.code`), each declared once with a
 * one-line meaning, the aws-semantics.md rule it implements and the Reachability Analyzer code it corresponds to.
 * `ExplanationCode` and `DiagnosticCode` are closed unions of these names, so a typo is a type error, and an
 * expectation naming an unknown code is a diagnostic with a "did you mean" (`closestCode`). docs/codes.md is
 * generated from here (`npm run codes`; test/codes.test.ts fails when it is stale).
 *
 * How to add a code
 * -----------------
 * TypeScript says `Argument of type '"MY_CODE"' is not assignable to parameter of type 'DiagnosticCode'` (or
 * `ExplanationCode`) until the code is declared. Declare it in the file of its area, in alphabetical place:
 *   - explanation codes:            diag/codes/explanation.ts (use Reachability Analyzer's name where AWS has one),
 *   - the network (validate/, compile): diag/codes/network.ts,
 *   - Client VPN and Network Firewall:  diag/codes/services.ts,
 *   - OS configuration and Suricata:    diag/codes/rules.ts,
 *   - reading inputs (importers, loading, server): diag/codes/inputs.ts,
 * as `MY_CODE: { meaning: 'one line', ref: 'RT-3', ra: 'RA_CODE' }` (ref and ra only where they exist), then run
 * `npm run codes` to regenerate docs/codes.md. A diagnostic code is declared in exactly one area file (a test checks).
 */
import type { CodeInfo } from './codes/info.js';
import { EXPLANATION_CODES as EXPLANATIONS } from './codes/explanation.js';
import { INPUT_CODES } from './codes/inputs.js';
import { NETWORK_CODES } from './codes/network.js';
import { RULE_CODES } from './codes/rules.js';
import { SERVICE_CODES } from './codes/services.js';

export type { CodeInfo };

/** Every explanation code (`Hop.code`, the code of a forward or return path). */
export type ExplanationCode = keyof typeof EXPLANATIONS;
/** Every diagnostic code (`Diagnostic.code`). */
export type DiagnosticCode =
  | keyof typeof NETWORK_CODES
  | keyof typeof SERVICE_CODES
  | keyof typeof RULE_CODES
  | keyof typeof INPUT_CODES;

/** The diagnostic code groups, in the order docs/codes.md lists them. */
export const DIAGNOSTIC_CODE_GROUPS: readonly {
  readonly title: string;
  readonly codes: Readonly<Record<string, CodeInfo>>;
}[] = [
  {
    title: 'The network: addressing, routes, associations, filters, peering, instances',
    codes: NETWORK_CODES,
  },
  { title: 'Client VPN and Network Firewall', codes: SERVICE_CODES },
  {
    title: 'Rule languages: instance OS configuration, Suricata and other firewall rules',
    codes: RULE_CODES,
  },
  {
    title: 'Reading inputs: loading, native YAML, CloudFormation, Terraform, describe-*',
    codes: INPUT_CODES,
  },
];

export const EXPLANATION_CODES: Readonly<Record<ExplanationCode, CodeInfo>> = EXPLANATIONS;

export const DIAGNOSTIC_CODES: Readonly<Record<DiagnosticCode, CodeInfo>> = {
  ...NETWORK_CODES,
  ...SERVICE_CODES,
  ...RULE_CODES,
  ...INPUT_CODES,
};

export function isExplanationCode(text: string): text is ExplanationCode {
  return Object.hasOwn(EXPLANATION_CODES, text);
}

export function isDiagnosticCode(text: string): text is DiagnosticCode {
  return Object.hasOwn(DIAGNOSTIC_CODES, text);
}

/** Levenshtein distance (insert, delete, substitute = 1). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * The declared code closest to `text` (case-insensitive edit distance), for "did you mean"; undefined when nothing
 * is reasonably close (more than a third of the name differs).
 */
export function closestCode(text: string, kind: 'explanation' | 'diagnostic'): string | undefined {
  const names = Object.keys(kind === 'explanation' ? EXPLANATION_CODES : DIAGNOSTIC_CODES);
  const t = text.toUpperCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const d = distance(t, n);
    if (d < bestD || (d === bestD && best !== undefined && n < best)) {
      best = n;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * The message for an expectation naming an unknown code (`UNKNOWN_CODE`): what is wrong and the closest code.
 * `unknownCodeMessage('ENI_SG_RULE_MISMATCH', 'explanation')` → `unknown explanation code "ENI_SG_RULE_MISMATCH";
 * did you mean ENI_SG_RULES_MISMATCH? (codes: docs/codes.md)`.
 */
export function unknownCodeMessage(text: string, kind: 'explanation' | 'diagnostic'): string {
  const near = closestCode(text, kind);
  return `unknown ${kind} code "${text}"${near !== undefined ? `; did you mean ${near}?` : ''} (codes: docs/codes.md)`;
}
