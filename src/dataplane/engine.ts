/**
 * The data-plane walk: moves one packet hop by hop through the compiled network, recording every decision.
 *
 * Order of evaluation (aws-semantics.md B13, DERIVED):
 *  source ENI: source/destination check (ENI-1) → security group outbound (SG-1…SG-9, replies of tracked flows
 *  pass) → same-subnet destination: layer-2 delivery, no route table, no NACL (RT-8) → otherwise the subnet's route
 *  table (RT-1…RT-7) → NACL outbound of the subnet left and inbound of the subnet entered, only when the packet
 *  crosses a subnet boundary (NACL-3) → the target: local delivery, internet gateway (IGW-2/3, gateway route table
 *  RT-11…RT-15), NAT gateway (NGW-2…NGW-9), peering (PCX-2), firewall endpoint (NFW-5…NFW-11), GWLB endpoint
 *  (GWLB-3), appliance ENI (ENI-1, its SGs, the instance's OS: ip_forward, netfilter) → destination ENI: source/
 *  destination check → security group inbound → the instance.
 *
 * The walk is direction-agnostic: the return trace is the same walk of the reply, through the `TraceState` the
 * forward walk filled (connection tracking, NAT tables, firewall flows). It never throws on a compiled network;
 * a routing loop is stopped at its first repeated forwarding state with code `ROUTING_LOOP` (loop.ts).
 *
 * This file keeps only the loop (`walk`) and where a walk starts (`start`); each step is handled by its component
 * (`dataplane/components/`, dispatched by the table in `walk/steps.ts`), with the helpers of `walk/context.ts`.
 */
import { formatAddr, type Addr } from '../net/addr.js';
import type { ExplanationCode } from '../diag/codes.js';
import type { VpnClient } from '../model/clientvpn.js';
import type { CEni, CInstance, CompiledNetwork, CVpc } from './compiled.js';
import type { Hop, HopKind } from './hop.js';
import { formatPacket, type Packet } from './packet.js';
import type { TraceState } from './trace-state.js';
import { osSend } from './os/index.js';
import type { CompiledClientVpn } from './clientvpn/index.js';
import { findCycle, LOOP_CHECK_AFTER, stepComponent, WalkHistory } from './loop.js';
import type { AmazonService } from './amazon-services.js';
import { done, drop, DROPPED, hop, rewrite, type Ctx } from './walk/context.js';
import { advance, type End, type Rewrite, type Step } from './walk/steps.js';
import { osOutcome } from './components/eni.js';
import { fromOnPremises } from './components/on-premises.js';
import type { COnPremises } from './transit-gateway/compiled.js';

export type { End, Rewrite, Step } from './walk/steps.js';

const MAX_STEPS = 96;

/** Where a walk starts. */
export type Origin =
  | { readonly kind: 'instance'; readonly instance: CInstance; readonly eni: CEni }
  | { readonly kind: 'eni'; readonly eni: CEni }
  | { readonly kind: 'internet' }
  | {
      readonly kind: 'client';
      readonly client: VpnClient;
      readonly cvpn: CompiledClientVpn;
      readonly eni: CEni;
    }
  | { readonly kind: 'service'; readonly vpc: CVpc; readonly service: string }
  /** A host in a declared on-premises network (ONPREM-1) sends over the edge it sits behind. */
  | { readonly kind: 'onprem'; readonly network: COnPremises }
  /** A service the platform answers for the instance (ADDR-4) replies to it. */
  | { readonly kind: 'amazon-service'; readonly eni: CEni; readonly service: AmazonService };

export interface WalkResult {
  readonly disposition: 'delivered' | 'exited' | 'dropped';
  readonly code: ExplanationCode | null;
  readonly hops: Hop[];
  readonly end: End;
  /** The packet at the end (as delivered, or as it left the modelled network). */
  readonly packet: Packet;
  /** Stateful inspection components traversed (firewall/GWLB endpoints, forwarding instances), in order. */
  readonly stateful: string[];
  /** Route tables consulted, in order, with the component that consulted them (for asymmetry diagnosis). */
  readonly tables: {
    readonly table: string;
    readonly after: string;
    readonly route: string;
    readonly dst: Addr;
  }[];
  readonly notes: string[];
  readonly uncertain: boolean;
  /** A gateway route table (RT-11) routed or dropped the packet on this walk (also known when hops are not recorded). */
  readonly viaGatewayTable: boolean;
  /** Id of the component that dropped the packet (also known when hops are not recorded). */
  readonly droppedAt?: string | undefined;
  /** Every address translation, in order: which component rewrote the packet and into what (kept when hops are
   * not recorded, so the reply check can name the component that re-translated a reply). */
  readonly rewrites: readonly Rewrite[];
}

