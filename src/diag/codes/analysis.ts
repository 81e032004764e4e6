/**
 * Diagnostic codes of the network-wide questions (`vpcsim reach`, `exposure`, `matrix`, `diff`, access scopes):
 * what an exact answer leaves out and says so. Part of the catalogue in diag/codes.ts — read its header before adding
 * one.
 */
import type { CodeInfo } from './info.js';

export const ANALYSIS_CODES = {
  REACH_IPV6_NOT_ENUMERATED: {
    meaning:
      'The network has IPv6 addresses: network-wide answers cover the IPv4 header space only (trace IPv6 flows one by one)',
    ref: 'V6-7',
  },
  SCOPE_EMPTY: {
    meaning: 'An access scope with neither match paths nor use: finds nothing',
  },
  SCOPE_LIBRARY_PARAMETER: {
    meaning:
      'A parameter the library scope does not take, or match/exclude paths beside use: (a library scope makes its own paths)',
  },
  SCOPE_UNKNOWN: {
    meaning:
      'An expectation names an access scope the file does not define under scopes: (it could never pass)',
  },
} as const satisfies Record<string, CodeInfo>;
