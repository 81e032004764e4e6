/**
 * CloudFormation mappers of Elastic Load Balancing and PrivateLink endpoint services (aws-semantics.md B14, B15):
 * AWS::ElasticLoadBalancingV2::LoadBalancer / Listener / ListenerRule / TargetGroup, AWS::ElasticLoadBalancing::
 * LoadBalancer (Classic), AWS::EC2::VPCEndpointService and AWS::EC2::VPCEndpointServicePermissions.
 *
 * Pass 1 creates load balancers, target groups and endpoint services; pass 2 attaches listeners to their load
 * balancer and permissions to their service; listener rules are attached once every listener exists (deferred).
 * Deploy-time values are placeholders (deploy-values.ts): a node's private address is left to the dataplane (the
 * subnet's first free address, assumed, ELB-1); an internet-facing node's public address is its SubnetMapping's
 * Elastic IP, else a placeholder from 198.18.0.0/15 (assumed).
 */
import type {
  Listener,
  ListenerProtocol,
  ListenerRule,
  LoadBalancerNode,
  LoadBalancerType,
  TargetType,
} from '../../model/load-balancer.js';
import { forwardTargets } from '../build/weighted-forward.js';
import { baseOf } from './map-vpc.js';
import { propSpan, referenceNotFound, type ImportContext, type ResourceRef } from './context.js';
import type { CfnValue } from './cfn-value.js';
import type { CfnMapper } from './mapper.js';
import {
  asBool,
  asInt,
  field,
  fieldList,
  isObject,
  propBool,
  propInt,
  propObjects,
  propString,
  propStrings,
  type CfnObject,
} from './props.js';

/** `Key`/`Value` attribute lists (LoadBalancerAttributes, TargetGroupAttributes). */
function attribute(r: ResourceRef, prop: string, key: string): string | undefined {
  for (const { value } of propObjects(r, prop)) if (field(value, 'Key') === key) return field(value, 'Value');
  return undefined;
}

/** `true` / `false`; `use_load_balancer_configuration` (target groups) and absent mean inherited. */
function boolAttribute(r: ResourceRef, prop: string, key: string): boolean | undefined {
  const v = attribute(r, prop, key);
  return v === undefined ? undefined : asBool(v);
}

function protocolOf(text: string | undefined): ListenerProtocol | undefined {
  return text === undefined ? undefined : (text.toUpperCase() as ListenerProtocol);
}

/** The VPC of a subnet of the loaded templates (its VpcId property: order-independent). */
function vpcOfSubnet(ctx: ImportContext, subnet: string | undefined): string | undefined {
  const r = subnet === undefined ? undefined : ctx.resource(subnet);
  return r ? propString(ctx, r, 'VpcId') : undefined;
}

/** ELB-1, NLB-1: one node per subnet; an internet-facing node's public address (EIP or a placeholder). */
function nodesOf(
  ctx: ImportContext,
  r: ResourceRef,
  publicFacing: boolean,
): { nodes: LoadBalancerNode[]; assumed: boolean } {
  const nodes: LoadBalancerNode[] = [];
  let assumed = false;
  const publicOf = (subnet: string, allocation: string | undefined): string | undefined => {
    if (!publicFacing) return undefined;
    const eip = allocation === undefined ? undefined : ctx.resource(allocation);
    if (eip?.decl.type === 'AWS::EC2::EIP') {
      const a = ctx.deploy.eipAddress(eip);
      assumed ||= a.assumed;
      return a.ip;
    }
    assumed = true;
    return ctx.deploy.publicIp(`public:${r.id}@${subnet}`);
  };
  for (const { value } of propObjects(r, 'SubnetMappings')) {
    const subnet = field(value, 'SubnetId');
    if (subnet === undefined) continue;
    const privateIp = field(value, 'PrivateIPv4Address');
    assumed ||= privateIp === undefined;
    nodes.push({ subnet, privateIp, publicIp: publicOf(subnet, field(value, 'AllocationId')) });
  }
  for (const subnet of propStrings(ctx, r, 'Subnets') ?? []) {
    if (nodes.some((n) => n.subnet === subnet)) continue;
    assumed = true;
    nodes.push({ subnet, publicIp: publicOf(subnet, undefined) });
  }
  return { nodes, assumed };
}

const loadBalancerV2: CfnMapper = {
  create(ctx, r) {
    const base = baseOf(ctx, r);
    const t = (propString(ctx, r, 'Type') ?? 'application').toLowerCase();
    const type: LoadBalancerType = t === 'network' || t === 'gateway' ? t : 'application';
    // GWLB-1: a Gateway Load Balancer has no scheme (always private).
    const scheme =
      type === 'gateway' || propString(ctx, r, 'Scheme') === 'internal' ? 'internal' : 'internet-facing';
    const { nodes, assumed } = nodesOf(ctx, r, scheme === 'internet-facing');
    const enforce = propString(ctx, r, 'EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic');
    ctx.b.add('loadBalancers', {
      ...base,
      name: propString(ctx, r, 'Name') ?? base.name,
      vpc: vpcOfSubnet(ctx, nodes[0]?.subnet) ?? '',
      type,
      scheme,
      nodes,
      securityGroups: propStrings(ctx, r, 'SecurityGroups'),
      crossZone: boolAttribute(r, 'LoadBalancerAttributes', 'load_balancing.cross_zone.enabled'),
      listeners: [],
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic:
        enforce === undefined ? undefined : enforce === 'on',
      ...(assumed ? { assumed: ['nodes'] } : {}),
    });
  },
};

