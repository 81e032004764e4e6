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
 */
import type { ExplanationCode } from '../diag/codes.js';
import { formatIpv4 } from '../net/ipv4.js';
import { contains4, isRfc1918, RFC6598, formatPrefix, prefix4 } from '../net/prefix.js';
import type { VpnClient } from '../model/clientvpn.js';
import type {
  CEni,
  CFirewallEndpoint,
  CGwlbEndpoint,
  CIgw,
  CInstance,
  CNatGateway,
  CompiledNetwork,
  CPeering,
  CRoute,
  CRouteTable,
  CSubnet,
  CVpc,
} from './compiled.js';
import type { Hop, HopAction, HopKind } from './hop.js';
import { evaluateNacl, naclRange } from './network-acl.js';
import { flowKey, formatPacket, packetJson, replyOf, tupleKey, withPacket, type Packet } from './packet.js';
import { evaluateSecurityGroups } from './security-group.js';
import { portKey, type PortChoice, type TraceState } from './trace-state.js';
import { osReceive, osSend, type OsResult } from './os/index.js';
import { inspectPacket } from './firewall/index.js';
import { clientVpnReturn, type CompiledClientVpn } from './clientvpn/index.js';
import { findCycle, LOOP_CHECK_AFTER, stepComponent, WalkHistory } from './loop.js';
import { amazonServiceAt, serviceRefuses, type AmazonService } from './amazon-services.js';
import { isReservedInSubnet } from '../model/reserved-addresses.js';

const MAX_STEPS = 96;
/** 169.254.0.0/16, link-local (RFC 3927). */
const LINK_LOCAL = prefix4(0xa9fe0000, 16);

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
  /** A service the platform answers for the instance (ADDR-4) replies to it. */
  | { readonly kind: 'amazon-service'; readonly eni: CEni; readonly service: AmazonService };

/** Where a walk ended. */
export type End =
  | { readonly kind: 'instance'; readonly instance: CInstance; readonly eni: CEni }
  | { readonly kind: 'eni'; readonly eni: CEni }
  | { readonly kind: 'internet' }
  | { readonly kind: 'client'; readonly client: string; readonly cvpn: string }
  | { readonly kind: 'client-network' }
  | { readonly kind: 'service'; readonly vpc: CVpc; readonly service: string; readonly endpoint: string }
  | { readonly kind: 'amazon-service'; readonly eni: CEni; readonly service: AmazonService }
  | { readonly kind: 'unsupported'; readonly what: string }
  | { readonly kind: 'dropped' };

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
    readonly dst: number;
  }[];
  readonly notes: string[];
  readonly uncertain: boolean;
  /** Id of the component that dropped the packet (also known when hops are not recorded). */
  readonly droppedAt?: string | undefined;
  /** Every address translation, in order: which component rewrote the packet and into what (kept when hops are
   * not recorded, so the reply check can name the component that re-translated a reply). */
  readonly rewrites: readonly Rewrite[];
}

/** One address translation a component made. */
export interface Rewrite {
  readonly by: string;
  readonly kind: HopKind;
  readonly packet: Packet;
}

/** A pending action of the walk. */
export type Step =
  | { readonly at: 'eni-out'; readonly eni: CEni }
  | { readonly at: 'route'; readonly subnet: CSubnet; readonly from: string }
  | { readonly at: 'local'; readonly vpc: CVpc; readonly fromSubnet: CSubnet | null }
  | {
      readonly at: 'eni-in';
      readonly eni: CEni;
      readonly fromSubnet: CSubnet | null;
      /** Answered by the platform (ADDR-4): no network ACL, no security group. */
      readonly platform?: boolean | undefined;
    }
  | { readonly at: 'igw-out'; readonly igw: CIgw }
  | { readonly at: 'igw-in'; readonly igw: CIgw }
  | { readonly at: 'natgw'; readonly natgw: CNatGateway }
  | { readonly at: 'fwe'; readonly ep: CFirewallEndpoint }
  | { readonly at: 'gwlbe'; readonly ep: CGwlbEndpoint }
  | { readonly at: 'pcx'; readonly pcx: CPeering; readonly from: CVpc }
  | { readonly at: 'internet' }
  | {
      readonly at: 'done';
      readonly end: End;
      readonly disposition: 'delivered' | 'exited' | 'dropped';
      readonly code: ExplanationCode | null;
    };

/** Mutable walk context. */
interface Ctx {
  pkt: Packet;
  /** The packet still carries its sender's security-group identity (SG-7). */
  identity: boolean;
  /** The packet entered this VPC through a peering connection (NGW-8, PCX-2). */
  viaPeering: boolean;
  readonly hops: Hop[];
  readonly stateful: string[];
  readonly tables: { table: string; after: string; route: string; dst: number }[];
  readonly notes: string[];
  uncertain: boolean;
  /** Component the packet last left (for the asymmetry diagnosis). */
  lastComponent: string;
  readonly dir: 'forward' | 'return';
  /** Port choices of translating devices, keyed `ip:port` (NACL-6). */
  readonly ports: ReadonlyMap<number, PortChoice>;
  /** Build hops and notes (false: verdict only, for bulk analysis). */
  readonly record: boolean;
  /** Where a non-recording walk dropped (the recording walk has it in `hops`). */
  lastDrop?: { id: string; kind: HopKind; code: ExplanationCode } | undefined;
  /** Code of the last security-group denial. */
  lastCode?: ExplanationCode | undefined;
  readonly rewrites: Rewrite[];
}

/** Replace the packet (an address translation by `by`), remembering who did it. */
function rewrite(ctx: Ctx, by: string, kind: HopKind, p: Packet): void {
  if (p !== ctx.pkt) ctx.rewrites.push({ by, kind, packet: p });
  ctx.pkt = p;
}

function done(end: End, disposition: 'delivered' | 'exited' | 'dropped', code: ExplanationCode | null): Step {
  return { at: 'done', end, disposition, code };
}
const DROPPED: End = { kind: 'dropped' };

type HopExtra = Partial<Omit<Hop, 'id' | 'kind' | 'action' | 'packet'>> & { before?: Packet };

/**
 * Record a hop. `extra` is a thunk so that a walk that does not record (verdict only) builds no strings.
 */
