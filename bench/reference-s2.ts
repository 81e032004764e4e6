/**
 * The hand-written floor of issue 19: a verdict-only evaluator for networks shaped like scenario S2 (one VPC, an
 * internet gateway with a gateway route table, subnets with route tables, ENIs with Elastic IPs, appliances,
 * security groups, the default NACL), written directly with numeric addresses and flat arrays. The bench runs it
 * on the same string flows as vpcsim's verdict-only traces, checks that every verdict agrees, and reports both rates.
 *
 * Model: `compileReferenceS2(net)` turns the model into arrays once (route tables as prefix rows sorted longest
 * first, SG rules as [protocol, from port, to port, base, mask] rows, addresses as uint32); it throws on anything
 * outside that shape (NACLs, NAT gateways, peerings, IPv6, OS rules beyond `ipForward`), so it never answers for a
 * network it does not model. `evaluate(flow)` walks the request (B13 order) and then the reply through the state the
 * request left (SG-2: replies of admitted flows pass), and returns `reachable` or `unreachable:<code>`:
 * ENI-1 (`ENI_SOURCE_DEST_CHECK_RESTRICTION`), SG-1 (`ENI_SG_RULES_MISMATCH`), NATI-3 (`INSTANCE_IP_FORWARDING_DISABLED`),
 * RT-1 (`NO_ROUTE_TO_DESTINATION`), IGW-2 (`IGW_NO_PUBLIC_ADDRESS` when the destination is no Elastic IP).
 */
import type { FlowSpec } from '../src/model/expectation.js';
import type { Network, RouteTable, SecurityGroupRule } from '../src/model/network.js';

const T_LOCAL = 0;
const T_IGW = 1;
const T_ENI = 2;
const INTERNET = -1;
const MAX_HOPS = 16;

/** Dotted quad to uint32, or -1 (hand-written: no allocation, no regular expression). */
function ip4(s: string): number {
  let v = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return -1;
      v = v * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      digits++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  return v * 256 + part;
}

function cidr(s: string): [number, number] {
  const slash = s.indexOf('/');
  const len = Number(s.slice(slash + 1));
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  const base = ip4(s.slice(0, slash));
  if (slash < 0 || base < 0 || !(len >= 0 && len <= 32)) throw new Error(`reference: bad CIDR ${s}`);
  return [(base & mask) >>> 0, mask];
}

/** A route table as rows sorted longest prefix first: base, mask, target kind, target (ENI index). */
interface Rtb {
  readonly base: Uint32Array;
  readonly mask: Uint32Array;
  readonly kind: Int8Array;
  readonly target: Int32Array;
}

/** SG rules of one direction of an ENI (the union of its groups, SG-1): proto, from, to, base, mask per row. */
type SgRows = Float64Array;

function sgRows(rules: readonly SecurityGroupRule[]): number[] {
  const out: number[] = [];
  for (const r of rules) {
    if (r.peer.kind !== 'cidr') throw new Error('reference: only CIDR security-group rules');
    const [base, mask] = cidr(r.peer.cidr);
    out.push(r.protocol, r.ports?.from ?? 0, r.ports?.to ?? 65535, base, mask);
  }
  return out;
}

function sgAllows(rows: SgRows, proto: number, port: number, peer: number): boolean {
  for (let i = 0; i < rows.length; i += 5) {
    const rp = rows[i] as number;
    if (rp !== -1 && (rp !== proto || port < (rows[i + 1] as number) || port > (rows[i + 2] as number)))
      continue;
    if ((peer & (rows[i + 4] as number)) >>> 0 === rows[i + 3]) return true;
  }
  return false;
}

export interface ReferenceS2 {
  /** `reachable`, or `unreachable:<explanation code>`. */
  evaluate(flow: FlowSpec): string;
}

