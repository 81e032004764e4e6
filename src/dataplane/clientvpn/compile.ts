/**
 * Compile one Client VPN endpoint (CVPN-1…CVPN-10) into lookup structures used per packet.
 *
 * Model: the endpoint's routes are compiled twice: once as the set pushed to clients for the split-tunnel decision
 * (every route, CVPN-8), and once per target network — a client that landed on target network T can use the routes
 * whose target is T's subnet or `local` (client-to-client, CVPN-7). This per-target view is **[DERIVED]** from
 * CVPN-5 ("add the same routes for every associated subnet, or access is intermittent"). Authorization rules become
 * an `AuthorizationTable` (CVPN-4). Each target network gets its Client VPN ENI address (`eni-address.ts`) and the
 * endpoint's security groups (the VPC's default SG when none are given, CVPN-9). Clients of the endpoint get their
 * tunnel addresses (`tunnel-ip.ts`).
 * Invariants: nothing here parses per packet; the result is immutable.
 * Input it does not understand: routes and rules whose CIDR does not parse, or is IPv6 (IPv4 only, CVPN-10), are
 * left out with a warning; unknown subnets leave the target network without an ENI address (its decisions drop).
 * Deploy-time values chosen here (ENI addresses, default SG) are reported as `info` diagnostics and marked assumed.
 */
