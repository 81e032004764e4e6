/**
 * describe-* mappers of Elastic Load Balancing and PrivateLink endpoint services (aws-semantics.md B14, B15):
 * `aws elbv2 describe-load-balancers` (LoadBalancers), `describe-listeners` (Listeners), `describe-rules` (Rules),
 * `describe-target-groups` (TargetGroups), `describe-target-health` (TargetHealthDescriptions: the targets, their
 * health shown and never used), `aws elb describe-load-balancers` (LoadBalancerDescriptions, Classic) and
 * `aws ec2 describe-vpc-endpoint-service-configurations` (ServiceConfigurations, the provider's side).
 *
 * Ids are AWS ids: a load balancer, listener or target group is its ARN, named by its `LoadBalancerName` /
 * `TargetGroupName`. A node's private address is that of the ENI AWS created for it in the subnet
 * (describe-network-interfaces, Description `ELB net/<name>/<id>`, `ELB app/…`, `ELB gwy/…`, `ELB <name>` for a
 * Classic LB), its public address the ENI's association or the node's Elastic IP; without the ENI, the subnet's
 * first free address is assumed. Rules name no listener: their ARN does (`listener-rule/…/<rule>` → `listener/…`).
 * A describe-target-health output names no target group: the file does (`describe-target-health-<id or name>.json`,
 * as `vpcsim pull` writes it).
 */
import type {
  LoadBalancerNode,
  LoadBalancerType,
  ListenerProtocol,
  ListenerRule,
  TargetType,
} from '../../model/load-balancer.js';
import type { DescribeContext, DescribeRecord } from './context.js';
import { bool, num, obj, objs, str, strs, type JsonObject } from '../json-source.js';
import { forwardTargets } from '../build/weighted-forward.js';

const protocolOf = (s: string | undefined): ListenerProtocol | undefined =>
  s === undefined ? undefined : (s.toUpperCase() as ListenerProtocol);

/** `ELB net/name/id` (v2, from the ARN's `loadbalancer/…` part) or `ELB name` (Classic). */
function eniDescription(arnOrName: string): string {
  const i = arnOrName.indexOf(':loadbalancer/');
  return `ELB ${i >= 0 ? arnOrName.slice(i + ':loadbalancer/'.length) : arnOrName}`;
}

/** The ENIs AWS made for load-balancer nodes, by `<description>@<subnet>`. */
function nodeEnis(c: DescribeContext): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const r of c.recs('NetworkInterfaces')) {
    const d = str(r.item, 'Description') ?? '';
    const s = str(r.item, 'SubnetId');
    if (d.startsWith('ELB ') && s !== undefined) out.set(`${d}@${s}`, r.item);
  }
  return out;
}

/** ELB-1: a node per subnet with the address of its ENI (else assumed) and its public address when internet-facing. */
function nodesOf(
  enis: ReadonlyMap<string, JsonObject>,
  desc: string,
  subnets: readonly { subnet: string; publicIp?: string | undefined; privateIp?: string | undefined }[],
  internetFacing: boolean,
): { nodes: LoadBalancerNode[]; assumed: boolean } {
  let assumed = false;
  const nodes = subnets.map((s) => {
    const eni = enis.get(`${desc}@${s.subnet}`);
    const privateIp = s.privateIp ?? str(eni, 'PrivateIpAddress');
    const publicIp = internetFacing ? (s.publicIp ?? str(obj(eni, 'Association'), 'PublicIp')) : undefined;
    if (privateIp === undefined || (internetFacing && publicIp === undefined)) assumed = true;
    return { subnet: s.subnet, privateIp, publicIp };
  });
  return { nodes, assumed };
}

