/**
 * Load balancers, target groups and interface endpoints as the ELB and VPC endpoint APIs check them (B14, B15):
 * one subnet per AZ and subnets of the load balancer's VPC (ELB-1, NLB-1), an ALB in two AZs at least (ELB-1),
 * listener protocols by type (NLB-2, ALB-3, GWLB-5), unique listener ports, target group protocol and target type
 * against the listener (NLB-2, ALB-4), instance targets in the group's VPC and IP targets in allowed ranges (ELB-3),
 * no security groups on a GWLB (GWLB-5); interface endpoints one subnet per AZ and only in AZs where the service's
 * load balancer has a node (PL-1). Lint: a target group without a target in an AZ where its load balancer has a node
 * (NLB-2, ELB-2). The NLB rule "security groups only at creation" (NLB-7) cannot be checked from a static
 * description and is not.
 */
import { error, warning, type Diagnostic } from '../diag/diagnostic.js';
import { tryCidr4, tryIpv4, contains4, isRfc1918, RFC6598 } from '../net/prefix.js';
import type { Network, Subnet } from '../model/network.js';
import type {
  ListenerProtocol,
  LoadBalancer,
  LoadBalancerType,
  TargetGroup,
} from '../model/load-balancer.js';

const LISTENER_PROTOCOLS: Readonly<Record<LoadBalancerType, readonly ListenerProtocol[]>> = {
  network: ['TCP', 'TLS', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC'],
  application: ['HTTP', 'HTTPS'],
  classic: ['TCP', 'SSL', 'HTTP', 'HTTPS'],
  gateway: ['GENEVE'],
};

export function validateLoadBalancers(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  const subnets = new Map(net.subnets.map((s) => [s.id, s]));
  const tgs = new Map((net.targetGroups ?? []).map((t) => [t.id, t]));
  for (const lb of net.loadBalancers ?? []) {
    checkNodes(lb, subnets, out);
    checkListeners(lb, tgs, out);
    if (lb.type === 'gateway' && (lb.securityGroups?.length ?? 0) > 0)
      out.push(
        error(
          'LB_SECURITY_GROUPS_NOT_SUPPORTED',
          `${lb.id}: a Gateway Load Balancer has no security groups; AWS says "SetSecurityGroups is not supported for load balancers of type 'gateway'" (GWLB-5)`,
          lb.span,
          { resource: lb.id, ref: 'GWLB-5' },
        ),
      );
  }
  for (const tg of net.targetGroups ?? []) checkTargets(net, tg, subnets, out);
  checkTargetAzs(net, subnets, tgs, out);
  checkInterfaceEndpoints(net, subnets, out);
  return out;
}

function checkNodes(lb: LoadBalancer, subnets: ReadonlyMap<string, Subnet>, out: Diagnostic[]): void {
  const byAz = new Map<string, string>();
  for (const n of lb.nodes) {
    const s = subnets.get(n.subnet);
    if (!s) continue; // UNKNOWN_REFERENCE from the importer
    if (s.vpc !== lb.vpc)
      out.push(
        error(
          'LB_SUBNET_OTHER_VPC',
          `${lb.id}: subnet ${s.id} is in ${s.vpc}, not in the load balancer's VPC ${lb.vpc}; AWS says "InvalidSubnet" (ELB-1)`,
          lb.span,
          { resource: lb.id, ref: 'ELB-1' },
        ),
      );
    const az = s.az ?? '';
    const prev = byAz.get(az);
    if (prev !== undefined)
      out.push(
        error(
          'LB_SUBNETS_SAME_AZ',
          `${lb.id}: subnets ${prev} and ${s.id} are both in ${az}; AWS allows one subnet per Availability Zone ("ValidationError: You cannot specify multiple subnets in the same Availability Zone", ELB-1)`,
          lb.span,
          { resource: lb.id, ref: 'ELB-1' },
        ),
      );
    byAz.set(az, s.id);
    const p = tryCidr4(s.cidr ?? '');
    const ip = n.privateIp !== undefined ? tryIpv4(n.privateIp) : null;
    if (n.privateIp !== undefined && (ip === null || (p && !contains4(p, ip))))
      out.push(
        error(
          'LB_NODE_NO_ADDRESS',
          `${lb.id}: node address ${n.privateIp} is not an IPv4 address of subnet ${s.id} (${s.cidr}); AWS says "InvalidConfigurationRequest" (NLB-1)`,
          lb.span,
          { resource: lb.id, ref: 'NLB-1' },
        ),
      );
  }
  if (lb.type === 'application' && byAz.size < 2 && lb.nodes.length > 0)
    out.push(
      error(
        'ALB_TOO_FEW_AZS',
        `${lb.id}: an Application Load Balancer needs subnets in at least two Availability Zones; AWS says "At least two subnets in two different Availability Zones must be specified" (ELB-1)`,
        lb.span,
        { resource: lb.id, ref: 'ELB-1' },
      ),
    );
}

function checkListeners(lb: LoadBalancer, tgs: ReadonlyMap<string, TargetGroup>, out: Diagnostic[]): void {
  const ports = new Map<number, string>();
  for (const l of lb.listeners) {
    const at = l.span ?? lb.span;
    if (!LISTENER_PROTOCOLS[lb.type].includes(l.protocol))
      out.push(
        error(
          'LISTENER_PROTOCOL_INVALID',
          `${lb.id}: a ${lb.type} load balancer has no ${l.protocol} listeners (it takes ${LISTENER_PROTOCOLS[lb.type].join(', ')}); AWS says "ValidationError: Listener protocol '${l.protocol}' is not supported"`,
          at,
          { resource: lb.id, ref: 'NLB-2' },
        ),
      );
    if (l.port !== undefined) {
      if (ports.has(l.port))
        out.push(
          error(
            'LISTENER_PORT_DUPLICATE',
            `${lb.id}: two listeners on port ${l.port}; AWS says "DuplicateListener: A listener already exists on this port for this load balancer"`,
            at,
            { resource: lb.id, ref: 'NLB-2' },
          ),
        );
      ports.set(l.port, l.protocol);
    }
    const groups = [
      ...(l.targetGroup !== undefined ? [l.targetGroup] : []),
      ...(l.rules ?? []).flatMap((r) => r.targetGroups),
    ];
    for (const id of groups) {
      const tg = tgs.get(id);
      if (!tg) continue;
      const why = groupMismatch(lb.type, l.protocol, tg);
      if (why)
        out.push(
          error(
            tg.targetType === 'alb' || tg.targetType === 'lambda'
              ? 'TARGET_TYPE_INVALID'
              : 'TARGET_GROUP_PROTOCOL_MISMATCH',
            `${lb.id} listener ${l.protocol}${l.port !== undefined ? `:${l.port}` : ''} → ${tg.id}: ${why}`,
            at,
            { resource: lb.id, ref: 'NLB-2, ALB-3' },
          ),
        );
    }
  }
}

/** Why a target group cannot serve a listener (NLB-2, ALB-3, ALB-4, GWLB-5), or undefined. */
function groupMismatch(
  type: LoadBalancerType,
  listener: ListenerProtocol,
  tg: TargetGroup,
): string | undefined {
  const p = tg.protocol;
  if (tg.targetType === 'alb' && (type !== 'network' || (p !== undefined && p !== 'TCP')))
    return 'alb targets are taken only by a Network Load Balancer with a TCP target group (NLB-2)';
  if (tg.targetType === 'lambda' && type !== 'application')
    return 'lambda targets are taken only by an Application Load Balancer (ALB-4)';
  if (p === undefined || tg.targetType === 'lambda') return undefined;
  if (type === 'application' && p !== 'HTTP' && p !== 'HTTPS')
    return `an Application Load Balancer forwards to HTTP or HTTPS target groups, not ${p} (ALB-3)`;
  if (type === 'gateway' && p !== 'GENEVE')
    return `a Gateway Load Balancer forwards to GENEVE target groups (GWLB-5)`;
  if (type === 'network') {
    const ok: Readonly<Record<string, readonly string[]>> = {
      TCP: ['TCP', 'TCP_UDP'],
      TLS: ['TCP', 'TLS'],
      UDP: ['UDP', 'TCP_UDP'],
      TCP_UDP: ['TCP_UDP'],
      QUIC: ['QUIC', 'TCP_QUIC'],
      TCP_QUIC: ['TCP_QUIC'],
    };
    if (!(ok[listener] ?? []).includes(p))
      return `a ${listener} listener cannot forward to a ${p} target group; AWS says "ValidationError: The listener protocol '${listener}' is not compatible with the target group protocol '${p}'" (NLB-2)`;
  }
  return undefined;
}

function checkTargets(
  net: Network,
  tg: TargetGroup,
  subnets: ReadonlyMap<string, Subnet>,
  out: Diagnostic[],
): void {
  const vpc = net.vpcs.find((v) => v.id === tg.vpc);
  const vpcCidrs = (vpc?.cidrs ?? []).map((c) => tryCidr4(c)).filter((p) => p !== null);
  for (const t of tg.targets) {
    const at = t.span ?? tg.span;
    if (tg.targetType === 'instance') {
      const inst = net.instances.find((i) => i.id === t.id || i.awsId === t.id);
      const eni = inst && net.networkInterfaces.find((e) => e.id === inst.interfaces[0]);
      const s = eni && subnets.get(eni.subnet);
      if (s && tg.vpc !== undefined && s.vpc !== tg.vpc)
        out.push(
          error(
            'TARGET_OTHER_VPC',
            `${tg.id}: instance ${t.id} is in ${s.vpc}, not in the target group's VPC ${tg.vpc}; instance targets must be in the load balancer's VPC — register a peered VPC's host by IP (ELB-3)`,
            at,
            { resource: tg.id, ref: 'ELB-3' },
          ),
        );
    }
    if (tg.targetType === 'ip') {
      const ip = tryIpv4(t.id);
      if (ip === null) continue;
      const inVpc = vpcCidrs.some((p) => contains4(p, ip));
      if (!inVpc && !isRfc1918(ip) && !contains4(RFC6598, ip))
        out.push(
          error(
            'TARGET_IP_NOT_ALLOWED',
            `${tg.id}: IP target ${t.id} is publicly routable; targets must be in the VPC or in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10 ("ValidationError: The IP address '${t.id}' is not a valid IPv4 address for the VPC", ELB-3)`,
            at,
            { resource: tg.id, ref: 'ELB-3' },
          ),
        );
    }
  }
}

/** NLB-2 lint: each target group should have a target in every AZ where its load balancer has a node. */
function checkTargetAzs(
  net: Network,
  subnets: ReadonlyMap<string, Subnet>,
  tgs: ReadonlyMap<string, TargetGroup>,
  out: Diagnostic[],
): void {
  const azOfTarget = (tg: TargetGroup, id: string): string | undefined => {
    if (tg.targetType === 'instance') {
      const inst = net.instances.find((i) => i.id === id || i.awsId === id);
      const eni = inst && net.networkInterfaces.find((e) => e.id === inst.interfaces[0]);
      return eni ? subnets.get(eni.subnet)?.az : undefined;
    }
    const ip = tryIpv4(id);
    if (ip === null) return 'all';
    const s = net.subnets.find((x) => {
      const p = x.vpc === tg.vpc ? tryCidr4(x.cidr ?? '') : null;
      return p !== null && contains4(p, ip);
    });
    return s?.az ?? 'all';
  };
  for (const lb of net.loadBalancers ?? []) {
    if (lb.type === 'application' || (lb.crossZone ?? false)) continue;
    const azs = lb.nodes.map((n) => subnets.get(n.subnet)?.az).filter((a): a is string => a !== undefined);
    for (const l of lb.listeners) {
      const tg = l.targetGroup !== undefined ? tgs.get(l.targetGroup) : undefined;
      if (!tg || tg.targets.length === 0 || tg.crossZone === true) continue;
      const have = new Set(tg.targets.map((t) => t.availabilityZone ?? azOfTarget(tg, t.id)));
      if (have.has('all')) continue;
      for (const az of azs)
        if (!have.has(az))
          out.push(
            warning(
              'TARGET_GROUP_NO_TARGET_IN_AZ',
              `${lb.id}: target group ${tg.id} has no target in ${az}, where the load balancer has a node; with cross-zone load balancing off, clients that resolve that node's address reach nothing (NLB-2, ELB-2: ELBV2_NO_TARGETS_IN_AZ)`,
              tg.span ?? lb.span,
              { resource: tg.id, ref: 'NLB-2' },
            ),
          );
    }
  }
}

/** PL-1: interface endpoints have one subnet per AZ, only in AZs where the service's load balancer has a node. */
function checkInterfaceEndpoints(
  net: Network,
  subnets: ReadonlyMap<string, Subnet>,
  out: Diagnostic[],
): void {
  const services = net.endpointServices ?? [];
  const lbs = new Map((net.loadBalancers ?? []).map((l) => [l.id, l]));
  for (const ep of net.vpcEndpoints) {
    if (ep.type !== 'interface') continue;
    const byAz = new Map<string, string>();
    const svc = services.find(
      (s) => s.id === ep.service || s.awsId === ep.service || s.serviceName === ep.service,
    );
    const svcAzs = svc
      ? new Set(
          svc.loadBalancers.flatMap((id) => (lbs.get(id)?.nodes ?? []).map((n) => subnets.get(n.subnet)?.az)),
        )
      : undefined;
    for (const sid of ep.subnets ?? []) {
      const s = subnets.get(sid);
      if (!s) continue;
      const az = s.az ?? '';
      const prev = byAz.get(az);
      if (prev !== undefined)
        out.push(
          error(
            'VPCE_SUBNETS_SAME_AZ',
            `${ep.id}: subnets ${prev} and ${sid} are both in ${az}; an interface endpoint takes one subnet per Availability Zone ("InvalidParameter: Found another VPC endpoint subnet in the availability zone", PL-1)`,
            ep.span,
            { resource: ep.id, ref: 'PL-1' },
          ),
        );
      byAz.set(az, sid);
      if (svcAzs && !svcAzs.has(az))
        out.push(
          error(
            'VPCE_SERVICE_NOT_INSTALLED_IN_AZ',
            `${ep.id}: subnet ${sid} is in ${az}, where endpoint service ${svc?.id ?? ''} has no load-balancer node; AWS says "InvalidParameter: The VPC endpoint service ${svc?.serviceName ?? svc?.id ?? ''} does not support the availability zone of the subnet" (PL-1)`,
            ep.span,
            { resource: ep.id, ref: 'PL-1' },
          ),
        );
    }
  }
}
