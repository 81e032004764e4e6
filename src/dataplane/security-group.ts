/**
 * Security groups: compile rules once, evaluate a packet against the union of an ENI's groups (SG-1), and keep
 * connection tracking per ENI so replies pass regardless of rules (SG-2, SG-8).
 *
 * Model: allow-only rules; inbound rules match the packet's source, outbound rules its destination (SG-5). A
 * security-group reference matches the private IPs of ENIs carrying that group (SG-6) — but only while the
 * packet still carries the sender's identity: after a middlebox, NAT gateway or firewall forwarded it, SG
 * references no longer match (SG-7, RA `SG_REFERENCES_NOT_PRESERVED`). IPv4 and IPv6 rules are one list, but a rule
 * only matches packets of its CIDR's family: `0.0.0.0/0` never matches IPv6 and `::/0` never IPv4 (V6-7).
 */
import { containsAddr, formatPrefix, mask4, type Prefix } from '../net/prefix.js';
import type { Addr } from '../net/addr.js';
import { protocolName } from '../model/protocol.js';
import type { SecurityGroup, SecurityGroupRule } from '../model/network.js';
import type { CSecurityGroup, CSgRule, SgRuleIndex } from './compiled.js';
import type { Packet } from './packet.js';

/** Console-style text of an SG rule: `TCP 443 0.0.0.0/0`, `All traffic sg-web`. */
export function sgRuleText(r: SecurityGroupRule, peerLabel: string): string {
  if (r.protocol === -1) return `All traffic ${peerLabel}`;
  let ports = '';
  if (r.protocol === 6 || r.protocol === 17) {
    ports = !r.ports
      ? ' All'
      : r.ports.from === r.ports.to
        ? ` ${r.ports.from}`
        : ` ${r.ports.from}-${r.ports.to}`;
  } else if (r.protocol === 1 || r.protocol === 58) {
    ports =
      !r.icmp || r.icmp.type === -1
        ? ' All'
        : ` type ${r.icmp.type}${r.icmp.code >= 0 ? ` code ${r.icmp.code}` : ''}`;
  }
  return `${protocolName(r.protocol)}${ports} ${peerLabel}`;
}

export interface SgResolvers {
  /** Private IPs of ENIs carrying group `id` (SG-6), or undefined if the group is unknown. */
  groupIps(id: string): ReadonlySet<Addr> | undefined;
  /** Why group `owner` cannot reference group `referenced` (another Region, not peered: SG-6, PCX-6), if so. */
  refProblem?(owner: string, referenced: string): string | undefined;
  /** Entries of a prefix list (either family). */
  prefixList(id: string): readonly Prefix[] | undefined;
  parseCidr(text: string): Prefix | null;
}

const NO_PREFIXES: readonly Prefix[] = [];

/** A compiled rule. The console text is built only when a trace shows it. */
class CompiledSgRule implements CSgRule {
  #text: string | undefined;
  constructor(
    readonly proto: number,
    readonly fromPort: number,
    readonly toPort: number,
    readonly icmpType: number,
    readonly icmpCode: number,
    readonly prefixes: readonly Prefix[],
    readonly refIps: ReadonlySet<Addr> | undefined,
    readonly refGroup: string | undefined,
    readonly group: string,
    private readonly model: SecurityGroupRule,
    readonly refUnusable?: string | undefined,
  ) {}
  get text(): string {
    if (this.#text === undefined) {
      const peer = this.model.peer;
      const label =
        peer.kind === 'cidr'
          ? this.prefixes[0]
            ? formatPrefix(this.prefixes[0])
            : peer.cidr
          : peer.kind === 'prefix-list'
            ? peer.prefixList
            : peer.group;
      this.#text = sgRuleText(this.model, label);
    }
    return this.#text;
  }
}

