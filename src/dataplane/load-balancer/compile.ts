/**
 * Compile load balancers, target groups and interface endpoints (B14, B15) once, after the ENIs and instances:
 * nodes are linked to their ENIs (enis.ts), targets resolved to addresses and AZs, listeners and ALB rules sorted
 * (ALB-3), defaults applied (cross-zone ELB-2, client IP preservation NLB-3). Never throws: what cannot be resolved
 * is left out (validate/load-balancers.ts reports it with the input's positions).
 */
import { tryIpv4 } from '../../net/prefix.js';
import type { Network } from '../../model/network.js';
import {
  defaultCrossZone,
  defaultPreserveClientIp,
  type Listener,
  type LoadBalancer,
  type TargetGroup,
} from '../../model/load-balancer.js';
import type { CEni, CInstance, CSubnet, CVpc } from '../compiled.js';
import { lbNodeEniId, type ImpliedEni } from './enis.js';
import type {
  CInterfaceEndpoint,
  CLbTarget,
  CListener,
  CListenerRule,
  CLoadBalancer,
  CompiledLoadBalancing,
  CTargetGroup,
} from './types.js';

interface Index {
  readonly eniById: ReadonlyMap<string, CEni>;
  readonly instances: ReadonlyMap<string, CInstance>;
  readonly vpcs: ReadonlyMap<string, CVpc>;
  readonly subnets: ReadonlyMap<string, CSubnet>;
}

export function compileLoadBalancing(
  net: Network,
  implied: readonly ImpliedEni[],
  ix: Index,
): CompiledLoadBalancing {
  const loadBalancers = new Map<string, CLoadBalancer>();
  const targetGroups = new Map<string, CTargetGroup>();
  const lbModels = net.loadBalancers ?? [];
  for (const lb of lbModels) {
    const c = shell(lb);
    for (const n of lb.nodes) {
      const eni = ix.eniById.get(lbNodeEniId(lb.id, n.subnet));
      const ip = eni?.addrs[0];
      if (!eni || ip === undefined) continue;
      const node = { lb: c, eni, az: eni.subnet.az, ip };
      c.nodes.push(node);
      eni.lbNode = node;
    }
    loadBalancers.set(lb.id, c);
    if (lb.awsId !== undefined) loadBalancers.set(lb.awsId, c);
  }
  for (const tg of net.targetGroups ?? []) {
    const c = compileTargetGroup(tg, ix, loadBalancers);
    targetGroups.set(tg.id, c);
    if (tg.awsId !== undefined) targetGroups.set(tg.awsId, c);
  }
  for (const lb of lbModels) {
    const c = loadBalancers.get(lb.id);
    if (!c) continue;
    for (const l of lb.listeners) c.listeners.push(compileListener(lb, l, targetGroups));
    for (const id of lb.instances ?? []) {
      const t = instanceTarget(id, undefined, ix, lb.listeners[0]?.instancePort ?? 80);
      if (t) c.classicTargets.push(t);
    }
  }
  const interfaceEndpoints = new Map<string, CInterfaceEndpoint>();
  // PL-5: the endpoint names its service by id, AWS id or service name.
  const services = net.endpointServices ?? [];
  for (const ep of net.vpcEndpoints) {
    if (ep.type !== 'interface') continue;
    const svc = services.find(
      (s) => s.id === ep.service || s.awsId === ep.service || s.serviceName === ep.service,
    );
    const lbs = (svc?.loadBalancers ?? [])
      .map((id) => loadBalancers.get(id))
      .filter((x): x is CLoadBalancer => !!x);
    for (const im of implied) {
      if (im.kind !== 'interface-endpoint' || im.owner !== ep.id) continue;
      const eni = ix.eniById.get(im.eni.id);
      if (!eni) continue;
      const c: CInterfaceEndpoint = {
        id: ep.id,
        eni,
        az: eni.subnet.az,
        service: svc?.id ?? ep.service,
        lbs,
        available: svc === undefined || (ep.state ?? 'available') === 'available',
        state: ep.state ?? 'available',
      };
      eni.interfaceEndpoint = c;
      interfaceEndpoints.set(eni.id, c);
    }
  }
  return { loadBalancers, targetGroups, interfaceEndpoints };
}

function shell(lb: LoadBalancer): CLoadBalancer {
  return {
    id: lb.id,
    type: lb.type,
    scheme: lb.scheme,
    nodes: [],
    listeners: [],
    crossZone: lb.type === 'application' ? true : (lb.crossZone ?? defaultCrossZone(lb.type)),
    hasSecurityGroups: lb.type !== 'gateway' && (lb.securityGroups?.length ?? 0) > 0,
    enforceOnPrivateLink: lb.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic ?? true,
    active: (lb.state ?? 'active') === 'active',
    classicTargets: [],
  };
}