/** Compile an S2-shaped network into arrays; throws on what this evaluator does not model. */
export function compileReferenceS2(net: Network): ReferenceS2 {
  if (net.vpcs.length !== 1 || net.internetGateways.length !== 1)
    throw new Error('reference: one VPC with one internet gateway');
  if (net.networkAcls.length > 0 || net.natGateways.length > 0 || net.peerings.length > 0)
    throw new Error('reference: no NACLs (default allow, NACL-4), NAT gateways or peerings');
  const [vpcBase, vpcMask] = cidr(net.vpcs[0]?.cidrs[0] ?? '');
  const igw = net.internetGateways[0];
  const enis = net.networkInterfaces;
  const eniIndex = new Map(enis.map((e, i) => [e.id, i]));
  const priv = new Uint32Array(enis.length);
  const pub = new Float64Array(enis.length).fill(-1);
  const byPriv = new Map<number, number>();
  const byPub = new Map<number, number>();
  const byName = new Map<string, number>();
  const sdc = new Uint8Array(enis.length);
  const forward = new Uint8Array(enis.length);
  const rtbOf: Rtb[] = [];
  const sgIn: SgRows[] = [];
  const sgOut: SgRows[] = [];
  const tables = new Map(net.routeTables.map((t) => [t.id, t]));
  const compileRtb = (t: RouteTable | undefined): Rtb => {
    const rows = [[vpcBase, vpcMask, T_LOCAL, -1]]; // the local route (RT-2)
    for (const r of t?.routes ?? []) {
      const [b, m] = cidr(r.destination ?? '');
      const k = r.target.kind;
      if (k === 'internet-gateway') rows.push([b, m, T_IGW, -1]);
      else if (k === 'network-interface') rows.push([b, m, T_ENI, eniIndex.get(r.target.id ?? '') ?? -1]);
      else throw new Error(`reference: route target ${k}`);
    }
    rows.sort((x, y) => (y[1] as number) - (x[1] as number)); // longest prefix first (RT-1): masks as uint32
    return {
      base: Uint32Array.from(rows.map((r) => r[0] as number)),
      mask: Uint32Array.from(rows.map((r) => r[1] as number)),
      kind: Int8Array.from(rows.map((r) => r[2] as number)),
      target: Int32Array.from(rows.map((r) => r[3] as number)),
    };
  };
  const subnetRtb = new Map(net.subnets.map((s) => [s.id, compileRtb(tables.get(s.routeTable ?? ''))]));
  const edge = compileRtb(tables.get(igw?.routeTable ?? ''));
  enis.forEach((e, i) => {
    const a = e.addresses[0];
    if (!a || e.addresses.length > 1 || e.ipv6Addresses?.length)
      throw new Error('reference: one IPv4 per ENI');
    priv[i] = ip4(a.private);
    byPriv.set(priv[i], i);
    if (a.public !== undefined) {
      pub[i] = ip4(a.public);
      byPub.set(pub[i], i);
    }
    sdc[i] = e.sourceDestCheck ? 1 : 0;
    const rt = subnetRtb.get(e.subnet);
    if (!rt) throw new Error(`reference: subnet ${e.subnet} without a route table`);
    rtbOf.push(rt);
    const groups = net.securityGroups.filter((g) => e.securityGroups.includes(g.id));
    sgIn.push(Float64Array.from(groups.flatMap((g) => sgRows(g.inbound))));
    sgOut.push(Float64Array.from(groups.flatMap((g) => sgRows(g.outbound))));
  });
  for (const inst of net.instances) {
    const first = eniIndex.get(inst.interfaces[0] ?? '');
    if (first === undefined) continue;
    byName.set(inst.id, first);
    for (const id of inst.interfaces) {
      const k = eniIndex.get(id);
      if (k !== undefined) forward[k] = inst.os?.ipForward ? 1 : 0; // NATI-3
    }
  }
  for (const e of enis) byName.set(e.id, eniIndex.get(e.id) ?? -1);

  // Per trace: the flows each ENI's security groups admitted (SG-2), as tuples in one reused array.
  const ct = new Float64Array(MAX_HOPS * 2 * 6);
  let ctLen = 0;
  const admitted = (
    eni: number,
    proto: number,
    src: number,
    sp: number,
    dst: number,
    dp: number,
  ): boolean => {
    for (let i = 0; i < ctLen; i += 6)
      if (
        ct[i] === eni &&
        ct[i + 1] === proto &&
        ct[i + 2] === src &&
        ct[i + 3] === sp &&
        ct[i + 4] === dst &&
        ct[i + 5] === dp
      )
        return true;
    return false;
  };
  const admit = (eni: number, proto: number, src: number, sp: number, dst: number, dp: number): void => {
    ct[ctLen] = eni;
    ct[ctLen + 1] = proto;
    ct[ctLen + 2] = src;
    ct[ctLen + 3] = sp;
    ct[ctLen + 4] = dst;
    ct[ctLen + 5] = dp;
    ctLen += 6;
  };
  const lpm = (t: Rtb, dst: number): number => {
    for (let i = 0; i < t.mask.length; i++) if ((dst & (t.mask[i] as number)) >>> 0 === t.base[i]) return i;
    return -1;
  };

  // The walk's packet and outcome (mutable locals of one evaluation, no object per hop).
  let src = 0;
  let dst = 0;
  let sport = 0;
  let dport = 0;
  let proto = 6;
  let code = '';
  /** Where the packet ended: an ENI index, INTERNET, or -2 when dropped (`code` says why). */
  let end = -2;

  /** Route `dst` from table `t`, then deliver; returns false when dropped. */
  const route = (t: Rtb, hops: number): boolean => {
    const i = lpm(t, dst);
    if (i < 0) return fail('NO_ROUTE_TO_DESTINATION');
    const k = t.kind[i];
    if (k === T_IGW) {
      // IGW-3: the source must be a private address with an Elastic IP; translated on the way out.
      const from = byPriv.get(src);
      if (from === undefined || (pub[from] as number) < 0) return fail('IGW_NO_PUBLIC_ADDRESS');
      src = pub[from] as number;
      end = INTERNET;
      return true;
    }
    if (k === T_ENI) return arrive(t.target[i] as number, hops + 1);
    const to = byPriv.get(dst); // local (RT-2): the ENI holding the address
    return to === undefined ? fail('NO_ROUTE_TO_DESTINATION') : arrive(to, hops + 1);
  };
  const fail = (c: string): boolean => {
    code = c;
    end = -2;
    return false;
  };
  /** A packet reaches ENI `e`: ENI-1, SG inbound (SG-1, SG-2), then delivery or forwarding (NATI-3). */
  const arrive = (e: number, hops: number): boolean => {
    if (e < 0 || hops > MAX_HOPS) return fail('NO_ROUTE_TO_DESTINATION');
    const own = dst === priv[e];
    if (!own && sdc[e]) return fail('ENI_SOURCE_DEST_CHECK_RESTRICTION');
    if (!admitted(e, proto, dst, dport, src, sport)) {
      if (!sgAllows(sgIn[e] as SgRows, proto, dport, src)) return fail('ENI_SG_RULES_MISMATCH');
      admit(e, proto, src, sport, dst, dport);
    }
    if (own) {
      end = e;
      return true;
    }
    if (!forward[e]) return fail('INSTANCE_IP_FORWARDING_DISABLED');
    return leave(e, hops); // forwarded out of the same interface
  };
  /** A packet leaves ENI `e`: ENI-1 for the source, SG outbound (SG-1, SG-2), then `e`'s subnet table. */
  const leave = (e: number, hops: number): boolean => {
    if (src !== priv[e] && sdc[e]) return fail('ENI_SOURCE_DEST_CHECK_RESTRICTION');
    if (!admitted(e, proto, dst, dport, src, sport)) {
      if (!sgAllows(sgOut[e] as SgRows, proto, dport, dst)) return fail('ENI_SG_RULES_MISMATCH');
      admit(e, proto, src, sport, dst, dport);
    }
    // Inside the VPC, local delivery wins over any route (RT-2 is the most specific for the VPC CIDR here).
    return route(rtbOf[e] as Rtb, hops);
  };
  /** A packet from the internet to the gateway: IGW-2 (Elastic IP → private), then the gateway table (RT-11). */
  const fromInternet = (): boolean => {
    const to = byPub.get(dst);
    if (to === undefined) return fail('IGW_NO_PUBLIC_ADDRESS');
    dst = priv[to] as number;
    return route(edge, 0);
  };
  /** One direction from `origin` (an ENI index or INTERNET). */
  const walk = (origin: number): boolean => (origin === INTERNET ? fromInternet() : leave(origin, 0));

  const endpoint = (text: string): number => {
    const named = byName.get(text);
    if (named !== undefined) return named;
    const a = ip4(text);
    const e = byPriv.get(a);
    return e ?? INTERNET;
  };
  const address = (text: string, e: number): number =>
    e >= 0 && byName.has(text) ? (priv[e] as number) : ip4(text);

  return {
    evaluate(flow: FlowSpec): string {
      ctLen = 0;
      const from = endpoint(flow.from);
      const to = endpoint(flow.to);
      if (flow.protocol !== undefined && flow.protocol !== 'tcp')
        throw new Error('reference: tcp flows only');
      proto = 6;
      src = address(flow.from, from);
      dst = address(flow.to, to);
      sport = flow.srcPort ?? 40000;
      dport = flow.port ?? 443;
      if (!walk(from)) return `unreachable:${code}`;
      // The reply: from where the request ended, back to what the destination saw as the source.
      const at = end;
      const s = src;
      src = dst;
      dst = s;
      const p = sport;
      sport = dport;
      dport = p;
      if (at !== INTERNET) src = priv[at] as number;
      if (!walk(at)) return `unreachable:${code}`;
      return 'reachable';
    },
  };
}

/** What vpcsim's verdict-only trace says, in the reference's words (`reachable` or `<verdict>:<code>`). */
export function verdictKey(r: {
  readonly verdict: string;
  readonly forward: { readonly code: string | null };
  readonly return: { readonly code: string | null } | null;
}): string {
  const code = r.verdict === 'reachable' ? '' : (r.forward.code ?? r.return?.code ?? '');
  return code ? `${r.verdict}:${code}` : r.verdict;
}

export interface Agreement {
  readonly flows: number;
  readonly disagreements: number;
  /** The first flow on which they differ, with both answers. */
  readonly first: string | null;
}

/** Compare the reference with vpcsim on every flow. */
export function checkAgreement(
  ref: ReferenceS2,
  flows: readonly FlowSpec[],
  vpcsim: (f: FlowSpec) => string,
): Agreement {
  let disagreements = 0;
  let first: string | null = null;
  for (const f of flows) {
    const a = ref.evaluate(f);
    const b = vpcsim(f);
    if (a === b) continue;
    disagreements++;
    first ??= `${JSON.stringify(f)}: reference ${a}, vpcsim ${b}`;
  }
  return { flows: flows.length, disagreements, first };
}