function compileRule(group: string, r: SecurityGroupRule, res: SgResolvers): CSgRule | null {
  const fromPort = r.ports ? r.ports.from : 0;
  const toPort = r.ports ? r.ports.to : 65535;
  const icmpType = r.icmp ? r.icmp.type : -1;
  const icmpCode = r.icmp ? r.icmp.code : -1;
  switch (r.peer.kind) {
    case 'cidr': {
      const p = res.parseCidr(r.peer.cidr);
      if (!p) return null; // invalid: validate/ reports it
      return new CompiledSgRule(
        r.protocol,
        fromPort,
        toPort,
        icmpType,
        icmpCode,
        [p],
        undefined,
        undefined,
        group,
        r,
      );
    }
    case 'prefix-list': {
      const entries = res.prefixList(r.peer.prefixList) ?? NO_PREFIXES;
      return new CompiledSgRule(
        r.protocol,
        fromPort,
        toPort,
        icmpType,
        icmpCode,
        entries,
        undefined,
        undefined,
        group,
        r,
      );
    }
    case 'security-group': {
      // SG-6, PCX-6: a group of another Region or of an unpeered VPC matches nothing.
      const problem = res.refProblem?.(group, r.peer.group);
      const ips = problem !== undefined ? EMPTY_SET : (res.groupIps(r.peer.group) ?? EMPTY_SET);
      return new CompiledSgRule(
        r.protocol,
        fromPort,
        toPort,
        icmpType,
        icmpCode,
        NO_PREFIXES,
        ips,
        r.peer.group,
        group,
        r,
        problem,
      );
    }
  }
}

const EMPTY_SET: ReadonlySet<Addr> = new Set<Addr>();

/** Compile a security group. */
export function compileSecurityGroup(sg: SecurityGroup, res: SgResolvers): CSecurityGroup {
  const inbound: CSgRule[] = [];
  const outbound: CSgRule[] = [];
  for (const r of sg.inbound) {
    const c = compileRule(sg.id, r, res);
    if (c) inbound.push(c);
  }
  for (const r of sg.outbound) {
    const c = compileRule(sg.id, r, res);
    if (c) outbound.push(c);
  }
  return { id: sg.id, inbound, outbound, inIndex: indexRules(inbound), outIndex: indexRules(outbound) };
}

/**
 * Flatten one direction's rules (issue 19: no object per rule on the per-packet path). The six columns are views of
 * one buffer: at estate scale (13,000 groups) one allocation per direction instead of six.
 */
function indexRules(rules: readonly CSgRule[]): SgRuleIndex {
  let n = 0;
  for (const r of rules) n += r.refIps ? 1 : r.prefixes.length;
  // Layout: match (5 × int32), base, mask, rule, pre (int32 each), then ref (uint8): 37 bytes a row.
  const buf = new ArrayBuffer(n * 37);
  const ix: SgRuleIndex = {
    match: new Int32Array(buf, 0, n * 5),
    base: new Uint32Array(buf, n * 20, n),
    mask: new Uint32Array(buf, n * 24, n),
    rule: new Int32Array(buf, n * 28, n),
    pre: new Int32Array(buf, n * 32, n),
    ref: new Uint8Array(buf, n * 36, n),
  };
  const m = ix.match;
  let row = 0;
  const put = (r: CSgRule, i: number, prefix: Prefix | null, k: number): void => {
    const o = row * 5;
    m[o] = r.proto;
    m[o + 1] = r.fromPort;
    m[o + 2] = r.toPort;
    m[o + 3] = r.icmpType;
    m[o + 4] = r.icmpCode;
    if (prefix?.family === 4) {
      ix.mask[row] = mask4(prefix.len);
      ix.base[row] = prefix.base;
    } else if (prefix) ix.ref[row] = 2;
    else ix.ref[row] = 1;
    ix.pre[row] = k;
    ix.rule[row++] = i;
  };
  rules.forEach((r, i) => {
    if (r.refIps) put(r, i, null, -1);
    else
      r.prefixes.forEach((pre, k) => {
        put(r, i, pre, k);
      });
  });
  return ix;
}

export interface SgDecision {
  readonly allowed: boolean;
  /** The rule that allowed, if any. */
  readonly rule?: CSgRule | undefined;
  /** An SG-reference rule that would have matched had the packet kept its SG identity (SG-7). */
  readonly lostReference?: CSgRule | undefined;
  /** The rule references a security group of the load balancer that forwarded the packet (NLB-7). */
  readonly viaLoadBalancer?: boolean | undefined;
}

