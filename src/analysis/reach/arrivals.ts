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

/** The blocks of a compiled rule index (an ACL's or a group's). */
interface Blocks {
  readonly base: Uint32Array;
  readonly mask: Uint32Array;
}

/** The rows of a rule index, in order, that are IPv4 CIDR rows (`kind` 0: an ACL index's `family`, a group index's
 * `ref` — references never match here, the internet gateway's translation lost the sender's identity, SG-7) and
 * whose block holds `x`. */
function rowsOf(ix: Blocks, kind: Uint8Array, x: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < kind.length; i++)
    if (kind[i] === 0 && (x & (ix.mask[i] as number)) >>> 0 === ix.base[i]) out.push(i);
  return out;
}

/**
 * The address line cut at the blocks of an index's IPv4 CIDR rows: inside one segment every address is held by the
 * same rows. `starts` ascending from 0; `ids[i]` numbers the set of rows of segment i (equal sets, equal ids).
 */
export interface Segments {
  readonly starts: Float64Array;
  readonly ids: Int32Array;
  /** Per id, the rows (in order). */
  readonly rows: readonly (readonly number[])[];
}

/**
 * The segments of an index's IPv4 CIDR rows (`kind` 0). Segments whose rows give the same `keyOf` share an id
 * (default: the same rows); `rows` holds the rows of the first such segment.
 */
export function segmentsOf(
  ix: Blocks,
  kind: Uint8Array,
  keyOf: (rows: readonly number[]) => string = (rows) => rows.join(','),
): Segments {
  const cuts = new Set<number>([0]);
  for (let i = 0; i < kind.length; i++) {
    if (kind[i] !== 0) continue;
    const base = ix.base[i] as number;
    const last = (base | (~(ix.mask[i] as number) >>> 0)) >>> 0;
    cuts.add(base);
    if (last < 0xffffffff) cuts.add(last + 1);
  }
  const starts = Float64Array.from(cuts).sort();
  const ids = new Int32Array(starts.length);
  const byKey = new Map<string, number>();
  const rows: number[][] = [];
  starts.forEach((x, i) => {
    const r = rowsOf(ix, kind, x);
    const key = keyOf(r);
    let id = byKey.get(key);
    if (id === undefined) {
      byKey.set(key, (id = rows.length));
      rows.push(r);
    }
    ids[i] = id;
  });
  return { starts, ids, rows };
}