function hop(ctx: Ctx, id: string, kind: HopKind, action: HopAction, extra?: () => HopExtra): void {
  if (!ctx.record) return;
  const x = extra?.();
  const before = x?.before ?? ctx.pkt;
  const h: Hop = { id, kind, action, packet: packetJson(before), ...x };
  if (x && 'before' in x) delete (h as { before?: Packet }).before;
  ctx.hops.push(h);
}

function drop(ctx: Ctx, id: string, kind: HopKind, code: ExplanationCode, extra?: () => Partial<Hop>): Step {
  if (ctx.record) hop(ctx, id, kind, 'drop', () => ({ code, ...extra?.() }));
  else ctx.lastDrop = { id, kind, code };
  return done(DROPPED, 'dropped', code);
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
  switch (origin.kind) {
    case 'instance': {
      const inst = origin.instance;
      hop(ctx, inst.id, 'instance', 'forward', () => ({
        detail: `${inst.id} sends ${formatPacket(ctx.pkt)}`,
      }));
      if (!inst.running) {
        return drop(ctx, inst.id, 'instance', 'BAD_STATE', () => ({
          detail: `instance ${inst.id} is not running`,
        }));
      }
      if (inst.os && inst.hasOs) {
        const r = osSend(inst.os, st.osOf(inst.index), ctx.pkt, ctx.record);
        osOutcome(ctx, inst.id, r);
        if (r.kind === 'drop') return done(DROPPED, 'dropped', r.code ?? 'INSTANCE_OS_DROP');
        rewrite(ctx, inst.id, 'instance', r.packet);
        if (r.kind === 'local')
          return deliverToSelf(ctx, inst.id, { kind: 'instance', instance: inst, eni: origin.eni });
        const eni = (r.outIf !== undefined ? inst.enis[r.outIf] : undefined) ?? origin.eni;
        return { at: 'eni-out', eni };
      }
      if (inst.enis.some((e) => e.addrSet.has(ctx.pkt.dst)))
        return deliverToSelf(ctx, inst.id, { kind: 'instance', instance: inst, eni: origin.eni });
      return { at: 'eni-out', eni: origin.eni };
    }
    case 'eni':
      hop(ctx, origin.eni.id, 'network-interface', 'forward', () => ({ detail: `${origin.eni.id} sends` }));
      if (origin.eni.addrSet.has(ctx.pkt.dst))
        return deliverToSelf(ctx, origin.eni.id, { kind: 'eni', eni: origin.eni });
      return { at: 'eni-out', eni: origin.eni };
    case 'internet':
      hop(ctx, 'internet', 'internet', 'forward', () => ({
        detail: `internet host ${formatIpv4(ctx.pkt.src)} sends`,
      }));
      ctx.identity = false;
      return { at: 'internet' };
    case 'client':
      // The Client VPN egress decision was made by the caller (trace.ts), which passes the translated packet.
      return { at: 'eni-out', eni: origin.eni };
    case 'service':
      hop(ctx, origin.service, 'gateway-endpoint', 'forward', () => ({
        detail: `${origin.service} replies through the gateway endpoint`,
      }));
      ctx.identity = false;
      return { at: 'local', vpc: origin.vpc, fromSubnet: null };
    case 'amazon-service':
      hop(ctx, origin.service.id, 'amazon-service', 'forward', () => ({
        owner: origin.eni.instance?.id ?? origin.eni.id,
        detail: `${origin.service.name} answers ${origin.eni.instance?.id ?? origin.eni.id} directly, inside the host (ADDR-4)`,
        refs: ['ADDR-4'],
      }));
      return { at: 'eni-in', eni: origin.eni, fromSubnet: null, platform: true };
  }
}

/**
 * A packet from an instance to a service the platform answers at a link-local or reserved address (ADDR-4): it
 * never reaches the VPC fabric, so no security group, network ACL or route table sees it.
 */
function amazonService(ctx: Ctx, eni: CEni, svc: AmazonService): Step {
  const who = eni.instance?.id ?? eni.id;
  const refused = serviceRefuses(eni.subnet.vpc, svc, ctx.pkt);
  if (refused) {
    return drop(ctx, svc.id, 'amazon-service', refused.code, () => ({
      owner: who,
      detail: refused.detail,
      refs: ['ADDR-4'],
    }));
  }
  hop(ctx, svc.id, 'amazon-service', 'deliver', () => ({
    owner: who,
    rule: `${formatIpv4(ctx.pkt.dst)}: ${svc.name}`,
    detail: `${svc.name} answers ${who} itself: the packet does not enter the VPC, so security groups, network ACLs and route tables do not apply (ADDR-4)`,
    refs: ['ADDR-4'],
  }));
  return done({ kind: 'amazon-service', eni, service: svc }, 'delivered', null);
}

/**
 * A host sending to one of its own addresses: the operating system delivers it on the loopback interface, so it
 * never reaches the network interface — no security group, network ACL or route table sees it (issue 13 §7;
 * [DERIVED] from SG-1/NACL-3/RT-1 applying only to traffic that leaves the ENI).
 */
