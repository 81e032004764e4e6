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
 *   - Elastic Load Balancing, PrivateLink: diag/codes/load-balancing.ts,
 *   - transit gateways, VPN, DX, on-premises: diag/codes/transit.ts,
 *   - OS configuration and Suricata:    diag/codes/rules.ts,
 *   - reading inputs (importers, loading, server): diag/codes/inputs.ts,
 *   - network-wide questions (reach, exposure, matrix, diff, scopes): diag/codes/analysis.ts,
 * as `MY_CODE: { meaning: 'one line', ref: 'RT-3', ra: 'RA_CODE' }` (ref and ra only where they exist), then run
 * `npm run codes` to regenerate docs/codes.md. A diagnostic code is declared in exactly one area file (a test checks).
 */
import type { CodeInfo } from './codes/info.js';
import { ANALYSIS_CODES } from './codes/analysis.js';
import { EXPLANATION_CODES as EXPLANATIONS } from './codes/explanation.js';
import { INPUT_CODES } from './codes/inputs.js';
import { LOAD_BALANCING_CODES } from './codes/load-balancing.js';
import { NETWORK_CODES } from './codes/network.js';
import { RULE_CODES } from './codes/rules.js';
import { SERVICE_CODES } from './codes/services.js';
import { closestName } from './did-you-mean.js';
import { TRANSIT_CODES } from './codes/transit.js';

export type { CodeInfo };

/** Every explanation code (`Hop.code`, the code of a forward or return path). */
export type ExplanationCode = keyof typeof EXPLANATIONS;
/** Every diagnostic code (`Diagnostic.code`). */
export type DiagnosticCode =
  | keyof typeof NETWORK_CODES
  | keyof typeof SERVICE_CODES
  | keyof typeof LOAD_BALANCING_CODES
  | keyof typeof TRANSIT_CODES
  | keyof typeof RULE_CODES
  | keyof typeof INPUT_CODES
  | keyof typeof ANALYSIS_CODES;

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
  { title: 'Elastic Load Balancing and PrivateLink', codes: LOAD_BALANCING_CODES },
  {
    title: 'Transit gateways, Site-to-Site VPN, Direct Connect and on-premises networks',
    codes: TRANSIT_CODES,
  },
  {
    title: 'Rule languages: instance OS configuration, Suricata and other firewall rules',
    codes: RULE_CODES,
  },
  {
    title: 'Reading inputs: loading, native YAML, CloudFormation, Terraform, describe-*',
    codes: INPUT_CODES,
  },
  { title: 'Network-wide questions: reach, exposure, matrix, diff, access scopes', codes: ANALYSIS_CODES },
];

export const EXPLANATION_CODES: Readonly<Record<ExplanationCode, CodeInfo>> = EXPLANATIONS;

export const DIAGNOSTIC_CODES: Readonly<Record<DiagnosticCode, CodeInfo>> = {
  ...NETWORK_CODES,
  ...SERVICE_CODES,
  ...LOAD_BALANCING_CODES,
  ...TRANSIT_CODES,
  ...RULE_CODES,
  ...INPUT_CODES,
  ...ANALYSIS_CODES,
};

export function isExplanationCode(text: string): text is ExplanationCode {
  return Object.hasOwn(EXPLANATION_CODES, text);
}

export function isDiagnosticCode(text: string): text is DiagnosticCode {
  return Object.hasOwn(DIAGNOSTIC_CODES, text);
}

/**
 * The declared code closest to `text` (case-insensitive edit distance), for "did you mean"; undefined when nothing
 * is reasonably close (more than a third of the name differs).
 */
export function closestCode(text: string, kind: 'explanation' | 'diagnostic'): string | undefined {
  const names = Object.keys(kind === 'explanation' ? EXPLANATION_CODES : DIAGNOSTIC_CODES);
  return closestName(text.toUpperCase(), names);
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