/** The id of the segment of `seg` that holds `x` (the last start ≤ x). */
export function segmentAt(seg: Segments, x: number): number {
  const s = seg.starts;
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((s[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return seg.ids[lo] as number;
}

/** Per row of a rule index, a number equal for rows with the same five match numbers (protocol, ports, ICMP type
 * and code) and the same `allow`. */
function matchIds(m: Int32Array, rows: number, allow: (i: number) => boolean): Int32Array {
  const ids = new Map<string, number>();
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const k = i * 5;
    const key = `${m[k]},${m[k + 1]},${m[k + 2]},${m[k + 3]},${m[k + 4]},${allow(i) ? 1 : 0}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    out[i] = id;
  }
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

/** The ports of `proto` one group admits for a packet of its rows `rows` (SG-1: the union of the rows). */
function groupPorts(sg: CSecurityGroup, rows: readonly number[], proto: number): readonly Interval[] {
  const m = sg.inIndex.match;
  const withPorts = ported(proto);
  const mine: Interval[] = [];
  for (const i of rows) {
    const k = i * 5;
    if (!selects(m, k, proto)) continue;
    if (!withPorts || (m[k] as number) === -1) return EVERY_PORT;
    mine.push({ lo: m[k + 1] as number, hi: m[k + 2] as number });
  }
  return union(mine);
}

/** Packets of protocol `protos[pi]` whose first admitting group is `sgs[g]`: these ports arrive. */
export interface Arrival {
  readonly pi: number;
  readonly g: number;
  readonly ports: readonly Interval[];
}

/** A node of the arrivals memo: one per prefix of the signature sequence (ACL, then groups in order). */
interface Node {
  readonly next: Map<number, Node>;
  arrivals?: Arrival[];
}

/**
 * What arrives from a source address at an interface, per protocol and deciding group, memoised in two steps: the
 * rows of the ACL (and of each group) that hold the address — one set per segment of its rule blocks, found by a
 * binary search in segments computed once per ACL and group — give the ports it allows per protocol, interned by
 * content as a signature; the ACL's signature and the groups' in the interface's order give the arrivals. Most
 * source cells of most interfaces meet a few such signatures (a group's many allow-list rows admit the same ports),
 * so the arrivals are computed once per combination, not once per cell.
 */
export class ArrivalTable {
  readonly #sigIds = new Map<string, number>();
  /** Per signature id, per protocol atom: the ports. */
  readonly #sigs: (readonly (readonly Interval[])[])[] = [];
  /** Per ACL or group: its segments, and per segment id the signature id. */
  readonly #owners = new Map<CNacl | CSecurityGroup, { seg: Segments; sig: Int32Array }>();
  readonly #root: Node = { next: new Map() };

  constructor(private readonly protos: readonly ProtoAtom[]) {}

  /** What arrives from `x` at an interface of an ACL `acl` and groups `sgs` (in the interface's order). */
  of(acl: CNacl, sgs: readonly CSecurityGroup[], x: number): readonly Arrival[] {
    const aclSig = this.#sigOf(acl, true, x);
    let node = this.#step(this.#root, aclSig);
    for (const sg of sgs) node = this.#step(node, this.#sigOf(sg, false, x));
    if (!node.arrivals)
      node.arrivals = this.#combine(
        aclSig,
        sgs.map((sg) => this.#sigOf(sg, false, x)),
      );
    return node.arrivals;
  }

  #step(node: Node, sig: number): Node {
    let n = node.next.get(sig);
    if (!n) node.next.set(sig, (n = { next: new Map() }));
    return n;
  }

  #intern(ports: readonly (readonly Interval[])[]): number {
    const text = ports.map((ps) => ps.map((p) => `${p.lo}-${p.hi}`).join(',')).join(';');
    let id = this.#sigIds.get(text);
    if (id === undefined) {
      id = this.#sigs.length;
      this.#sigIds.set(text, id);
      this.#sigs.push(ports);
    }
    return id;
  }

  /** The signature of what `owner` (an ACL's inbound rules when `isAcl`, else a group's) allows from `x`. */
  #sigOf(owner: CNacl | CSecurityGroup, isAcl: boolean, x: number): number {
    let o = this.#owners.get(owner);
    if (!o) {
      const acl = isAcl ? (owner as CNacl) : undefined;
      const ix = owner.inIndex;
      // The ports a set of rows allows depend only on the rows' match numbers (and, in an ACL, on their order and
      // allow/deny: first match, NACL-2; a group's rows are a union, SG-1): row sets alike there share one signature.
      const t = matchIds(ix.match, ix.base.length, (i) =>
        acl ? (acl.inbound[i] as { allow: boolean }).allow : true,
      );
      const seg = acl
        ? segmentsOf(ix, acl.inIndex.family, (rows) => rows.map((i) => t[i]).join(','))
        : segmentsOf(ix, (owner as CSecurityGroup).inIndex.ref, (rows) =>
            [...new Set(rows.map((i) => t[i] as number))].sort((a, b) => a - b).join(','),
          );
      const sig = Int32Array.from(seg.rows, (rows) =>
        this.#intern(
          this.protos.map((pr) =>
            acl ? naclInPorts(acl, rows, pr.rep) : groupPorts(owner as CSecurityGroup, rows, pr.rep),
          ),
        ),
      );
      this.#owners.set(owner, (o = { seg, sig }));
    }
    return o.sig[segmentAt(o.seg, x)] as number;
  }
  /** The arrivals of an ACL's signature and the groups' in order: per protocol the ACL's ports ∩, per group, the
   * ports that group is the first to admit (SG-1; the admitting group is named on the packet's path). */
  #combine(aclSig: number, groupSigs: readonly number[]): Arrival[] {
    const acl = this.#sigs[aclSig] as readonly (readonly Interval[])[];
    const groups = groupSigs.map((id) => this.#sigs[id] as readonly (readonly Interval[])[]);
    const out: Arrival[] = [];
    this.protos.forEach((pr, pi) => {
      const inPorts = acl[pi] as readonly Interval[];
      if (inPorts.length === 0) return;
      let covered: Interval[] = [];
      groups.forEach((sig, g) => {
        const mine = sig[pi] as readonly Interval[];
        if (mine.length === 0) return;
        const decided = minus(mine, covered);
        covered = union([...covered, ...mine]);
        if (decided.length === 0) return;
        const arrive = ported(pr.rep) ? intersect(inPorts, decided) : EVERY_PORT;
        if (arrive.length > 0) out.push({ pi, g, ports: arrive });
      });
    });
    return out;
  }
}