function deliverToSelf(ctx: Ctx, id: string, end: Extract<End, { kind: 'instance' | 'eni' }>): Step {
  const dst = formatIpv4(ctx.pkt.dst);
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

function advance(c: CompiledNetwork, st: TraceState, ctx: Ctx, step: Exclude<Step, { at: 'done' }>): Step {
  switch (step.at) {
    case 'eni-out':
      return eniOut(st, ctx, step.eni);
    case 'route':
      return route(c, ctx, step.subnet, step.from);
    case 'local':
      return local(ctx, step.vpc, step.fromSubnet);
    case 'eni-in':
      return eniIn(c, st, ctx, step.eni, step.fromSubnet, step.platform === true);
    case 'igw-out':
      return igwOut(ctx, step.igw);
    case 'igw-in':
      return igwIn(c, ctx, step.igw);
    case 'natgw':
      return natGateway(st, ctx, step.natgw);
    case 'fwe':
      return firewallEndpoint(st, ctx, step.ep);
    case 'gwlbe':
      return gwlbEndpoint(st, ctx, step.ep);
    case 'pcx':
      return peering(ctx, step.pcx, step.from);
    case 'internet':
      return internet(c, ctx);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// ENIs

function eniOwner(eni: CEni): string | undefined {
  return eni.instance?.id ?? eni.clientVpn;
}

function eniOut(st: TraceState, ctx: Ctx, eni: CEni): Step {
  const p = ctx.pkt;
  const own = eni.addrSet.has(p.src);
  // ENI-1: an ENI with the check on only sends packets from its own addresses.
  if (!own) {
    if (eni.sourceDestCheck) {
      return drop(ctx, eni.id, 'network-interface', 'ENI_SOURCE_DEST_CHECK_RESTRICTION', () => ({
        owner: eniOwner(eni),
        direction: 'outbound',
        rule: 'source/destination check: enabled',
        detail: `${eni.id} has source/destination check enabled and ${formatIpv4(p.src)} is not one of its addresses (ENI-1)`,
        refs: ['ENI-1'],
      }));
    }
    hop(ctx, eni.id, 'network-interface', 'forward', () => ({
      owner: eniOwner(eni),
      direction: 'outbound',
      rule: 'source/destination check: disabled',
      detail: `${eni.id} forwards a packet from ${formatIpv4(p.src)}, not its own address: allowed because source/destination check is disabled (ENI-1)`,
      refs: ['ENI-1'],
    }));
  }
  ctx.identity = own;
  if (own) {
    const svc = amazonServiceAt(eni.subnet.vpc, p.dst);
    if (svc) return amazonService(ctx, eni, svc);
  }
  if (!sgCheck(st, ctx, eni, false)) return done(DROPPED, 'dropped', ctx.lastCode ?? 'ENI_SG_RULES_MISMATCH');
  ctx.lastComponent = eniOwner(eni) ?? eni.id;
  return { at: 'route', subnet: eni.subnet, from: ctx.lastComponent };
}

/** Security-group check at an ENI (SG-1, SG-2, SG-6, SG-7, SG-13). Returns false (with a drop hop) when denied. */
function sgCheck(st: TraceState, ctx: Ctx, eni: CEni, inbound: boolean): boolean {
  const p = ctx.pkt;
  const direction = inbound ? 'inbound' : 'outbound';
  if (
    eni.sgs.length === 0 &&
    eni.model.owner !== undefined &&
    eni.model.owner !== 'instance' &&
    eni.model.owner !== 'client-vpn'
  ) {
    return true; // SG-13: no security group on this kind of interface
  }
  const ct = st.sgOf(eni.index);
  if (ct.isReply(inbound, p)) {
    hop(ctx, eni.sgLabel, 'security-group', 'allow', () => ({
      owner: eniOwner(eni),
      direction,
      rule: 'connection tracking: reply of an allowed flow',
      detail: `${eni.id}: reply of a flow its security groups allowed ${inbound ? 'outbound' : 'inbound'} (SG-2)`,
      refs: ['SG-2', 'SG-8'],
    }));
    return true;
  }
  const d = evaluateSecurityGroups(eni.sgs, inbound, p, inbound ? ctx.identity : true);
  if (!d.allowed) {
    const lost = d.lostReference;
    const peer = formatIpv4(inbound ? p.src : p.dst);
    const code = lost
      ? 'SG_REFERENCES_NOT_PRESERVED'
      : eni.sgs.every((g) => (inbound ? g.inbound : g.outbound).length === 0)
        ? 'SG_HAS_NO_RULES'
        : 'ENI_SG_RULES_MISMATCH';
    ctx.lastCode = code;
    if (!ctx.record) ctx.lastDrop = { id: eni.sgLabel, kind: 'security-group', code };
    hop(ctx, eni.sgLabel, 'security-group', 'drop', () => ({
      owner: eniOwner(eni),
      direction,
      code,
      rule: lost ? lost.text : `no ${direction} rule matches`,
      detail: lost
        ? `${eni.id}: rule "${lost.text}" of ${lost.group} would match ${peer}, but the packet was forwarded by a middlebox or gateway, so it no longer carries its sender's security-group identity (SG-7)`
        : `${eni.id}: no ${direction} rule of ${eni.sgLabel} allows ${formatPacket(p)}${describeSgRefs(eni, inbound)}`,
      refs: lost ? ['SG-7'] : ['SG-1', 'SG-6'],
    }));
    return false;
  }
  ct.admit(inbound, p);
  const r = d.rule;
  hop(ctx, r?.group ?? eni.sgLabel, 'security-group', 'allow', () => ({
    owner: eniOwner(eni),
    direction,
    rule: r?.text,
    detail: r?.refGroup
      ? `${eni.id}: ${direction} rule "${r.text}" matches because ${formatIpv4(inbound ? p.src : p.dst)} is a private IP of an ENI in ${r.refGroup} (SG-6)`
      : `${eni.id}: ${direction} rule "${r?.text ?? ''}" of ${r?.group ?? ''} allows it`,
    refs: r?.refGroup ? ['SG-1', 'SG-6'] : ['SG-1'],
  }));
  return true;
}

function describeSgRefs(eni: CEni, inbound: boolean): string {
  const refs = eni.sgs
    .flatMap((g) => (inbound ? g.inbound : g.outbound))
    .filter((r) => r.refGroup !== undefined);
  if (refs.length === 0) return '';
  const unusable = refs.find((r) => r.refUnusable !== undefined);
  if (unusable?.refUnusable !== undefined)
    return ` — rule "${unusable.text}" of ${unusable.group} matches nothing: ${unusable.refUnusable}`;
  const names = [...new Set(refs.map((r) => r.refGroup))].join(', ');
  return ` — a security-group reference (${names}) matches only the private IPs of ENIs in that group, not other addresses (SG-6)`;
}

function eniIn(
  c: CompiledNetwork,
  st: TraceState,
  ctx: Ctx,
  eni: CEni,
  fromSubnet: CSubnet | null,
  platform = false,
): Step {
  if (!platform && crossInto(ctx, fromSubnet, eni.subnet))
    return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
  const p = ctx.pkt;
  const own = eni.addrSet.has(p.dst);
  if (!own) {
    if (eni.sourceDestCheck) {
      return drop(ctx, eni.id, 'network-interface', 'ENI_SOURCE_DEST_CHECK_RESTRICTION', () => ({
        owner: eniOwner(eni),
        direction: 'inbound',
        rule: 'source/destination check: enabled',
        detail: `${eni.id} has source/destination check enabled and drops a packet for ${formatIpv4(p.dst)}, which is not one of its addresses (ENI-1, NATI-2)`,
        refs: ['ENI-1', 'NATI-2'],
      }));
    }
    hop(ctx, eni.id, 'network-interface', 'forward', () => ({
      owner: eniOwner(eni),
      direction: 'inbound',
      rule: 'source/destination check: disabled',
      detail: `${eni.id} accepts a packet for ${formatIpv4(p.dst)}, not its own address, because source/destination check is disabled (ENI-1)`,
      refs: ['ENI-1'],
    }));
  }
  if (!platform && !sgCheck(st, ctx, eni, true))
    return done(DROPPED, 'dropped', ctx.lastCode ?? 'ENI_SG_RULES_MISMATCH');
  if (eni.clientVpn !== undefined) {
    const cvpn = c.clientVpns.get(eni.clientVpn);
    if (!cvpn) return drop(ctx, eni.id, 'client-vpn', 'UNKNOWN_DESTINATION');
    const r = clientVpnReturn(cvpn, st.cvpn, p);
    ctx.hops.push(...r.hops);
    if (!r.packet) return done(DROPPED, 'dropped', r.code ?? 'CLIENT_VPN_NO_NAT_STATE');
    rewrite(ctx, cvpn.id, 'client-vpn', r.packet);
    const client = [...c.clients.values()].find(
      (cl) => cl.endpoint === cvpn.id && clientAddr(c, cl) === r.packet?.dst,
    );
    const name = client?.id ?? formatIpv4(r.packet.dst);
    hop(ctx, `client:${name}`, 'client', 'deliver', () => ({
      detail: `delivered through the tunnel to VPN client ${name}`,
    }));
    return done({ kind: 'client', client: name, cvpn: cvpn.id }, 'delivered', null);
  }
  const inst = eni.instance;
  if (!inst) {
    hop(ctx, eni.id, 'network-interface', 'deliver', () => ({ detail: `delivered to ${eni.id}` }));
    return done({ kind: 'eni', eni }, 'delivered', null);
  }
  if (!inst.running)
    return drop(ctx, inst.id, 'instance', 'BAD_STATE', () => ({
      detail: `instance ${inst.id} is not running`,
    }));
  if (!inst.os || !inst.hasOs) {
    if (own) {
      hop(ctx, inst.id, 'instance', 'deliver', () => ({ detail: `delivered to ${inst.id} (${eni.id})` }));
      return done({ kind: 'instance', instance: inst, eni }, 'delivered', null);
    }
    return drop(ctx, inst.id, 'os', 'INSTANCE_IP_FORWARDING_DISABLED', () => ({
      rule: 'net.ipv4.ip_forward = 0 (no OS configuration given)',
      detail: `${inst.id} receives a packet for ${formatIpv4(p.dst)} but does not forward: no OS configuration enables IP forwarding (NATI-3)`,
      refs: ['NATI-3'],
    }));
  }
  const r = osReceive(inst.os, st.osOf(inst.index), Math.max(0, inst.enis.indexOf(eni)), p, ctx.record);
  osOutcome(ctx, inst.id, r);
  if (r.kind === 'drop') return done(DROPPED, 'dropped', r.code ?? 'INSTANCE_OS_DROP');
  rewrite(ctx, inst.id, 'instance', r.packet);
  if (r.kind === 'local') {
    hop(ctx, inst.id, 'instance', 'deliver', () => ({ detail: `delivered to ${inst.id} itself` }));
    return done({ kind: 'instance', instance: inst, eni }, 'delivered', null);
  }
  // compile.ts hands compileOs the ENIs in device-index order, so outIf indexes inst.enis.
  const out = inst.enis[r.outIf ?? 0] ?? eni;
  ctx.stateful.push(inst.id);
  ctx.lastComponent = inst.id;
  return { at: 'eni-out', eni: out };
}

/** Fold an OS result's hops, notes and unsupported dependencies into the walk. */
function osOutcome(ctx: Ctx, host: string, r: OsResult): void {
  if (ctx.record) ctx.hops.push(...r.hops);
  if (r.dependsOn && r.dependsOn.length > 0) {
    ctx.uncertain = true;
    ctx.notes.push(
      `${host}: the result depends on iptables options vpcsim does not evaluate: ${r.dependsOn.join(', ')}`,
    );
  }
  if (ctx.record && r.notes) ctx.notes.push(...r.notes.map((n) => `${host}: ${n}`));
}

function clientAddr(c: CompiledNetwork, cl: VpnClient): number | undefined {
  return c.clientVpns.get(cl.endpoint)?.clients.get(cl.id)?.ip;
}

// ---------------------------------------------------------------------------------------------------------------
// Subnets and routing

/**
 * Cross from one subnet into another: NACL outbound of the one left, inbound of the one entered (NACL-3).
 * `from === null` means the packet comes from outside any subnet (gateway, peering). Returns true when dropped.
 */
function crossInto(ctx: Ctx, from: CSubnet | null, to: CSubnet | null): boolean {
  if (from === to) return false;
  if (from && naclCheck(ctx, from, false)) return true;
  if (to && naclCheck(ctx, to, true)) return true;
  return false;
}

/** NACL check of one subnet in one direction. Returns true when dropped. */
function naclCheck(ctx: Ctx, subnet: CSubnet, inbound: boolean): boolean {
  const acl = subnet.nacl;
  const p = ctx.pkt;
  const rule = evaluateNacl(acl, inbound, p);
  const direction = inbound ? 'inbound' : 'outbound';
  if (!rule.allow) {
    if (!ctx.record) ctx.lastDrop = { id: acl.id, kind: 'network-acl', code: 'SUBNET_ACL_RESTRICTION' };
    hop(ctx, acl.id, 'network-acl', 'drop', () => ({
      owner: subnet.id,
      direction,
      code: 'SUBNET_ACL_RESTRICTION',
      rule: rule.text,
      detail: `${direction} rules of ${acl.id} (subnet ${subnet.id}) ${ctx.dir === 'return' ? 'deny the reply ' : 'deny '}${formatPacket(p)} (NACL-2${ctx.dir === 'return' ? ', NACL-1: stateless, the reply needs its own rule' : ''})`,
      refs: ctx.dir === 'return' ? ['NACL-1', 'NACL-2'] : ['NACL-2', 'NACL-3'],
    }));
    return true;
  }
  let detail: string | undefined;
  // NACL-6: a port a device chose from a range; does the ACL admit all of it?
  if (ctx.record && (p.proto === 6 || p.proto === 17) && ctx.dir === 'return') {
    const choice = portChoiceFor(ctx, p.dst, p.dstPort);
    if (choice) {
      const rv = naclRange(acl, inbound, p, choice.from, choice.to);
      if (rv.allowedPorts < rv.total) {
        detail = `works for some connections only: ${choice.by} may pick any port in ${choice.from}-${choice.to}, but ${acl.id} admits only ${rv.allowed.join(', ') || 'none'} of it (NACL-6)`;
        ctx.notes.push(`${acl.id} (${direction}): ${detail}`);
      }
    }
  }
  hop(ctx, acl.id, 'network-acl', 'allow', () => ({
    owner: subnet.id,
    direction,
    rule: rule.text,
    detail,
    refs: ['NACL-2'],
  }));
  return false;
}

function portChoiceFor(ctx: Ctx, ip: number, port: number): PortChoice | undefined {
  return ctx.ports.get(portKey(ip, port));
}

function route(c: CompiledNetwork, ctx: Ctx, subnet: CSubnet, from: string): Step {
  const p = ctx.pkt;
  const vpc = subnet.vpc;
  // RT-8: a destination in the same subnet is delivered at layer 2: no route table, no NACL.
  if (contains4(subnet.prefix, p.dst)) {
    const att = vpc.byIp.get(p.dst);
    if (att) return deliverAttachment(ctx, att, subnet, true);
  }
  const rt = subnet.routeTable;
  if (contains4(LINK_LOCAL, p.dst)) {
    // RT-6: 169.254.168.0/22 is never forwarded whatever covers it; the rest of 169.254.0.0/16 is link-local
    // (RFC 3927) and has no next hop beyond the host — the platform's own services are answered at the ENI (ADDR-4).
    return drop(ctx, rt.id, 'route-table', 'NO_ROUTE_TO_DESTINATION', () => ({
      owner: subnet.id,
      detail: `${formatIpv4(p.dst)} is a link-local address: the VPC router does not forward it (RT-6)`,
      refs: ['RT-6'],
    }));
  }
  const r = rt.lpm.lookup(p.dst);
  ctx.tables.push({ table: rt.id, after: from, route: r?.text ?? '', dst: p.dst });
  if (!r) {
    return drop(ctx, rt.id, 'route-table', 'NO_ROUTE_TO_DESTINATION', () => ({
      owner: subnet.id,
      detail: `route table ${rt.id} of subnet ${subnet.id} has no route for ${formatIpv4(p.dst)} (RT-1)`,
      refs: ['RT-1'],
    }));
  }
  return followRoute(c, ctx, rt, r, subnet, subnet.id, subnet.vpc);
}

function followRoute(
  c: CompiledNetwork,
  ctx: Ctx,
  rt: CRouteTable,
  r: CRoute,
  subnet: CSubnet | null,
  owner: string,
  vpc: CVpc,
): Step {
  const kind: HopKind = rt.gateway ? 'gateway-route-table' : 'route-table';
  if (r.blackhole !== null) {
    return drop(ctx, rt.id, kind, 'BAD_STATE_ROUTE', () => ({
      owner,
      rule: r.text,
      detail: `route ${r.text} in ${rt.id} is a blackhole: ${r.blackhole} (RT-7)`,
      refs: ['RT-7'],
    }));
  }
  const extra = r.shadowed ? ` (same destination, lower priority: ${r.shadowed}; RT-4)` : '';
  if (r.caveat) ctx.notes.push(`${rt.id}: route ${r.text}: ${r.caveat}`);
  hop(ctx, rt.id, kind, 'forward', () => ({
    owner,
    rule: r.text,
    detail: `longest matching route for ${formatIpv4(ctx.pkt.dst)} in ${rt.id}: ${r.text}${extra}`,
    refs:
      r.dest.len > 0 && r.target.kind !== 'local' && isMoreSpecificThanLocal(r, subnet)
        ? ['RT-1', 'RT-3']
        : ['RT-1'],
  }));
  const t = r.target;
  switch (t.kind) {
    case 'local':
      return local(ctx, vpc, subnet);
    case 'internet-gateway':
      if (crossInto(ctx, subnet, null)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
      return { at: 'igw-out', igw: t.igw };
    case 'nat-gateway':
      if (crossInto(ctx, subnet, t.natgw.subnet)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
      return { at: 'natgw', natgw: t.natgw };
    case 'network-interface':
      return { at: 'eni-in', eni: t.eni, fromSubnet: subnet };
    case 'vpc-peering':
      if (crossInto(ctx, subnet, null)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
      return { at: 'pcx', pcx: t.peering, from: vpc };
    case 'firewall-endpoint':
      if (crossInto(ctx, subnet, t.endpoint.subnet))
        return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
      return { at: 'fwe', ep: t.endpoint };
    case 'gwlb-endpoint':
      if (crossInto(ctx, subnet, t.endpoint.subnet))
        return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
      return { at: 'gwlbe', ep: t.endpoint };
    case 'gateway-endpoint': {
      if (ctx.viaPeering) {
        return drop(ctx, t.id, 'gateway-endpoint', 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', () => ({
          detail: `traffic that entered through a peering connection cannot use ${t.id} (PCX-2, VPCE-1)`,
          refs: ['PCX-2', 'VPCE-1'],
        }));
      }
      const p = ctx.pkt;
      if (!(p.proto === 6 || (p.proto === 1 && (p.icmpType === 8 || p.icmpType === 0)))) {
        return drop(ctx, t.id, 'gateway-endpoint', 'VPCE_GATEWAY_PROTOCOL_RESTRICTION', () => ({
          detail: `gateway endpoints carry only TCP and ICMP echo (VPCE-1)`,
          refs: ['VPCE-1'],
        }));
      }
      if (crossInto(ctx, subnet, null)) return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
      hop(ctx, t.id, 'gateway-endpoint', 'exit', () => ({
        detail: `leaves the VPC to ${t.service} through gateway endpoint ${t.id}`,
      }));
      return done({ kind: 'service', vpc, service: t.service, endpoint: t.id }, 'exited', null);
    }
    case 'unsupported': {
      ctx.uncertain = true;
      ctx.notes.push(
        `the path continues into ${t.targetKind} ${t.id}, which vpcsim does not model; the result depends on it`,
      );
      return drop(
        ctx,
        t.id,
        t.targetKind === 'transit-gateway' ? 'transit-gateway' : 'unsupported',
        'UNSUPPORTED_COMPONENT',
        () => ({
          detail: `${t.targetKind} ${t.id} is not modelled: vpcsim cannot follow the path further`,
          unsupported: [`${t.targetKind} ${t.id}`],
        }),
      );
    }
  }
}

function isMoreSpecificThanLocal(r: CRoute, subnet: CSubnet | null): boolean {
  return !!subnet && subnet.vpc.cidrs.some((v) => v.len < r.dest.len && contains4(v, r.dest.base));
}

/** Deliver through the VPC's local route to whatever owns the destination address. */
function local(ctx: Ctx, vpc: CVpc, fromSubnet: CSubnet | null): Step {
  const att = vpc.byIp.get(ctx.pkt.dst);
  if (!att) {
    const dst = ctx.pkt.dst;
    const reserved = vpc.subnets.find((s) => contains4(s.prefix, dst) && isReservedInSubnet(s.prefix, dst));
    return drop(ctx, vpc.id, 'route-table', 'NO_ROUTE_TO_DESTINATION', () => ({
      detail:
        dst === vpc.dnsAddress
          ? `${formatIpv4(dst)} is the Amazon DNS server of ${vpc.id}: it answers only instances of ${vpc.id} itself${ctx.viaPeering ? ', not traffic from a peered VPC (PCX-7)' : ''} (ADDR-4)`
          : reserved
            ? `${formatIpv4(dst)} is reserved by AWS in subnet ${reserved.id} (ADDR-2): nothing there answers this traffic`
            : `no network interface in ${vpc.id} has address ${formatIpv4(dst)}`,
      refs: dst === vpc.dnsAddress ? ['ADDR-4', 'PCX-7'] : reserved ? ['ADDR-2'] : undefined,
    }));
  }
  return deliverAttachment(ctx, att, fromSubnet, false);
}

function deliverAttachment(
  ctx: Ctx,
  att: NonNullable<ReturnType<CVpc['byIp']['get']>>,
  fromSubnet: CSubnet | null,
  sameSubnet: boolean,
): Step {
  if (sameSubnet && att.kind === 'eni') {
    hop(ctx, att.eni.subnet.id, 'route-table', 'forward', () => ({
      rule: 'same subnet: delivered at layer 2',
      detail: `${formatIpv4(ctx.pkt.dst)} is in the same subnet: delivered directly, no route table or network ACL applies (RT-8, NACL-3)`,
      refs: ['RT-8', 'NACL-3'],
    }));
  }
  switch (att.kind) {
    case 'eni':
      return { at: 'eni-in', eni: att.eni, fromSubnet };
    case 'nat-gateway':
      if (crossInto(ctx, fromSubnet, att.natgw.subnet))
        return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
      return { at: 'natgw', natgw: att.natgw };
    case 'firewall-endpoint':
      if (crossInto(ctx, fromSubnet, att.endpoint.subnet))
        return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
      return { at: 'fwe', ep: att.endpoint };
    case 'gwlb-endpoint':
      if (crossInto(ctx, fromSubnet, att.endpoint.subnet))
        return done(DROPPED, 'dropped', 'SUBNET_ACL_RESTRICTION');
      return { at: 'gwlbe', ep: att.endpoint };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Internet gateway

function igwOut(ctx: Ctx, igw: CIgw): Step {
  const p = ctx.pkt;
  const vpc = igw.vpc;
  if (isRfc1918(p.dst)) {
    return drop(ctx, igw.id, 'internet-gateway', 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS', () => ({
      detail: `internet gateways drop packets to private (RFC 1918) addresses such as ${formatIpv4(p.dst)} (IGW-3)`,
      refs: ['IGW-3'],
    }));
  }
  if (contains4(RFC6598, p.dst)) {
    return drop(ctx, igw.id, 'internet-gateway', 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS', () => ({
      refs: ['IGW-3'],
    }));
  }
  const att = vpc.byIp.get(p.src);
  let pub: number | null | undefined;
  let reason = '';
  if (att?.kind === 'eni') {
    pub = att.eni.publicOf.get(p.src);
    if (pub === undefined)
      reason = `${formatIpv4(p.src)} (${att.eni.instance?.id ?? att.eni.id}) has no public IPv4 or Elastic IP address`;
  } else if (att?.kind === 'nat-gateway') {
    if (!att.natgw.isPublic) {
      return drop(ctx, igw.id, 'internet-gateway', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', () => ({
        detail: `traffic from private NAT gateway ${att.natgw.id} is dropped by the internet gateway (IGW-4, NGW-1)`,
        refs: ['IGW-4', 'NGW-1'],
      }));
    }
    pub = att.natgw.publicIp;
  } else {
    reason = `${formatIpv4(p.src)} is not the address of a network interface in ${vpc.id}`;
  }
  if (pub === undefined || pub === null) {
    return drop(ctx, igw.id, 'internet-gateway', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', () => ({
      detail: `the internet gateway drops it: ${reason || 'no public address'} (IGW-3)`,
      refs: ['IGW-2', 'IGW-3'],
    }));
  }
  const before = p;
  rewrite(ctx, igw.id, 'internet-gateway', withPacket(p, { src: pub }));
  ctx.identity = false;
  hop(ctx, igw.id, 'internet-gateway', 'translate', () => ({
    before,
    after: packetJson(ctx.pkt),
    rule: `${formatIpv4(before.src)} -> ${formatIpv4(pub)}`,
    detail: `1:1 NAT: source ${formatIpv4(before.src)} becomes its public address ${formatIpv4(pub)} (IGW-2)`,
    refs: ['IGW-2'],
  }));
  ctx.lastComponent = igw.id;
  return { at: 'internet' };
}

