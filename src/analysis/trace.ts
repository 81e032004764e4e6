/**
 * Trace one flow both ways: the request from source to destination, then the reply back through the state the
 * request created (security-group connection tracking, NAT tables, conntrack, firewall flows), and a verdict:
 * reachable, unreachable (with the first blocking hop and its code) or asymmetric (both directions get through
 * but the reply skips a stateful hop the request used, or uses one it did not: NFW-4, RT-15, GWLB-3).
 */
import { formatAddr, type Addr } from '../net/addr.js';
import type { FlowSpec } from '../model/expectation.js';
import type { Network } from '../model/network.js';
import { protocolNumber } from '../model/protocol.js';
import type { CompiledNetwork } from '../dataplane/compiled.js';
import { compileNetwork } from '../dataplane/compile.js';
import { walk, type Origin, type WalkResult } from '../dataplane/engine.js';
import { packetJson, replyOf, type Packet } from '../dataplane/packet.js';
import { portKey, TraceState } from '../dataplane/trace-state.js';
import {
  clientToClientDelivery,
  clientVpnEgress,
  CLIENT_VPN_ENI_PORT_RANGE,
  type CompiledClientVpn,
} from '../dataplane/clientvpn/index.js';
import { clientVpnEniId } from '../dataplane/clientvpn-enis.js';
import type { Hop } from '../dataplane/hop.js';
import { destinationAddress, resolveEndpoint, type ResolvedEndpoint } from './endpoints.js';
import { dns64Choice } from './dns64.js';
import type { TraceResult } from './trace-result.js';
import { lbTargetsReport, targetsNote } from './lb-targets.js';
import { endpointPort } from './lb-endpoints.js';
import { planResourceEndpoints } from './resource-endpoints.js';
import { requireThrough } from './through-filter.js';
import { finish } from './trace-finish.js';

/** Default source port when the flow gives none: inside Linux's ephemeral range (NACL-6). */
export const DEFAULT_SRC_PORT = 50000;
/** Linux ephemeral port range (NACL-6: "many Linux kernels"; net.ipv4.ip_local_port_range default). */
export const LINUX_EPHEMERAL = { from: 32768, to: 60999 } as const;

export class TraceError extends Error {}

export interface TraceOptions {
  /** Record hops, details, notes and final packets (default true). False computes the verdict, codes and where it
   * dropped only: for bulk analysis. */
  readonly record?: boolean | undefined;
}

/** Trace `flow` in `net` (a model, compiled on the fly, or an already compiled network). Throws `TraceError` for
 * endpoints that name nothing (a usage error, not a network verdict). */
export function traceFlow(
  net: Network | CompiledNetwork,
  flow: FlowSpec,
  opts: TraceOptions = {},
): TraceResult {
  const c = net.vpcs instanceof Map ? (net as CompiledNetwork) : compileNetwork(net as Network).compiled;
  // Issue 14: a subnet, gateway or peering connection as an endpoint stands for a host beyond it, and the path
  // must cross it (COMPONENT_FILTER_RESTRICTION otherwise).
  // The common case first: both ends name hosts (resolved once, memoised), no resource plan to build.
  const src = resolveEndpoint(c, flow.from);
  const dst = resolveEndpoint(c, flow.to);
  if (src.ok && dst.ok) return traceResolved(c, flow, src.value, dst.value, opts.record ?? true);
  const planned = planResourceEndpoints(c, flow);
  if (!planned.ok) throw new TraceError(planned.message);
  const { plan } = planned;
  if (plan.through.length === 0 && plan.notes.length === 0) return traceHosts(c, flow, opts.record ?? true);
  const t = traceHosts(c, { ...flow, from: plan.from, to: plan.to }, true);
  const named = { ...t, flow: { ...t.flow, from: flow.from, to: flow.to } };
  return requireThrough(withNotes(named, plan.notes), plan.through);
}

function traceHosts(c: CompiledNetwork, flow: FlowSpec, record: boolean): TraceResult {
  const src = resolveEndpoint(c, flow.from);
  if (!src.ok) throw new TraceError(src.message);
  const dst = resolveEndpoint(c, flow.to);
  if (!dst.ok) throw new TraceError(dst.message);
  return traceResolved(c, flow, src.value, dst.value, record);
}