/** The target groups of a `forward` action (TargetGroupArn, or ForwardConfig's weighted groups, ALB-3). */
function forwardGroups(a: CfnObject): Pick<ListenerRule, 'targetGroups' | 'weights'> {
  const cfg = a['ForwardConfig'];
  const list = isObject(cfg) ? cfg['TargetGroups'] : undefined;
  const weighted: readonly CfnValue[] = Array.isArray(list) ? (list as readonly CfnValue[]) : [];
  return forwardTargets(
    field(a, 'TargetGroupArn'),
    weighted.flatMap((g) => {
      const arn = isObject(g) ? field(g, 'TargetGroupArn') : undefined;
      return arn === undefined || !isObject(g) ? [] : [{ id: arn, weight: field(g, 'Weight') }];
    }),
  );
}

/** ALB-3: the action that decides a rule — a forward when there is one, else the first action's kind. */
function actionOf(
  actions: readonly CfnObject[],
): { action: ListenerRule['action'] } & Pick<ListenerRule, 'targetGroups' | 'weights'> {
  const fwd = actions.find((a) => field(a, 'Type') === 'forward');
  if (fwd) return { action: 'forward', ...forwardGroups(fwd) };
  const t = field(actions[0], 'Type') ?? 'fixed-response';
  const action =
    t === 'redirect' ? 'redirect' : t.startsWith('authenticate') ? 'authenticate' : 'fixed-response';
  return { action, targetGroups: [] };
}

const listener: CfnMapper = {
  attach(ctx, r) {
    const lbId = propString(ctx, r, 'LoadBalancerArn');
    const lb = ctx.b.get('loadBalancers', lbId);
    if (!lb) {
      referenceNotFound(ctx, r, 'load balancer', lbId, 'LoadBalancerArn', 'listener ignored');
      return;
    }
    const fwd = actionOf(propObjects(r, 'DefaultActions').map((o) => o.value));
    const { action, targetGroups: groups } = fwd;
    const l: Listener = {
      id: r.id,
      protocol: protocolOf(propString(ctx, r, 'Protocol')) ?? (lb.type === 'gateway' ? 'GENEVE' : 'TCP'),
      port: propInt(ctx, r, 'Port'),
      targetGroup: action === 'forward' ? groups[0] : undefined,
      defaultAction: action === 'forward' ? undefined : action,
      span: propSpan(ctx, r),
    };
    lb.listeners.push(l);
    // A weighted forward to several groups: the other groups become a rule that matches every request (ALB-3).
    if (groups.length > 1) lb.listeners[lb.listeners.length - 1] = { ...l, rules: [fwd] };
  },
};

/** host-header / path-pattern values (`Values` or the `…Config.Values` form); other fields are shown only. */
function conditionsOf(
  conds: readonly CfnObject[],
): Pick<ListenerRule, 'hosts' | 'paths' | 'otherConditions'> {
  const hosts: string[] = [];
  const paths: string[] = [];
  const other: string[] = [];
  for (const c of conds) {
    const f = field(c, 'Field') ?? '';
    const cfg = (k: string): string[] => {
      const o = c[k];
      return (isObject(o) ? fieldList(o, 'Values') : undefined) ?? fieldList(c, 'Values') ?? [];
    };
    if (f === 'host-header') hosts.push(...cfg('HostHeaderConfig'));
    else if (f === 'path-pattern') paths.push(...cfg('PathPatternConfig'));
    else other.push(f);
  }
  return { hosts, paths, otherConditions: other.length > 0 ? other : undefined };
}

const listenerRule: CfnMapper = {
  attach(ctx, r) {
    const listenerId = propString(ctx, r, 'ListenerArn');
    const priority = propInt(ctx, r, 'Priority');
    const conds = conditionsOf(propObjects(r, 'Conditions').map((o) => o.value));
    const fwd = actionOf(propObjects(r, 'Actions').map((o) => o.value));
    // Deferred: the listener may come later in the templates than its rule.
    ctx.deferred.push(() => {
      for (const lb of ctx.b.net.loadBalancers) {
        const i = lb.listeners.findIndex((l) => l.id === listenerId);
        const l = lb.listeners[i];
        if (!l) continue;
        const rule: ListenerRule = { priority, ...conds, ...fwd };
        lb.listeners[i] = { ...l, rules: [...(l.rules ?? []), rule] };
        return;
      }
      referenceNotFound(ctx, r, 'listener', listenerId, 'ListenerArn', 'rule ignored');
    });
  },
};

