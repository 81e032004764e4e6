/**
 * Terraform mappers of Elastic Load Balancing and PrivateLink endpoint services (aws-semantics.md B14, B15):
 * aws_lb / aws_alb, aws_lb_listener(+_rule), aws_lb_target_group(+_attachment) (and their aws_alb_* aliases),
 * aws_elb (+ aws_elb_attachment), aws_vpc_endpoint_service (+ _allowed_principal).
 *
 * Pass 1 creates load balancers, target groups, listeners, rules and endpoint services (the table runs types in
 * order, so a listener finds its load balancer); pass 2 registers attachments and gives internet-facing nodes
 * their public address — the subnet mapping's Elastic IP, else a placeholder (assumed). A node's private address
 * the configuration does not give is left to the dataplane (the subnet's first free address, assumed, ELB-1).
 * State and plan JSON name load balancers, listeners and target groups by ARN: each ARN is an alias of the address.
 */
import type {
  Listener,
  ListenerProtocol,
  ListenerRule,
  LoadBalancerType,
  TargetType,
} from '../../model/load-balancer.js';
import { bool, nameOf, str, type MapInstance, type TfMapContext } from './map-context.js';
import { blocks, numOf, strList } from './map-rules.js';
import { forwardTargets } from '../build/weighted-forward.js';
import type { TypeMapper } from './mapper.js';
import type { TfObject, TfValue } from './value.js';

const protocolOf = (v: TfValue | undefined): ListenerProtocol | undefined =>
  str(v)?.toUpperCase() as ListenerProtocol | undefined;

/** ARNs (state, plan JSON) name the resource's address. */
function aliasArn(c: TfMapContext, i: MapInstance): void {
  const arn = str(i.attrs['arn']);
  if (arn !== undefined) c.b.alias(arn, i.address);
  const id = str(i.attrs['id']);
  if (id !== undefined) c.b.alias(id, i.address);
}

/** The subnets of a load balancer: `subnet_mapping` blocks (with their address and EIP), then `subnets`. */
function nodesOf(c: TfMapContext, i: MapInstance): { subnet: string; privateIp?: string }[] {
  const ctx = c.ruleCtx(i);
  const out: { subnet: string; privateIp?: string }[] = [];
  for (const m of blocks(i.attrs['subnet_mapping'])) {
    const subnet = c.ref(m['subnet_id']);
    if (subnet === undefined) continue;
    const privateIp = str(m['private_ipv4_address']);
    out.push(privateIp !== undefined ? { subnet, privateIp } : { subnet });
  }
  for (const s of strList(i.attrs['subnets'], ctx, 'subnets')) {
    const subnet = c.ref(s) ?? s;
    if (!out.some((n) => n.subnet === subnet)) out.push({ subnet });
  }
  return out;
}

/** The VPC of the first node's subnet (a load balancer names no VPC). */
function vpcOf(c: TfMapContext, subnet: string | undefined): string {
  return c.b.get('subnets', subnet)?.vpc ?? '';
}

function loadBalancer(classic: boolean): TypeMapper {
  return {
    create(c, list) {
      for (const i of list) {
        const a = i.attrs;
        aliasArn(c, i);
        const nodes = nodesOf(c, i);
        const t = classic ? 'classic' : (str(a['load_balancer_type']) ?? 'application');
        const type: LoadBalancerType =
          t === 'network' || t === 'gateway' || t === 'classic' ? t : 'application';
        // GWLB-1: a Gateway Load Balancer is never internet-facing.
        const scheme = bool(a['internal']) === true || type === 'gateway' ? 'internal' : 'internet-facing';
        const enforce = str(a['enforce_security_group_inbound_rules_on_private_link_traffic']);
        const sgs = strList(a['security_groups'], c.ruleCtx(i), 'security_groups').map(
          (g) => c.sgRef(g) ?? g,
        );
        const crossZone = classic
          ? // The provider's default for aws_elb is true (CLB via the console is on, via the API off: ELB-2).
            (bool(a['cross_zone_load_balancing']) ?? true)
          : bool(a['enable_cross_zone_load_balancing']);
        c.b.add('loadBalancers', {
          id: i.address,
          name: str(a['name']) ?? nameOf(a),
          span: i.span,
          vpc: vpcOf(c, nodes[0]?.subnet),
          type,
          scheme,
          nodes,
          securityGroups: sgs.length > 0 ? sgs : undefined,
          crossZone,
          listeners: classic ? classicListeners(i) : [],
          ...(classic
            ? { instances: strList(a['instances'], c.ruleCtx(i), 'instances').map((x) => c.ref(x) ?? x) }
            : {}),
          enforceSecurityGroupInboundRulesOnPrivateLinkTraffic:
            enforce === undefined ? undefined : enforce === 'on',
          ...(nodes.some((n) => n.privateIp === undefined) ? { assumed: ['nodes'] } : {}),
        });
      }
    },
    attach(c, list) {
      for (const i of list) {
        const lb = c.b.get('loadBalancers', i.address);
        if (!lb || lb.scheme !== 'internet-facing') continue;
        const eips = new Map<string, string | undefined>();
        for (const m of blocks(i.attrs['subnet_mapping']))
          eips.set(c.ref(m['subnet_id']) ?? '', c.ref(m['allocation_id']));
        // NLB-1: an internet-facing node's public address is its Elastic IP, else one AWS assigns (placeholder).
        lb.nodes = lb.nodes.map((n) => {
          const eip = c.eipPublic.get(eips.get(n.subnet) ?? '');
          if (eip && !eip.assumed) return { ...n, publicIp: eip.ip };
          lb.assumed = [...new Set([...(lb.assumed ?? []), 'nodes'])];
          return { ...n, publicIp: eip?.ip ?? c.b.publicIps.next(`${i.address}@${n.subnet}`) };
        });
      }
    },
  };
}