function traceResolved(
  c: CompiledNetwork,
  flow: FlowSpec,
  from: ResolvedEndpoint,
  to: ResolvedEndpoint,
  record: boolean,
): TraceResult {
  // The usual protocol without parsing text; both ends of one family without a choice to make (issue 19: these ran
  // on every trace and allocated).
  const proto = flow.protocol === undefined || flow.protocol === 'tcp' ? 6 : protocolNumber(flow.protocol);
  if (proto === undefined || proto < 0) throw new TraceError(`unknown protocol "${flow.protocol ?? ''}"`);
  const isIcmp = proto === 1 || proto === 58;
  const family = typeof from.addr === typeof to.addr ? undefined : pickFamily(from, to);
  const srcAddr = family ? family.srcAddr : from.addr;
  const dstAddr = family?.dstAddr;
  const familyNote = family?.note;
  const dstChoice = dstAddr === undefined ? destinationAddress(from, to) : { addr: dstAddr, note: undefined };
  const pkt: Packet = {
    proto,
    src: srcAddr,
    dst: dstChoice.addr,
    srcPort: isIcmp ? 1 : (flow.srcPort ?? DEFAULT_SRC_PORT),
    dstPort: isIcmp ? 0 : (flow.port ?? endpointPort(to) ?? 0),
    // ICMP echo request 8; ICMPv6 echo request 128 (V6-9).
    icmpType: isIcmp ? (flow.icmpType ?? (proto === 58 ? 128 : 8)) : 0,
    icmpCode: isIcmp ? (flow.icmpCode ?? 0) : 0,
    sni: flow.sni,
    host: flow.host,
    path: flow.path,
  };
  const picked: string[] = [];
  if (record) {
    // Every address vpcsim picked for a name is said in the trace (issue 13).
    for (const e of [from, to])
      if (
        (e.kind === 'instance' || e.kind === 'eni' || e.kind === 'onprem' || e.kind === 'client') &&
        e.picked !== undefined
      )
        picked.push(e.picked);
    if (dstChoice.note !== undefined) picked.push(dstChoice.note);
    if (familyNote !== undefined) picked.push(familyNote);
  }
  const eip = from.kind === 'internet' ? from.unresolvedEip : undefined;
  if (eip) {
    // Issue 13 §6: the sender is whatever instance holds this Elastic IP, which the input does not contain.
    picked.push(
      `${flow.from} is Elastic IP ${eip.id}, declared by the input, but ${eip.reason}: traced as if an internet host sent it; the real sender is unknown`,
    );
  }
  if (from.kind === 'client') return withNotes(traceFromClient(c, from, to, pkt, flow, record), picked);
  const st = new TraceState();
  if (record) registerSourcePort(st, from, pkt, flow);
  const origin = originOf(from);
  if (!origin)
    throw new TraceError(`${flow.from} cannot send traffic (an address without a network interface)`);
  const fwd = walk(c, st, origin, pkt, 'forward', record);
  let t = withNotes(finish(c, st, from, pkt, flow, fwd, record), picked);
  if (record && st.lbDecision) {
    // Issue 16 §5: every target the load balancer's node may pick, traced in turn.
    const report = lbTargetsReport(st, t, (force) => {
      const s = new TraceState();
      s.lbForce = force;
      registerSourcePort(s, from, pkt, flow);
      return finish(c, s, from, pkt, flow, walk(c, s, origin, pkt, 'forward', true), true);
    });
    const notes = [...t.notes];
    if (report && report.results.length > 1) notes.push(targetsNote(report));
    if (
      st.lbDecision.preserved &&
      t.forward.code === 'ENI_SG_RULES_MISMATCH' &&
      fwd.rewrites.some((r) => r.kind === 'load-balancer')
    )
      notes.push(
        `${st.lbDecision.lb} keeps the client's address (client IP preservation, NLB-3): the target's security group must admit the clients; its health checks come from the load balancer's own addresses in the VPC and still pass, so the target looks healthy while clients time out (NLB-5)`,
      );
    t = { ...t, notes, targets: report };
  }
  return eip ? { ...t, uncertain: true } : t;
}

/** Put notes about the flow itself (addresses picked for the user) before the path's notes. */
function withNotes(t: TraceResult, first: readonly string[]): TraceResult {
  return first.length === 0 ? t : { ...t, notes: [...first, ...t.notes.filter((n) => !first.includes(n))] };
}

function registerSourcePort(st: TraceState, src: ResolvedEndpoint, pkt: Packet, flow: FlowSpec): void {
  if (flow.srcPort !== undefined || !(pkt.proto === 6 || pkt.proto === 17)) return;
  if (src.kind === 'internet')
    st.ports.set(portKey(pkt.src, pkt.srcPort), {
      from: 1024,
      to: 65535,
      by: `the internet client ${formatAddr(pkt.src)}`,
    });
  else
    st.ports.set(portKey(pkt.src, pkt.srcPort), {
      ...LINUX_EPHEMERAL,
      by: `the source host (Linux ephemeral ports)`,
    });
}

