/**
 * Network ACLs: stateless, ordered, first match (NACL-1, NACL-2). Inbound rules match the packet's source,
 * outbound rules its destination (NACL-3); port ranges match the destination port. A final `*` rule denies
 * anything unmatched — one for each family: IPv6 rules never match IPv4 packets and IPv4 rules never IPv6 ones
 * (NACL-2, V6-8), so a custom NACL with only IPv4 rules denies all IPv6 at its IPv6 `*` rule.
 *
 * `naclRange` answers the question a single packet cannot: when a port was picked by a translating device from a
 * range (NAT gateway 1024–65535, Linux ephemeral ports…, NACL-6), does the ACL admit the whole range, none of it,
 * or only part ("works for some connections only")?
 *
 * Per packet, `evaluateNacl` reads each direction's rules as flat arrays (`NaclRuleIndex`, one buffer per direction,
 * built by `compileNacl`): no object per rule on the per-packet path (issue 19).
 */
import { containsAddr, mask4, type Prefix } from '../net/prefix.js';
import type { Addr } from '../net/addr.js';
import { protocolName } from '../model/protocol.js';
import type { NetworkAcl, NetworkAclRule } from '../model/network.js';
import type { CNacl, CNaclRule, NaclRuleIndex } from './compiled.js';
import type { Packet } from './packet.js';

/** Console text: `100 TCP 22 10.0.0.0/16 ALLOW`, `* All All 0.0.0.0/0 DENY`. */
export function naclRuleText(r: NetworkAclRule): string {
  let ports = 'All';
  if ((r.protocol === 6 || r.protocol === 17) && r.ports) {
    ports = r.ports.from === r.ports.to ? `${r.ports.from}` : `${r.ports.from}-${r.ports.to}`;
  } else if ((r.protocol === 1 || r.protocol === 58) && r.icmp && r.icmp.type !== -1) {
    ports = `type ${r.icmp.type}${r.icmp.code >= 0 ? ` code ${r.icmp.code}` : ''}`;
  }
  return `${r.number} ${protocolName(r.protocol)} ${ports} ${r.cidr} ${r.action.toUpperCase()}`;
}

const DENY_ALL: CNaclRule = {
  number: 32767,
  proto: -1,
  fromPort: 0,
  toPort: 65535,
  icmpType: -1,
  icmpCode: -1,
  prefix: { family: 4, base: 0, len: 0 },
  allow: false,
  text: '* All All 0.0.0.0/0 DENY',
};

/** The final IPv6 `*` deny (V6-8). */
const DENY_ALL6: CNaclRule = {
  ...DENY_ALL,
  prefix: { family: 6, base: 0n, len: 0 },
  text: '* All All ::/0 DENY',
};

function compileRules(rules: readonly NetworkAclRule[], parse: (t: string) => Prefix | null): CNaclRule[] {
  const out: CNaclRule[] = [...rules]
    .sort((a, b) => a.number - b.number)
    .map((r) => ({
      number: r.number,
      proto: r.protocol,
      fromPort: r.ports ? r.ports.from : 0,
      toPort: r.ports ? r.ports.to : 65535,
      icmpType: r.icmp ? r.icmp.type : -1,
      icmpCode: r.icmp ? r.icmp.code : -1,
      prefix: parse(r.cidr), // either family; null when invalid (validate/ reports it)
      allow: r.action === 'allow',
      text: naclRuleText(r),
    }));
  out.push(DENY_ALL, DENY_ALL6);
  return out;
}

/** One direction's rules as flat arrays in one buffer (29 bytes a row), row k = rule k (NACL-2 order). */
function indexRules(rules: readonly CNaclRule[]): NaclRuleIndex {
  const n = rules.length;
  const buf = new ArrayBuffer(n * 29);
  const ix: NaclRuleIndex = {
    match: new Int32Array(buf, 0, n * 5),
    base: new Uint32Array(buf, n * 20, n),
    mask: new Uint32Array(buf, n * 24, n),
    family: new Uint8Array(buf, n * 28, n),
  };
  const m = ix.match;
  rules.forEach((r, i) => {
    const o = i * 5;
    m[o] = r.proto;
    m[o + 1] = r.fromPort;
    m[o + 2] = r.toPort;
    m[o + 3] = r.icmpType;
    m[o + 4] = r.icmpCode;
    const p = r.prefix;
    if (p === null) ix.family[i] = 3;
    else if (p.family === 6) ix.family[i] = 2;
    else {
      ix.base[i] = p.base;
      ix.mask[i] = mask4(p.len);
    }
  });
  return ix;
}

function withIndex(id: string, inbound: readonly CNaclRule[], outbound: readonly CNaclRule[]): CNacl {
  return { id, inbound, outbound, inIndex: indexRules(inbound), outIndex: indexRules(outbound) };
}

/** Compile a NACL. */
export function compileNacl(acl: NetworkAcl, parse: (t: string) => Prefix | null): CNacl {
  return withIndex(acl.id, compileRules(acl.inbound, parse), compileRules(acl.outbound, parse));
}

