/**
 * What the Client VPN endpoint does with a packet a client sends into the tunnel (CVPN-3…CVPN-8).
 *
 * Model, in order:
 *  0. The address family (family.ts, CVPN-10): one the endpoint does not carry bypasses the tunnel; IPv6 through an
 *     endpoint that carries it is not simulated (UNSUPPORTED_COMPONENT, uncertain).
 *  1. Split tunnel (CVPN-8): on → only destinations covered by an endpoint route enter the tunnel; others
 *     `bypass` (leave through the client's own network, outside the model). Off → everything enters the tunnel.
 *  2. Endpoint route (CVPN-5): longest prefix over the routes usable on the target network the client landed on
 *     (its subnet, or `local`); none → drop `CLIENT_VPN_NO_ROUTE`.
 *  3. Authorization (CVPN-4): longest-prefix rule set with groups; none granting → drop
 *     `CLIENT_VPN_AUTHORIZATION_RESTRICTION`. Group rules do not apply to client-to-client traffic (CVPN-7) nor to
 *     mutual-certificate authentication (no groups).
 *  4. Source NAT (CVPN-3) to the Client VPN ENI of that target network; the client's source port is kept as a
 *     representative value — the ENI may use any port in `CLIENT_VPN_ENI_PORT_RANGE` (assumed, NACL-6).
 *     A `local` route (client-to-client, CVPN-7) is not translated: the packet goes to the other client as is.
 * With several target networks a client may land on any of them: one decision per target network, in the
 * endpoint's order. With none (the endpoint is `pending-associate`, CVPN-2) one drop decision with empty ids.
 * Every step is a Hop of kind `client-vpn` whose id is the endpoint id.
 */
import { formatAddr } from '../../net/addr.js';
import type { Hop } from '../hop.js';
import { packetJson, withPacket, type Packet } from '../packet.js';
import type { VpnClient } from '../../model/clientvpn.js';
import { formatPrefix } from '../../net/prefix.js';
import type { CompiledClientVpn, CompiledTargetNetwork } from './compile.js';
import { CLIENT_VPN_ENI_PORT_RANGE, formatClientVpnPortRange } from './port-range.js';
import { familyDecision } from './family.js';

export type ClientVpnCode =
  | 'CLIENT_VPN_SPLIT_TUNNEL_BYPASS'
  | 'CLIENT_VPN_AUTHORIZATION_RESTRICTION'
  | 'CLIENT_VPN_NO_ROUTE'
  /** The endpoint has no target network: clients cannot connect (CVPN-2). */
  | 'CLIENT_VPN_NO_TARGET_NETWORK'
  /** The target network's ENI has no address (its subnet is unknown or full). */
  | 'CLIENT_VPN_NO_ENI_ADDRESS'
  /** The endpoint does not carry the packet's family (family.ts). */
  | 'CLIENT_VPN_FAMILY_BYPASS'
  /** IPv6 through an endpoint that carries it: not simulated (family.ts). */
  | 'UNSUPPORTED_COMPONENT';

export interface ClientVpnDecision {
  /** Association id of the target network the client landed on ('' when the endpoint has none). */
  readonly targetNetwork: string;
  /** Its subnet id. */
  readonly subnet: string;
  readonly action: 'tunnel' | 'bypass' | 'drop';
  readonly code?: ClientVpnCode | undefined;
  readonly hops: readonly Hop[];
  /** The packet as it leaves the endpoint: after SNAT to the ENI (CVPN-3), or unchanged for client-to-client. */
  readonly packet?: Packet | undefined;
  /** The ENI address the packet leaves from (absent for client-to-client and when not tunnelled). */
  readonly eniIp?: number | undefined;
  /** True when the route was `local`: the packet goes to another client of the endpoint (CVPN-7). */
  readonly clientToClient?: boolean | undefined;
  /** The decision depends on something vpcsim does not model (IPv6 through the endpoint, family.ts). */
  readonly uncertain?: boolean | undefined;
}

function hop(cvpn: CompiledClientVpn, pkt: Packet, h: Omit<Hop, 'id' | 'kind' | 'packet'>): Hop {
  return { id: cvpn.id, kind: 'client-vpn', packet: packetJson(pkt), ...h };
}

