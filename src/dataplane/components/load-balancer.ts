/**
 * A load-balancer node in the walk (aws-semantics.md B13 step 6, B14): the packet reached the node's ENI (network
 * ACL and the load balancer's security groups already applied by eni.ts, NLB-7, ALB-2) or came through a consumer's
 * interface endpoint (PL-7). The listener that takes it (NLB-2, ALB-3, CLB-1) → the target group its rule picks →
 * a target the node may use (ELB-1, ELB-2) → the destination rewritten to the target, the source kept (NLB-3) or
 * the node's own address (NLB-4, ALB-1, PL-6) → the node's security groups outbound → the node subnet's route table
 * (local, or ELB-5). The flow is remembered so the target's reply comes back through the same node (NLB-9).
 */
import type { ExplanationCode } from '../../diag/codes.js';
import { formatAddr } from '../../net/addr.js';
import type { CompiledNetwork } from '../compiled.js';
import { formatPacket, replyOf, tupleKey, withPacket, type Packet } from '../packet.js';
import { portKey, type TraceState } from '../trace-state.js';
import type { LbFlow } from '../load-balancer/flows.js';
import { matchListener, selectRule } from '../load-balancer/listener.js';
import { crossZoneFor, eligibleTargets, remappedPort, sourceSeenByTarget } from '../load-balancer/targets.js';
import type { CLbNode, CLbTarget, CListener, CTargetGroup } from '../load-balancer/types.js';
import { done, drop, DROPPED, hop, rewrite, sgCheck, type Ctx, jsonOf } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

const KIND_NAME = {
  network: 'Network Load Balancer',
  application: 'Application Load Balancer',
  classic: 'Classic Load Balancer',
  gateway: 'Gateway Load Balancer',
} as const;

/** A target group a flow may go to, with its targets. */
interface GroupChoice {
  readonly tg: CTargetGroup | undefined;
  readonly targets: readonly CLbTarget[];
}

/**
 * What the listener's rule picked: the group the trace follows, and the other groups of a weighted forward that may
 * receive the flow too (weight > 0, with targets; ALB-3) — or why no group.
 */
type Pick =
  | (GroupChoice & { readonly ok: true; readonly rule: string; readonly others: readonly GroupChoice[] })
  | { readonly ok: false; readonly step: Step };

function pickGroup(ctx: Ctx, node: CLbNode, l: CListener): Pick {
  const lb = node.lb;
  if (lb.type === 'classic')
    return {
      ok: true,
      tg: undefined,
      targets: lb.classicTargets.map((t) => ({ ...t, port: l.instancePort ?? t.port })),
      rule: `listener ${l.text} → instance port ${l.instancePort ?? '?'}`,
      others: [],
    };
  const choice = selectRule(l, ctx.pkt.host, ctx.pkt.path);
  if (ctx.record && choice.unevaluated.length > 0)
    ctx.notes.push(
      `${lb.id}: rules not evaluated (the flow carries no value for their condition, or vpcsim does not evaluate it): ${choice.unevaluated.join('; ')} — give --host / --path to evaluate host and path rules (ALB-3)`,
    );
  const r = choice.rule;
  if (!r)
    return {
      ok: false,
      step: lbDrop(ctx, node, 'ELBV2_LISTENERS_MISMATCH', `no rule of listener ${l.text} applies`, ['ALB-3']),
    };
  const text = `listener ${l.text}: ${r.text}`;
  if (r.action !== 'forward')
    return {
      ok: false,
      step: lbDrop(
        ctx,
        node,
        'ELBV2_LISTENER_REQUIRES_TG_ACCEPT',
        `${text}: a ${r.action} action never reaches a target (ALB-3)`,
        ['ALB-3'],
        text,
      ),
    };
  // ALB-3: a weighted forward sends each request to one group by weight; a group of weight 0 receives none.
  const live = r.groups.filter((_g, i) => (r.weights[i] ?? 1) > 0);
  const usable = live.filter((g) => g.targets.length > 0);
  const tg = usable[0];
  if (!tg)
    return {
      ok: false,
      step: lbDrop(
        ctx,
        node,
        'ELBV2_LISTENER_HAS_NO_TG',
        `${text}: target group ${r.groups.map((g) => g.id).join(', ') || '(unknown)'} has no registered targets${live.length < r.groups.length ? ' or weight 0' : ''} (ALB-3)`,
        ['ALB-3'],
        text,
      ),
    };
  if (ctx.record && r.groups.length > 1) {
    const zero = r.groups.filter((g) => !live.includes(g)).map((g) => g.id);
    ctx.notes.push(
      `${lb.id}: ${text} is a weighted forward: AWS sends each request to one of ${live.map((g) => g.id).join(', ')} by weight, so a flow may go to any of them; the trace follows ${tg.id} (the first with weight > 0 and targets) and the per-target report covers the targets of every group that may receive it${zero.length > 0 ? `; ${zero.join(', ')} receive${zero.length === 1 ? 's' : ''} nothing (weight 0)` : ''} (ALB-3)`,
    );
  }
  return {
    ok: true,
    tg,
    targets: tg.targets,
    rule: text,
    others: usable.slice(1).map((g) => ({ tg: g, targets: g.targets })),
  };
}

