/**
 * Validation and lint of a Client VPN endpoint's authorization rules (CVPN-4) and routes (CVPN-5): valid and
 * unique, within quota, targets associated, no overlap with the client CIDR (CVPN-1), split tunnel without a default
 * route (CVPN-8); the same routes for every target network (S3 B3.3) and a route for every rule and vice versa.
 */
import type { ClientVpnEndpoint } from '../model/clientvpn.js';
import { formatPrefix, overlaps, type Prefix4 } from '../net/prefix.js';
import {
  CLIENT_VPN_QUOTAS,
  cidr4,
  cidrProblem,
  type Emit,
  type ParsedRoute,
  type ParsedRule,
} from './clientvpn-common.js';

/** CVPN-4: the endpoint's authorization rules, checked; the usable ones parsed. */
export function checkAuthorizationRules(ep: ClientVpnEndpoint, emit: Emit): ParsedRule[] {
  const id = ep.id;
  // CVPN-4: authorization rules.
  const rules: ParsedRule[] = [];
  const ruleKeys = new Set<string>();
  for (const r of ep.authorizationRules) {
    const span = r.span ?? ep.span;
    const p = cidr4(r.destination);
    if ('error' in p) {
      const [sev, code, msg] = cidrProblem(
        p,
        `Client VPN endpoint ${id}: authorization rule destination`,
        r.destination,
        'CLIENT_VPN_AUTH_RULE_INVALID_CIDR',
        ep.trafficIpAddressType ?? 'ipv4',
      );
      emit(sev, code, msg, span, id, 'CVPN-4');
      continue;
    }
    const key = `${formatPrefix(p.prefix)}|${r.group ?? ''}`;
    if (ruleKeys.has(key)) {
      emit(
        'error',
        'CLIENT_VPN_AUTH_RULE_DUPLICATE',
        `Client VPN endpoint ${id}: authorization rule ${formatPrefix(p.prefix)} for ${r.group === undefined ? 'all users' : `group ${r.group}`} is defined twice`,
        span,
        id,
        'CVPN-4',
      );
    }
    ruleKeys.add(key);
    if (r.group !== undefined && ep.authentication === 'certificate') {
      emit(
        'warning',
        'CLIENT_VPN_GROUP_RULE_WITH_CERTIFICATE',
        `Client VPN endpoint ${id}: authorization rule ${r.destination} grants group ${r.group}, but mutual-certificate authentication has no groups: the rule grants nobody (grant all users instead)`,
        span,
        id,
        'CVPN-4',
      );
    }
    rules.push({ prefix: p.prefix, group: r.group, span });
  }
  if (ep.authorizationRules.length > CLIENT_VPN_QUOTAS.authorizationRules) {
    emit(
      'error',
      'CLIENT_VPN_AUTH_RULE_QUOTA',
      `Client VPN endpoint ${id} has ${ep.authorizationRules.length} authorization rules; the default quota is ${CLIENT_VPN_QUOTAS.authorizationRules} per endpoint (adjustable)`,
      ep.span,
      id,
      'CVPN-10',
    );
  }
  return rules;
}