function internet(c: CompiledNetwork, ctx: Ctx): Step {
  const p = ctx.pkt;
  const target = c.byPublicIp.get(p.dst);
  if (target) {
    if (!target.igw) {
      return drop(ctx, 'internet', 'internet', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', () => ({
        detail: `${formatIpv4(p.dst)} is a public address in a VPC without an attached internet gateway`,
      }));
    }
    return { at: 'igw-in', igw: target.igw };
  }
  const eip = c.unresolvedEips.get(p.dst);
  if (eip) {
    // Issue 13 §6: an address the input declares as an Elastic IP belongs to some interface of the account, not to
    // the internet; which one (and so the rest of the path) is unknown.
    ctx.uncertain = true;
    if (ctx.record)
      ctx.notes.push(
        `${formatIpv4(p.dst)} is Elastic IP ${eip.id}, declared by the input, but ${eip.reason}: the path beyond it is unknown`,
      );
    return drop(ctx, eip.id, 'unsupported', 'UNKNOWN_DESTINATION', () => ({
      detail: `${formatIpv4(p.dst)} is Elastic IP ${eip.id}, not an internet host; ${eip.reason}, so vpcsim cannot follow the path (IGW-2)`,
      unsupported: [`Elastic IP ${eip.id}: interface unresolved`],
      refs: ['IGW-2'],
    }));
  }
  if (contains4(LINK_LOCAL, p.dst)) {
    return drop(ctx, 'internet', 'internet', 'NO_ROUTE_TO_DESTINATION', () => ({
      detail: `${formatIpv4(p.dst)} is a link-local address (169.254.0.0/16): it is not routed on the internet`,
    }));
  }
  // A private address is not routed on the internet (IGW-3): an instance without a public IP cannot be reached.
  if (isRfc1918(p.dst) || contains4(RFC6598, p.dst)) {
    const vpc = c.vpcByAddress.lookup(p.dst);
    if (vpc?.igw) {
      return drop(ctx, vpc.igw.id, 'internet-gateway', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', () => ({
        detail: `${formatIpv4(p.dst)} is a private address in ${vpc.id} with no public IP: the internet cannot address it, and the internet gateway only admits traffic for public addresses of its VPC's network interfaces (IGW-3)`,
        refs: ['IGW-2', 'IGW-3'],
      }));
    }
    return drop(ctx, 'internet', 'internet', 'NO_ROUTE_TO_DESTINATION', () => ({
      detail: `${formatIpv4(p.dst)} is a private address: it is not routed on the internet`,
    }));
  }
  hop(ctx, 'internet', 'internet', 'exit', () => ({
    detail: `${formatIpv4(p.dst)} is on the internet, outside the modelled network`,
  }));
  return done({ kind: 'internet' }, 'exited', null);
}

