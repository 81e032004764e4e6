/**
 * Network interfaces in the walk: a packet leaving an ENI (source/destination check ENI-1, security groups outbound,
 * then its subnet's route table) and a packet arriving at one (network ACLs when it crosses a subnet boundary,
 * source/destination check, security groups inbound, then the instance, its OS, or the Client VPN endpoint).
 */
import { formatAddr } from '../../net/addr.js';
import type { VpnClient } from '../../model/clientvpn.js';
import type { CEni, CInstance, CompiledNetwork, CSubnet } from '../compiled.js';
import type { Packet } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import { osReceive, type OsResult } from '../os/index.js';
import { clientVpnReturn } from '../clientvpn/index.js';
import { amazonServiceAt } from '../amazon-services.js';
import {
  crossInto,
  done,
  drop,
  DROPPED,
  eniOwner,
  hop,
  rewrite,
  sgCheck,
  unrecorded,
  type Ctx,
} from '../walk/context.js';
import type { Step } from '../walk/steps.js';
import { amazonService } from './amazon-service.js';
import { isRoutedReply, lbFlowOfReply } from './load-balancer-return.js';

export function eniOut(st: TraceState, ctx: Ctx, eni: CEni): Step {
  const p = ctx.pkt;
  // V6-6 [DERIVED]: an IPv6-only interface has no IPv4 address and cannot send IPv4.
  if (typeof p.dst === 'number' && eni.addrs.length === 0 && eni.addrs6.length > 0)
    return noIpv4(ctx, eni, p);
  const own = eni.addrSet.has(p.src);
  // ENI-1: an ENI with the check on only sends packets from its own addresses.
  if (!own) {
    if (eni.sourceDestCheck) return srcDstDrop(ctx, eni, p, 'outbound');
    if (ctx.record) srcDstForward(ctx, eni, p, 'outbound');
  }
  ctx.identity = own;
  if (own) {
    const svc = typeof p.dst === 'number' ? amazonServiceAt(eni.subnet.vpc, p.dst) : undefined;
    if (svc) return amazonService(ctx, eni, svc);
  }
  if (!sgCheck(st, ctx, eni, false)) return done(DROPPED, 'dropped', ctx.lastCode ?? 'ENI_SG_RULES_MISMATCH');
  ctx.lastComponent = eniOwner(eni) ?? eni.id;
  // NLB-9, ALB-1, PL-7: a reply to a flow a load-balancer node forwarded goes back to that node — straight from a
  // target in the node's VPC; from a target outside it (ELB-5), by routing to the node's address (eniIn below).
  const lbFlow = lbFlowOfReply(st, ctx);
  if (lbFlow && !isRoutedReply(lbFlow, eni)) return { at: 'lb-return', flow: lbFlow, fromSubnet: eni.subnet };
  return { at: 'route', subnet: eni.subnet, from: ctx.lastComponent };
}

/**
 * A packet arriving at an ENI. The per-packet path makes no closure (issue 19: a closure's captured variables cost
 * a context allocation on every call); the hops and drops are built in the functions below it.
 */
export function eniIn(
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
    // ENI-1, NATI-2: a packet for another address passes only with the check off.
    if (eni.sourceDestCheck) return srcDstDrop(ctx, eni, p, 'inbound');
    if (ctx.record) srcDstForward(ctx, eni, p, 'inbound');
  }
  if (!platform && !sgCheck(st, ctx, eni, true))
    return done(DROPPED, 'dropped', ctx.lastCode ?? 'ENI_SG_RULES_MISMATCH');
  if (eni.clientVpn !== undefined) return toClient(c, st, ctx, eni, eni.clientVpn);
  // B13 steps 6 and 7: a load-balancer node or an interface endpoint takes it from here.
  if (eni.lbNode) {
    // ELB-5: a reply routed back to the node's own address from a target outside its VPC.
    const flow = lbFlowOfReply(st, ctx);
    if (flow?.node === eni.lbNode) return { at: 'lb-return', flow, fromSubnet: eni.subnet, routed: true };
    return { at: 'lb', node: eni.lbNode };
  }
  if (eni.interfaceEndpoint) return { at: 'vpce', ep: eni.interfaceEndpoint };
  const inst = eni.instance;
  if (!inst) {
    if (ctx.record) delivered(ctx, eni.id, 'network-interface', `delivered to ${eni.id}`);
    return done({ kind: 'eni', eni }, 'delivered', null);
  }
  if (!inst.running) return notRunning(ctx, inst);
  if (!inst.hasOs || !inst.os) {
    if (own) {
      if (ctx.record) delivered(ctx, inst.id, 'instance', `delivered to ${inst.id} (${eni.id})`);
      return done({ kind: 'instance', instance: inst, eni }, 'delivered', null);
    }
    return noForwarding(ctx, inst, p);
  }
  const r = osReceive(inst.os, st.osOf(inst.index), Math.max(0, inst.enis.indexOf(eni)), p, ctx.record);
  osOutcome(ctx, inst.id, r);
  if (r.kind === 'drop') return done(DROPPED, 'dropped', r.code ?? 'INSTANCE_OS_DROP');
  rewrite(ctx, inst.id, 'instance', r.packet);
  if (r.kind === 'local') {
    if (ctx.record) delivered(ctx, inst.id, 'instance', `delivered to ${inst.id} itself`);
    return done({ kind: 'instance', instance: inst, eni }, 'delivered', null);
  }
  // compile.ts hands compileOs the ENIs in device-index order, so outIf indexes inst.enis.
  const out = inst.enis[r.outIf ?? 0] ?? eni;
  ctx.stateful.push(inst.id);
  ctx.lastComponent = inst.id;
  return { at: 'eni-out', eni: out };
}

