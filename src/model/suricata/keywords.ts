/**
 * The Suricata subset vpcsim evaluates: actions, protocols and option keywords (NFW-8).
 *
 * Model: three sets of keywords — evaluated (`EVALUATED`), accepted without effect on the verdict (`NO_EFFECT`:
 * metadata such as `msg`), and everything else, which is "unsupported": the parser warns naming the keyword and the
 * rule's sid, the rule records it in `unsupported`, and the evaluator treats the keyword as matching while listing it
 * on every verdict that depends on the rule.
 */

export const ACTIONS = ['pass', 'drop', 'reject', 'alert'] as const;
export type SuricataAction = (typeof ACTIONS)[number];

/** Protocols the evaluator understands. `ip` = any IP protocol; tls/http/dns are app-layer protocols. */
export const EVALUATED_PROTOCOLS: ReadonlySet<string> = new Set([
  'ip',
  'tcp',
  'udp',
  'icmp',
  'icmpv4',
  'icmpv6',
  'ipv4',
  'ip4',
  'ipv6',
  'ip6',
  'tls',
  'http',
  'dns',
]);

/**
 * Protocols Suricata (as used by Network Firewall) knows but vpcsim does not detect: a rule on one of them never
 * matches in the simulation and every verdict it could have changed lists it as unsupported.
 */
export const KNOWN_OTHER_PROTOCOLS: ReadonlySet<string> = new Set([
  'ssh',
  'ftp',
  'ftp-data',
  'smtp',
  'smb',
  'dcerpc',
  'krb5',
  'ikev2',
  'ike',
  'tftp',
  'ntp',
  'dhcp',
  'imap',
  'msn',
  'http2',
  'quic',
  'snmp',
  'sip',
  'rdp',
  'rfb',
  'mqtt',
  'nfs',
  'modbus',
  'dnp3',
  'enip',
  'pgsql',
  'telnet',
  'pop3',
  'ldap',
  'websocket',
  'bittorrent-dht',
  'sctp',
  'pkthdr',
  'tcp-pkt',
  'tcp-stream',
]);

/** Option keywords the evaluator implements. */
export const EVALUATED_KEYWORDS: ReadonlySet<string> = new Set([
  'sid',
  'priority',
  'flow',
  'tls.sni',
  'http.host',
  'content',
  'nocase',
  'startswith',
  'endswith',
  'dotprefix',
  'ip_proto',
  'ssl_state',
]);

/** Keywords that never change a verdict. */
export const NO_EFFECT_KEYWORDS: ReadonlySet<string> = new Set([
  'msg',
  'rev',
  'classtype',
  'reference',
  'metadata',
  'gid',
  'target',
  'noalert',
]);

/** `flow` keyword values the evaluator implements. */
export const FLOW_VALUES: ReadonlySet<string> = new Set([
  'established',
  'not_established',
  'stateless',
  'to_server',
  'from_client',
  'to_client',
  'from_server',
]);