function igwIn(c: CompiledNetwork, ctx: Ctx, igw: CIgw): Step {
  const p = ctx.pkt;
  if (isRfc1918(p.src)) {
    return drop(ctx, igw.id, 'internet-gateway', 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS', () => ({
      refs: ['IGW-3'],
    }));
  }
  const target = c.byPublicIp.get(p.dst);
  if (!target || target.igw !== igw) {
    return drop(ctx, igw.id, 'internet-gateway', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', () => ({
      detail: `${formatIpv4(p.dst)} is not a public address of a network interface in ${igw.vpc.id} (IGW-3)`,
      refs: ['IGW-3'],
    }));
  }
  const before = p;
  rewrite(ctx, igw.id, 'internet-gateway', withPacket(p, { dst: target.privateIp }));
  ctx.identity = false;
  hop(ctx, igw.id, 'internet-gateway', 'translate', () => ({
    before,
    after: packetJson(ctx.pkt),
    rule: `${formatIpv4(before.dst)} -> ${formatIpv4(target.privateIp)}`,
    detail: `1:1 NAT: destination ${formatIpv4(before.dst)} becomes private address ${formatIpv4(target.privateIp)} (IGW-2)`,
    refs: ['IGW-2'],
  }));
  ctx.lastComponent = igw.id;
  const rt = igw.routeTable;
  if (rt) {
    // RT-11: traffic entering through the gateway is routed by its edge-associated route table.
    const r = rt.lpm.lookup(ctx.pkt.dst);
    ctx.tables.push({ table: rt.id, after: igw.id, route: r?.text ?? '', dst: ctx.pkt.dst });
    if (!r) {
      return drop(ctx, rt.id, 'gateway-route-table', 'NO_ROUTE_TO_DESTINATION', () => ({
        owner: igw.id,
        refs: ['RT-11'],
      }));
    }
    return followRoute(c, ctx, rt, r, null, igw.id, igw.vpc);
  }
  return local(ctx, igw.vpc, null);
}