function instanceTarget(
  id: string,
  port: number | undefined,
  ix: Index,
  tgPort: number,
): CLbTarget | undefined {
  const inst = ix.instances.get(id);
  // NLB-2: an instance target is addressed by the primary private IP of its primary ENI.
  const eni = inst?.enis[0];
  const ip = eni?.addrs[0];
  if (!inst || !eni || ip === undefined) return undefined;
  return { id, ip, port: port ?? tgPort, az: eni.subnet.az, instance: inst };
}

function compileTargetGroup(
  tg: TargetGroup,
  ix: Index,
  lbs: ReadonlyMap<string, CLoadBalancer>,
): CTargetGroup {
  const port = tg.port ?? 80;
  const vpc = tg.vpc !== undefined ? ix.vpcs.get(tg.vpc) : undefined;
  const targets: CLbTarget[] = [];
  for (const t of tg.targets) {
    if (tg.targetType === 'instance') {
      const c = instanceTarget(t.id, t.port, ix, port);
      if (c) targets.push({ ...c, health: t.health });
      continue;
    }
    if (tg.targetType === 'alb') {
      const alb = lbs.get(t.id);
      const node = alb?.nodes[0];
      if (alb && node) targets.push({ id: t.id, ip: node.ip, port: t.port ?? port, az: 'all', lb: alb });
      continue;
    }
    if (tg.targetType !== 'ip') continue;
    const ip = tryIpv4(t.id);
    if (ip === null) continue;
    // ELB-3: an IP in one of the VPC's subnets is in that subnet's AZ; outside the VPC it is `all`.
    const sub = vpc?.subnets.find(
      (s) => ip >= s.prefix.base && ip - s.prefix.base < 2 ** (32 - s.prefix.len),
    );
    const az = t.availabilityZone ?? sub?.az ?? 'all';
    const att = vpc?.byIp.get(ip);
    targets.push({
      id: t.id,
      ip,
      port: t.port ?? port,
      az,
      instance: att?.kind === 'eni' ? att.eni.instance : undefined,
      health: t.health,
    });
  }
  return {
    id: tg.id,
    type: tg.targetType,
    protocol: tg.protocol,
    port,
    targets,
    preserveClientIp: tg.preserveClientIp ?? defaultPreserveClientIp(tg),
    preserveExplicit: tg.preserveClientIp !== undefined,
    crossZone: tg.crossZone,
  };
}

function compileListener(lb: LoadBalancer, l: Listener, tgs: ReadonlyMap<string, CTargetGroup>): CListener {
  const text = `${l.protocol}${l.port !== undefined ? `:${l.port}` : ''}`;
  const group = (id: string): CTargetGroup[] => {
    const g = tgs.get(id);
    return g ? [g] : [];
  };
  const rules: CListenerRule[] = [];
  const sorted = [...(l.rules ?? [])].sort((a, b) => (a.priority ?? 1e9) - (b.priority ?? 1e9));
  for (const r of sorted) {
    const conds = [
      ...(r.hosts && r.hosts.length > 0 ? [`host ${r.hosts.join(',')}`] : []),
      ...(r.paths && r.paths.length > 0 ? [`path ${r.paths.join(',')}`] : []),
      ...(r.otherConditions ?? []),
    ];
    // ALB-3: a weighted forward keeps each group's weight beside it (1 when the input gives none).
    const pairs = r.targetGroups.flatMap((id, i) => group(id).map((g) => ({ g, w: r.weights?.[i] ?? 1 })));
    const fwd = r.targetGroups
      .map((id, i) => (r.weights !== undefined ? `${id} (weight ${r.weights[i] ?? 1})` : id))
      .join(', ');
    rules.push({
      priority: r.priority,
      hosts: r.hosts ?? [],
      paths: r.paths ?? [],
      other: r.otherConditions ?? [],
      action: r.action,
      groups: pairs.map((x) => x.g),
      weights: pairs.map((x) => x.w),
      text: `${r.priority !== undefined ? `rule ${r.priority}` : 'rule'}${conds.length > 0 ? `: ${conds.join(' and ')}` : ''} → ${r.action === 'forward' ? `forward ${fwd}` : r.action}`,
    });
  }
  // The default action: a forward to the listener's group (NLB, GWLB, ALB default rule) or something else (ALB-3).
  if (l.targetGroup !== undefined || l.defaultAction !== undefined || lb.type !== 'classic') {
    const action = l.targetGroup !== undefined ? 'forward' : (l.defaultAction ?? 'forward');
    rules.push({
      priority: undefined,
      hosts: [],
      paths: [],
      other: [],
      action,
      groups: l.targetGroup !== undefined ? group(l.targetGroup) : [],
      weights: l.targetGroup !== undefined ? group(l.targetGroup).map(() => 1) : [],
      text: `default → ${action === 'forward' ? `forward ${l.targetGroup ?? '(none)'}` : action}`,
    });
  }
  return { protocol: l.protocol, port: l.port, rules, instancePort: l.instancePort, text };
}
