/**
 * The walk context (`Ctx`) and the helpers every step of the walk uses: record a hop (`hop`), drop the packet
 * (`drop`), end the walk (`done`), translate the packet (`rewrite`), cross a subnet boundary through its network ACLs
 * (`crossInto`, NACL-3) and check an ENI's security groups (`sgCheck`, SG-1…SG-13).
 */
import type { Addr } from '../../net/addr.js';
import { formatAddr } from '../../net/addr.js';
import type { ExplanationCode } from '../../diag/codes.js';
import type { CEni, CNaclRule, CSubnet } from '../compiled.js';
import type { Hop, HopAction, HopKind } from '../hop.js';
import { evaluateNacl, naclRange } from '../network-acl.js';
import { formatPacket, packetJson, type Packet, type PacketJson } from '../packet.js';
import { evaluateSecurityGroups, type SgDecision } from '../security-group.js';
import { sgWatch } from '../sg-watch.js';
import { portKey, type PortChoice, type TraceState } from '../trace-state.js';
import type { End, Rewrite, Step } from './steps.js';

/** Mutable walk context. */
export interface Ctx {
  pkt: Packet;
  /** The packet still carries its sender's security-group identity (SG-7). */
  identity: boolean;
  /**
   * The NLB that last forwarded the packet with the client's address kept, and its security groups: a target's rule
   * referencing one of them admits it (NLB-7). Used only while the NLB is the last component the packet left.
   */
  forwardedBy?: { readonly lb: string; readonly groups: ReadonlySet<string> } | undefined;
  /** The packet entered this VPC through a peering connection (NGW-8, PCX-2). */
  viaPeering: boolean;
  readonly hops: Hop[];
  readonly stateful: string[];
  readonly tables: { table: string; after: string; route: string; dst: Addr }[];
  readonly notes: string[];
  uncertain: boolean;
  /** Component the packet last left (for the asymmetry diagnosis). */
  lastComponent: string;
  readonly dir: 'forward' | 'return';
  /** Port choices of translating devices, keyed `ip:port` (NACL-6). */
  readonly ports: ReadonlyMap<number | string, PortChoice>;
  /** Build hops and notes (false: verdict only, for bulk analysis). */
  readonly record: boolean;
  /** Where a non-recording walk dropped (the recording walk has it in `hops`). */
  lastDrop?: { id: string; kind: HopKind; code?: ExplanationCode | undefined } | undefined;
  /** A gateway route table (RT-11) routed or dropped the packet: the asymmetry diagnosis names it, recorded or not. */
  viaGatewayTable?: boolean | undefined;
  /** Code of the last security-group denial. */
  lastCode?: ExplanationCode | undefined;
  readonly rewrites: Rewrite[];
  /** The last packet put in JSON form, and that form: consecutive hops see the same packet (packets are never
   * mutated, a translation makes a new one), so it is formatted once, not once per hop. */
  jsonOf?: Packet | undefined;
  json?: PacketJson | undefined;
}

/** Replace the packet (an address translation by `by`), remembering who did it. */
export function rewrite(ctx: Ctx, by: string, kind: HopKind, p: Packet): void {
  if (p !== ctx.pkt) ctx.rewrites.push({ by, kind, packet: p });
  ctx.pkt = p;
}

export function done(
  end: End,
  disposition: 'delivered' | 'exited' | 'dropped',
  code: ExplanationCode | null,
): Step {
  return { at: 'done', end, disposition, code };
}
export const DROPPED: End = { kind: 'dropped' };

type HopExtra = Partial<Omit<Hop, 'id' | 'kind' | 'action' | 'packet'>>;

/** `p` in the JSON form of the trace contract, formatted once per distinct packet of the walk. */
export function jsonOf(ctx: Ctx, p: Packet): PacketJson {
  if (ctx.jsonOf !== p || ctx.json === undefined) {
    ctx.json = packetJson(p);
    ctx.jsonOf = p;
  }
  return ctx.json;
}

/**
 * Record a hop. `extra` is a thunk so that a walk that does not record (verdict only) builds no strings. `before`:
 * the packet as it arrived, when the hop changed it (a translation); by default the current packet.
 */
export function hop(
  ctx: Ctx,
  id: string,
  kind: HopKind,
  action: HopAction,
  extra?: () => HopExtra,
  before?: Packet,
): void {
  if (!ctx.record) {
    unrecorded(ctx, id, kind, action);
    return;
  }
  if (kind === 'gateway-route-table') ctx.viaGatewayTable = true;
  const packet = jsonOf(ctx, before ?? ctx.pkt);
  ctx.hops.push(
    extra === undefined ? { id, kind, action, packet } : { id, kind, action, packet, ...extra() },
  );
}

export function drop(
  ctx: Ctx,
  id: string,
  kind: HopKind,
  code: ExplanationCode,
  extra?: () => Partial<Hop>,
): Step {
  if (ctx.record) hop(ctx, id, kind, 'drop', () => ({ code, ...extra?.() }));
  else unrecorded(ctx, id, kind, 'drop', code);
  return done(DROPPED, 'dropped', code);
}

