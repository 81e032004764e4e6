/**
 * Native load balancers, target groups, interface-endpoint details and endpoint services → model/load-balancer.ts
 * and model/endpoint-service.ts (aws-semantics.md B14, B15). Called by convert.ts with its name resolver, so every
 * reference to a subnet, security group, instance, target group or load balancer is checked with its position.
 */
import { forwardTargets } from '../build/weighted-forward.js';
import { error, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type { EndpointService } from '../../model/endpoint-service.js';
import type {
  Listener,
  ListenerProtocol,
  ListenerRule,
  LoadBalancer,
  LoadBalancerNode,
  Target,
  TargetGroup,
} from '../../model/load-balancer.js';
import type { NativeLoadBalancer } from './schema-load-balancers.js';
import type { NativeContext, VpcScope } from './context.js';
import { obj, type Kind } from './names.js';
import type { SpanIndex } from './yaml-source.js';

/** What the mapping needs: reference checks by kind, the builder, and the document's positions. */
interface LbConvertContext {
  readonly spans: SpanIndex;
  readonly diags: Diagnostic[];
  /** Check a reference to a name of one of `kinds`; reports and returns false when it does not resolve. */
  ref(nm: string, kinds: readonly Kind[], at: Span | undefined, what: string): boolean;
}

function lbContext(c: NativeContext): LbConvertContext {
  return {
    spans: c.spans,
    diags: c.b.diags,
    ref: (nm, kinds, at, what) => c.names.ref(nm, kinds, at, what) !== undefined,
  };
}
const list = (v: string | readonly string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : [...v];

const PROTOCOLS: readonly ListenerProtocol[] = [
  'TCP',
  'TLS',
  'UDP',
  'TCP_UDP',
  'QUIC',
  'TCP_QUIC',
  'HTTP',
  'HTTPS',
  'SSL',
  'GENEVE',
];

/** `TCP:443 -> tg-web`, `GENEVE -> tg-fw`, `TCP:80 -> 8080` (Classic: instance port). */
function listenerOfText(
  text: string,
  at: Span | undefined,
  lb: string,
  ctx: LbConvertContext,
): Listener | undefined {
  const m = /^\s*([A-Za-z_]+)(?::(\d+))?\s*(?:->\s*(\S+))?\s*$/.exec(text);
  const proto = m?.[1]?.toUpperCase() as ListenerProtocol | undefined;
  if (!m || proto === undefined || !PROTOCOLS.includes(proto)) {
    ctx.diags.push(
      error(
        'LISTENER_SYNTAX',
        `listener "${text}" of ${lb}: expected "PROTOCOL:PORT -> target-group" (e.g. "TCP:443 -> tg-web")`,
        at,
        { resource: lb },
      ),
    );
    return undefined;
  }
  const port = m[2] !== undefined ? Number(m[2]) : undefined;
  const to = m[3];
  if (to !== undefined && /^\d+$/.test(to))
    return { protocol: proto, port, instancePort: Number(to), instanceProtocol: proto, span: at };
  return { protocol: proto, port, targetGroup: to, span: at };
}

function convertListener(
  l: NonNullable<NativeLoadBalancer['listeners']>[number],
  at: Span | undefined,
  lb: string,
  ctx: LbConvertContext,
): Listener | undefined {
  const out = typeof l === 'string' ? listenerOfText(l, at, lb, ctx) : undefined;
  if (typeof l === 'string') {
    if (out?.targetGroup !== undefined) ctx.ref(out.targetGroup, ['target-group'], at, 'target group');
    return out;
  }
  if (l.targetGroup !== undefined) ctx.ref(l.targetGroup, ['target-group'], at, 'target group');
  const rules: ListenerRule[] = (l.rules ?? []).map((r) => {
    // ALB-3: `forward: { tg-a: 80, tg-b: 20 }` is a weighted forward.
    const f = r.forward;
    const fwd =
      f === undefined || typeof f === 'string' || Array.isArray(f)
        ? forwardTargets(
            undefined,
            list(f as string | readonly string[] | undefined).map((id) => ({ id })),
          )
        : forwardTargets(
            undefined,
            Object.entries(f).map(([id, weight]) => ({ id, weight })),
          );
    for (const g of fwd.targetGroups) ctx.ref(g, ['target-group'], at, 'target group');
    return {
      priority: r.priority,
      hosts: list(r.host),
      paths: list(r.path),
      otherConditions: r.conditions,
      action: r.action ?? (fwd.targetGroups.length > 0 ? 'forward' : 'fixed-response'),
      ...fwd,
    };
  });
  return {
    id: l.id,
    protocol: l.protocol,
    port: l.port,
    targetGroup: l.targetGroup,
    defaultAction: l.defaultAction,
    rules: rules.length > 0 ? rules : undefined,
    instancePort: l.instancePort,
    instanceProtocol: l.instanceProtocol,
    span: at,
  };
}

/** The load balancers and target groups written in one VPC. */
export function mapLoadBalancing(c: NativeContext, scope: VpcScope): void {
  const ctx = lbContext(c);
  const vpcName = scope.name;
  const lbs = scope.v.loadBalancers;
  const tgs = scope.v.targetGroups;
  const rawVpc = scope.raw;
  const { spans } = ctx;
  const rLbs = obj(rawVpc.loadBalancers);
  for (const [lbName, lb] of Object.entries(lbs ?? {})) {
    const rl = obj(rLbs[lbName]);
    const at = spans.keySpan(rLbs, lbName);
    const nodes: LoadBalancerNode[] = [];
    const rNodes = obj(rl.nodes);
    for (const [sub, n] of Object.entries(lb.nodes ?? {})) {
      ctx.ref(sub, ['subnet'], spans.keySpan(rNodes, sub), 'subnet');
      nodes.push(
        typeof n === 'string'
          ? { subnet: sub, privateIp: n }
          : { subnet: sub, privateIp: n.ip, publicIp: n.publicIp },
      );
    }
    for (const sub of lb.subnets ?? []) {
      if (nodes.some((n) => n.subnet === sub)) continue;
      ctx.ref(sub, ['subnet'], spans.valueSpan(rl, 'subnets'), 'subnet');
      nodes.push({ subnet: sub });
    }
    for (const g of lb.securityGroups ?? [])
      ctx.ref(g, ['security-group'], spans.valueSpan(rl, 'securityGroups'), 'security group');
    for (const i of lb.instances ?? [])
      ctx.ref(i, ['instance'], spans.valueSpan(rl, 'instances'), 'instance');
    const rListeners = obj(rl.listeners);
    const listeners = (lb.listeners ?? []).flatMap((l, i) => {
      const c = convertListener(l, spans.valueSpan(rListeners, i) ?? at, lbName, ctx);
      return c ? [c] : [];
    });
    const model: LoadBalancer = {
      id: lbName,
      awsId: lb.id,
      vpc: vpcName,
      type: lb.type,
      scheme: lb.scheme ?? 'internet-facing',
      nodes,
      securityGroups: lb.securityGroups,
      crossZone: lb.crossZone,
      listeners,
      instances: lb.instances,
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic:
        lb.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic,
      state: lb.state,
      span: at,
      assumed: nodes.some((n) => n.privateIp === undefined) ? ['nodes'] : undefined,
    };
    c.b.add('loadBalancers', model);
  }
  const rTgs = obj(rawVpc.targetGroups);
  for (const [tgName, tg] of Object.entries(tgs ?? {})) {
    const rt = obj(rTgs[tgName]);
    const rTargets = obj(rt.targets);
    const type = tg.type ?? 'instance';
    const targets: Target[] = (tg.targets ?? []).map((t, i) => {
      const at = spans.valueSpan(rTargets, i);
      const x = typeof t === 'string' ? { id: t } : t;
      if (type === 'instance') ctx.ref(x.id, ['instance'], at, 'instance target');
      if (type === 'alb') ctx.ref(x.id, ['load-balancer'], at, 'alb target');
      return { id: x.id, port: x.port, availabilityZone: x.availabilityZone, health: x.health, span: at };
    });
    const model: TargetGroup = {
      id: tgName,
      awsId: tg.id,
      vpc: vpcName,
      targetType: type,
      protocol: tg.protocol,
      port: tg.port,
      targets,
      preserveClientIp: tg.preserveClientIp,
      crossZone: tg.crossZone,
      span: spans.keySpan(rTgs, tgName),
    };
    c.b.add('targetGroups', model);
  }
}

/** Top-level endpoint services (PL-5). */
export function mapEndpointServices(c: NativeContext): void {
  const ctx = lbContext(c);
  const services = c.doc.endpointServices;
  const rawRoot = c.raw;
  const rs = obj(rawRoot.endpointServices);
  for (const [sName, s] of Object.entries(services ?? {})) {
    const at = spans(ctx).keySpan(rs, sName);
    for (const lb of s.loadBalancers)
      ctx.ref(lb, ['load-balancer'], spans(ctx).valueSpan(obj(rs[sName]), 'loadBalancers'), 'load balancer');
    const model: EndpointService = {
      id: sName,
      awsId: s.id,
      loadBalancers: s.loadBalancers,
      serviceName: s.serviceName,
      acceptanceRequired: s.acceptanceRequired,
      allowedPrincipals: s.allowedPrincipals,
      span: at,
    };
    c.b.add('endpointServices', model);
  }
}

const spans = (ctx: LbConvertContext): SpanIndex => ctx.spans;
