/**
 * Classes: traced atoms merged into the sets of packets that behave identically — same verdict, same explanation
 * codes, same components on the forward and return paths, same conditions. Adjacent cells with the same outcome
 * are merged port-first, then along destinations, then along sources, into boxes; a class is the union of its
 * boxes. Every atom lands in exactly one class, so the classes partition the question's header space.
 */
import type { Verdict } from '../../model/expectation.js';
import type { TraceResult } from '../trace-result.js';
import type { Atom, ProtoAtom } from './atoms.js';
import type { Interval } from './space.js';

/** A box of packets: source range (range sources only) × protocol × destination range × destination ports. */
export interface ReachBox {
  readonly src: Interval | undefined;
  readonly proto: ProtoAtom;
  readonly dst: Interval;
  readonly ports: Interval | undefined;
}

/** What every packet of a class does. */
export interface Outcome {
  readonly verdict: Verdict;
  readonly uncertain: boolean;
  readonly protocol: string;
  readonly code: string | null;
  readonly returnCode: string | null;
  readonly endpoint: string | undefined;
  readonly droppedAt: string | undefined;
  /** Component ids on the forward path, in order. */
  readonly path: readonly string[];
  readonly returnPath: readonly string[];
  /** Inspection hops on the forward path (Network Firewall and Gateway Load Balancer endpoints). */
  readonly inspection: readonly string[];
  /** What the verdict depends on that the cells cannot enumerate (TLS SNI/HTTP Host, a device's port choice). */
  readonly conditions: readonly string[];
}

export interface ReachClass extends Outcome {
  readonly source: string;
  readonly boxes: readonly ReachBox[];
  /** The trace of one packet of the class, as `vpcsim trace` prints it. */
  readonly example: TraceResult;
}

const INSPECTION = new Set(['firewall-endpoint', 'gwlb-endpoint']);

function ids(hops: readonly { id: string }[]): string[] {
  const out: string[] = [];
  for (const h of hops) if (out[out.length - 1] !== h.id) out.push(h.id);
  return out;
}

/** Conditions a trace states about itself: domain rules judged without SNI/Host (NFW-12), ALB rules judged without
 * Host/path (ALB-3), a port a device chose from a range that a NACL admits only partly (NACL-6). */
export function conditionsOf(t: TraceResult): string[] {
  const out: string[] = [];
  if (t.notes.some((n) => n.includes('domain rules were judged without it')))
    out.push(
      'domain rules of a firewall on the path decide flows carrying a TLS SNI or HTTP Host: judged here without one (NFW-12); trace with --sni/--host',
    );
  if (t.notes.some((n) => n.includes('rules not evaluated') && n.includes('(ALB-3)')))
    out.push(
      'an Application Load Balancer on the path has host/path rules: judged here without a Host or path, so by the rules that do not need one (ALB-3); trace with --host/--path',
    );
  if (t.notes.some((n) => n.includes('(NACL-6)')))
    out.push(
      'works for some connections only: a device picks the port from a range a network ACL admits only partly (NACL-6)',
    );
  return out;
}

/** The outcome of one trace. */
export function outcomeOf(t: TraceResult, proto: ProtoAtom): Outcome {
  return {
    verdict: t.verdict,
    uncertain: t.uncertain === true,
    protocol: proto.label,
    code: t.forward.code ?? null,
    returnCode: t.return?.code ?? null,
    endpoint: t.forward.endpoint,
    droppedAt: t.forward.droppedAt ?? t.return?.droppedAt,
    path: ids(t.forward.hops),
    returnPath: ids(t.return?.hops ?? []),
    inspection: [...new Set(t.forward.hops.filter((h) => INSPECTION.has(h.kind)).map((h) => h.id))],
    conditions: conditionsOf(t),
  };
}

/** Fields and list items joined by control characters no id, code or condition text contains: one string per
 * outcome, equal exactly when the outcomes are (JSON.stringify was a twentieth of a bulk question's time). */
const FIELD = '\u0001';
const ITEM = '\u0002';
const NONE = '\u0003';

export function outcomeKey(o: Outcome): string {
  return [
    o.verdict,
    o.uncertain ? '1' : '0',
    o.protocol,
    o.code ?? NONE,
    o.returnCode ?? NONE,
    o.endpoint ?? NONE,
    o.droppedAt ?? NONE,
    o.path.join(ITEM),
    o.returnPath.join(ITEM),
    o.inspection.join(ITEM),
    o.conditions.join(ITEM),
  ].join(FIELD);
}