const targetGroup: CfnMapper = {
  create(ctx, r) {
    const base = baseOf(ctx, r);
    const t = (propString(ctx, r, 'TargetType') ?? 'instance').toLowerCase();
    const targetType: TargetType = t === 'ip' || t === 'alb' || t === 'lambda' ? t : 'instance';
    const targets = propObjects(r, 'Targets').flatMap(({ value, node }) => {
      const id = field(value, 'Id');
      if (id === undefined) return [];
      const port = asInt(value['Port']);
      return [
        {
          id,
          port,
          availabilityZone: field(value, 'AvailabilityZone'),
          span: ctx.span(r.stack, node.pos),
        },
      ];
    });
    ctx.b.add('targetGroups', {
      ...base,
      name: propString(ctx, r, 'Name') ?? base.name,
      vpc: propString(ctx, r, 'VpcId'),
      targetType,
      protocol: protocolOf(propString(ctx, r, 'Protocol')),
      port: propInt(ctx, r, 'Port'),
      targets,
      preserveClientIp: boolAttribute(r, 'TargetGroupAttributes', 'preserve_client_ip.enabled'),
      crossZone: boolAttribute(r, 'TargetGroupAttributes', 'load_balancing.cross_zone.enabled'),
    });
  },
};

/** CLB-1: a Classic Load Balancer in a VPC — listeners pair a front-end port with an instance port. */
const classicLoadBalancer: CfnMapper = {
  create(ctx, r) {
    const base = baseOf(ctx, r);
    const scheme = propString(ctx, r, 'Scheme') === 'internal' ? 'internal' : 'internet-facing';
    const { nodes, assumed } = nodesOf(ctx, r, scheme === 'internet-facing');
    const listeners: Listener[] = propObjects(r, 'Listeners').flatMap(({ value, node }) => {
      const protocol = protocolOf(field(value, 'Protocol'));
      if (protocol === undefined) return [];
      return [
        {
          protocol,
          port: asInt(value['LoadBalancerPort']),
          instancePort: asInt(value['InstancePort']),
          instanceProtocol: protocolOf(field(value, 'InstanceProtocol')) ?? protocol,
          span: ctx.span(r.stack, node.pos),
        },
      ];
    });
    ctx.b.add('loadBalancers', {
      ...base,
      name: propString(ctx, r, 'LoadBalancerName') ?? base.name,
      vpc: vpcOfSubnet(ctx, nodes[0]?.subnet) ?? '',
      type: 'classic',
      scheme,
      nodes,
      securityGroups: propStrings(ctx, r, 'SecurityGroups'),
      crossZone: propBool(ctx, r, 'CrossZone'),
      listeners,
      instances: propStrings(ctx, r, 'Instances') ?? [],
      ...(assumed ? { assumed: ['nodes'] } : {}),
    });
  },
};

/** PL-5: the provider's NLBs (interface endpoints) or GWLBs (GWLB endpoints); consumers name it by service name. */
const endpointService: CfnMapper = {
  create(ctx, r) {
    const base = baseOf(ctx, r);
    ctx.b.add('endpointServices', {
      ...base,
      loadBalancers: [
        ...(propStrings(ctx, r, 'NetworkLoadBalancerArns') ?? []),
        ...(propStrings(ctx, r, 'GatewayLoadBalancerArns') ?? []),
      ],
      // What `!Sub com.amazonaws.vpce.${AWS::Region}.${Service}` yields for a service of the templates.
      serviceName: `com.amazonaws.vpce.${ctx.region}.${r.id}`,
      acceptanceRequired: propBool(ctx, r, 'AcceptanceRequired'),
    });
  },
};

const endpointServicePermissions: CfnMapper = {
  attach(ctx, r) {
    const id = propString(ctx, r, 'ServiceId');
    const svc = ctx.b.get('endpointServices', id);
    if (!svc) {
      referenceNotFound(ctx, r, 'endpoint service', id, 'ServiceId', 'permissions ignored');
      return;
    }
    svc.allowedPrincipals = [
      ...(svc.allowedPrincipals ?? []),
      ...(propStrings(ctx, r, 'AllowedPrincipals') ?? []),
    ];
  },
};

export const LOAD_BALANCER_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': loadBalancerV2,
  'AWS::ElasticLoadBalancingV2::Listener': listener,
  'AWS::ElasticLoadBalancingV2::ListenerRule': listenerRule,
  'AWS::ElasticLoadBalancingV2::TargetGroup': targetGroup,
  'AWS::ElasticLoadBalancing::LoadBalancer': classicLoadBalancer,
  'AWS::EC2::VPCEndpointService': endpointService,
  'AWS::EC2::VPCEndpointServicePermissions': endpointServicePermissions,
};