function originOf(e: ResolvedEndpoint): Origin | undefined {
  switch (e.kind) {
    case 'instance':
      return { kind: 'instance', instance: e.instance, eni: e.eni };
    case 'eni':
      return { kind: 'eni', eni: e.eni };
    case 'internet':
      return { kind: 'internet' };
    case 'onprem':
      return { kind: 'onprem', network: e.network };
    case 'client':
    case 'address':
    case 'load-balancer':
      return undefined;
  }
}

function traceFromClient(
  c: CompiledNetwork,
  src: Extract<ResolvedEndpoint, { kind: 'client' }>,
  dst: ResolvedEndpoint,
  pkt: Packet,
  flow: FlowSpec,
  record: boolean,
): TraceResult {
  const cvpn = c.clientVpns.get(src.client.endpoint);
  if (!cvpn)
    throw new TraceError(
      `VPN client ${src.client.id} names unknown Client VPN endpoint ${src.client.endpoint}`,
    );
  const decisions = clientVpnEgress(cvpn, src.client, pkt);
  const results: TraceResult[] = [];
  for (const d of decisions) {
    const st = new TraceState();
    const pre: Hop[] = [
      {
        id: src.label,
        kind: 'client',
        action: 'forward',
        packet: packetJson(pkt),
        detail: `VPN client ${src.client.id} (${formatAddr(pkt.src)}) sends`,
      },
      ...d.hops,
    ];
    if (d.action !== 'tunnel' || !d.packet) {
      const exited = d.action === 'bypass';
      const fwd: WalkResult = {
        disposition: exited ? 'exited' : 'dropped',
        code: d.code ?? null,
        hops: pre,
        end: exited ? { kind: 'client-network' } : { kind: 'dropped' },
        packet: pkt,
        stateful: [],
        tables: [],
        notes: exited
          ? [
              `${flow.to} is reached through the client's own network, outside the modelled network (${d.code === 'CLIENT_VPN_FAMILY_BYPASS' ? 'a family the endpoint does not carry, CVPN-10' : 'split tunnel, CVPN-8'})`,
            ]
          : d.uncertain === true
            ? [
                `the result depends on IPv6 through Client VPN endpoint ${cvpn.id}, which vpcsim does not simulate`,
              ]
            : [],
        uncertain: d.uncertain === true,
        viaGatewayTable: false,
        rewrites: [],
      };
      results.push(finish(c, st, src, pkt, flow, fwd, record));
      continue;
    }
    if (d.clientToClient) {
      results.push(clientToClient(cvpn, src, pkt, flow, d.packet, pre));
      continue;
    }
    st.cvpn.recordDecision(pkt, d);
    if (record && (d.packet.proto === 6 || d.packet.proto === 17)) {
      st.ports.set(portKey(d.packet.src, d.packet.srcPort), {
        ...CLIENT_VPN_ENI_PORT_RANGE,
        by: `Client VPN endpoint ${cvpn.id}`,
      });
    }
    const byIp = d.eniIp !== undefined ? c.attachmentByIp.get(d.eniIp) : undefined;
    const eni =
      c.eniById.get(clientVpnEniId(cvpn.id, d.targetNetwork)) ??
      (byIp?.kind === 'eni' ? byIp.eni : undefined);
    if (!eni)
      throw new TraceError(`Client VPN endpoint ${cvpn.id} has no ENI for target network ${d.targetNetwork}`);
    const fwd = walk(c, st, { kind: 'client', client: src.client, cvpn, eni }, d.packet, 'forward', record);
    results.push(
      finish(c, st, src, pkt, flow, { ...fwd, hops: record ? [...pre, ...fwd.hops] : [] }, record),
    );
  }
  const first = results[0];
  if (!first) throw new TraceError(`Client VPN endpoint ${cvpn.id} produced no decision`);
  const outcomes = new Set(
    results.map((r) => `${r.verdict}/${r.forward.code ?? ''}/${r.return?.code ?? ''}`),
  );
  if (outcomes.size > 1) {
    const lines = results.map(
      (r, i) =>
        `target network ${decisions[i]?.targetNetwork ?? '?'}: ${r.verdict}${r.forward.code ? ` (${r.forward.code})` : ''}`,
    );
    return {
      ...first,
      notes: [
        ...first.notes,
        `the outcome depends on which target network the client lands on (CVPN-5): ${lines.join('; ')}`,
      ],
    };
  }
  return first;
}

/** Client-to-client through the endpoint's `local` route (CVPN-7): delivered to the other client; the reply comes
 * back the same way. */