export function mapLoadBalancers(c: DescribeContext): void {
  const enis = nodeEnis(c);
  for (const r of c.recs('LoadBalancers')) {
    const arn = str(r.item, 'LoadBalancerArn');
    if (!arn) {
      c.missing(r, 'LoadBalancers', 'LoadBalancerArn');
      continue;
    }
    if (!c.unique(arn)) continue;
    const t = (str(r.item, 'Type') ?? 'application').toLowerCase();
    const type: LoadBalancerType = t === 'network' || t === 'gateway' ? t : 'application';
    const scheme =
      str(r.item, 'Scheme') === 'internal' || type === 'gateway' ? 'internal' : 'internet-facing';
    const subnets = objs(r.item, 'AvailabilityZones').flatMap((z) => {
      const subnet = str(z, 'SubnetId');
      if (subnet === undefined) return [];
      const addr = objs(z, 'LoadBalancerAddresses')[0];
      return [{ subnet, publicIp: str(addr, 'IpAddress'), privateIp: str(addr, 'PrivateIPv4Address') }];
    });
    const { nodes, assumed } = nodesOf(enis, eniDescription(arn), subnets, scheme === 'internet-facing');
    const sgs = strs(r.item, 'SecurityGroups');
    const enforce = str(r.item, 'EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic');
    const state = str(obj(r.item, 'State'), 'Code');
    c.b.add('loadBalancers', {
      id: arn,
      name: str(r.item, 'LoadBalancerName'),
      span: c.spanOf(r, 'LoadBalancerArn', arn),
      vpc: str(r.item, 'VpcId') ?? '',
      type,
      scheme,
      nodes,
      securityGroups: sgs.length > 0 ? sgs : undefined,
      listeners: [],
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic:
        enforce === undefined ? undefined : enforce === 'on',
      state: state === 'provisioning' || state === 'failed' ? state : 'active',
      ...(assumed ? { assumed: ['nodes'] } : {}),
    });
  }
  for (const r of c.recs('LoadBalancerDescriptions')) {
    const name = str(r.item, 'LoadBalancerName');
    if (!name) {
      c.missing(r, 'LoadBalancerDescriptions', 'LoadBalancerName');
      continue;
    }
    if (!c.unique(`clb:${name}`)) continue;
    const scheme = str(r.item, 'Scheme') === 'internal' ? 'internal' : 'internet-facing';
    const subnets = strs(r.item, 'Subnets').map((subnet) => ({ subnet }));
    const { nodes, assumed } = nodesOf(enis, eniDescription(name), subnets, scheme === 'internet-facing');
    const sgs = strs(r.item, 'SecurityGroups');
    c.b.add('loadBalancers', {
      id: name,
      span: c.spanOf(r, 'LoadBalancerName', name),
      vpc: str(r.item, 'VPCId') ?? '',
      type: 'classic',
      scheme,
      nodes,
      securityGroups: sgs.length > 0 ? sgs : undefined,
      // CLB-1: each listener pairs a front-end port with an instance port.
      listeners: objs(r.item, 'ListenerDescriptions').flatMap((d) => {
        const l = obj(d, 'Listener');
        const protocol = protocolOf(str(l, 'Protocol'));
        if (protocol === undefined) return [];
        return [
          {
            protocol,
            port: num(l, 'LoadBalancerPort'),
            instancePort: num(l, 'InstancePort'),
            instanceProtocol: protocolOf(str(l, 'InstanceProtocol')) ?? protocol,
          },
        ];
      }),
      instances: objs(r.item, 'Instances').flatMap((i) => {
        const id = str(i, 'InstanceId');
        return id === undefined ? [] : [id];
      }),
      ...(assumed ? { assumed: ['nodes'] } : {}),
    });
  }
}

/** ALB-3: a forward (TargetGroupArn or ForwardConfig's weighted groups), else the first action's kind. */
function actionOf(
  actions: readonly JsonObject[],
): { action: ListenerRule['action'] } & Pick<ListenerRule, 'targetGroups' | 'weights'> {
  const fwd = actions.find((a) => str(a, 'Type') === 'forward');
  if (fwd) {
    const weighted = objs(obj(fwd, 'ForwardConfig'), 'TargetGroups').flatMap((g) => {
      const a = str(g, 'TargetGroupArn');
      return a === undefined ? [] : [{ id: a, weight: num(g, 'Weight') }];
    });
    return { action: 'forward', ...forwardTargets(str(fwd, 'TargetGroupArn'), weighted) };
  }
  const t = str(actions[0], 'Type') ?? 'fixed-response';
  const action =
    t === 'redirect' ? 'redirect' : t.startsWith('authenticate') ? 'authenticate' : 'fixed-response';
  return { action, targetGroups: [] };
}

export function mapListeners(c: DescribeContext): void {
  for (const r of c.recs('Listeners')) {
    const arn = str(r.item, 'ListenerArn');
    const lb = c.b.get('loadBalancers', str(r.item, 'LoadBalancerArn'));
    if (!arn || !lb) {
      c.missing(
        r,
        'Listeners',
        arn ? `a load balancer of LoadBalancers (${str(r.item, 'LoadBalancerArn')})` : 'ListenerArn',
      );
      continue;
    }
    if (!c.unique(arn)) continue;
    const fwd = actionOf(objs(r.item, 'DefaultActions'));
    const { action, targetGroups: groups } = fwd;
    lb.listeners.push({
      id: arn,
      protocol: protocolOf(str(r.item, 'Protocol')) ?? (lb.type === 'gateway' ? 'GENEVE' : 'TCP'),
      port: num(r.item, 'Port'),
      targetGroup: action === 'forward' ? groups[0] : undefined,
      defaultAction: action === 'forward' ? undefined : action,
      rules: groups.length > 1 ? [fwd] : undefined,
      span: c.spanOf(r, 'ListenerArn', arn),
    });
  }
  for (const r of c.recs('Rules')) mapRule(c, r);
}