/**
 * Evaluate a packet against the union of the groups (SG-1). `inbound` chooses the rule set; the peer matched
 * is the source (inbound) or destination (outbound). `identity` false → SG references do not match (SG-7).
 */
export function evaluateSecurityGroups(
  sgs: readonly CSecurityGroup[],
  inbound: boolean,
  p: Packet,
  identity: boolean,
  /** Groups of the NLB that forwarded the packet with the client's address kept: references to them match (NLB-7). */
  forwardedBy?: ReadonlySet<string>,
): SgDecision {
  const peer = inbound ? p.src : p.dst;
  const proto = p.proto;
  const ported = proto === 6 || proto === 17;
  let lost: CSgRule | undefined;
  for (const sg of sgs) {
    const ix = inbound ? sg.inIndex : sg.outIndex;
    const m = ix.match;
    const n = ix.rule.length;
    for (let i = 0; i < n; i++) {
      const k = i * 5;
      const rp = m[k] as number;
      if (rp !== -1) {
        if (rp !== proto) continue;
        if (ported) {
          if (p.dstPort < (m[k + 1] as number) || p.dstPort > (m[k + 2] as number)) continue;
        } else if (proto === 1 || proto === 58) {
          // ICMP and ICMPv6 (V6-9) type/code selectors.
          const t = m[k + 3] as number;
          const c = m[k + 4] as number;
          if ((t !== -1 && t !== p.icmpType) || (c !== -1 && c !== p.icmpCode)) continue;
        }
      }
      const r = (inbound ? sg.inbound : sg.outbound)[ix.rule[i] as number] as CSgRule;
      if (ix.ref[i] === 1) {
        if (forwardedBy && r.refGroup !== undefined && forwardedBy.has(r.refGroup))
          return { allowed: true, rule: r, viaLoadBalancer: true };
        if (r.refIps?.has(peer)) {
          if (identity) return { allowed: true, rule: r };
          lost ??= r;
        }
        continue;
      }
      // A rule matches only packets of its CIDR's family (V6-7): IPv4 rows by mask, IPv6 rows by prefix.
      if (typeof peer === 'number') {
        if (ix.ref[i] === 0 && (peer & (ix.mask[i] as number)) >>> 0 === ix.base[i])
          return { allowed: true, rule: r };
      } else if (ix.ref[i] === 2 && containsAddr(r.prefixes[ix.pre[i] as number] as Prefix, peer)) {
        return { allowed: true, rule: r };
      }
    }
  }
  return { allowed: false, lostReference: lost };
}

/**
 * Connection tracking of one ENI (SG-2, SG-8): flows admitted in one direction admit their replies in the other.
 * Entries are directional tuples of the *original* direction; a reply is recognised by its reversed tuple. A trace
 * holds a handful of flows per ENI, so entries live in a flat array searched linearly (no string keys).
 */
export class SgConntrack {
  /** Tuples admitted outbound (the ENI sent them): proto, src, srcPort, dst, dstPort, … */
  readonly #out: Addr[] = [];
  /** Tuples admitted inbound (the ENI received them). */
  readonly #in: Addr[] = [];

  /** Record a packet admitted in `inbound` direction. */
  admit(inbound: boolean, p: Packet): void {
    (inbound ? this.#in : this.#out).push(p.proto, p.src, p.srcPort, p.dst, p.dstPort);
  }

  /** Is `p`, seen in direction `inbound`, the reply of a flow admitted in the other direction? */
  isReply(inbound: boolean, p: Packet): boolean {
    const list = inbound ? this.#out : this.#in;
    // The reply's reversed tuple: ICMP keeps the echo identifier in srcPort both ways (packet.ts).
    const icmp = p.proto === 1 || p.proto === 58;
    const sport = icmp ? p.srcPort : p.dstPort;
    const dport = icmp ? p.dstPort : p.srcPort;
    for (let i = 0; i < list.length; i += 5) {
      if (
        list[i] === p.proto &&
        list[i + 1] === p.dst &&
        list[i + 2] === sport &&
        list[i + 3] === p.src &&
        list[i + 4] === dport
      )
        return true;
    }
    return false;
  }
}
