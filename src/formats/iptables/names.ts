/**
 * Fixed vocabularies of iptables: tables and their built-in chains, which targets each built-in chain accepts,
 * ICMP type names, conntrack state names, service names for ports, and target extensions vpcsim knows by
 * name but does not evaluate. Pure data and lookups; unknown names return `undefined` (the tables have no prototype: `constructor` is unknown).
 */
import { nameTable } from '../../model/name-table.js';
import type { NetfilterTableName } from '../../model/os.js';

/** Built-in chains per table, as the kernel registers them (iptables-legacy / iptables-nft agree). */
export const BUILTIN_CHAINS: Readonly<Record<NetfilterTableName, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

export function isTableName(t: string): t is NetfilterTableName {
  return t === 'filter' || t === 'nat' || t === 'mangle' || t === 'raw';
}

/** Chains in which a built-in target may be used (iptables refuses the rule elsewhere). */
export const TARGET_CHAINS: Readonly<Record<string, readonly string[]>> = nameTable({
  DNAT: ['PREROUTING', 'OUTPUT'],
  REDIRECT: ['PREROUTING', 'OUTPUT'],
  SNAT: ['POSTROUTING', 'INPUT'],
  MASQUERADE: ['POSTROUTING'],
  REJECT: ['INPUT', 'FORWARD', 'OUTPUT'],
});
/** Table each NAT / filter target belongs to. */
export const TARGET_TABLE: Readonly<Record<string, NetfilterTableName>> = nameTable({
  DNAT: 'nat',
  REDIRECT: 'nat',
  SNAT: 'nat',
  MASQUERADE: 'nat',
});

/** Chains that may use `-i` (input interface) and `-o` (output interface). */
export const IN_IF_CHAINS: readonly string[] = ['PREROUTING', 'INPUT', 'FORWARD'];
export const OUT_IF_CHAINS: readonly string[] = ['FORWARD', 'OUTPUT', 'POSTROUTING'];

/** Target extensions that exist in Linux but vpcsim does not evaluate (kept as unsupported, with a warning). */
export const UNEVALUATED_TARGETS: ReadonlySet<string> = new Set([
  'MARK',
  'CONNMARK',
  'CT',
  'NOTRACK',
  'TRACE',
  'TCPMSS',
  'TOS',
  'TTL',
  'DSCP',
  'CLASSIFY',
  'NFLOG',
  'NFQUEUE',
  'QUEUE',
  'TPROXY',
  'TEE',
  'NETMAP',
  'SET',
  'AUDIT',
  'CHECKSUM',
  'SYNPROXY',
  'ULOG',
  'CONNSECMARK',
  'SECMARK',
  'HMARK',
  'IDLETIMER',
  'LED',
  'RATEEST',
  'CLUSTERIP',
]);

/** ICMP type names iptables accepts for `--icmp-type` → [type, code?]. */
export const ICMP_TYPE_NAMES: Readonly<Record<string, readonly [number, number?]>> = nameTable({
  any: [255],
  'echo-reply': [0],
  pong: [0],
  'destination-unreachable': [3],
  'network-unreachable': [3, 0],
  'host-unreachable': [3, 1],
  'protocol-unreachable': [3, 2],
  'port-unreachable': [3, 3],
  'fragmentation-needed': [3, 4],
  'source-route-failed': [3, 5],
  'network-unknown': [3, 6],
  'host-unknown': [3, 7],
  'network-prohibited': [3, 9],
  'host-prohibited': [3, 10],
  'communication-prohibited': [3, 13],
  'source-quench': [4],
  redirect: [5],
  'echo-request': [8],
  ping: [8],
  'router-advertisement': [9],
  'router-solicitation': [10],
  'time-exceeded': [11],
  'ttl-exceeded': [11],
  'ttl-zero-during-transit': [11, 0],
  'ttl-zero-during-reassembly': [11, 1],
  'parameter-problem': [12],
  'timestamp-request': [13],
  'timestamp-reply': [14],
  'address-mask-request': [17],
  'address-mask-reply': [18],
});

/** ICMPv6 type names ip6tables accepts for `--icmpv6-type` → [type, code?] (libxt_icmp6). */
export const ICMPV6_TYPE_NAMES: Readonly<Record<string, readonly [number, number?]>> = nameTable({
  'destination-unreachable': [1],
  'no-route': [1, 0],
  'communication-prohibited': [1, 1],
  'beyond-scope': [1, 2],
  'address-unreachable': [1, 3],
  'port-unreachable': [1, 4],
  'failed-policy': [1, 5],
  'reject-route': [1, 6],
  'packet-too-big': [2],
  'time-exceeded': [3],
  'ttl-exceeded': [3],
  'ttl-zero-during-transit': [3, 0],
  'ttl-zero-during-reassembly': [3, 1],
  'parameter-problem': [4],
  'bad-header': [4, 0],
  'unknown-header-type': [4, 1],
  'unknown-option': [4, 2],
  'echo-request': [128],
  ping: [128],
  'echo-reply': [129],
  pong: [129],
  'router-solicitation': [133],
  'router-advertisement': [134],
  'neighbour-solicitation': [135],
  'neighbor-solicitation': [135],
  'neighbour-advertisement': [136],
  'neighbor-advertisement': [136],
  redirect: [137],
});

export const STATE_NAMES: ReadonlySet<string> = new Set([
  'NEW',
  'ESTABLISHED',
  'RELATED',
  'INVALID',
  'UNTRACKED',
]);
/** `--ctstate` also knows the virtual states SNAT and DNAT. */
export const CTSTATE_NAMES: ReadonlySet<string> = new Set([...STATE_NAMES, 'SNAT', 'DNAT']);

/** A few service names from /etc/services that scripts use instead of numbers. */
export const SERVICE_PORTS: Readonly<Record<string, number>> = nameTable({
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  www: 80,
  pop3: 110,
  ntp: 123,
  imap: 143,
  snmp: 161,
  ldap: 389,
  https: 443,
  submission: 587,
  imaps: 993,
  pop3s: 995,
  openvpn: 1194,
  'ms-sql-s': 1433,
  mysql: 3306,
  'ms-wbt-server': 3389,
  postgresql: 5432,
  'http-alt': 8080,
});

/** REJECT `--reject-with` values (iptables' names and their aliases). */
export const REJECT_WITH: ReadonlySet<string> = new Set([
  'icmp-net-unreachable',
  'net-unreach',
  'icmp-host-unreachable',
  'host-unreach',
  'icmp-port-unreachable',
  'port-unreach',
  'icmp-proto-unreachable',
  'proto-unreach',
  'icmp-net-prohibited',
  'net-prohib',
  'icmp-host-prohibited',
  'host-prohib',
  'icmp-admin-prohibited',
  'admin-prohib',
  'tcp-reset',
  'tcp-rst',
]);

/** ip6tables REJECT `--reject-with` values (libip6t_REJECT). */
export const REJECT_WITH6: ReadonlySet<string> = new Set([
  'icmp6-no-route',
  'no-route',
  'icmp6-adm-prohibited',
  'adm-prohibited',
  'icmp6-addr-unreachable',
  'addr-unreach',
  'icmp6-port-unreachable',
  'port-unreach',
  'icmp6-policy-fail',
  'policy-fail',
  'icmp6-reject-route',
  'reject-route',
  'tcp-reset',
  'tcp-rst',
]);