// ---------------------------------------------------------------------------------------------------------------
// NAT gateway

/** Representative translated port: the original when it is in the NAT gateway's range (NGW-2). */
function natgwPort(port: number): number {
  return port >= 1024 ? port : 1024 + port;
}

function natGateway(st: TraceState, ctx: Ctx, n: CNatGateway): Step {
  const p = ctx.pkt;
  const table = st.natgwOf(n.index);
  if (p.dst === n.privateIp) {
    const e = table.get(tupleKey(p));
    if (!e) {
      return drop(ctx, n.id, 'nat-gateway', 'NO_ROUTE_TO_DESTINATION', () => ({
        detail: `${n.id} only translates replies of connections started from inside; it cannot accept new inbound connections (NGW-3)`,
        refs: ['NGW-3'],
      }));
    }
    const before = p;
    rewrite(
      ctx,
      n.id,
      'nat-gateway',
      withPacket(p, {
        dst: e.original.src,
        dstPort: p.proto === 1 ? p.dstPort : e.original.srcPort,
        srcPort: p.proto === 1 ? e.original.srcPort : p.srcPort,
      }),
    );
    hop(ctx, n.id, 'nat-gateway', 'translate', () => ({
      before,
      after: packetJson(ctx.pkt),
      rule: `reply: ${formatIpv4(before.dst)}:${before.dstPort} -> ${formatIpv4(ctx.pkt.dst)}:${ctx.pkt.dstPort}`,
      state: `NAT table: ${formatPacket(e.original)} ⇄ ${formatPacket(e.translated)}`,
      detail: `reply translated back to the original source (NGW-2)`,
      refs: ['NGW-2'],
    }));
    ctx.identity = false;
    ctx.lastComponent = n.id;
    return { at: 'route', subnet: n.subnet, from: n.id };
  }
  if (ctx.viaPeering) {
    return drop(ctx, n.id, 'nat-gateway', 'NGW_REQUIRES_SOURCE_IN_VPC', () => ({
      detail: `${n.id} does not translate traffic that came through a VPC peering connection (NGW-8, PCX-2)`,
      refs: ['NGW-8', 'PCX-2'],
    }));
  }
  if (!(p.proto === 6 || p.proto === 17 || p.proto === 1)) {
    return drop(ctx, n.id, 'nat-gateway', 'PROTOCOL_RESTRICTION', () => ({
      detail: 'NAT gateways carry TCP, UDP and ICMP only (NGW-4)',
      refs: ['NGW-4'],
    }));
  }
  const before = p;
  const port = p.proto === 1 ? p.srcPort : natgwPort(p.srcPort);
  rewrite(ctx, n.id, 'nat-gateway', withPacket(p, { src: n.privateIp, srcPort: port }));
  table.set(tupleKey(replyOf(ctx.pkt)), { original: before, translated: ctx.pkt });
  if (ctx.record && p.proto !== 1)
    st.ports.set(portKey(n.privateIp, port), { from: 1024, to: 65535, by: `NAT gateway ${n.id}` });
  hop(ctx, n.id, 'nat-gateway', 'translate', () => ({
    before,
    after: packetJson(ctx.pkt),
    code: 'NGW_SOURCE_ADDRESS_REASSIGN',
    rule: `source ${formatIpv4(before.src)} -> ${formatIpv4(n.privateIp)}`,
    state: `NAT table: ${formatPacket(before)} ⇄ ${formatPacket(ctx.pkt)}`,
    detail:
      p.proto === 1
        ? `source becomes the NAT gateway's private address ${formatIpv4(n.privateIp)} (NGW-2)`
        : `source becomes the NAT gateway's private address ${formatIpv4(n.privateIp)}; the source port is remapped into 1024-65535 (shown: ${port}) (NGW-2, REMAP_EPHEMERAL_PORT)`,
    refs: ['NGW-2'],
  }));
  ctx.identity = false;
  ctx.lastComponent = n.id;
  return { at: 'route', subnet: n.subnet, from: n.id };
}