/** A target the node may use, with its group; and the targets it may not, with the reason (ELB-1, ELB-2). */
interface Candidates {
  readonly cands: readonly { readonly t: CLbTarget; readonly tg: CTargetGroup | undefined }[];
  readonly excluded: readonly { readonly target: string; readonly reason: string }[];
}

function candidates(node: CLbNode, groups: readonly GroupChoice[]): Candidates {
  const lb = node.lb;
  const cands: { t: CLbTarget; tg: CTargetGroup | undefined }[] = [];
  const excluded: { target: string; reason: string }[] = [];
  for (const g of groups) {
    const e = eligibleTargets(node, g.targets, crossZoneFor(lb, g.tg));
    cands.push(...e.targets.map((t) => ({ t, tg: g.tg })));
    for (const t of e.otherAz)
      excluded.push({
        target: t.id,
        reason: `in ${t.az}, and cross-zone load balancing is off (ELB-2: ELB_NOT_CROSSZONE)`,
      });
    for (const t of e.noNode)
      excluded.push({
        target: t.id,
        reason: `in ${t.az}, where ${lb.id} has no node (ELB-1: ELB_INSTALLED_AZ_RESTRICTION)`,
      });
  }
  return { cands, excluded };
}

function lbDrop(
  ctx: Ctx,
  node: CLbNode,
  code: ExplanationCode,
  detail: string,
  refs: readonly string[],
  rule?: string,
): Step {
  return drop(ctx, node.lb.id, 'load-balancer', code, () => ({ owner: node.eni.id, rule, detail, refs }));
}

/** Forward a packet that reached a node of `node.lb`. */
export function loadBalancerNode(
  _c: CompiledNetwork,
  st: TraceState,
  ctx: Ctx,
  node: CLbNode,
  endpoint: LbFlow['endpoint'],
): Step {
  const lb = node.lb;
  const p = ctx.pkt;
  if (!lb.active) return lbDrop(ctx, node, 'BAD_STATE', `${lb.id} is not active`, ['ELB-1']);
  const l = matchListener(lb, p.proto, p.dstPort);
  if (!l) {
    const code = lb.type === 'classic' ? 'ELB_LISTENERS_MISMATCH' : 'ELBV2_LISTENERS_MISMATCH';
    const have = lb.listeners.map((x) => x.text).join(', ') || 'none';
    return lbDrop(
      ctx,
      node,
      code,
      `no listener of ${lb.id} takes ${formatPacket(p)} (listeners: ${have}) (NLB-2, ALB-3, CLB-1)`,
      ['NLB-2', 'ALB-3'],
    );
  }
  const g = pickGroup(ctx, node, l);
  if (!g.ok) return g.step;
  hop(ctx, lb.id, 'load-balancer', 'forward', () => ({
    owner: node.eni.id,
    rule: g.rule,
    detail: `${KIND_NAME[lb.type]} ${lb.id}, node in ${node.az} (${formatAddr(node.ip)}): ${g.rule}`,
    refs: lb.type === 'application' ? ['ALB-3'] : lb.type === 'classic' ? ['CLB-1'] : ['NLB-2'],
  }));
  const { cands, excluded } = candidates(node, [g, ...g.others]);
  const firstCand = cands[0];
  if (firstCand === undefined) {
    const groups = [g, ...g.others].map((x) => x.tg?.id ?? lb.id).join(', ');
    return drop(ctx, lb.id, 'load-balancer', 'ELBV2_NO_TARGETS_IN_AZ', () => ({
      owner: node.eni.id,
      rule: `${groups}: no target in ${node.az}`,
      detail: `the ${node.az} node of ${lb.id} has no target of ${groups} it may use: ${excluded.map((x) => `${x.target} is ${x.reason}`).join('; ') || 'the group has no targets'} (ELB-1, ELB-2)`,
      refs: ['ELB-1', 'ELB-2'],
    }));
  }
  const forced =
    st.lbForce !== undefined && st.lbDecision === undefined
      ? cands.find((x) => x.t.id === st.lbForce)
      : undefined;
  const { t, tg } = forced ?? firstCand;
  const group = tg?.id ?? lb.id;
  const src = sourceSeenByTarget(lb, tg, endpoint !== undefined);
  if (st.lbDecision === undefined)
    st.lbDecision = {
      lb: lb.id,
      node: node.eni.id,
      eligible: cands.map((x) => x.t.id),
      picked: t.id,
      excluded,
      preserved: src.kind === 'client',
    };
  const inGroup = cands.filter((x) => x.tg === tg).map((x) => x.t.id);
  const crossZone = crossZoneFor(lb, tg);
  hop(ctx, group, 'target-group', 'forward', () => ({
    owner: lb.id,
    rule: `${t.id} ${formatAddr(t.ip)}:${t.port} (${t.az})`,
    detail: `${group}: the ${node.az} node picks ${t.id}${inGroup.length > 1 ? ` (one of ${inGroup.join(', ')}; cross-zone ${crossZone ? 'on' : 'off'})` : ` (cross-zone ${crossZone ? 'on' : 'off'})`}${excluded.length > 0 ? `; not ${excluded.map((x) => x.target).join(', ')}` : ''} (ELB-1, ELB-2)`,
    refs: ['ELB-1', 'ELB-2'],
  }));
  if (t.az === 'all' && t.lb === undefined && t.instance === undefined && ctx.record)
    ctx.notes.push(
      `${group}: target ${t.id} is outside the VPC; the node reaches it through its own subnet's route table (ELB-3, ELB-5)`,
    );
  return forwardToTarget(st, ctx, node, t, src, endpoint);
}