/** Walk a packet from `origin`. */
export function walk(
  c: CompiledNetwork,
  st: TraceState,
  origin: Origin,
  pkt: Packet,
  dir: 'forward' | 'return',
  record = true,
): WalkResult {
  const ctx: Ctx = {
    pkt,
    identity: true,
    viaPeering: false,
    hops: [],
    stateful: [],
    tables: [],
    notes: [],
    uncertain: false,
    lastComponent: '',
    dir,
    ports: st.ports,
    record,
    rewrites: [],
  };
  let step: Step = start(c, st, ctx, origin);
  const history = new WalkHistory(record);
  for (let n = 0; step.at !== 'done'; n++) {
    if (n === LOOP_CHECK_AFTER || n > MAX_STEPS) {
      const loop = routingLoop(ctx, history, n > MAX_STEPS);
      if (loop) {
        step = loop;
        break;
      }
    }
    history.push(
      step,
      ctx.pkt,
      ctx.hops.length,
      ctx.stateful.length,
      ctx.tables.length,
      ctx.notes.length,
      ctx.rewrites.length,
    );
    step = advance(c, st, ctx, step);
  }
  const end = step as Extract<Step, { at: 'done' }>;
  return {
    disposition: end.disposition,
    code: end.code,
    hops: ctx.hops,
    end: end.end,
    packet: ctx.pkt,
    stateful: ctx.stateful,
    tables: ctx.tables,
    notes: ctx.notes,
    uncertain: ctx.uncertain,
    viaGatewayTable: ctx.viaGatewayTable === true,
    droppedAt:
      end.disposition === 'dropped'
        ? (ctx.lastDrop?.id ?? ctx.hops.findLast((h) => h.action === 'drop')?.id)
        : undefined,
    rewrites: ctx.rewrites,
  };
}

/**
 * Stop a walk that went round (issue 13 §8): cut it back to the first repeated forwarding state and drop it there,
 * at the component that sent it round, with `ROUTING_LOOP` and the cycle. `force` (the step limit) drops even when
 * no state repeats (a path that changes the packet on every round).
 */
function routingLoop(ctx: Ctx, history: WalkHistory, force: boolean): Step | undefined {
  const cycle = findCycle(history);
  if (!cycle && !force) return undefined;
  const at = cycle ? history.at(cycle.repeatAt) : undefined;
  if (at) {
    ctx.hops.length = at.hops;
    ctx.stateful.length = at.stateful;
    ctx.tables.length = at.tables;
    ctx.notes.length = at.notes;
    ctx.rewrites.length = at.rewrites;
    ctx.pkt = at.pkt;
  }
  let sender: { id: string; kind: HopKind } | undefined;
  for (let i = (cycle?.repeatAt ?? history.length) - 1; i >= 0 && !sender; i--)
    sender = stepComponent(history.steps[i] as Exclude<Step, { at: 'done' }>);
  const path = cycle ? cycle.components.join(' → ') : '';
  if (ctx.record)
    ctx.notes.push(
      cycle
        ? `routing loop: ${path} — the packet comes back to the same place with the same addresses and would circle until its TTL runs out`
        : `the packet visited more than ${MAX_STEPS} components without a repeated state: treated as a routing loop`,
    );
  return drop(ctx, sender?.id ?? 'route', sender?.kind ?? 'route-table', 'ROUTING_LOOP', () => ({
    rule: cycle ? `cycle: ${path}` : undefined,
    detail: cycle
      ? `routing loop: ${path}; the next hop repeats an earlier one with the same packet (RT-1 forwards it the same way every time)`
      : `the packet visited more than ${MAX_STEPS} components: routing loop`,
    refs: ['RT-1'],
  }));
}