/** The implied default NACL of a VPC: rule 100 allows all both ways (NACL-4). */
export function defaultNacl(id: string): CNacl {
  const allowAll: CNaclRule = {
    number: 100,
    proto: -1,
    fromPort: 0,
    toPort: 65535,
    icmpType: -1,
    icmpCode: -1,
    prefix: { family: 4, base: 0, len: 0 },
    allow: true,
    text: `100 All All 0.0.0.0/0 ALLOW`,
  };
  return withIndex(id, [allowAll, DENY_ALL, DENY_ALL6], [allowAll, DENY_ALL, DENY_ALL6]);
}

function ruleMatchesExceptPort(r: CNaclRule, p: Packet, peer: Addr): boolean {
  if (r.prefix === null || !containsAddr(r.prefix, peer)) return false;
  if (r.proto === -1) return true;
  if (r.proto !== p.proto) return false;
  if (p.proto === 1 || p.proto === 58) {
    // ICMP and ICMPv6 type/code (V6-9).
    if (r.icmpType !== -1 && r.icmpType !== p.icmpType) return false;
    if (r.icmpCode !== -1 && r.icmpCode !== p.icmpCode) return false;
  }
  return true;
}

function hasPortMatch(r: CNaclRule, p: Packet): boolean {
  return (
    r.proto === -1 || !(p.proto === 6 || p.proto === 17) || (p.dstPort >= r.fromPort && p.dstPort <= r.toPort)
  );
}

/**
 * First matching rule (NACL-2). `inbound` matches the source, outbound the destination (NACL-3); a rule matches
 * only packets of its CIDR's family (V6-8), the destination port for TCP/UDP and the type/code for ICMP (V6-9).
 * Reads the flat index (`indexRules`): the same decision as `ruleMatchesExceptPort` + `hasPortMatch` per rule.
 */
export function evaluateNacl(acl: CNacl, inbound: boolean, p: Packet): CNaclRule {
  const peer = inbound ? p.src : p.dst;
  const rules = inbound ? acl.inbound : acl.outbound;
  const ix = inbound ? acl.inIndex : acl.outIndex;
  const m = ix.match;
  const fam = ix.family;
  const proto = p.proto;
  const icmp = proto === 1 || proto === 58;
  const ported = proto === 6 || proto === 17;
  const n = fam.length;
  for (let i = 0; i < n; i++) {
    if (typeof peer === 'number') {
      if (fam[i] !== 0 || (peer & (ix.mask[i] as number)) >>> 0 !== ix.base[i]) continue;
    } else if (fam[i] !== 2 || !containsAddr((rules[i] as CNaclRule).prefix as Prefix, peer)) continue;
    const k = i * 5;
    const rp = m[k] as number;
    if (rp !== -1) {
      if (rp !== proto) continue;
      if (icmp) {
        const t = m[k + 3] as number;
        const c = m[k + 4] as number;
        if ((t !== -1 && t !== p.icmpType) || (c !== -1 && c !== p.icmpCode)) continue;
      } else if (ported && (p.dstPort < (m[k + 1] as number) || p.dstPort > (m[k + 2] as number))) continue;
    }
    return rules[i] as CNaclRule;
  }
  return typeof peer === 'number' ? DENY_ALL : DENY_ALL6;
}

export interface RangeVerdict {
  /** Ports of [from, to] admitted. */
  readonly allowedPorts: number;
  readonly total: number;
  /** Admitted sub-ranges, e.g. `32768-65535`. */
  readonly allowed: readonly string[];
}

/**
 * Evaluate the NACL for every destination port in [from, to] (the other fields from `p`). Piecewise: only rule
 * boundaries can change the outcome, so this walks the boundaries, not every port.
 */
export function naclRange(acl: CNacl, inbound: boolean, p: Packet, from: number, to: number): RangeVerdict {
  const peer = inbound ? p.src : p.dst;
  const rules = (inbound ? acl.inbound : acl.outbound).filter((r) => ruleMatchesExceptPort(r, p, peer));
  const cuts = new Set<number>([from, to + 1]);
  for (const r of rules) {
    if (r.proto === -1) continue;
    if (r.fromPort > from && r.fromPort <= to) cuts.add(r.fromPort);
    if (r.toPort + 1 > from && r.toPort + 1 <= to) cuts.add(r.toPort + 1);
  }
  const points = [...cuts].sort((a, b) => a - b);
  let allowedPorts = 0;
  const allowed: string[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const lo = points[i] as number;
    const hi = (points[i + 1] as number) - 1;
    const probe: Packet = { ...p, dstPort: lo };
    const r = rules.find((x) => hasPortMatch(x, probe)) ?? (typeof peer === 'number' ? DENY_ALL : DENY_ALL6);
    if (r.allow) {
      allowedPorts += hi - lo + 1;
      const last = allowed[allowed.length - 1];
      const prevHi = last ? Number(last.split('-')[1] ?? last) : -2;
      if (last && prevHi === lo - 1) allowed[allowed.length - 1] = `${last.split('-')[0] ?? ''}-${hi}`;
      else allowed.push(lo === hi ? `${lo}` : `${lo}-${hi}`);
    }
  }
  return { allowedPorts, total: to - from + 1, allowed };
}
