/**
 * `vpcsim reach` output: the classes of a network-wide question as text (grouped by verdict, one line of packets
 * per box group, the path, the conditions, and the example as a `vpcsim trace` command — or the whole trace with
 * `traces`) and as JSON (every box exact, the example trace in the trace contract).
 */
import pc from 'picocolors';
import type { ReachClass, ReachBox } from '../analysis/reach/classes.js';
import type { ReachResult } from '../analysis/reach/reach.js';
import { formatAddressRange, formatPortRange } from '../analysis/reach/space.js';
import type { TraceResult } from '../analysis/trace-result.js';
import { traceText } from './text.js';

/** JSON form of a box: ranges as text. */
export interface ReachBoxJson {
  src?: string;
  protocol: string;
  /** Protocol numbers of an `other` box (every number no predicate names). */
  protocolNumbers?: string;
  dst: string;
  ports?: string;
}

export interface ReachClassJson {
  id: number;
  source: string;
  verdict: string;
  uncertain: boolean;
  protocol: string;
  code: string | null;
  returnCode: string | null;
  endpoint?: string | undefined;
  droppedAt?: string | undefined;
  path: readonly string[];
  returnPath: readonly string[];
  inspection: readonly string[];
  conditions: readonly string[];
  boxes: ReachBoxJson[];
  example: TraceResult;
}

export function boxJson(b: ReachBox): ReachBoxJson {
  const j: ReachBoxJson = { protocol: b.proto.label, dst: formatAddressRange(b.dst) };
  if (b.proto.label === 'other') j.protocolNumbers = b.proto.numbers.map(formatPortRange).join(',');
  if (b.src) j.src = formatAddressRange(b.src);
  if (b.ports) j.ports = formatPortRange(b.ports);
  return j;
}

export function classJson(k: ReachClass, id: number): ReachClassJson {
  const { boxes, example, ...rest } = k;
  return { id, ...rest, boxes: boxes.map(boxJson), example };
}

export function reachJson(r: ReachResult): object {
  return {
    from: r.from,
    to: r.to,
    cells: r.cells,
    classes: r.classes.map((k, i) => classJson(k, i + 1)),
    warnings: r.warnings,
  };
}

/** The boxes of a class as lines: `tcp 443 → 10.0.1.0/24, 10.0.2.7` (destinations grouped by source and ports). */
export function boxLines(boxes: readonly ReachBox[], max = 6): string[] {
  const groups = new Map<string, string[]>();
  for (const b of boxes) {
    const head = `${b.src ? `from ${formatAddressRange(b.src)} ` : ''}${b.proto.label}${b.ports ? ` ${formatPortRange(b.ports)}` : ''}`;
    groups.set(head, [...(groups.get(head) ?? []), formatAddressRange(b.dst)]);
  }
  const lines = [...groups].map(
    ([head, dsts]) =>
      `${head} → ${dsts.slice(0, 8).join(', ')}${dsts.length > 8 ? ` … (+${dsts.length - 8} ranges)` : ''}`,
  );
  return lines.length > max ? [...lines.slice(0, max), `… (+${lines.length - max} more)`] : lines;
}

/** The example as the `vpcsim trace` command that prints it. */
export function exampleCommand(t: TraceResult): string {
  const p = t.flow.packet;
  const proto = p.protocol;
  const port = p.dstPort !== undefined ? ` --port ${p.dstPort}` : '';
  return `vpcsim trace … --from ${t.flow.from} --to ${t.flow.to} --protocol ${proto}${port}`;
}

export interface ReachTextOptions {
  readonly color?: boolean | undefined;
  /** Print each class's example trace in full. */
  readonly traces?: boolean | undefined;
}

function classText(k: ReachClass, id: number, o: ReachTextOptions): string[] {
  const c = pc.createColors(o.color === true);
  const verdict =
    k.verdict === 'reachable'
      ? c.green(k.verdict)
      : k.verdict === 'asymmetric'
        ? c.yellow(k.verdict)
        : c.red(k.verdict);
  const end =
    k.verdict === 'unreachable'
      ? `dropped at ${k.droppedAt ?? '?'} (${k.code ?? k.returnCode ?? '?'}${k.code === null ? ', on the reply' : ''})`
      : `to ${k.endpoint ?? '?'}`;
  const lines = [
    `[${id}] ${c.bold(k.source)} ${verdict}${k.uncertain ? c.yellow(' (unknown: depends on something not modelled)') : ''} ${end}`,
    ...boxLines(k.boxes).map((l) => `    ${l}`),
    `    path: ${k.path.join(' → ')}${k.returnPath.length > 0 ? c.dim(`  | reply: ${k.returnPath.join(' → ')}`) : ''}`,
  ];
  if (k.inspection.length > 0) lines.push(`    inspected by: ${k.inspection.join(', ')}`);
  for (const cond of k.conditions) lines.push(`    ${c.yellow('condition:')} ${cond}`);
  if (o.traces)
    lines.push(
      ...traceText(k.example, o.color)
        .split('\n')
        .map((l) => `    ${l}`),
    );
  else lines.push(c.dim(`    example: ${exampleCommand(k.example)}`));
  return lines;
}

export function reachText(r: ReachResult, o: ReachTextOptions = {}): string {
  const q = `${r.from !== undefined ? `from ${r.from}` : 'from every source'}${r.to !== undefined ? ` to ${r.to}` : ''}`;
  const lines = [
    `reach ${q}: ${r.classes.length} class${r.classes.length === 1 ? '' : 'es'} (${r.cells} cells traced)`,
  ];
  r.classes.forEach((k, i) => lines.push('', ...classText(k, i + 1, o)));
  return lines.join('\n');
}
