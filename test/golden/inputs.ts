/**
 * The inputs the trace goldens cover, and the flows traced in each: every bundled example (its expectations and
 * its variants' expectations), every project fixture under test/fixtures, and every external fixture under
 * shared/fixtures/external — plus a fixed set of generated flows per input (from every instance or free-standing
 * network interface to a public address on tcp/443, between every ordered pair of them on tcp/443, from a public
 * address to every one that has a public IP and to every NAT gateway's public IP, and from every VPN client to each
 * of them).
 *
 * `goldenOf(input)` returns what the golden file stores: the import diagnostics (code, severity, position — not the
 * prose) and, per flow, the verdict and every hop as one line (`kind:id(owner) action CODE [rule] packet`). Paths are
 * written relative to the repository (`<external>/…` for the shared fixtures) so a golden is the same in every
 * checkout.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { traceFlow } from '../../src/analysis/trace.js';
import type { PathResult, TraceResult } from '../../src/analysis/trace-result.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import type { CompiledNetwork } from '../../src/dataplane/compiled.js';
import type { Hop } from '../../src/dataplane/hop.js';
import type { PacketJson } from '../../src/dataplane/packet.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import type { ImportResult } from '../../src/formats/import-result.js';
import { loadInputs } from '../../src/formats/load.js';
import type { Expectation, FlowSpec } from '../../src/model/expectation.js';
import type { Network } from '../../src/model/network.js';
import { EXTERNAL } from '../external-fixtures.js';

export const REPO = join(import.meta.dirname, '..', '..');
export const GOLDEN_DIR = join(import.meta.dirname, 'traces');

export interface GoldenInput {
  /** Stable name (also the golden file's name). */
  readonly name: string;
  /** Absolute paths loaded together as one input set. */
  readonly paths: readonly string[];
}

const PUBLIC_PEER = '198.51.100.10';
/** Generated endpoints per input at most (sorted by id), so pairs stay few. */
const MAX_ENDPOINTS = 10;

function listDir(dir: string, pred: (name: string) => boolean): string[] {
  return readdirSync(dir)
    .filter(pred)
    .sort()
    .map((f) => join(dir, f));
}

/** Every input set, in a fixed order. */
export function goldenInputs(): GoldenInput[] {
  const out: GoldenInput[] = [];
  const add = (paths: string[]) => out.push({ name: nameOf(paths[0] ?? ''), paths });
  const isDir = (p: string) => statSync(p).isDirectory();
  for (const f of listDir(join(REPO, 'examples'), (f) => f.endsWith('.yaml'))) add([f]);
  const cfn = join(REPO, 'test/fixtures/cloudformation');
  for (const sub of ['scenarios', 'cdk', 'probes'])
    for (const f of listDir(join(cfn, sub), (f) => /\.(ya?ml|json)$/.test(f))) add([f]);
  const tf = join(REPO, 'test/fixtures/terraform');
  for (const d of listDir(join(tf, 'scenarios'), () => true)) if (isDir(d)) add([d]);
  for (const f of listDir(join(tf, 'plan'), (f) => f.endsWith('.json'))) add([f]);
  for (const d of listDir(join(EXTERNAL, 'cloudformation'), () => true))
    if (isDir(d)) for (const set of stacksOf(d)) add(set);
  for (const d of listDir(join(EXTERNAL, 'describe'), () => true)) if (isDir(d)) add([d]);
  const natModule = join(EXTERNAL, 'terraform/nat-instance-module');
  add([natModule]);
  add([join(natModule, 'example')]);
  return out;
}

/** The templates of one external CloudFormation folder: several files are several stacks, loaded together —
 * except a folder holding the same template as JSON and as YAML, which is two inputs of one stack each. */
function stacksOf(dir: string): string[][] {
  const files = listDir(dir, (f) => /\.(ya?ml|json)$/.test(f));
  const stems = new Set(files.map((f) => f.replace(/\.[^./]+$/, '')));
  return stems.size < files.length ? files.map((f) => [f]) : [files];
}