/** One decision per target network. See the module header for the order of the steps. */
export function clientVpnEgress(
  cvpn: CompiledClientVpn,
  client: VpnClient,
  pkt: Packet,
): ClientVpnDecision[] {
  // 0. The family the endpoint carries (CVPN-10 [DRIFT, newer doc]).
  const family = familyDecision(cvpn, pkt);
  if (family) return family;
  const dst = formatAddr(pkt.dst);
  // 1. Split tunnel (CVPN-8).
  let splitHop: Hop;
  if (cvpn.splitTunnel) {
    const pushed = cvpn.pushed.lookup(pkt.dst);
    if (pushed === undefined) {
      const bypass = hop(cvpn, pkt, {
        action: 'exit',
        code: 'CLIENT_VPN_SPLIT_TUNNEL_BYPASS',
        rule: 'split tunnel on: no endpoint route covers the destination',
        detail: `split tunnel is on and no endpoint route covers ${dst}, so the client does not send it into the tunnel: it leaves through the client's own network, outside the modelled network`,
        refs: ['CVPN-8'],
      });
      const targets = cvpn.targets.length > 0 ? cvpn.targets : [undefined];
      return targets.map((t) => ({
        targetNetwork: t?.id ?? '',
        subnet: t?.subnet ?? '',
        action: 'bypass',
        code: 'CLIENT_VPN_SPLIT_TUNNEL_BYPASS',
        hops: [bypass],
      }));
    }
    splitHop = hop(cvpn, pkt, {
      action: 'forward',
      rule: `split tunnel on: ${formatPrefix(pushed.prefix)} is pushed to the client`,
      detail: `split tunnel is on and the endpoint route ${formatPrefix(pushed.prefix)} covers ${dst}: the packet enters the tunnel`,
      refs: ['CVPN-8'],
    });
  } else {
    splitHop = hop(cvpn, pkt, {
      action: 'forward',
      rule: 'split tunnel off: all traffic enters the tunnel',
      detail: 'split tunnel is off: the client sends all its traffic into the tunnel',
      refs: ['CVPN-8'],
    });
  }

  if (cvpn.targets.length === 0) {
    return [
      {
        targetNetwork: '',
        subnet: '',
        action: 'drop',
        code: 'CLIENT_VPN_NO_TARGET_NETWORK',
        hops: [
          splitHop,
          hop(cvpn, pkt, {
            action: 'drop',
            code: 'CLIENT_VPN_NO_TARGET_NETWORK',
            detail: `endpoint ${cvpn.id} has no target network associated: it stays pending-associate and clients cannot connect`,
            refs: ['CVPN-2'],
          }),
        ],
      },
    ];
  }
  return cvpn.targets.map((t) => decideOnTarget(cvpn, client, pkt, t, splitHop));
}