function forwardToTarget(
  st: TraceState,
  ctx: Ctx,
  node: CLbNode,
  t: CLbTarget,
  src: ReturnType<typeof sourceSeenByTarget>,
  endpoint: LbFlow['endpoint'],
): Step {
  const lb = node.lb;
  const before = ctx.pkt;
  if (src.kind === 'client' && t.ip === before.src) {
    // NLB-6: the target sees a packet from itself and never completes the connection.
    return drop(ctx, lb.id, 'load-balancer', 'NLB_LOOPBACK', () => ({
      owner: node.eni.id,
      rule: `${t.id} ${formatAddr(t.ip)} is the client`,
      detail: `${lb.id} picks ${t.id}, which is also the client; with client IP preservation on the packet arrives with source = destination = ${formatAddr(t.ip)} and the connection times out (NLB-6). Fixes: turn preservation off, or register the target by IP`,
      refs: ['NLB-6', 'NLB-3'],
    }));
  }
  const after: Packet =
    src.kind === 'client'
      ? withPacket(before, { dst: t.ip, dstPort: t.port })
      : withPacket(before, {
          src: node.ip,
          srcPort: remappedPort(before.srcPort),
          dst: t.ip,
          dstPort: t.port,
        });
  rewrite(ctx, lb.id, 'load-balancer', after);
  if (src.kind === 'node' && ctx.record && (after.proto === 6 || after.proto === 17))
    st.ports.set(portKey(after.src, after.srcPort), { from: 1024, to: 65535, by: `load balancer ${lb.id}` });
  const code: ExplanationCode =
    src.kind === 'client' ? 'ELBV2_SOURCE_ADDRESS_PRESERVATION' : 'REMAP_EPHEMERAL_PORT';
  hop(
    ctx,
    lb.id,
    'load-balancer',
    'translate',
    () => ({
      owner: node.eni.id,
      after: jsonOf(ctx, after),
      code,
      rule: `${formatAddr(before.dst)}:${before.dstPort} -> ${formatAddr(after.dst)}:${after.dstPort}${src.kind === 'node' ? `, source -> ${formatAddr(after.src)}` : ''}`,
      detail: `destination rewritten to ${t.id} (NLB-2); ${src.reason}`,
      refs: ['NLB-2', ...src.refs],
    }),
    before,
  );
  st.lbFlows.set(tupleKey(replyOf(after)), { node, before, after, endpoint });
  ctx.stateful.push(lb.id);
  // The packet now comes from the node's ENI: its own address carries the node's security groups (SG-6, NLB-7);
  // a preserved client address carries no group identity the target could reference (NLB-5).
  ctx.identity = src.kind === 'node';
  // NLB-7: with security groups on the NLB, a target's rule referencing one of them admits the forwarded packet even
  // with the client's address kept.
  ctx.forwardedBy =
    src.kind === 'client' && lb.hasSecurityGroups
      ? { lb: lb.id, groups: new Set(node.eni.sgs.map((g) => g.id)) }
      : undefined;
  if (!sgCheck(st, ctx, node.eni, false))
    return done(DROPPED, 'dropped', ctx.lastCode ?? 'ENI_SG_RULES_MISMATCH');
  ctx.identity = src.kind === 'node';
  ctx.lastComponent = lb.id;
  return { at: 'route', subnet: node.eni.subnet, from: lb.id };
}
