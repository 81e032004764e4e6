/**
 * What arrives at an interface from one source address, per protocol: the ports its subnet's network ACL admits
 * inbound (NACL-2: the first rule by number that matches decides) and, per security group in the interface's
 * order, the ports that group is the first to admit (SG-1; the admitting group is named on the packet's path).
 * Matched on the same compiled rule indexes as `evaluateNacl` and `evaluateSecurityGroups`, for a packet whose
 * sender's identity was lost (SG-7: references never match), as a packet from the internet is after the internet
 * gateway's translation. Used by internet-edge.ts.
 */
import type { CNacl, CSecurityGroup } from '../../dataplane/compiled.js';
import type { ProtoAtom } from './atoms.js';
import { ALL_PORTS, intersect, minus, union, type Interval } from './space.js';

/** Every port, as an interval list. */
const EVERY_PORT: readonly Interval[] = [ALL_PORTS];
const NONE: readonly Interval[] = [];

/** The probe a trace sends for a protocol (as `vpcsim trace` builds it): ICMP echo request, else no type. */
export function icmpProbe(proto: number): { type: number; code: number } {
  return proto === 1 ? { type: 8, code: 0 } : proto === 58 ? { type: 128, code: 0 } : { type: 0, code: 0 };
}

export const ported = (proto: number): boolean => proto === 6 || proto === 17;

/** The inbound ACL rows (IPv4, in rule-number order) whose block holds `x`. */
function naclRowsOf(acl: CNacl, x: number): number[] {
  const ix = acl.inIndex;
  const out: number[] = [];
  for (let i = 0; i < ix.family.length; i++)
    if (ix.family[i] === 0 && (x & (ix.mask[i] as number)) >>> 0 === ix.base[i]) out.push(i);
  return out;
}

/** Does compiled rule row `k` (match array of an ACL or group index) select protocol `proto` (and, for ICMP, the
 * echo request a trace sends)? */
function selects(m: Int32Array, k: number, proto: number): boolean {
  const rp = m[k] as number;
  if (rp === -1) return true;
  if (rp !== proto) return false;
  if (proto === 1 || proto === 58) {
    const probe = icmpProbe(proto);
    const t = m[k + 3] as number;
    const cd = m[k + 4] as number;
    if ((t !== -1 && t !== probe.type) || (cd !== -1 && cd !== probe.code)) return false;
  }
  return true;
}

/** The ports of `proto` that the inbound rows `rows` allow (NACL-2: first match by rule number). For a protocol
 * without ports: every port (allowed) or none. */
function naclInPorts(acl: CNacl, rows: readonly number[], proto: number): readonly Interval[] {
  const m = acl.inIndex.match;
  const withPorts = ported(proto);
  let covered: Interval[] = [];
  const allowed: Interval[] = [];
  for (const i of rows) {
    const k = i * 5;
    if (!selects(m, k, proto)) continue;
    const allow = (acl.inbound[i] as { allow: boolean }).allow;
    if (!withPorts) return allow ? EVERY_PORT : NONE;
    const rp = m[k] as number;
    const range: Interval = rp === -1 ? ALL_PORTS : { lo: m[k + 1] as number, hi: m[k + 2] as number };
    if (allow) allowed.push(...minus([range], covered));
    covered = union([...covered, range]);
    if (covered.length === 1 && covered[0]?.lo === ALL_PORTS.lo && covered[0].hi === ALL_PORTS.hi) break;
  }
  return union(allowed);
}

/** The group rows (CIDR rows only) whose block holds `x`, as [group index, row]. References never match here:
 * the internet gateway's translation lost the sender's identity (SG-7). */
function sgRowsOf(sgs: readonly CSecurityGroup[], x: number): number[] {
  const out: number[] = [];
  sgs.forEach((sg, g) => {
    const ix = sg.inIndex;
    for (let i = 0; i < ix.rule.length; i++)
      if (ix.ref[i] === 0 && (x & (ix.mask[i] as number)) >>> 0 === ix.base[i]) out.push(g, i);
  });
  return out;
}

/** Per group, in the interface's order, the ports of `proto` that group decides for a packet of the rows `rows`
 * (SG-1: the first group with a matching rule admits it, and its id is the hop's): [group index, ports]. */
function sgInPorts(
  sgs: readonly CSecurityGroup[],
  rows: readonly number[],
  proto: number,
): { g: number; ports: readonly Interval[] }[] {
  const withPorts = ported(proto);
  const per = new Map<number, Interval[]>();
  for (let j = 0; j < rows.length; j += 2) {
    const g = rows[j] as number;
    const m = (sgs[g] as CSecurityGroup).inIndex.match;
    const k = (rows[j + 1] as number) * 5;
    if (!selects(m, k, proto)) continue;
    const list = per.get(g) ?? [];
    list.push(
      !withPorts || (m[k] as number) === -1 ? ALL_PORTS : { lo: m[k + 1] as number, hi: m[k + 2] as number },
    );
    per.set(g, list);
  }
  const out: { g: number; ports: readonly Interval[] }[] = [];
  let covered: Interval[] = [];
  for (const g of [...per.keys()].sort((a, b) => a - b)) {
    const mine = union(per.get(g) as Interval[]);
    const decided = minus(mine, covered);
    if (decided.length > 0) out.push({ g, ports: decided });
    covered = union([...covered, ...mine]);
  }
  return out;
}

/** Packets of protocol `protos[pi]` whose first admitting group is `sgs[g]`: these ports arrive. */
export interface Arrival {
  readonly pi: number;
  readonly g: number;
  readonly ports: readonly Interval[];
}

/** What arrives from `x`, per protocol and deciding group (the ACL inbound's allowed ports ∩ the group's). */
export function arrivalsOf(
  acl: CNacl,
  sgs: readonly CSecurityGroup[],
  x: number,
  protos: readonly ProtoAtom[],
): Arrival[] {
  const aclRows = naclRowsOf(acl, x);
  const sgRows = sgRowsOf(sgs, x);
  const out: Arrival[] = [];
  protos.forEach((pr, pi) => {
    const inPorts = naclInPorts(acl, aclRows, pr.rep);
    if (inPorts.length === 0) return;
    for (const { g, ports } of sgInPorts(sgs, sgRows, pr.rep)) {
      const arrive = ported(pr.rep) ? intersect(inPorts, ports) : EVERY_PORT;
      if (arrive.length > 0) out.push({ pi, g, ports: arrive });
    }
  });
  return out;
}

/** The IPv4 rows of an ACL index whose block holds `x`, as a key. */
export function rowsKey(ix: CNacl['inIndex'], x: number): string {
  let k = '';
  for (let i = 0; i < ix.family.length; i++)
    if (ix.family[i] === 0 && (x & (ix.mask[i] as number)) >>> 0 === ix.base[i]) k += `${i},`;
  return k;
}

/** The CIDR rows of the groups' inbound indexes whose block holds `x`, as a key. */
export function sgRowsKey(sgs: readonly CSecurityGroup[], x: number): string {
  let k = '';
  for (let g = 0; g < sgs.length; g++) {
    const ix = (sgs[g] as CSecurityGroup).inIndex;
    for (let i = 0; i < ix.rule.length; i++)
      if (ix.ref[i] === 0 && (x & (ix.mask[i] as number)) >>> 0 === ix.base[i]) k += `${g}.${i},`;
  }
  return k;
}
