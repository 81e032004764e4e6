/**
 * Lint: the dual-stack leak — a security group that admits a port from the whole IPv6 internet (`::/0`) while it
 * does not admit the same port from the whole IPv4 internet (`0.0.0.0/0`). AWS accepts it; on a dual-stack
 * interface the IPv4 side looks closed, but every IPv6 host can connect, since IPv6 addresses are public by nature
 * and the internet gateway delivers to them without translation (V6-2, V6-4, V6-7: each family has its own rules).
 * Typical causes: a rule copied with "Anywhere-IPv6" when IPv4 had been narrowed, or a template that opens both
 * families and a later edit that narrowed only one.
 */
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import { protocolKey } from '../model/protocol.js';
import type { Network, SecurityGroupRule } from '../model/network.js';

const fullPorts = { from: 0, to: 65535 };

/** Does `a` admit everything `b` admits (protocol, ports, ICMP type), ignoring the peer? */
function coversTraffic(a: SecurityGroupRule, b: SecurityGroupRule): boolean {
  if (a.protocol === -1) return true;
  if (a.protocol !== b.protocol) return false;
  const pa = a.ports ?? fullPorts;
  const pb = b.ports ?? fullPorts;
  if (pa.from > pb.from || pa.to < pb.to) return false;
  if (a.icmp && a.icmp.type !== -1 && (!b.icmp || b.icmp.type !== a.icmp.type)) return false;
  return true;
}

function what(r: SecurityGroupRule): string {
  if (r.protocol === -1) return 'all traffic';
  const ports = r.ports ?? fullPorts;
  const p = protocolKey(r.protocol);
  if (r.protocol !== 6 && r.protocol !== 17) return p;
  return ports.from === ports.to ? `${p} ${ports.from}` : `${p} ${ports.from}-${ports.to}`;
}

/** SG_DUAL_STACK_LEAK for every inbound `::/0` rule not matched by a `0.0.0.0/0` rule of the same group. */
export function lintDualStackLeak(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const g of net.securityGroups) {
    const world4 = g.inbound.filter((r) => r.peer.kind === 'cidr' && r.peer.cidr === '0.0.0.0/0');
    for (const r of g.inbound) {
      if (r.peer.kind !== 'cidr' || r.peer.cidr !== '::/0') continue;
      if (world4.some((w) => coversTraffic(w, r))) continue;
      out.push(
        warning(
          'SG_DUAL_STACK_LEAK',
          `security group ${g.id} admits ${what(r)} from ::/0 but not from 0.0.0.0/0: the IPv4 internet is kept out, yet every IPv6 host can connect to a dual-stack interface in this group (IPv6 addresses are public, V6-2, V6-7). Fix: narrow ::/0 to the IPv6 ranges that should connect, or admit 0.0.0.0/0 too if the service is public on purpose`,
          r.span ?? g.span,
          { resource: g.id, ref: 'V6-7' },
        ),
      );
    }
  }
  return out;
}