/** V6-6 [DERIVED]: an IPv6-only interface (V6-1) cannot send IPv4. */
function noIpv4(ctx: Ctx, eni: CEni, p: Packet): Step {
  return drop(ctx, eni.id, 'network-interface', 'SOURCE_HAS_NO_IPV4', () => ({
    owner: eniOwner(eni),
    direction: 'outbound',
    detail: `${eni.id} has no IPv4 address (an IPv6-only interface, V6-1): it cannot send IPv4 to ${formatAddr(p.dst)}; reach IPv4 through NAT64 at 64:ff9b::/96 (V6-6)`,
    refs: ['V6-1', 'V6-6'],
  }));
}

/** ENI-1 (NATI-2 inbound): the source/destination check drops a packet that is not from (to) the ENI's own address. */
function srcDstDrop(ctx: Ctx, eni: CEni, p: Packet, direction: 'inbound' | 'outbound'): Step {
  return drop(ctx, eni.id, 'network-interface', 'ENI_SOURCE_DEST_CHECK_RESTRICTION', () => ({
    owner: eniOwner(eni),
    direction,
    rule: 'source/destination check: enabled',
    detail:
      direction === 'outbound'
        ? `${eni.id} has source/destination check enabled and ${formatAddr(p.src)} is not one of its addresses (ENI-1)`
        : `${eni.id} has source/destination check enabled and drops a packet for ${formatAddr(p.dst)}, which is not one of its addresses (ENI-1, NATI-2)`,
    refs: direction === 'outbound' ? ['ENI-1'] : ['ENI-1', 'NATI-2'],
  }));
}

/** ENI-1: with the check off the ENI forwards (accepts) a packet that is not from (for) its own address. */
function srcDstForward(ctx: Ctx, eni: CEni, p: Packet, direction: 'inbound' | 'outbound'): void {
  hop(ctx, eni.id, 'network-interface', 'forward', () => ({
    owner: eniOwner(eni),
    direction,
    rule: 'source/destination check: disabled',
    detail:
      direction === 'outbound'
        ? `${eni.id} forwards a packet from ${formatAddr(p.src)}, not its own address: allowed because source/destination check is disabled (ENI-1)`
        : `${eni.id} accepts a packet for ${formatAddr(p.dst)}, not its own address, because source/destination check is disabled (ENI-1)`,
    refs: ['ENI-1'],
  }));
}

function delivered(ctx: Ctx, id: string, kind: 'instance' | 'network-interface', detail: string): void {
  hop(ctx, id, kind, 'deliver', () => ({ detail }));
}

function notRunning(ctx: Ctx, inst: CInstance): Step {
  return drop(ctx, inst.id, 'instance', 'BAD_STATE', () => ({
    detail: `instance ${inst.id} is not running`,
  }));
}

/** NATI-3: an instance without an OS configuration does not forward. */
function noForwarding(ctx: Ctx, inst: CInstance, p: Packet): Step {
  return drop(ctx, inst.id, 'os', 'INSTANCE_IP_FORWARDING_DISABLED', () => ({
    rule: 'net.ipv4.ip_forward = 0 (no OS configuration given)',
    detail: `${inst.id} receives a packet for ${formatAddr(p.dst)} but does not forward: no OS configuration enables IP forwarding (NATI-3)`,
    refs: ['NATI-3'],
  }));
}

/** A reply reaching a Client VPN ENI: translated back and delivered through the tunnel to its client (CVPN-3). */
function toClient(c: CompiledNetwork, st: TraceState, ctx: Ctx, eni: CEni, endpoint: string): Step {
  const p = ctx.pkt;
  const cvpn = c.clientVpns.get(endpoint);
  if (!cvpn) return drop(ctx, eni.id, 'client-vpn', 'UNKNOWN_DESTINATION');
  const r = clientVpnReturn(cvpn, st.cvpn, p);
  ctx.hops.push(...r.hops);
  if (!r.packet) return done(DROPPED, 'dropped', r.code ?? 'CLIENT_VPN_NO_NAT_STATE');
  rewrite(ctx, cvpn.id, 'client-vpn', r.packet);
  const client = [...c.clients.values()].find(
    (cl) => cl.endpoint === cvpn.id && clientAddr(c, cl) === r.packet?.dst,
  );
  const name = client?.id ?? formatAddr(r.packet.dst);
  hop(ctx, `client:${name}`, 'client', 'deliver', () => ({
    detail: `delivered through the tunnel to VPN client ${name}`,
  }));
  return done({ kind: 'client', client: name, cvpn: cvpn.id }, 'delivered', null);
}

/** Fold an OS result's hops, notes and unsupported dependencies into the walk. */
export function osOutcome(ctx: Ctx, host: string, r: OsResult): void {
  if (ctx.record) ctx.hops.push(...r.hops);
  else if (r.kind === 'drop') unrecorded(ctx, host, r.dropKind ?? 'os', 'drop', r.code);
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
