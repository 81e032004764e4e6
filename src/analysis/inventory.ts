/**
 * The inventory of a network: every resource the inputs define, by kind, with its id, AWS id, Name tag and where it
 * sits — what `vpcsim ls` prints, so users can see the names `--from`/`--to`, expectations and diagrams accept.
 * Resources vpcsim reads but does not model are listed too, marked unsupported.
 */
import type { Network, Resource } from '../model/network.js';

export interface InventoryRow {
  readonly kind: string;
  readonly id: string;
  readonly awsId?: string | undefined;
  readonly name?: string | undefined;
  /** The VPC, subnet or owner it belongs to. */
  readonly in?: string | undefined;
  /** True when `--from`/`--to` accept it (instances, network interfaces, VPN clients; subnets, internet and NAT
   * gateways and peering connections, which stand for a host beyond them: analysis/resource-endpoints.ts). */
  readonly endpoint: boolean;
  readonly unsupported?: string | undefined;
}

function row(kind: string, r: Resource, where: string | undefined, endpoint = false): InventoryRow {
  return { kind, id: r.id, awsId: r.awsId, name: r.name, in: where, endpoint };
}

/** Every resource of `net`, in a stable order (kind as listed here, then input order). */
export function inventory(net: Network): InventoryRow[] {
  return [
    ...net.vpcs.map((v) => row('vpc', v, v.cidrs.join(', '))),
    ...net.subnets.map((s) =>
      row('subnet', s, `${s.vpc} ${s.cidr}${s.az !== undefined ? ` ${s.az}` : ''}`, true),
    ),
    ...net.routeTables.map((r) => row('route-table', r, r.vpc)),
    ...net.internetGateways.map((g) => row('internet-gateway', g, g.vpc, true)),
    ...net.virtualPrivateGateways.map((g) => row('virtual-private-gateway', g, g.vpc)),
    ...net.natGateways.map((g) => row('nat-gateway', g, g.subnet, true)),
    ...net.instances.map((i) => row('instance', i, i.interfaces.join(', '), true)),
    ...net.networkInterfaces.map((e) =>
      row('network-interface', e, `${e.subnet}${e.instance !== undefined ? ` (${e.instance})` : ''}`, true),
    ),
    ...net.securityGroups.map((g) => row('security-group', g, g.vpc)),
    ...net.networkAcls.map((a) => row('network-acl', a, a.vpc)),
    ...net.peerings.map((p) => row('vpc-peering', p, `${p.requesterVpc} ↔ ${p.accepterVpc}`, true)),
    ...net.prefixLists.map((p) => row('prefix-list', p, undefined)),
    ...net.vpcEndpoints.map((e) => row(`vpc-endpoint (${e.type})`, e, e.vpc)),
    ...net.firewalls.map((f) =>
      row('network-firewall', f, f.vpc ?? `transit gateway ${f.transitGateway ?? '?'}`),
    ),
    ...net.firewallPolicies.map((f) => row('firewall-policy', f, undefined)),
    ...net.ruleGroups.map((g) => row('rule-group', g, undefined)),
    ...net.clientVpnEndpoints.map((e) => row('client-vpn-endpoint', e, e.vpc)),
    ...net.vpnClients.map((c) => ({ ...row('vpn-client', c, c.endpoint, true), id: `client:${c.id}` })),
    ...(net.elasticIps ?? []).map((e) => row('elastic-ip', e, e.publicIp)),
    ...net.unsupported.map((u) => ({
      kind: u.type,
      id: u.id,
      endpoint: false,
      unsupported: u.reason ?? 'not modelled',
    })),
  ];
}
