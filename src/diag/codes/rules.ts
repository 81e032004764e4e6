/**
 * Diagnostic codes of rule languages vpcsim reads inside an input: an instance's OS configuration (iptables /
 * iptables-restore, sysctl, ip route, the shell script around them) and Network Firewall rules (Suricata, 5-tuple,
 * domain lists, the rule-group API shape). Part of the catalogue in diag/codes.ts — read its header before adding one.
 */
import type { CodeInfo } from './info.js';

export const RULE_CODES = {
  // --- iptables / netfilter ------------------------------------------------------------------------------
  IPTABLES_BAD_ADDRESS: {
    meaning: 'An iptables address argument (-s, -d, --to-source…) is not an address or CIDR',
  },
  IPTABLES_BAD_PORT: {
    meaning: 'An iptables port argument is not a port, a range or a multiport list of at most 15',
  },
  IPTABLES_COMMIT_MISSING: {
    meaning: 'An iptables-restore table section has no COMMIT, so it is not applied',
  },
  IPTABLES_DEPRECATED_NEGATION: {
    meaning: 'The deprecated "--option ! value" negation; write "! --option value"',
  },
  IPTABLES_MISSING_CHAIN: {
    meaning: 'A rule jumps to a user chain that does not exist in its table',
    ref: 'NATI-5',
  },
  IPTABLES_SYNTAX: { meaning: 'An iptables command line is malformed (as iptables itself would refuse it)' },
  IPTABLES_TABLE_NOT_EVALUATED: {
    meaning: 'Rules in a table vpcsim does not evaluate (mangle, raw): traces assume they change nothing',
    ref: 'NATI-5',
  },
  IPTABLES_TARGET_NOT_ALLOWED: {
    meaning: 'A target used in a table or chain where iptables does not allow it',
  },
  IPTABLES_UNKNOWN_CHAIN: {
    meaning: 'A chain that is not a built-in chain of its table and was never created',
  },
  IPTABLES_UNKNOWN_TABLE: { meaning: 'An iptables table name that does not exist' },
  IPTABLES_UNSUPPORTED_COMMAND: {
    meaning: 'An iptables command vpcsim does not replay (write the final rules instead)',
  },
  IPTABLES_UNSUPPORTED_OPTION: {
    meaning: 'A rule uses a match or target vpcsim does not evaluate; traces it decides say so',
    ref: 'NATI-5',
  },
  // --- the rest of an instance's OS ----------------------------------------------------------------------
  IP_ROUTE_SYNTAX: { meaning: 'An "ip route" command is malformed' },
  IP_ROUTE_UNSUPPORTED: {
    meaning: 'A route in a policy routing table is not evaluated (only the main table is)',
  },
  OS_COMMAND_IGNORED: {
    meaning: 'An "ip" command is not evaluated: interfaces get the private IPs of their ENIs',
  },
  OS_COMMAND_NOT_RECOGNISED: { meaning: 'A command that is not iptables, sysctl or ip route; ignored' },
  OS_ROUTE_UNUSABLE: {
    meaning: 'An OS route names no interface of the instance or an unreachable gateway; ignored',
  },
  OS_SAVED_RULES: {
    meaning: 'Rules saved to the boot-time file (iptables-services / -persistent) are applied',
  },
  OS_SCRIPT_LINES_IGNORED: {
    meaning: 'Lines of a user-data script that are not network configuration were ignored',
  },
  SHELL_SYNTAX: { meaning: 'The shell script around OS commands is malformed (an unterminated quote)' },
  SHELL_UNRESOLVED_VARIABLE: {
    meaning: 'A shell variable or command substitution whose value is known only at run time',
  },
  SYSCTL_BAD_VALUE: { meaning: 'A sysctl value is not valid for its key' },
  SYSCTL_SYNTAX: { meaning: 'A sysctl command is malformed (spaces around "=", no key=value)' },
  SYSCTL_UNKNOWN_KEY: { meaning: 'A sysctl key that vpcsim does not know' },
  // --- Network Firewall rule languages -------------------------------------------------------------------
  FIREWALL_API_SHAPE: {
    meaning: 'A rule group or policy in API/CloudFormation form has a field of the wrong shape',
  },
  FIREWALL_DOMAIN_INVALID: {
    meaning: 'A domain list target is not a domain name or a leading-dot wildcard',
    ref: 'NFW-12',
  },
  FIVE_TUPLE_SYNTAX: {
    meaning: 'A native 5-tuple rule does not read "ACTION PROTO SRC PORT -> DST PORT [sid:N]"',
  },
  SURICATA_BAD_ADDRESS: { meaning: 'A Suricata address specification is malformed', ref: 'NFW-8' },
  SURICATA_BAD_DIRECTION: { meaning: 'A Suricata rule direction is not "->" or "<>"', ref: 'NFW-8' },
  SURICATA_BAD_PORT: { meaning: 'A Suricata port specification is malformed', ref: 'NFW-8' },
  SURICATA_BAD_PRIORITY: { meaning: 'A Suricata priority is not an integer 1–255', ref: 'NFW-9' },
  SURICATA_BAD_SID: { meaning: 'A Suricata sid is not a positive integer', ref: 'NFW-8' },
  SURICATA_DUPLICATE_SID: { meaning: 'Two rules of one rule group share a sid', ref: 'NFW-8' },
  SURICATA_MISSING_SID: { meaning: 'A Suricata rule has no sid', ref: 'NFW-8' },
  SURICATA_PRIORITY_IN_STRICT_ORDER: {
    meaning: 'The priority keyword in a strict-order rule group',
    ref: 'NFW-9',
  },
  SURICATA_SYNTAX: { meaning: 'A Suricata rule is malformed (Network Firewall rejects it)', ref: 'NFW-8' },
  SURICATA_UNDEFINED_VARIABLE: {
    meaning: 'A rule uses a $VARIABLE its rule group does not define',
    ref: 'NFW-13',
  },
  SURICATA_UNKNOWN_ACTION: {
    meaning: 'A Suricata action other than pass, drop, reject or alert',
    ref: 'NFW-8',
  },
  SURICATA_UNKNOWN_PROTOCOL: { meaning: 'A Suricata protocol vpcsim does not know', ref: 'NFW-8' },
  SURICATA_UNSUPPORTED_KEYWORD: {
    meaning: 'A Suricata keyword vpcsim does not evaluate; verdicts that depend on it are uncertain',
    ref: 'NFW-8',
  },
} as const satisfies Record<string, CodeInfo>;