function clientToClient(
  cvpn: CompiledClientVpn,
  src: ResolvedEndpoint,
  pkt: Packet,
  flow: FlowSpec,
  out: Packet,
  pre: Hop[],
): TraceResult {
  const there = clientToClientDelivery(cvpn, out);
  const base = {
    flow: { from: flow.from, to: flow.to, packet: packetJson(pkt), sni: flow.sni, host: flow.host },
  };
  if (there.client === undefined) {
    return {
      verdict: 'unreachable',
      ...base,
      forward: {
        disposition: 'dropped',
        code: there.code ?? 'CLIENT_VPN_NO_CLIENT',
        hops: [...pre, ...there.hops],
        droppedAt: cvpn.id,
      },
      return: null,
      notes: [],
    };
  }
  const reply = replyOf(out);
  const back = clientToClientDelivery(cvpn, reply);
  const home = back.client !== undefined && reply.dst === src.addr;
  return {
    verdict: home ? 'reachable' : 'unreachable',
    ...base,
    forward: {
      disposition: 'delivered',
      code: null,
      hops: [...pre, ...there.hops],
      endpoint: `client:${there.client}`,
      finalPacket: packetJson(out),
    },
    return: {
      disposition: home ? 'delivered' : 'dropped',
      code: home ? null : (back.code ?? 'CLIENT_VPN_NO_CLIENT'),
      hops: [
        {
          id: `client:${there.client}`,
          kind: 'client',
          action: 'forward',
          packet: packetJson(reply),
          detail: `VPN client ${there.client} replies`,
        },
        ...back.hops,
      ],
      endpoint: back.client !== undefined ? `client:${back.client}` : undefined,
      finalPacket: packetJson(reply),
    },
    notes: ['client-to-client traffic stays inside the Client VPN endpoint (CVPN-7)'],
  };
}

type NamedEndpoint = Extract<ResolvedEndpoint, { kind: 'instance' | 'eni' }>;

/** A resource named by the user (not a literal address). Module-level, like `v6` and `six`: `pickFamily` runs once
 * per trace, and closures made per call cost allocation on the per-trace path. */
function named(e: ResolvedEndpoint): e is NamedEndpoint {
  return (e.kind === 'instance' || e.kind === 'eni') && e.literal !== true;
}

function v6(e: ResolvedEndpoint): boolean {
  return typeof e.addr !== 'number';
}

/** The named end's first IPv6 address (V6-1). */
function six(e: NamedEndpoint): bigint {
  const a = e.eni.addrs6[0];
  if (a === undefined)
    throw new TraceError(`${e.label} has no IPv6 address (V6-1): an IPv6 flow cannot start or end there`);
  return a;
}

/**
 * The address family of the flow (V6-1, V6-2): a literal address fixes it; a named source or destination then
 * stands for its interface's address of that family — the first IPv6 address when the other end is IPv6.
 * Mixed literal families are a usage error (a packet has one family; NAT64 is reached through 64:ff9b::/96, V6-6).
 */
function pickFamily(
  src: ResolvedEndpoint,
  dst: ResolvedEndpoint,
): { srcAddr: Addr; dstAddr: Addr | undefined; note: string | undefined } {
  if (v6(src) === v6(dst)) return { srcAddr: src.addr, dstAddr: undefined, note: undefined };
  if (src.kind === 'client' && v6(dst))
    // CVPN-10 [DRIFT, newer doc]: AWS picks a client's IPv6 tunnel address itself; the input cannot give it.
    return {
      srcAddr: 0n,
      dstAddr: undefined,
      note: `${src.label}'s IPv6 tunnel address is assigned by AWS from a range the input does not give (CVPN-10): shown as ::`,
    };
  // One end is IPv6: the named end takes its interface's IPv6 address.
  if (v6(dst) && named(src)) {
    const a = six(src);
    return {
      srcAddr: a,
      dstAddr: undefined,
      note: `${src.label} is named: it sends from its IPv6 address ${formatAddr(a)} because the destination is IPv6`,
    };
  }
  // An IPv6-only interface cannot send IPv4 at all (V6-6 [DERIVED]); a named destination may resolve through DNS64.
  if (!v6(dst) && named(src) && src.eni.addrs.length === 0) return dns64Choice(src, dst);
  if (v6(src) && named(dst)) {
    const a = six(dst);
    return {
      srcAddr: src.addr,
      dstAddr: a,
      note: `${dst.label} is named: it is addressed by its IPv6 address ${formatAddr(a)} because the source is IPv6`,
    };
  }
  throw new TraceError(
    `the source ${src.label} and the destination ${dst.label} are of different address families: a packet is IPv4 or IPv6 (an IPv6 host reaches IPv4 through NAT64 at 64:ff9b::/96, V6-6)`,
  );
}