/** Merge consecutive items with equal keys whose intervals touch. */
function runs<T>(
  items: readonly T[],
  range: (x: T) => Interval | undefined,
  key: (x: T) => string,
): { r: Interval | undefined; key: string; first: T }[] {
  const out: { r: Interval | undefined; key: string; first: T; lo: number; hi: number }[] = [];
  for (const x of items) {
    const r = range(x);
    const k = key(x);
    const last = out[out.length - 1];
    if (last && r && last.r && last.key === k && last.hi + 1 === r.lo) {
      last.hi = r.hi;
      last.r = { lo: last.lo, hi: r.hi };
    } else out.push({ r, key: k, first: x, lo: r?.lo ?? 0, hi: r?.hi ?? 0 });
  }
  return out;
}

/** Group a source's atoms (in `traceAtoms` order) into boxes by outcome. */
export function mergeAtoms(atoms: readonly Atom[]): Map<number, ReachBox[]> {
  // 1. Ports: runs per (src, proto, dst).
  type Cell = {
    src: Interval | undefined;
    proto: ProtoAtom;
    dst: Interval;
    ports: { r: Interval | undefined; sig: number }[];
    key: string;
  };
  const cells: Cell[] = [];
  let i = 0;
  while (i < atoms.length) {
    const a = atoms[i] as Atom;
    let j = i;
    while (
      j < atoms.length &&
      atoms[j]?.src === a.src &&
      atoms[j]?.proto === a.proto &&
      atoms[j]?.dst === a.dst
    )
      j++;
    const rs = runs(
      atoms.slice(i, j),
      (x) => x.port,
      (x) => String(x.sig),
    ).map((r) => ({ r: r.r, sig: r.first.sig }));
    cells.push({
      src: a.src,
      proto: a.proto,
      dst: a.dst,
      ports: rs,
      key: rs.map((r) => `${r.r?.lo}-${r.r?.hi}:${r.sig}`).join(','),
    });
    i = j;
  }
  // 2. Destinations: consecutive cells with the same port runs.
  type Row = {
    src: Interval | undefined;
    proto: ProtoAtom;
    dsts: { r: Interval; cell: Cell }[];
    key: string;
  };
  const rows: Row[] = [];
  i = 0;
  while (i < cells.length) {
    const a = cells[i] as Cell;
    let j = i;
    while (j < cells.length && cells[j]?.src === a.src && cells[j]?.proto === a.proto) j++;
    const ds = runs(
      cells.slice(i, j),
      (x) => x.dst,
      (x) => x.key,
    ).map((r) => ({ r: r.r as Interval, cell: r.first }));
    rows.push({
      src: a.src,
      proto: a.proto,
      dsts: ds,
      key: ds.map((d) => `${d.r.lo}-${d.r.hi}:${d.cell.key}`).join(';'),
    });
    i = j;
  }
  // 3. Sources: consecutive rows with the same destinations (per protocol).
  const byProto = new Map<ProtoAtom, Row[]>();
  for (const r of rows) {
    const list = byProto.get(r.proto);
    if (list) list.push(r);
    else byProto.set(r.proto, [r]);
  }
  const out = new Map<number, ReachBox[]>();
  for (const [proto, rs] of byProto) {
    for (const s of runs(
      rs,
      (x) => x.src,
      (x) => x.key,
    )) {
      for (const d of s.first.dsts)
        for (const p of d.cell.ports) {
          const list = out.get(p.sig) ?? [];
          list.push({ src: s.r, proto, dst: d.r, ports: p.r });
          out.set(p.sig, list);
        }
    }
  }
  return out;
}

/** Does `box` contain the packet? */
export function boxContains(
  b: ReachBox,
  p: { src?: number; proto: number; dst: number; port?: number },
): boolean {
  const inR = (r: Interval | undefined, x: number | undefined): boolean =>
    r === undefined || (x !== undefined && x >= r.lo && x <= r.hi);
  return (
    inR(b.src, p.src) &&
    b.proto.numbers.some((n) => p.proto >= n.lo && p.proto <= n.hi) &&
    inR(b.dst, p.dst) &&
    inR(b.ports, p.port)
  );
}
