/**
 * What every Network Firewall check shares: the emit function (each distinct diagnostic once), lookups by id, AWS id
 * or name, and the check of a list of CIDR blocks (IP set / HOME_NET definitions, NFW-13).
 */
import type { DiagnosticCode } from '../diag/codes.js';
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import { parseAddressSpec } from '../model/suricata/address.js';

export type Emit = (
  severity: Diagnostic['severity'],
  code: DiagnosticCode,
  message: string,
  span: Span | undefined,
  resource: string | undefined,
  ref: string,
) => void;

export function byId<T extends { id: string; awsId?: string | undefined; name?: string | undefined }>(
  list: readonly T[],
  ref: string,
): T | undefined {
  return list.find((x) => x.id === ref) ?? list.find((x) => x.awsId === ref || x.name === ref);
}

/** Each entry of an IP set / variable definition must be a CIDR block (NFW-13). */
export function checkCidrList(
  list: readonly string[],
  what: string,
  span: Span | undefined,
  resource: string,
  emit: Emit,
): void {
  for (const c of list) {
    const r = parseAddressSpec(c);
    if (!r.ok)
      emit(
        'error',
        'FIREWALL_BAD_CIDR',
        `${what}: "${c}" is not a CIDR block (${r.message})`,
        span,
        resource,
        'NFW-13',
      );
  }
}
