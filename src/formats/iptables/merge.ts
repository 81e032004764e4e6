/**
 * mergeOs: combine two OS configurations of one instance (e.g. an iptables-save dump and a user-data script),
 * `b` applied after `a` — as if b's commands ran after a's.
 *
 * Model: sysctl keys of `b` override `a`'s (ip_forward follows the merged `net.ipv4.ip_forward`); chains are
 * united per table, b's rules appended after a's, b's explicit policy wins; routes are concatenated. Inputs are
 * not modified.
 */
import type { InstanceOs, NetfilterChain, NetfilterTable, NetfilterTableName } from '../../model/os.js';

/** `mergeOs(fromDump, fromUserData)` → one InstanceOs. */
export function mergeOs(a: InstanceOs, b: InstanceOs): InstanceOs {
  const sysctl: Record<string, string> = { ...a.sysctl, ...b.sysctl };
  const fwd = b.sysctl['net.ipv4.ip_forward'] ?? b.sysctl['net.ipv4.conf.all.forwarding'];
  const ipForward = fwd !== undefined ? Number(fwd) !== 0 : b.ipForward || a.ipForward;
  const tables: Partial<Record<NetfilterTableName, NetfilterTable>> = {};
  const names = new Set<NetfilterTableName>([
    ...(Object.keys(a.netfilter.tables) as NetfilterTableName[]),
    ...(Object.keys(b.netfilter.tables) as NetfilterTableName[]),
  ]);
  for (const n of names) {
    const ta = a.netfilter.tables[n]?.chains ?? {};
    const tb = b.netfilter.tables[n]?.chains ?? {};
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
  const span = a.span ?? b.span;
  return {
    ipForward,
    sysctl,
    netfilter: { tables },
    routes: [...a.routes, ...b.routes],
    ...(span ? { span } : {}),
  };
}