/** `describe-rules`: the default rule is the listener's default action (already read); others by priority. */
function mapRule(c: DescribeContext, r: DescribeRecord): void {
  const arn = str(r.item, 'RuleArn');
  if (!arn || bool(r.item, 'IsDefault') === true) return;
  const listenerArn = arn.replace(':listener-rule/', ':listener/').replace(/\/[^/]+$/, '');
  for (const lb of c.b.net.loadBalancers) {
    const i = lb.listeners.findIndex((l) => l.id === listenerArn);
    const l = lb.listeners[i];
    if (!l) continue;
    const hosts: string[] = [];
    const paths: string[] = [];
    const other: string[] = [];
    for (const cond of objs(r.item, 'Conditions')) {
      const f = str(cond, 'Field') ?? '';
      const values = (k: string): string[] => {
        const v = strs(obj(cond, k), 'Values');
        return v.length > 0 ? v : strs(cond, 'Values');
      };
      if (f === 'host-header') hosts.push(...values('HostHeaderConfig'));
      else if (f === 'path-pattern') paths.push(...values('PathPatternConfig'));
      else other.push(f);
    }
    const fwd = actionOf(objs(r.item, 'Actions'));
    const p = str(r.item, 'Priority');
    const rule: ListenerRule = {
      priority: p !== undefined && /^\d+$/.test(p) ? Number(p) : undefined,
      hosts,
      paths,
      otherConditions: other.length > 0 ? other : undefined,
      ...fwd,
    };
    lb.listeners[i] = { ...l, rules: [...(l.rules ?? []), rule] };
    return;
  }
  c.missing(r, 'Rules', `a listener of Listeners (${listenerArn})`);
}

/** `describe-target-health-<x>.json`: the target group whose ARN ends with `x` (its id) or whose name is `x`. */
function groupOfHealthFile(c: DescribeContext, file: string): string | undefined {
  const base = (file.split(/[\\/]/).pop() ?? '').replace(/\.json$/i, '');
  const m = /^describe-target-health-(.+)$/.exec(base);
  if (!m?.[1]) return undefined;
  const x = m[1];
  const tg = c.b.net.targetGroups.find(
    (t) => t.id.replace(/[^A-Za-z0-9.-]/g, '_').endsWith(x) || t.name === x,
  );
  return tg?.id;
}

export function mapTargetGroups(c: DescribeContext): void {
  for (const r of c.recs('TargetGroups')) {
    const arn = str(r.item, 'TargetGroupArn');
    if (!arn) {
      c.missing(r, 'TargetGroups', 'TargetGroupArn');
      continue;
    }
    if (!c.unique(arn)) continue;
    const t = (str(r.item, 'TargetType') ?? 'instance').toLowerCase();
    const targetType: TargetType = t === 'ip' || t === 'alb' || t === 'lambda' ? t : 'instance';
    c.b.add('targetGroups', {
      id: arn,
      name: str(r.item, 'TargetGroupName'),
      span: c.spanOf(r, 'TargetGroupArn', arn),
      vpc: str(r.item, 'VpcId'),
      targetType,
      protocol: protocolOf(str(r.item, 'Protocol')),
      port: num(r.item, 'Port'),
      targets: [],
    });
  }
  for (const r of c.recs('TargetHealthDescriptions')) {
    const tg = c.b.get('targetGroups', groupOfHealthFile(c, r.src.file));
    const target = obj(r.item, 'Target');
    const id = str(target, 'Id');
    if (!tg || id === undefined) {
      c.missing(
        r,
        'TargetHealthDescriptions',
        tg
          ? 'Target.Id'
          : 'a target group (name the file describe-target-health-<target group id or name>.json)',
      );
      continue;
    }
    tg.targets.push({
      id,
      port: num(target, 'Port'),
      availabilityZone: str(target, 'AvailabilityZone'),
      // Shown, never used for reachability (B14: health checks are not modelled).
      health: str(obj(r.item, 'TargetHealth'), 'State'),
      span: c.spanOf(r, 'Id', id),
    });
  }
}

/** The provider side of PrivateLink (PL-5): the service's load balancers and whether it accepts by itself. */
export function mapEndpointServices(c: DescribeContext): void {
  for (const r of c.recs('ServiceConfigurations')) {
    const id = str(r.item, 'ServiceId');
    if (!id) {
      c.missing(r, 'ServiceConfigurations', 'ServiceId');
      continue;
    }
    if (!c.unique(id)) continue;
    c.b.add('endpointServices', {
      id,
      name: undefined,
      span: c.spanOf(r, 'ServiceId', id),
      loadBalancers: [...strs(r.item, 'NetworkLoadBalancerArns'), ...strs(r.item, 'GatewayLoadBalancerArns')],
      serviceName: str(r.item, 'ServiceName'),
      acceptanceRequired: bool(r.item, 'AcceptanceRequired'),
    });
  }
}