/** CLB-1: `listener { lb_port, lb_protocol, instance_port, instance_protocol }`. */
function classicListeners(i: MapInstance): Listener[] {
  return blocks(i.attrs['listener']).flatMap((l) => {
    const protocol = protocolOf(l['lb_protocol']);
    if (protocol === undefined) return [];
    return [
      {
        protocol,
        port: numOf(l['lb_port']),
        instancePort: numOf(l['instance_port']),
        instanceProtocol: protocolOf(l['instance_protocol']) ?? protocol,
        span: i.span,
      },
    ];
  });
}

/** ALB-3: the action that decides — a forward (`target_group_arn` or `forward { target_group { arn, weight } }`), else the first. */
function actionOf(
  c: TfMapContext,
  actions: readonly TfObject[],
): { action: ListenerRule['action'] } & Pick<ListenerRule, 'targetGroups' | 'weights'> {
  const fwd = actions.find((a) => str(a['type']) === 'forward');
  if (fwd) {
    const weighted = blocks(fwd['forward']).flatMap((f) =>
      blocks(f['target_group']).flatMap((g) => {
        const id = c.ref(g['arn']);
        return id === undefined ? [] : [{ id, weight: numOf(g['weight']) }];
      }),
    );
    return { action: 'forward', ...forwardTargets(c.ref(fwd['target_group_arn']), weighted) };
  }
  const t = str(actions[0]?.['type']) ?? 'fixed-response';
  const action =
    t === 'redirect' ? 'redirect' : t.startsWith('authenticate') ? 'authenticate' : 'fixed-response';
  return { action, targetGroups: [] };
}

const listener: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      aliasArn(c, i);
      const lbId = c.ref(i.attrs['load_balancer_arn']);
      const lb = c.b.get('loadBalancers', lbId);
      if (!lb) {
        c.unresolved(i, 'load balancer load_balancer_arn', i.attrs['load_balancer_arn']);
        continue;
      }
      const fwd = actionOf(c, blocks(i.attrs['default_action']));
      const { action, targetGroups: groups } = fwd;
      lb.listeners.push({
        id: i.address,
        protocol:
          protocolOf(i.attrs['protocol']) ??
          (lb.type === 'gateway' ? 'GENEVE' : lb.type === 'network' ? 'TCP' : 'HTTP'),
        port: numOf(i.attrs['port']),
        targetGroup: action === 'forward' ? groups[0] : undefined,
        defaultAction: action === 'forward' ? undefined : action,
        // A weighted forward to several groups: a rule that matches every request names them all (ALB-3).
        rules: groups.length > 1 ? [fwd] : undefined,
        span: i.span,
      });
    }
  },
};

/** `condition { host_header { values } }`, `path_pattern`; other conditions are shown, not evaluated. */
function conditionsOf(conds: readonly TfObject[]): Pick<ListenerRule, 'hosts' | 'paths' | 'otherConditions'> {
  const hosts: string[] = [];
  const paths: string[] = [];
  const other: string[] = [];
  const values = (v: TfValue | undefined): string[] =>
    blocks(v).flatMap((b) =>
      Array.isArray(b['values']) ? b['values'].filter((x) => typeof x === 'string') : [],
    );
  for (const cond of conds)
    for (const [k, v] of Object.entries(cond)) {
      if (v === null || (Array.isArray(v) && v.length === 0)) continue;
      if (k === 'host_header') hosts.push(...values(v));
      else if (k === 'path_pattern') paths.push(...values(v));
      else other.push(k.replace(/_/g, '-'));
    }
  return { hosts, paths, otherConditions: other.length > 0 ? other : undefined };
}

