/**
 * Linux sysctl keys: which exist (so a typo such as `net.ipv4.ip_fowrard` is reported the way `sysctl` reports
 * it), and validation of the values vpcsim evaluates.
 *
 * Model: keys in dotted form (`net/ipv4/ip_forward` is normalised). `net.ipv4.*` keys are checked against the
 * kernel's list (with `net.ipv4.conf.<interface>.<setting>` for any interface name); other families (`vm.`,
 * `kernel.`, `net.core.`, `net.ipv6.` …) are accepted unchecked — vpcsim does not evaluate them. Only
 * `net.ipv4.ip_forward` / `net.ipv4.conf.*.forwarding` change the data plane; their values must be integers.
 */

const IPV4_KEYS: ReadonlySet<string> = new Set([
  'ip_forward',
  'ip_forward_use_pmtu',
  'ip_forward_update_priority',
  'ip_default_ttl',
  'ip_dynaddr',
  'ip_early_demux',
  'ip_local_port_range',
  'ip_local_reserved_ports',
  'ip_nonlocal_bind',
  'ip_no_pmtu_disc',
  'ip_unprivileged_port_start',
  'ip_autobind_reuse',
  'icmp_echo_ignore_all',
  'icmp_echo_ignore_broadcasts',
  'icmp_echo_enable_probe',
  'icmp_errors_use_inbound_ifaddr',
  'icmp_ignore_bogus_error_responses',
  'icmp_msgs_burst',
  'icmp_msgs_per_sec',
  'icmp_ratelimit',
  'icmp_ratemask',
  'igmp_max_memberships',
  'igmp_max_msf',
  'igmp_qrv',
  'inet_peer_maxttl',
  'inet_peer_minttl',
  'inet_peer_threshold',
  'ipfrag_high_thresh',
  'ipfrag_low_thresh',
  'ipfrag_max_dist',
  'ipfrag_secret_interval',
  'ipfrag_time',
  'ping_group_range',
  'raw_l3mdev_accept',
  'fib_multipath_hash_policy',
  'fib_multipath_use_neigh',
  'fwmark_reflect',
  'nexthop_compat_mode',
  'fib_sync_mem',
]);

const CONF_KEYS: ReadonlySet<string> = new Set([
  'accept_local',
  'accept_redirects',
  'accept_source_route',
  'arp_accept',
  'arp_announce',
  'arp_evict_nocarrier',
  'arp_filter',
  'arp_ignore',
  'arp_notify',
  'bc_forwarding',
  'bootp_relay',
  'disable_policy',
  'disable_xfrm',
  'drop_gratuitous_arp',
  'drop_unicast_in_l2_multicast',
  'force_igmp_version',
  'forwarding',
  'igmpv2_unsolicited_report_interval',
  'igmpv3_unsolicited_report_interval',
  'ignore_routes_with_linkdown',
  'log_martians',
  'mc_forwarding',
  'medium_id',
  'promote_secondaries',
  'proxy_arp',
  'proxy_arp_pvlan',
  'route_localnet',
  'rp_filter',
  'secure_redirects',
  'send_redirects',
  'shared_media',
  'src_valid_mark',
  'tag',
]);

const IPV4_PREFIXES = ['tcp_', 'udp_', 'neigh.', 'route.', 'vs.', 'cipso', 'conf.'];
const UNCHECKED_FAMILIES = ['net.core.', 'net.ipv6.', 'net.netfilter.', 'net.nf_conntrack_max', 'net.bridge.', 'net.unix.', 'net.mptcp.', 'vm.', 'kernel.', 'fs.', 'user.', 'dev.', 'abi.', 'debug.', 'crypto.', 'sunrpc.'];

/** `net/ipv4/ip_forward` → `net.ipv4.ip_forward`. */
export function normaliseSysctlKey(key: string): string {
  return key.includes('/') ? key.replace(/^\/?(proc\/sys\/)?/, '').replace(/\//g, '.') : key;
}

/** Is `key` a sysctl that exists? `null` when it does, else what `sysctl` would say. */
export function checkSysctlKey(key: string): string | null {
  const missing = `sysctl: cannot stat /proc/sys/${key.replace(/\./g, '/')}: No such file or directory`;
  if (key.startsWith('net.ipv4.')) {
    const rest = key.slice('net.ipv4.'.length);
    if (rest.startsWith('conf.')) {
      const parts = rest.split('.');
      if (parts.length === 3 && CONF_KEYS.has(parts[2] ?? '') && (parts[1] ?? '') !== '') return null;
      return missing;
    }
    if (IPV4_KEYS.has(rest)) return null;
    if (IPV4_PREFIXES.some((p) => p !== 'conf.' && rest.startsWith(p))) return null;
    return missing;
  }
  if (UNCHECKED_FAMILIES.some((f) => key.startsWith(f))) return null;
  return missing;
}

/** Validate a value for the keys vpcsim evaluates; `null` when fine. */
export function checkSysctlValue(key: string, value: string): string | null {
  if (key === 'net.ipv4.ip_forward' || /^net\.ipv4\.conf\.[^.]+\.(forwarding|send_redirects|rp_filter)$/.test(key)) {
    if (!/^-?[0-9]+$/.test(value)) return `sysctl: setting key "${key}": Invalid argument ("${value}" is not an integer)`;
  }
  return null;
}
