/**
 * Lint: a network ACL rule that can never decide anything. Rules are evaluated from the lowest number and the first
 * match wins (NACL-2), so a rule whose every packet (protocol × CIDR × ports or ICMP type/code) is already matched by
 * rules with lower numbers in the same direction is dead. When the dead rule's action differs from what the earlier
 * rules decide, the author's intent is lost (a deny that never denies, an allow that never allows); otherwise the
 * rule is only redundant. The coverage test is exact (box-cover.ts), not a pairwise approximation.
 */
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import { naclRuleText } from '../dataplane/network-acl.js';
import { last4, last6, tryCidr } from '../net/prefix.js';
import type { Network, NetworkAcl, NetworkAclRule } from '../model/network.js';
import { coveredBy, intersects, type Box, type Interval } from './box-cover.js';

const ALL_PROTO: Interval = [0n, 255n];
const ALL_PORTS: Interval = [0n, 65535n];
const ALL_ICMP: Interval = [-1n, 255n];

/** The rule's match set as a box [protocol, address, port, ICMP type, ICMP code]; undefined when unparsable. */
function ruleBox(r: NetworkAclRule): { family: 4 | 6; box: Box } | undefined {
  const p = tryCidr(r.cidr);
  if (!p) return undefined;
  // Ports, ICMP type and code that are not whole numbers are refused by the filter checks (INVALID_PORT_RANGE,
  // INVALID_ICMP_TYPE_CODE); such a rule has no box.
  const numbers = [r.protocol, r.ports?.from ?? 0, r.ports?.to ?? 0, r.icmp?.type ?? 0, r.icmp?.code ?? 0];
  if (!numbers.every(Number.isInteger)) return undefined;
  const addr: Interval = p.family === 4 ? [BigInt(p.base), BigInt(last4(p))] : [p.base, last6(p)];
  const proto: Interval = r.protocol === -1 ? ALL_PROTO : [BigInt(r.protocol), BigInt(r.protocol)];
  const ports = r.protocol === 6 || r.protocol === 17 ? r.ports : undefined;
  const port: Interval = ports ? [BigInt(ports.from), BigInt(ports.to)] : ALL_PORTS;
  const icmp = (r.protocol === 1 || r.protocol === 58) && r.icmp !== undefined ? r.icmp : undefined;
  const type: Interval = icmp && icmp.type !== -1 ? [BigInt(icmp.type), BigInt(icmp.type)] : ALL_ICMP;
  const code: Interval =
    icmp && icmp.type !== -1 && icmp.code >= 0 ? [BigInt(icmp.code), BigInt(icmp.code)] : ALL_ICMP;
  return { family: p.family, box: [proto, addr, port, type, code] };
}

function lintDirection(acl: NetworkAcl, dir: 'inbound' | 'outbound', out: Diagnostic[]): void {
  const rules = [...(dir === 'inbound' ? acl.inbound : acl.outbound)].sort((a, b) => a.number - b.number);
  const earlier: { rule: NetworkAclRule; family: 4 | 6; box: Box }[] = [];
  for (const r of rules) {
    const b = ruleBox(r);
    if (!b) continue; // an invalid CIDR is reported by the filter checks
    const before = earlier.filter((e) => e.family === b.family && e.rule.number !== r.number);
    if (
      before.length > 0 &&
      coveredBy(
        b.box,
        before.map((e) => e.box),
      )
    ) {
      const deciding = before.filter((e) => coveredBy(b.box, [e.box])).map((e) => e.rule)[0];
      const sameAction = before
        .filter((e) => intersects(e.box, b.box))
        .every((e) => e.rule.action === r.action);
      const by = deciding
        ? `rule ${deciding.number} (${naclRuleText(deciding)})`
        : `rules ${before.map((e) => e.rule.number).join(', ')} together`;
      const effect = sameAction
        ? 'it is redundant'
        : `its ${r.action.toUpperCase()} never applies — the traffic it names is decided by the earlier rules instead`;
      out.push(
        warning(
          'NACL_RULE_SHADOWED',
          `network ACL ${acl.id}: ${dir} rule ${r.number} (${naclRuleText(r)}) never matches: every packet it names is matched first by ${by}, and the lowest-numbered matching rule decides (NACL-2); ${effect}. Fix: ${sameAction ? `delete rule ${r.number}` : `give rule ${r.number} a number below ${deciding?.number ?? before[0]?.rule.number ?? r.number}, or narrow the earlier rule`}`,
          r.span ?? acl.span,
          { resource: acl.id, ref: 'NACL-2' },
        ),
      );
    }
    earlier.push({ rule: r, ...b });
  }
}

/** NACL_RULE_SHADOWED for every rule of every network ACL that lower-numbered rules make unreachable. */
export function lintShadowedNaclRules(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const acl of net.networkAcls) {
    lintDirection(acl, 'inbound', out);
    lintDirection(acl, 'outbound', out);
  }
  return out;
}