// ---------------------------------------------------------------------------------------------------------------
// Inspection endpoints

function firewallEndpoint(st: TraceState, ctx: Ctx, ep: CFirewallEndpoint): Step {
  const p = ctx.pkt;
  if (!ep.firewall) {
    return drop(ctx, ep.id, 'firewall-endpoint', 'UNKNOWN_RESOURCE', () => ({
      owner: ep.firewallId,
      detail: `firewall ${ep.firewallId} could not be compiled`,
    }));
  }
  const r = inspectPacket(ep.firewall, st.fwOf(ep.firewallId), p, { endpoint: ep.id, direction: ctx.dir });
  if (r.notes) ctx.notes.push(...r.notes.map((n: string) => `${ep.id}: ${n}`));
  if (r.unsupported && r.unsupported.length > 0) ctx.uncertain = true;
  ctx.stateful.push(ep.id);
  if (r.action !== 'pass') {
    hop(ctx, ep.id, 'firewall-endpoint', 'drop', () => ({
      owner: ep.firewallId,
      code: r.code ?? 'FIREWALL_RULES_RESTRICTION',
      rule: r.rule,
      detail: r.detail,
      unsupported: r.unsupported,
      state: r.state,
      refs: r.refs ?? ['NFW-5', 'NFW-8'],
    }));
    return done(DROPPED, 'dropped', r.code ?? 'FIREWALL_RULES_RESTRICTION');
  }
  hop(ctx, ep.id, 'firewall-endpoint', 'forward', () => ({
    owner: ep.firewallId,
    rule: r.rule,
    detail: r.detail,
    unsupported: r.unsupported,
    state: r.state ?? `firewall flow ${formatPacket(p)}`,
    refs: r.refs ?? ['NFW-1', 'NFW-5'],
  }));
  ctx.identity = false;
  ctx.lastComponent = ep.id;
  return { at: 'route', subnet: ep.subnet, from: ep.id };
}

