/**
 * mergeOs: combine two OS configurations of one instance (e.g. an iptables-save dump and a user-data script),
 * `b` applied after `a` — as if b's commands ran after a's.
 *
 * Model: sysctl keys of `b` override `a`'s (ip_forward follows the merged `net.ipv4.ip_forward`, IPv6 forwarding
 * `net.ipv6.conf.all.forwarding`); chains are united per table and family (iptables, ip6tables), b's rules
 * appended after a's, b's explicit policy wins; routes are concatenated. Inputs are not modified.
 */
import type {
  InstanceOs,
  NetfilterChain,
  NetfilterConfig,
  NetfilterTable,
  NetfilterTableName,
} from '../../model/os.js';

/** `mergeOs(fromDump, fromUserData)` → one InstanceOs. */
export function mergeOs(a: InstanceOs, b: InstanceOs): InstanceOs {
  const sysctl: Record<string, string> = { ...a.sysctl, ...b.sysctl };
  const fwd = b.sysctl['net.ipv4.ip_forward'] ?? b.sysctl['net.ipv4.conf.all.forwarding'];
  const ipForward = fwd !== undefined ? Number(fwd) !== 0 : b.ipForward || a.ipForward;
  const ipv6Forward = b.ipv6Forward ?? a.ipv6Forward;
  const netfilter6 =
    a.netfilter6 || b.netfilter6
      ? mergeNetfilter(a.netfilter6 ?? { tables: {} }, b.netfilter6 ?? { tables: {} })
      : undefined;
  const span = a.span ?? b.span;
  return {
    ipForward,
    sysctl,
    netfilter: mergeNetfilter(a.netfilter, b.netfilter),
    ...(ipv6Forward !== undefined ? { ipv6Forward } : {}),
    ...(netfilter6 ? { netfilter6 } : {}),
    routes: [...a.routes, ...b.routes],
    ...(span ? { span } : {}),
  };
}

function mergeNetfilter(a: NetfilterConfig, b: NetfilterConfig): NetfilterConfig {
  const tables: Partial<Record<NetfilterTableName, NetfilterTable>> = {};
  const names = new Set<NetfilterTableName>([
    ...(Object.keys(a.tables) as NetfilterTableName[]),
    ...(Object.keys(b.tables) as NetfilterTableName[]),
  ]);
  for (const n of names) {
    const ta = a.tables[n]?.chains ?? {};
    const tb = b.tables[n]?.chains ?? {};
    const chains: Record<string, NetfilterChain> = {};
    for (const c of new Set([...Object.keys(ta), ...Object.keys(tb)])) {
      const ca = ta[c];
      const cb = tb[c];
      const policy = cb?.policy ?? ca?.policy;
      chains[c] = {
        name: c,
        ...(policy !== undefined ? { policy } : {}),
        rules: [...(ca?.rules ?? []), ...(cb?.rules ?? [])],
      };
    }
    tables[n] = { chains };
  }
  return { tables };
}