/** What a verdict-only walk keeps of a hop it does not build: where it dropped (`droppedAt`), and whether a gateway
 * route table decided (the asymmetry code, analysis/asymmetry.ts) — so both kinds of walk give the same answer. */
export function unrecorded(
  ctx: Ctx,
  id: string,
  kind: HopKind,
  action: HopAction,
  code?: ExplanationCode,
): void {
  if (action === 'drop') ctx.lastDrop = { id, kind, code };
  if (kind === 'gateway-route-table') ctx.viaGatewayTable = true;
}

/** The resource an ENI belongs to (its instance or Client VPN endpoint), as hops name it. */
export function eniOwner(eni: CEni): string | undefined {
  return eni.instance?.id ?? eni.clientVpn ?? eni.lbNode?.lb.id ?? eni.interfaceEndpoint?.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Network ACLs

/**
 * Cross from one subnet into another: NACL outbound of the one left, inbound of the one entered (NACL-3).
 * `from === null` means the packet comes from outside any subnet (gateway, peering). Returns true when dropped.
 */
export function crossInto(ctx: Ctx, from: CSubnet | null, to: CSubnet | null): boolean {
  if (from === to) return false;
  if (from && naclCheck(ctx, from, false)) return true;
  if (to && naclCheck(ctx, to, true)) return true;
  return false;
}

/** NACL check of one subnet in one direction (NACL-2). Returns true when dropped. The hops are built apart
 * (`naclDrop`, `naclAllow`): a verdict-only walk makes no closure and no string here (issue 19). */
export function naclCheck(ctx: Ctx, subnet: CSubnet, inbound: boolean): boolean {
  const acl = subnet.nacl;
  const rule = evaluateNacl(acl, inbound, ctx.pkt);
  if (!rule.allow) {
    if (ctx.record) naclDrop(ctx, subnet, inbound, rule);
    else ctx.lastDrop = { id: acl.id, kind: 'network-acl', code: 'SUBNET_ACL_RESTRICTION' };
    return true;
  }
  if (ctx.record) naclAllow(ctx, subnet, inbound, rule);
  return false;
}

/** The drop hop of a NACL that denies the packet (NACL-2; NACL-1 for a reply). */
function naclDrop(ctx: Ctx, subnet: CSubnet, inbound: boolean, rule: CNaclRule): void {
  const acl = subnet.nacl;
  const p = ctx.pkt;
  const direction = inbound ? 'inbound' : 'outbound';
  hop(ctx, acl.id, 'network-acl', 'drop', () => ({
    owner: subnet.id,
    direction,
    code: 'SUBNET_ACL_RESTRICTION',
    rule: rule.text,
    detail: `${direction} rules of ${acl.id} (subnet ${subnet.id}) ${ctx.dir === 'return' ? 'deny the reply ' : 'deny '}${formatPacket(p)} (NACL-2${ctx.dir === 'return' ? ', NACL-1: stateless, the reply needs its own rule' : ''})`,
    refs: ctx.dir === 'return' ? ['NACL-1', 'NACL-2'] : ['NACL-2', 'NACL-3'],
  }));
}

/** The allow hop of a NACL, with the NACL-6 note when a device chose the port from a range the ACL admits only
 * part of. */
function naclAllow(ctx: Ctx, subnet: CSubnet, inbound: boolean, rule: CNaclRule): void {
  const acl = subnet.nacl;
  const p = ctx.pkt;
  const direction = inbound ? 'inbound' : 'outbound';
  let detail: string | undefined;
  // NACL-6: a port a device chose from a range; does the ACL admit all of it?
  if ((p.proto === 6 || p.proto === 17) && ctx.dir === 'return') {
    const choice = ctx.ports.get(portKey(p.dst, p.dstPort));
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
}

// ---------------------------------------------------------------------------------------------------------------
// Security groups

/** Security-group check at an ENI (SG-1, SG-2, SG-6, SG-7, SG-13). Returns false (with a drop hop) when denied.
 * The hops are built apart (`sgReplyHop`, `sgDrop`, `sgAllowHop`): a verdict-only walk makes no closure here. */
export function sgCheck(st: TraceState, ctx: Ctx, eni: CEni, inbound: boolean): boolean {
  const p = ctx.pkt;
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
    if (ctx.record) sgReplyHop(ctx, eni, inbound);
    return true;
  }
  const watched = sgWatch.groups;
  if (watched !== undefined && eni.sgs.some((g) => watched.has(g.id))) sgWatch.hit = true;
  const via = inbound && ctx.forwardedBy?.lb === ctx.lastComponent ? ctx.forwardedBy.groups : undefined;
  const d = evaluateSecurityGroups(eni.sgs, inbound, p, inbound ? ctx.identity : true, via);
  if (!d.allowed) {
    sgDrop(ctx, eni, inbound, d.lostReference);
    return false;
  }
  ct.admit(inbound, p);
  if (ctx.record) sgAllowHop(ctx, eni, inbound, d);
  return true;
}

/** SG-2: the reply of a flow the groups admitted the other way. */
function sgReplyHop(ctx: Ctx, eni: CEni, inbound: boolean): void {
  const direction = inbound ? 'inbound' : 'outbound';
  hop(ctx, eni.sgLabel, 'security-group', 'allow', () => ({
    owner: eniOwner(eni),
    direction,
    rule: 'connection tracking: reply of an allowed flow',
    detail: `${eni.id}: reply of a flow its security groups allowed ${inbound ? 'outbound' : 'inbound'} (SG-2)`,
    refs: ['SG-2', 'SG-8'],
  }));
}

/** No rule admits the packet (SG-1, SG-6), or one would but the sender's identity was lost (SG-7). */
function sgDrop(ctx: Ctx, eni: CEni, inbound: boolean, lost: SgDecision['lostReference']): void {
  const p = ctx.pkt;
  const direction = inbound ? 'inbound' : 'outbound';
  const code = lost
    ? 'SG_REFERENCES_NOT_PRESERVED'
    : eni.sgs.every((g) => (inbound ? g.inbound : g.outbound).length === 0)
      ? 'SG_HAS_NO_RULES'
      : 'ENI_SG_RULES_MISMATCH';
  ctx.lastCode = code;
  if (!ctx.record) {
    ctx.lastDrop = { id: eni.sgLabel, kind: 'security-group', code };
    return;
  }
  const peer = formatAddr(inbound ? p.src : p.dst);
  hop(ctx, eni.sgLabel, 'security-group', 'drop', () => ({
    owner: eniOwner(eni),
    direction,
    code,
    rule: lost ? lost.text : `no ${direction} rule matches`,
    detail: lost
      ? `${eni.id}: rule "${lost.text}" of ${lost.group} would match ${peer}, but the packet was forwarded by a middlebox or gateway, so it no longer carries its sender's security-group identity (SG-7)`
      : `${eni.id}: no ${direction} rule of ${eni.sgLabel} allows ${formatPacket(p)}${describeSgRefs(eni, inbound)}${nat64Hint(p, inbound)}`,
    refs: lost ? ['SG-7'] : ['SG-1', 'SG-6'],
  }));
}

/** The rule that admitted the packet (SG-1), by reference (SG-6) or through a load balancer's group (NLB-7). */
function sgAllowHop(ctx: Ctx, eni: CEni, inbound: boolean, d: SgDecision): void {
  const p = ctx.pkt;
  const direction = inbound ? 'inbound' : 'outbound';
  const r = d.rule;
  hop(ctx, r?.group ?? eni.sgLabel, 'security-group', 'allow', () => ({
    owner: eniOwner(eni),
    direction,
    rule: r?.text,
    detail: d.viaLoadBalancer
      ? `${eni.id}: ${direction} rule "${r?.text ?? ''}" references ${r?.refGroup ?? ''}, a security group of ${ctx.forwardedBy?.lb ?? ''}, which forwarded the packet: it matches even though the client's address ${formatAddr(p.src)} is kept (NLB-7)`
      : r?.refGroup
        ? `${eni.id}: ${direction} rule "${r.text}" matches because ${formatAddr(inbound ? p.src : p.dst)} is a private IP of an ENI in ${r.refGroup} (SG-6)`
        : `${eni.id}: ${direction} rule "${r?.text ?? ''}" of ${r?.group ?? ''} allows it`,
    refs: d.viaLoadBalancer ? ['SG-1', 'NLB-7'] : r?.refGroup ? ['SG-1', 'SG-6'] : ['SG-1'],
  }));
}

/** 64:ff9b::/96 (NAT64, V6-6). */
const NAT64_HI = 0x0064ff9b_0000_0000_0000_0000n;

/** A NAT64 flow is IPv6 until the NAT gateway: its rules must be IPv6 ones (V6-6, V6-7). */
function nat64Hint(p: Packet, inbound: boolean): string {
  const peer = inbound ? p.src : p.dst;
  if (typeof peer === 'number' || peer >> 32n !== NAT64_HI) return '';
  return ` — ${formatAddr(peer)} is a NAT64 address (64:ff9b::/96): the flow is IPv6 until the NAT gateway translates it, so it needs an IPv6 rule (${inbound ? 'from' : 'to'} ::/0 or 64:ff9b::/96), not 0.0.0.0/0 (V6-6, V6-7)`;
}

/** `describeSgRefs` per ENI and direction: it reads every rule of the ENI's groups, which do not change once
 * compiled, and a bulk question (`vpcsim reach`, exposure) asks it on every denied packet. */
const sgRefText = new WeakMap<CEni, { inbound?: string; outbound?: string }>();

function describeSgRefs(eni: CEni, inbound: boolean): string {
  let known = sgRefText.get(eni);
  if (!known) {
    known = {};
    sgRefText.set(eni, known);
  }
  const cached = inbound ? known.inbound : known.outbound;
  if (cached !== undefined) return cached;
  const text = sgRefsText(eni, inbound);
  if (inbound) known.inbound = text;
  else known.outbound = text;
  return text;
}

function sgRefsText(eni: CEni, inbound: boolean): string {
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