import { type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type { ClientVpnEndpoint, VpnClient } from '../../model/clientvpn.js';
import type { Network } from '../../model/network.js';
import { resolveAssociations, type Associations } from '../../associations/resolve.js';
import { IntervalLpm } from '../../net/lpm.js';
import { formatIpv4 } from '../../net/ipv4.js';
import { formatPrefix, tryCidr4, type Prefix4 } from '../../net/prefix.js';
import { AuthorizationTable, authRuleText, type CompiledAuthRule } from './authorization.js';
import { clientVpnEniAddresses, eniKey } from './eni-address.js';
import { clientTunnelIp, type TunnelAddress } from './tunnel-ip.js';

export interface CompiledRoute {
  readonly prefix: Prefix4;
  /** Target subnet id, or `local`. */
  readonly target: string;
  readonly local: boolean;
  /** As the console lists it: `192.168.0.0/16 -> subnet-a`. */
  readonly text: string;
  readonly span: Span | undefined;
}

export interface CompiledTargetNetwork {
  /** Association id. */
  readonly id: string;
  readonly subnet: string;
  /** Client VPN ENI address (uint32), undefined when it could not be determined (unknown subnet). */
  readonly eniIp: number | undefined;
  readonly eniIpAssumed: boolean;
  /** Routes usable by a client that landed on this target network (target = this subnet or local). */
  readonly routes: IntervalLpm<CompiledRoute>;
  readonly routeCount: number;
  readonly span: Span | undefined;
}

export interface CompiledClientVpn {
  readonly id: string;
  readonly endpoint: ClientVpnEndpoint;
  readonly clientCidr: Prefix4 | undefined;
  readonly splitTunnel: boolean;
  /** Every route, as pushed to clients with split tunnel on (CVPN-8). */
  readonly pushed: IntervalLpm<CompiledRoute>;
  readonly targets: readonly CompiledTargetNetwork[];
  readonly authorization: AuthorizationTable;
  /** Group rules can grant access only with AD or SAML authentication (CVPN-4). */
  readonly groupsHonoured: boolean;
  /** Security groups on the Client VPN ENIs (CVPN-9). */
  readonly securityGroups: readonly string[];
  readonly securityGroupsAssumed: boolean;
  /** Tunnel address of each client of this endpoint, by client id. */
  readonly clients: ReadonlyMap<string, TunnelAddress>;
  /**
   * The client `client:ENDPOINT` stands for when the input declares none by that name (issue 14): a user in no
   * group — only authorization rules for all users admit it (CVPN-4) — at the next free tunnel address, assumed.
   */
  readonly assumedClient?: { readonly client: VpnClient; readonly address: TunnelAddress } | undefined;
}

/** The user `client:ENDPOINT` stands for: no group, no fixed address, on endpoint `ep`. */
function assumedClientOf(ep: ClientVpnEndpoint, net: Network): CompiledClientVpn['assumedClient'] {
  const client: VpnClient = {
    id: `${ep.id} (assumed client)`,
    endpoint: ep.id,
    groups: [],
    assumed: ['tunnelIp'],
  };
  const address = clientTunnelIp(ep, client, [...net.vpnClients, client]);
  return address ? { client, address } : undefined;
}

/** `compileClientVpn(net, ep)` → the compiled endpoint and what was left out or assumed. */
export function compileClientVpn(
  net: Network,
  ep: ClientVpnEndpoint,
  assoc: Associations = resolveAssociations(net),
  /** Whether the network compiled this subnet (an invalid CIDR: it did not, and has no ENI). */
  compiledSubnet: (id: string) => boolean = () => true,
): { cvpn: CompiledClientVpn; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const ignored = (what: string, text: string, span: Span | undefined): void => {
    diagnostics.push({
      severity: 'warning',
      code: 'CLIENT_VPN_ENTRY_IGNORED',
      message: `Client VPN endpoint ${ep.id}: ${what} "${text}" is not an IPv4 CIDR block and is left out of the simulation (IPv4 only, CVPN-10)`,
      span: span ?? ep.span,
      resource: ep.id,
      ref: 'CVPN-10',
    });
  };

  const routes: CompiledRoute[] = [];
  for (const r of ep.routes) {
    const prefix = tryCidr4(r.destination);
    if (prefix === null) {
      ignored('route destination', r.destination, r.span);
      continue;
    }
    const local = r.targetSubnet === 'local';
    routes.push({
      prefix,
      target: r.targetSubnet,
      local,
      text: `${formatPrefix(prefix)} -> ${r.targetSubnet}`,
      span: r.span,
    });
  }

  const rules: CompiledAuthRule[] = [];
  for (const r of ep.authorizationRules) {
    const prefix = tryCidr4(r.destination);
    if (prefix === null) {
      ignored('authorization rule destination', r.destination, r.span);
      continue;
    }
    rules.push({ prefix, group: r.group, text: authRuleText(prefix, r.group), span: r.span });
  }

  const enis = clientVpnEniAddresses(net);
  const targets: CompiledTargetNetwork[] = ep.targetNetworks.map((tn) => {
    const mine = routes.filter((r) => r.local || r.target === tn.subnet);
    const eni = enis.get(eniKey(ep.id, tn.id));
    if (eni?.assumed) {
      diagnostics.push({
        severity: 'info',
        code: 'CLIENT_VPN_ENI_IP_ASSUMED',
        message: `Client VPN endpoint ${ep.id}: the ENI of target network ${tn.id} (subnet ${tn.subnet}) is assumed to have address ${formatIpv4(eni.ip)} (AWS picks it at association time, CVPN-3)`,
        span: tn.span ?? ep.span,
        resource: ep.id,
        ref: 'CVPN-3',
      });
    }
    return {
      id: tn.id,
      subnet: tn.subnet,
      // CVPN-3: the ENI lives in the association's subnet; a subnet the network does not have (reported by
      // validation) has no ENI, even when the input gives its address — its clients' traffic is dropped
      // (CLIENT_VPN_NO_ENI_ADDRESS), never traced from an ENI that does not exist.
      // So is a subnet that did not compile (an invalid CIDR: fuzz session12-clean native:86560).
      eniIp: assoc.subnets.has(tn.subnet) && compiledSubnet(tn.subnet) ? eni?.ip : undefined,
      eniIpAssumed: eni?.assumed ?? false,
      routes: new IntervalLpm(mine.map((r) => ({ prefix: r.prefix, value: r }))),
      routeCount: mine.length,
      span: tn.span,
    };
  });

  let securityGroups = ep.securityGroups;
  let securityGroupsAssumed = false;
  if (securityGroups.length === 0) {
    // CVPN-9: the VPC's default SG is applied at first association when none is specified.
    const def = assoc.vpcs.get(ep.vpc)?.defaultSecurityGroup.id;
    if (def !== undefined) {
      securityGroups = [def];
      securityGroupsAssumed = true;
      diagnostics.push({
        severity: 'info',
        code: 'CLIENT_VPN_DEFAULT_SECURITY_GROUP_ASSUMED',
        message: `Client VPN endpoint ${ep.id} names no security group: its ENIs get the VPC's default security group ${def} (CVPN-9)`,
        span: ep.span,
        resource: ep.id,
        ref: 'CVPN-9',
      });
    }
  }

  const clients = new Map<string, TunnelAddress>();
  for (const c of net.vpnClients) {
    if (c.endpoint !== ep.id) continue;
    const t = clientTunnelIp(ep, c, net.vpnClients);
    if (t) clients.set(c.id, t);
  }

  const cvpn: CompiledClientVpn = {
    id: ep.id,
    endpoint: ep,
    clientCidr: tryCidr4(ep.clientCidr) ?? undefined,
    splitTunnel: ep.splitTunnel,
    pushed: new IntervalLpm(routes.map((r) => ({ prefix: r.prefix, value: r }))),
    targets,
    authorization: new AuthorizationTable(rules),
    groupsHonoured: ep.authentication !== 'certificate',
    securityGroups,
    securityGroupsAssumed,
    clients,
    assumedClient: assumedClientOf(ep, net),
  };
  return { cvpn, diagnostics };
}