function gwlbEndpoint(st: TraceState, ctx: Ctx, ep: CGwlbEndpoint): Step {
  const p = ctx.pkt;
  const flows = st.gwlbOf(ep.index);
  const key = flowKey(p);
  const known = flows.has(key);
  flows.add(key);
  ctx.stateful.push(ep.id);
  if (ep.verdict === 'drop') {
    return drop(ctx, ep.id, 'gwlb-endpoint', 'FIREWALL_RULES_RESTRICTION', () => ({
      rule: 'appliance verdict: drop (configured)',
      detail: `the appliance behind Gateway Load Balancer endpoint ${ep.id} drops it (configured verdict, GWLB-3)`,
      refs: ['GWLB-3'],
    }));
  }
  hop(ctx, ep.id, 'gwlb-endpoint', 'forward', () => ({
    rule: known ? 'same flow as an earlier packet' : 'appliance verdict: pass (default)',
    detail: `inspected by the appliance behind ${ep.id} (GWLB-1, GWLB-3; the path through the load balancer is not modelled)`,
    refs: ['GWLB-1', 'GWLB-3'],
  }));
  ctx.identity = false;
  ctx.lastComponent = ep.id;
  return { at: 'route', subnet: ep.subnet, from: ep.id };
}

// ---------------------------------------------------------------------------------------------------------------
// Peering

function peering(ctx: Ctx, pcx: CPeering, from: CVpc): Step {
  const p = ctx.pkt;
  const peer = pcx.a === from ? pcx.b : pcx.a;
  if (!peer.cidrs.some((c) => contains4(c, p.dst))) {
    return drop(ctx, pcx.id, 'vpc-peering', 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', () => ({
      rule: `${peer.id} ${peer.cidrs.map(formatPrefix).join(', ')}`,
      detail: `${formatIpv4(p.dst)} is not in ${peer.id}'s CIDR: a peering connection carries only traffic for the peer VPC itself — it is not transitive and cannot reach the peer's gateways (PCX-1, PCX-2)`,
      refs: ['PCX-1', 'PCX-2'],
    }));
  }
  hop(ctx, pcx.id, 'vpc-peering', 'forward', () => ({
    rule: `${from.id} -> ${peer.id}`,
    detail: `crosses peering connection ${pcx.id} into ${peer.id} (PCX-2: destination in the peer VPC's CIDR)`,
    refs: ['PCX-2'],
  }));
  ctx.viaPeering = true;
  ctx.lastComponent = pcx.id;
  return local(ctx, peer, null);
}