/** CVPN-5: the endpoint's routes, checked; the usable ones parsed (`client`: the client CIDR when usable). */
export function checkRoutes(
  ep: ClientVpnEndpoint,
  client: Prefix4 | undefined,
  vpcCidrs: readonly Prefix4[],
  emit: Emit,
): ParsedRoute[] {
  const id = ep.id;
  // CVPN-5: routes.
  const routes: ParsedRoute[] = [];
  const routeKeys = new Set<string>();
  for (const r of ep.routes) {
    const span = r.span ?? ep.span;
    const p = cidr4(r.destination);
    if ('error' in p) {
      const [sev, code, msg] = cidrProblem(
        p,
        `Client VPN endpoint ${id}: route destination`,
        r.destination,
        'CLIENT_VPN_ROUTE_INVALID_CIDR',
        ep.trafficIpAddressType ?? 'ipv4',
      );
      emit(sev, code, msg, span, id, 'CVPN-5');
      continue;
    }
    const dest = formatPrefix(p.prefix);
    const key = `${dest}|${r.targetSubnet}`;
    if (routeKeys.has(key)) {
      emit(
        'error',
        'CLIENT_VPN_ROUTE_DUPLICATE',
        `Client VPN endpoint ${id}: route ${dest} -> ${r.targetSubnet} is defined twice`,
        span,
        id,
        'CVPN-5',
      );
    }
    routeKeys.add(key);
    if (r.targetSubnet === 'local') {
      if (client && !(p.prefix.base === client.base && p.prefix.len === client.len)) {
        emit(
          'warning',
          'CLIENT_VPN_LOCAL_ROUTE_NOT_CLIENT_CIDR',
          `Client VPN endpoint ${id}: route ${dest} -> local: a local route is for client-to-client access and should be the client CIDR ${ep.clientCidr}`,
          span,
          id,
          'CVPN-7',
        );
      }
    } else {
      if (!ep.targetNetworks.some((t) => t.subnet === r.targetSubnet)) {
        emit(
          'error',
          'CLIENT_VPN_ROUTE_TARGET_NOT_ASSOCIATED',
          `Client VPN endpoint ${id}: route ${dest} targets subnet ${r.targetSubnet}, which is not associated with the endpoint; AWS requires the target to be an associated subnet`,
          span,
          id,
          'CVPN-5',
        );
      }
      // CVPN-1 (literal reading of the guide): the client CIDR must not overlap routes added to the endpoint route
      // table; the internet route 0.0.0.0/0 is the documented exception (CVPN-6). A route to a VPC CIDR (added by
      // the association, CVPN-2) is skipped: the overlap with the VPC is already reported.
      const isVpcRoute = vpcCidrs.some((v) => v.base === p.prefix.base && v.len === p.prefix.len);
      if (client && p.prefix.len > 0 && !isVpcRoute && overlaps(p.prefix, client)) {
        emit(
          'error',
          'CLIENT_VPN_CLIENT_CIDR_OVERLAPS_ROUTE',
          `Client VPN endpoint ${id}: client CIDR ${ep.clientCidr} overlaps route ${dest} -> ${r.targetSubnet}; AWS requires the client CIDR not to overlap the endpoint's routes`,
          span,
          id,
          'CVPN-1',
        );
      }
    }
    if (ep.splitTunnel && p.prefix.len === 0) {
      emit(
        'warning',
        'CLIENT_VPN_SPLIT_TUNNEL_DEFAULT_ROUTE',
        `Client VPN endpoint ${id}: split tunnel is on but route ${dest} is pushed to clients, so all their traffic enters the tunnel anyway; AWS advises against 0.0.0.0/0 with split tunnel`,
        span,
        id,
        'CVPN-8',
      );
    }
    routes.push({ prefix: p.prefix, target: r.targetSubnet, span });
  }
  if (ep.routes.length > CLIENT_VPN_QUOTAS.routes) {
    emit(
      'error',
      'CLIENT_VPN_ROUTE_QUOTA',
      `Client VPN endpoint ${id} has ${ep.routes.length} routes; the default quota is ${CLIENT_VPN_QUOTAS.routes} per endpoint (adjustable)`,
      ep.span,
      id,
      'CVPN-10',
    );
  }
  return routes;
}

/** CVPN-5 / S3 B3.3: every target network should have the same routes. */
export function lintRoutesPerTarget(ep: ClientVpnEndpoint, routes: readonly ParsedRoute[], emit: Emit): void {
  const targets = ep.targetNetworks.filter((t, i, all) => all.findIndex((o) => o.subnet === t.subnet) === i);
  if (targets.length < 2) return;
  const dests = new Map<string, Map<string, ParsedRoute>>(); // destination → subnet → route
  for (const r of routes) {
    if (r.target === 'local') continue;
    const d = formatPrefix(r.prefix);
    let m = dests.get(d);
    if (!m) {
      m = new Map<string, ParsedRoute>();
      dests.set(d, m);
    }
    if (!m.has(r.target)) m.set(r.target, r);
  }
  for (const [d, m] of dests) {
    const have = targets.filter((t) => m.has(t.subnet));
    const missing = targets.filter((t) => !m.has(t.subnet));
    if (missing.length === 0 || have.length === 0) continue;
    const first = m.values().next().value as ParsedRoute;
    emit(
      'warning',
      'CLIENT_VPN_ROUTES_DIFFER_BETWEEN_TARGETS',
      `Client VPN endpoint ${ep.id}: route ${d} exists for target network${have.length > 1 ? 's' : ''} ${have
        .map((t) => `${t.id} (${t.subnet})`)
        .join(
          ', ',
        )} but not for ${missing.map((t) => `${t.id} (${t.subnet})`).join(', ')}: routes must be the same for every target network, or access is intermittent`,
      first.span ?? ep.span,
      ep.id,
      'CVPN-5',
    );
  }
}

/** CVPN-5: a packet needs both a route and an authorization rule. */
export function lintRulesAndRoutes(
  ep: ClientVpnEndpoint,
  rules: readonly ParsedRule[],
  routes: readonly ParsedRoute[],
  emit: Emit,
): void {
  for (const a of rules) {
    if (!routes.some((r) => overlaps(r.prefix, a.prefix))) {
      emit(
        'warning',
        'CLIENT_VPN_AUTH_RULE_WITHOUT_ROUTE',
        `Client VPN endpoint ${ep.id}: authorization rule ${formatPrefix(a.prefix)} has no endpoint route: the traffic it allows cannot be sent anywhere`,
        a.span,
        ep.id,
        'CVPN-5',
      );
    }
  }
  for (const r of routes) {
    if (!rules.some((a) => overlaps(r.prefix, a.prefix))) {
      emit(
        'warning',
        'CLIENT_VPN_ROUTE_WITHOUT_AUTHORIZATION',
        `Client VPN endpoint ${ep.id}: route ${formatPrefix(r.prefix)} -> ${r.target} has no authorization rule: every client is denied it (default deny)`,
        r.span,
        ep.id,
        'CVPN-4',
      );
    }
  }
}
