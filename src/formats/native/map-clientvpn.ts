/**
 * Native mapper of AWS Client VPN endpoints (CVPN-1…CVPN-10): target networks (a list of subnets, or named
 * associations with their ENI addresses), authorization rules (`<CIDR> -> all` / `<CIDR> -> group <name>`), routes
 * (`<CIDR> -> <target subnet>` / `-> local`) plus the route each association adds to the VPC's CIDRs (CVPN-2), and
 * the VPN clients connected to the endpoint.
 */
import { error } from '../../diag/diagnostic.js';
import type {
  ClientVpnAuthorizationRule,
  ClientVpnRoute,
  ClientVpnTargetNetwork,
} from '../../model/clientvpn.js';
import type { NativeContext, VpcScope } from './context.js';
import { spanFields } from './context.js';
import { obj } from './names.js';
import type { NativeVpc } from './schema.js';

type NativeClientVpn = NonNullable<NativeVpc['clientVpnEndpoints']>[string];

export function mapClientVpnEndpoints(c: NativeContext, scope: VpcScope): void {
  const rCv = obj(scope.raw.clientVpnEndpoints);
  for (const [cvName, cv] of Object.entries(scope.v.clientVpnEndpoints ?? {}))
    mapClientVpn(c, cvName, cv, obj(rCv[cvName]), scope);
}

function targetNetworks(
  c: NativeContext,
  cv: NativeClientVpn,
  rcv: Record<string, unknown>,
): ClientVpnTargetNetwork[] {
  const targets: ClientVpnTargetNetwork[] = [];
  const rtn = obj(rcv.targetNetworks);
  if (Array.isArray(cv.targetNetworks)) {
    cv.targetNetworks.forEach((sn, i) => {
      c.names.ref(sn, ['subnet'], c.spans.valueSpan(rtn, i), 'target network subnet');
      targets.push({ id: sn, subnet: sn, span: c.spans.valueSpan(rtn, i) });
    });
    return targets;
  }
  for (const [an, t] of Object.entries(cv.targetNetworks)) {
    c.names.ref(t.subnet, ['subnet'], c.spans.valueSpan(obj(rtn[an]), 'subnet'), 'target network subnet');
    targets.push({
      id: an,
      subnet: t.subnet,
      eniIp: t.eniIp,
      eniPublicIp: t.publicIp,
      span: c.spans.keySpan(rtn, an),
    });
  }
  return targets;
}

function authorizationRules(
  c: NativeContext,
  cvName: string,
  cv: NativeClientVpn,
  rcv: Record<string, unknown>,
): ClientVpnAuthorizationRule[] {
  const rAuth = obj(rcv.authorizationRules);
  return (cv.authorizationRules ?? []).flatMap((r, i) => {
    const at = c.spans.valueSpan(rAuth, i);
    if (typeof r !== 'string') return [{ destination: r.destination, group: r.group, span: at }];
    const m = /^\s*(\S+)\s*->\s*(all|group\s+(\S+))\s*$/.exec(r);
    if (!m) {
      c.b.diags.push(
        error(
          'CLIENT_VPN_RULE_SYNTAX',
          `Client VPN ${cvName}: authorization rule "${r}" must read "<CIDR> -> all" or "<CIDR> -> group <name>"`,
          at,
          { resource: cvName },
        ),
      );
      return [];
    }
    return [{ destination: m[1] ?? '', group: m[3], span: at }];
  });
}

function routes(
  c: NativeContext,
  cvName: string,
  cv: NativeClientVpn,
  rcv: Record<string, unknown>,
  targets: readonly ClientVpnTargetNetwork[],
): ClientVpnRoute[] {
  const rRoutes = obj(rcv.routes);
  const subnetOfTarget = (t: string): string => targets.find((x) => x.id === t)?.subnet ?? t;
  return (cv.routes ?? []).flatMap((r, i) => {
    const at = c.spans.valueSpan(rRoutes, i);
    let dest: string;
    let target: string;
    if (typeof r === 'string') {
      const m = /^\s*(\S+)\s*->\s*(\S+)\s*$/.exec(r);
      if (!m) {
        c.b.diags.push(
          error(
            'CLIENT_VPN_ROUTE_SYNTAX',
            `Client VPN ${cvName}: route "${r}" must read "<CIDR> -> <target subnet>" or "<CIDR> -> local"`,
            at,
            { resource: cvName },
          ),
        );
        return [];
      }
      dest = m[1] ?? '';
      target = m[2] ?? '';
    } else {
      dest = r.destination;
      target = r.target;
    }
    if (target !== 'local')
      c.names.ref(subnetOfTarget(target), ['subnet'], at, 'Client VPN route target subnet');
    return [
      { destination: dest, targetSubnet: target === 'local' ? 'local' : subnetOfTarget(target), span: at },
    ];
  });
}

function mapClientVpn(
  c: NativeContext,
  cvName: string,
  cv: NativeClientVpn,
  rcv: Record<string, unknown>,
  { name: vpcName, v }: VpcScope,
): void {
  for (const [i, g] of (cv.securityGroups ?? []).entries())
    c.names.ref(g, ['security-group'], c.spans.valueSpan(obj(rcv.securityGroups), i), 'security group');
  const targets = targetNetworks(c, cv, rcv);
  const rules = authorizationRules(c, cvName, cv, rcv);
  const rts = routes(c, cvName, cv, rcv, targets);
  // CVPN-2: each association adds a route to the VPC's CIDR(s) through that subnet.
  const vpcCidrs = v.cidrs ?? (v.cidr !== undefined ? [v.cidr] : []);
  for (const t of targets)
    for (const cidr of vpcCidrs)
      if (!rts.some((r) => r.destination === cidr && r.targetSubnet === t.subnet))
        rts.push({ destination: cidr, targetSubnet: t.subnet, span: t.span });
  const rClients = obj(rcv.clients);
  for (const [cl, client] of Object.entries(cv.clients ?? {}))
    c.b.add('vpnClients', {
      id: cl,
      endpoint: cvName,
      tunnelIp: client.tunnelIp,
      groups: client.groups ?? [],
      span: c.spans.keySpan(rClients, cl),
    });
  c.b.add('clientVpnEndpoints', {
    id: cvName,
    awsId: cv.id,
    vpc: vpcName,
    clientCidr: cv.clientCidr,
    authentication: cv.authentication ?? 'certificate',
    splitTunnel: cv.splitTunnel ?? false,
    trafficIpAddressType: cv.trafficIpAddressType,
    endpointIpAddressType: cv.endpointIpAddressType,
    transport: cv.transport,
    vpnPort: cv.port,
    securityGroups: cv.securityGroups ?? [],
    targetNetworks: targets,
    authorizationRules: rules,
    routes: rts,
    span: c.spans.valueSpan(rcv),
    spans: spanFields(c.spans, rcv, ['clientCidr', 'splitTunnel', 'trafficIpAddressType']),
  });
}