function decideOnTarget(
  cvpn: CompiledClientVpn,
  client: VpnClient,
  pkt: Packet,
  t: CompiledTargetNetwork,
  splitHop: Hop,
): ClientVpnDecision {
  const dst = formatAddr(pkt.dst);
  const hops: Hop[] = [splitHop];
  const base = { targetNetwork: t.id, subnet: t.subnet };
  const drop = (code: ClientVpnCode): ClientVpnDecision => ({ ...base, action: 'drop', code, hops });

  // 2. Endpoint route (CVPN-5).
  const route = t.routes.lookup(pkt.dst);
  if (route === undefined) {
    const elsewhere = cvpn.targets
      .filter((o) => o !== t && o.routes.lookup(pkt.dst) !== undefined)
      .map((o) => o.id);
    const note =
      elsewhere.length > 0
        ? `; target network ${elsewhere.join(', ')} has one: routes differ between target networks, so access is intermittent`
        : '';
    hops.push(
      hop(cvpn, pkt, {
        action: 'drop',
        code: 'CLIENT_VPN_NO_ROUTE',
        detail: `no endpoint route for ${dst} on target network ${t.id} (subnet ${t.subnet})${note}`,
        refs: ['CVPN-5'],
      }),
    );
    return drop('CLIENT_VPN_NO_ROUTE');
  }
  const routeHop = hop(cvpn, pkt, {
    action: 'forward',
    rule: route.text,
    detail: route.local
      ? `endpoint route ${route.text}: client-to-client traffic stays inside the endpoint`
      : `endpoint route ${route.text}: the packet leaves through the Client VPN ENI in subnet ${t.subnet}`,
    refs: route.local ? ['CVPN-5', 'CVPN-7'] : ['CVPN-5'],
  });

  hops.push(routeHop);

  // 3. Authorization (CVPN-4; CVPN-7: group rules do not apply to client-to-client).
  const honoured = cvpn.groupsHonoured && !route.local;
  const auth = cvpn.authorization.decide(pkt.dst, client.groups, honoured);
  if (!auth.allowed) {
    const groups = client.groups.length > 0 ? client.groups.join(', ') : 'none';
    let detail: string;
    if (auth.matched === undefined) {
      detail = `no authorization rule covers ${dst}: Client VPN denies by default`;
    } else {
      const why = !cvpn.groupsHonoured
        ? 'group rules grant nobody with mutual-certificate authentication'
        : route.local
          ? 'group rules are not supported for client-to-client access'
          : `the client's groups: ${groups}`;
      detail = `the longest matching authorization rules (${formatPrefix(auth.matched.prefix)}: ${auth.matched.rules
        .map((r) => r.text)
        .join(
          '; ',
        )}) grant neither all users nor a group of this client (${why}); broader rules do not apply`;
    }
    hops.push(
      hop(cvpn, pkt, {
        action: 'drop',
        code: 'CLIENT_VPN_AUTHORIZATION_RESTRICTION',
        rule: auth.matched?.rules.map((r) => r.text).join('; '),
        detail,
        refs: route.local ? ['CVPN-4', 'CVPN-7'] : ['CVPN-4'],
      }),
    );
    return drop('CLIENT_VPN_AUTHORIZATION_RESTRICTION');
  }
  hops.push(
    hop(cvpn, pkt, {
      action: 'allow',
      rule: auth.rule.text,
      detail: `authorization rule ${auth.rule.text} is the longest match for ${dst} and grants ${
        auth.rule.group === undefined
          ? 'all users'
          : `group ${auth.rule.group}, of which the client is a member`
      }`,
      refs: ['CVPN-4'],
    }),
  );

  // 4. Client-to-client: no translation (CVPN-7).
  if (route.local) {
    return { ...base, action: 'tunnel', hops, packet: pkt, clientToClient: true };
  }
  // 4. SNAT to the ENI (CVPN-3).
  if (t.eniIp === undefined) {
    hops.push(
      hop(cvpn, pkt, {
        action: 'drop',
        code: 'CLIENT_VPN_NO_ENI_ADDRESS',
        detail: `the Client VPN ENI of target network ${t.id} has no address: subnet ${t.subnet} is unknown or has no free address`,
        refs: ['CVPN-3'],
      }),
    );
    return drop('CLIENT_VPN_NO_ENI_ADDRESS');
  }
  const after = withPacket(pkt, { src: t.eniIp });
  const eni = formatAddr(t.eniIp);
  const ports = formatClientVpnPortRange(CLIENT_VPN_ENI_PORT_RANGE);
  const hasPorts = pkt.proto === 6 || pkt.proto === 17;
  hops.push({
    id: cvpn.id,
    kind: 'client-vpn',
    action: 'translate',
    rule: `SNAT ${formatAddr(pkt.src)} -> ${eni}`,
    packet: packetJson(pkt),
    after: packetJson(after),
    state: hasPorts
      ? `client-vpn nat ${formatAddr(pkt.src)}:${pkt.srcPort} <-> ${eni}:${after.srcPort}`
      : `client-vpn nat ${formatAddr(pkt.src)} <-> ${eni}`,
    detail:
      `source translated to the Client VPN ENI ${eni} of target network ${t.id} (subnet ${t.subnet}); the destination sees ${eni}` +
      (hasPorts
        ? `; the ENI may use any source port in ${ports} (assumed), the client's port is kept as a representative value`
        : ''),
    assumed: t.eniIpAssumed ? ['eniIp'] : undefined,
    refs: hasPorts ? ['CVPN-3', 'NACL-6'] : ['CVPN-3'],
  });
  return { ...base, action: 'tunnel', hops, packet: after, eniIp: t.eniIp };
}