const listenerRule: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const lid = c.ref(i.attrs['listener_arn']);
      const lb = c.b.net.loadBalancers.find((x) => x.listeners.some((l) => l.id === lid));
      const at = lb ? lb.listeners.findIndex((l) => l.id === lid) : -1;
      const l = lb?.listeners[at];
      if (!lb || !l) {
        c.unresolved(i, 'listener listener_arn', i.attrs['listener_arn']);
        continue;
      }
      const rule: ListenerRule = {
        priority: numOf(i.attrs['priority']),
        ...conditionsOf(blocks(i.attrs['condition'])),
        ...actionOf(c, blocks(i.attrs['action'])),
      };
      lb.listeners[at] = { ...l, rules: [...(l.rules ?? []), rule] };
    }
  },
};

/** `preserve_client_ip` / `load_balancing_cross_zone_enabled` are strings ("true", "use_load_balancer_configuration"). */
const boolText = (v: TfValue | undefined): boolean | undefined =>
  typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;

const targetGroup: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      aliasArn(c, i);
      const t = str(a['target_type']) ?? 'instance';
      const targetType: TargetType = t === 'ip' || t === 'alb' || t === 'lambda' ? t : 'instance';
      c.b.add('targetGroups', {
        id: i.address,
        name: str(a['name']) ?? nameOf(a),
        span: i.span,
        vpc: c.ref(a['vpc_id']),
        targetType,
        protocol: protocolOf(a['protocol']),
        port: numOf(a['port']),
        targets: [],
        preserveClientIp: boolText(a['preserve_client_ip']),
        crossZone: boolText(a['load_balancing_cross_zone_enabled']),
      });
    }
  },
};

const targetGroupAttachment: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const tg = c.b.get('targetGroups', c.ref(i.attrs['target_group_arn']));
      const raw = str(i.attrs['target_id']);
      if (!tg || raw === undefined) {
        c.unresolved(i, 'target group target_group_arn', i.attrs['target_group_arn']);
        continue;
      }
      tg.targets.push({
        id: c.ref(raw) ?? raw,
        port: numOf(i.attrs['port']),
        availabilityZone: str(i.attrs['availability_zone']),
        span: i.span,
      });
    }
  },
};

/** CLB-1: aws_elb_attachment registers one instance. */
const elbAttachment: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const lb = c.b.get('loadBalancers', c.ref(i.attrs['elb']));
      const inst = c.ref(i.attrs['instance']);
      if (!lb || inst === undefined) {
        c.unresolved(i, 'load balancer elb', i.attrs['elb']);
        continue;
      }
      lb.instances = [...(lb.instances ?? []), inst];
    }
  },
};

/** PL-5: the provider's NLBs or GWLBs; consumers name it by `service_name` (state) or the placeholder name. */
const endpointService: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      aliasArn(c, i);
      const lbs = [
        ...strList(a['network_load_balancer_arns'], c.ruleCtx(i), 'network_load_balancer_arns'),
        ...strList(a['gateway_load_balancer_arns'], c.ruleCtx(i), 'gateway_load_balancer_arns'),
      ].map((x) => c.ref(x) ?? x);
      const principals = strList(a['allowed_principals'], c.ruleCtx(i), 'allowed_principals');
      c.b.add('endpointServices', {
        id: i.address,
        name: nameOf(a),
        span: i.span,
        loadBalancers: lbs,
        serviceName: str(a['service_name']) ?? `com.amazonaws.vpce.${c.opts.region}.${i.address}`,
        acceptanceRequired: bool(a['acceptance_required']),
        allowedPrincipals: principals.length > 0 ? principals : undefined,
      });
    }
  },
};

const allowedPrincipal: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const svc = c.b.get('endpointServices', c.ref(i.attrs['vpc_endpoint_service_id']));
      const p = str(i.attrs['principal_arn']);
      if (!svc) {
        c.unresolved(i, 'endpoint service vpc_endpoint_service_id', i.attrs['vpc_endpoint_service_id']);
        continue;
      }
      if (p !== undefined) svc.allowedPrincipals = [...(svc.allowedPrincipals ?? []), p];
    }
  },
};

/** In table order: load balancers and target groups before the listeners and rules that name them. */
export const LOAD_BALANCER_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_lb: loadBalancer(false),
  aws_alb: loadBalancer(false),
  aws_elb: loadBalancer(true),
  aws_lb_target_group: targetGroup,
  aws_alb_target_group: targetGroup,
  aws_lb_listener: listener,
  aws_alb_listener: listener,
  aws_lb_listener_rule: listenerRule,
  aws_alb_listener_rule: listenerRule,
  aws_lb_target_group_attachment: targetGroupAttachment,
  aws_alb_target_group_attachment: targetGroupAttachment,
  aws_elb_attachment: elbAttachment,
  aws_vpc_endpoint_service: endpointService,
  aws_vpc_endpoint_service_allowed_principal: allowedPrincipal,
};