function start(c: CompiledNetwork, st: TraceState, ctx: Ctx, origin: Origin): Step {
  // No closure on this per-walk path (issue 19): the first hop is built apart, only when recording.
  if (ctx.record) originHop(ctx, origin);
  switch (origin.kind) {
    case 'instance': {
      const inst = origin.instance;
      if (!inst.running) return notRunning(ctx, inst);
      if (inst.hasOs && inst.os) {
        const r = osSend(inst.os, st.osOf(inst.index), ctx.pkt, ctx.record);
        osOutcome(ctx, inst.id, r);
        if (r.kind === 'drop') return done(DROPPED, 'dropped', r.code ?? 'INSTANCE_OS_DROP');
        rewrite(ctx, inst.id, 'instance', r.packet);
        if (r.kind === 'local')
          return deliverToSelf(ctx, inst.id, { kind: 'instance', instance: inst, eni: origin.eni });
        const eni = (r.outIf !== undefined ? inst.enis[r.outIf] : undefined) ?? origin.eni;
        return { at: 'eni-out', eni };
      }
      if (ownsAddress(inst, ctx.pkt.dst))
        return deliverToSelf(ctx, inst.id, { kind: 'instance', instance: inst, eni: origin.eni });
      return { at: 'eni-out', eni: origin.eni };
    }
    case 'eni':
      if (origin.eni.addrSet.has(ctx.pkt.dst))
        return deliverToSelf(ctx, origin.eni.id, { kind: 'eni', eni: origin.eni });
      return { at: 'eni-out', eni: origin.eni };
    case 'internet':
      ctx.identity = false;
      return { at: 'internet' };
    case 'client':
      // The Client VPN egress decision was made by the caller (trace.ts), which passes the translated packet.
      return { at: 'eni-out', eni: origin.eni };
    case 'service':
      ctx.identity = false;
      return { at: 'local', vpc: origin.vpc, fromSubnet: null };
    case 'onprem':
      return fromOnPremises(c, ctx, origin.network);
    case 'amazon-service':
      return { at: 'eni-in', eni: origin.eni, fromSubnet: null, platform: true };
  }
}

/** The first hop of a walk: who sends (built only when the walk records). */
function originHop(ctx: Ctx, origin: Origin): void {
  switch (origin.kind) {
    case 'instance':
      hop(ctx, origin.instance.id, 'instance', 'forward', () => ({
        detail: `${origin.instance.id} sends ${formatPacket(ctx.pkt)}`,
      }));
      return;
    case 'eni':
      hop(ctx, origin.eni.id, 'network-interface', 'forward', () => ({ detail: `${origin.eni.id} sends` }));
      return;
    case 'internet':
      hop(ctx, 'internet', 'internet', 'forward', () => ({
        detail: `internet host ${formatAddr(ctx.pkt.src)} sends`,
      }));
      return;
    case 'service':
      hop(ctx, origin.service, 'gateway-endpoint', 'forward', () => ({
        detail: `${origin.service} replies through the gateway endpoint`,
      }));
      return;
    case 'amazon-service':
      hop(ctx, origin.service.id, 'amazon-service', 'forward', () => ({
        owner: origin.eni.instance?.id ?? origin.eni.id,
        detail: `${origin.service.name} answers ${origin.eni.instance?.id ?? origin.eni.id} directly, inside the host (ADDR-4)`,
        refs: ['ADDR-4'],
      }));
      return;
    case 'client':
    case 'onprem':
      return;
  }
}

function ownsAddress(inst: CInstance, a: Addr): boolean {
  for (const e of inst.enis) if (e.addrSet.has(a)) return true;
  return false;
}

function notRunning(ctx: Ctx, inst: CInstance): Step {
  return drop(ctx, inst.id, 'instance', 'BAD_STATE', () => ({
    detail: `instance ${inst.id} is not running`,
  }));
}

/**
 * A host sending to one of its own addresses: the operating system delivers it on the loopback interface, so it
 * never reaches the network interface — no security group, network ACL or route table sees it (issue 13 §7;
 * [DERIVED] from SG-1/NACL-3/RT-1 applying only to traffic that leaves the ENI).
 */
function deliverToSelf(ctx: Ctx, id: string, end: Extract<End, { kind: 'instance' | 'eni' }>): Step {
  const dst = formatAddr(ctx.pkt.dst);
  hop(ctx, id, end.kind === 'instance' ? 'instance' : 'network-interface', 'deliver', () => ({
    rule: 'local delivery (loopback)',
    detail: `${dst} is an address of ${id} itself: delivered inside the host, the packet never leaves it (no security group, network ACL or route table applies)`,
  }));
  if (ctx.record)
    ctx.notes.push(
      `${id} sends to its own address ${dst}: the traffic never leaves the host, so security groups, network ACLs and route tables do not apply`,
    );
  return done(end, 'delivered', null);
}