/** `examples/s0.yaml`, `test/fixtures/…`, `<external>/describe/batfish-test-subnet`. */
export function display(p: string): string {
  if (p.startsWith(EXTERNAL)) return `<external>${p.slice(EXTERNAL.length)}`;
  return relative(REPO, p);
}

function nameOf(p: string): string {
  return display(p)
    .replace(/^<external>\//, 'external/')
    .replace(/[/\\]/g, '__');
}

export interface GoldenFlow {
  /** Where the flow comes from: `expect: <name>`, `variant <v>: <name>`, or `generated`. */
  readonly origin: string;
  readonly flow: string;
  readonly verdict?: string;
  readonly uncertain?: boolean;
  readonly forward?: GoldenPath;
  readonly return?: GoldenPath | null;
  readonly asymmetry?: string;
  /** A usage error (an endpoint that names nothing), as traceFlow reports it. */
  readonly error?: string;
}

export interface GoldenPath {
  readonly disposition: string;
  readonly code: string | null;
  readonly endpoint?: string;
  readonly droppedAt?: string;
  readonly hops: readonly string[];
}

export interface Golden {
  readonly input: readonly string[];
  readonly diagnostics: readonly string[];
  readonly variants: readonly string[];
  readonly flows: readonly GoldenFlow[];
}

function packetText(p: PacketJson | undefined): string {
  if (!p) return '';
  const ports =
    p.srcPort !== undefined
      ? `${p.src}:${p.srcPort} > ${p.dst}:${p.dstPort ?? ''}`
      : `${p.src} > ${p.dst}${p.icmpType !== undefined ? ` icmp ${p.icmpType}/${p.icmpCode ?? ''}` : ''}`;
  return `${p.protocol} ${ports}`;
}

/** One hop as one line: what decided, how, and the packet before (and after, when changed). */
export function hopLine(h: Hop): string {
  const parts = [`${h.kind}:${h.id}${h.owner !== undefined ? `(${h.owner})` : ''}`, h.action];
  if (h.direction) parts.push(h.direction);
  if (h.code) parts.push(h.code);
  if (h.rule) parts.push(`[${h.rule}]`);
  parts.push(packetText(h.packet));
  if (h.after) parts.push(`=> ${packetText(h.after)}`);
  if (h.assumed?.length) parts.push(`assumed{${h.assumed.join(',')}}`);
  if (h.unsupported?.length) parts.push(`unsupported{${h.unsupported.join(',')}}`);
  return parts.join(' ');
}

function pathOf(p: PathResult): GoldenPath {
  return {
    disposition: p.disposition,
    code: p.code,
    ...(p.endpoint !== undefined ? { endpoint: p.endpoint } : {}),
    ...(p.droppedAt !== undefined ? { droppedAt: p.droppedAt } : {}),
    hops: p.hops.map(hopLine),
  };
}

function flowText(f: FlowSpec): string {
  const port = f.port !== undefined ? `/${f.port}` : '';
  const extra = [
    f.srcPort !== undefined ? `sport ${f.srcPort}` : '',
    f.icmpType !== undefined ? `icmp ${f.icmpType}/${f.icmpCode ?? ''}` : '',
    f.sni !== undefined ? `sni ${f.sni}` : '',
    f.host !== undefined ? `host ${f.host}` : '',
  ].filter(Boolean);
  return `${f.from} -> ${f.to} ${f.protocol ?? 'tcp'}${port}${extra.length ? ` ${extra.join(' ')}` : ''}`;
}

function traced(c: CompiledNetwork, origin: string, f: FlowSpec): GoldenFlow {
  let t: TraceResult;
  try {
    t = traceFlow(c, f);
  } catch (e) {
    return { origin, flow: flowText(f), error: e instanceof Error ? e.message : String(e) };
  }
  return {
    origin,
    flow: flowText(f),
    verdict: t.verdict,
    ...(t.uncertain ? { uncertain: true } : {}),
    forward: pathOf(t.forward),
    return: t.return ? pathOf(t.return) : null,
    ...(t.asymmetry ? { asymmetry: t.asymmetry.code } : {}),
  };
}

/** The generated flows of a network (see the module comment). */
export function generatedFlows(net: Network): FlowSpec[] {
  const hostEnis = net.networkInterfaces.filter(
    (e) =>
      e.instance === undefined && (e.owner === undefined || e.owner === 'other' || e.owner === 'instance'),
  );
  const ends = [...net.instances.map((i) => i.id), ...hostEnis.map((e) => e.id)]
    .sort()
    .slice(0, MAX_ENDPOINTS);
  const flows: FlowSpec[] = [];
  const tcp = (from: string, to: string): FlowSpec => ({ from, to, protocol: 'tcp', port: 443 });
  for (const a of ends) flows.push(tcp(a, PUBLIC_PEER));
  for (const a of ends) for (const b of ends) if (a !== b) flows.push(tcp(a, b));
  const withPublic = new Set(
    net.networkInterfaces.filter((e) => e.addresses.some((a) => a.public !== undefined)).map((e) => e.id),
  );
  for (const i of net.instances)
    if (ends.includes(i.id) && i.interfaces.some((e) => withPublic.has(e)))
      flows.push(tcp(PUBLIC_PEER, i.id));
  for (const e of hostEnis)
    if (ends.includes(e.id) && withPublic.has(e.id)) flows.push(tcp(PUBLIC_PEER, e.id));
  for (const n of [...net.natGateways].sort((x, y) => x.id.localeCompare(y.id)))
    if (n.publicIp !== undefined) flows.push(tcp(PUBLIC_PEER, n.publicIp));
  for (const cl of [...net.vpnClients].sort((x, y) => x.id.localeCompare(y.id)))
    for (const b of ends) flows.push(tcp(`client:${cl.id}`, b));
  return flows;
}

function diagLine(d: Diagnostic): string {
  const at = d.span ? `${display(d.span.file)}:${d.span.line}:${d.span.col}` : '-';
  return `${d.severity} ${d.code} ${at}${d.resource !== undefined ? ` ${d.resource}` : ''}`;
}

function expectationFlows(c: CompiledNetwork, prefix: string, list: readonly Expectation[]): GoldenFlow[] {
  return list.map((e) => traced(c, `${prefix}${e.name}`, e.flow));
}

/** Every flow a golden traces, with the compiled network it is traced in (the input's or a variant's). */
export async function goldenCases(
  input: GoldenInput,
): Promise<{ readonly c: CompiledNetwork; readonly origin: string; readonly flow: FlowSpec }[]> {
  const r: ImportResult = await loadInputs(input.paths, {});
  const c = compileNetwork(r.network).compiled;
  const cases = [
    ...r.expectations.map((e) => ({ c, origin: `expect: ${e.name}`, flow: e.flow })),
    ...generatedFlows(r.network).map((flow) => ({ c, origin: 'generated', flow })),
  ];
  for (const v of r.variants) {
    const vc = compileNetwork(v.network).compiled;
    cases.push(
      ...v.expectations.map((e) => ({ c: vc, origin: `variant ${v.name}: ${e.name}`, flow: e.flow })),
    );
  }
  return cases;
}

/** The golden of one input set, computed from the code as it is. */
export async function goldenOf(input: GoldenInput): Promise<Golden> {
  const r: ImportResult = await loadInputs(input.paths, {});
  const c = compileNetwork(r.network).compiled;
  const flows: GoldenFlow[] = [
    ...expectationFlows(c, 'expect: ', r.expectations),
    ...generatedFlows(r.network).map((f) => traced(c, 'generated', f)),
  ];
  for (const v of r.variants) {
    const vc = compileNetwork(v.network).compiled;
    flows.push(...expectationFlows(vc, `variant ${v.name}: `, v.expectations));
  }
  return {
    input: input.paths.map(display),
    diagnostics: r.diagnostics.map(diagLine),
    variants: r.variants.map((v) => `${v.name}: ${v.diagnostics.map(diagLine).join('; ')}`),
    flows,
  };
}
