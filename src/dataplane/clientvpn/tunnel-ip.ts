/**
 * A VPN client's tunnel address (CVPN-1): given by the input, or assigned deterministically from the client CIDR.
 *
 * Model: AWS assigns each connection an address from the endpoint's client CIDR at connect time. When the input
 * does not fix one, vpcsim assigns the k-th client of the endpoint without a usable address (in the order the
 * Network lists clients) the address `base + 2 + k` of the client CIDR, skipping addresses other clients were
 * given — so the first client of 172.31.0.0/22 gets 172.31.0.2, as in scenario S3 — and marks it assumed.
 * Input it does not understand: a `tunnelIp` that does not parse or lies outside the client CIDR is ignored here
 * (an address is assigned instead) and reported by `validate/clientvpn.ts`; an unparsable client CIDR → undefined.
 */
import type { ClientVpnEndpoint, VpnClient } from '../../model/clientvpn.js';
import { contains4, last4, tryCidr4, tryIpv4, type Prefix4 } from '../../net/prefix.js';

export interface TunnelAddress {
  /** uint32 address. */
  readonly ip: number;
  /** True when vpcsim chose it (the input gave none, or gave one that is unusable). */
  readonly assumed: boolean;
}

function givenAddress(client: VpnClient, cidr: Prefix4): number | undefined {
  if (client.tunnelIp === undefined) return undefined;
  const ip = tryIpv4(client.tunnelIp);
  return ip !== null && contains4(cidr, ip) ? ip : undefined;
}

/**
 * The client's tunnel address: with client CIDR 172.31.0.0/22 and no `tunnelIp`, `clientTunnelIp(ep, client)` →
 * `{ip: 172.31.0.2, assumed: true}`. `clients` (the Network's `vpnClients`) lets assigned addresses avoid each other;
 * without it the client is treated as the endpoint's only one.
 */
export function clientTunnelIp(
  ep: ClientVpnEndpoint,
  client: VpnClient,
  clients: readonly VpnClient[] = [client],
): TunnelAddress | undefined {
  const cidr = tryCidr4(ep.clientCidr);
  if (cidr === null) return undefined;
  const given = givenAddress(client, cidr);
  if (given !== undefined) return { ip: given, assumed: false };
  const mine = clients.filter((c) => c.endpoint === ep.id);
  if (!mine.includes(client)) mine.push(client);
  const taken = new Set<number>();
  for (const c of mine) {
    const ip = givenAddress(c, cidr);
    if (ip !== undefined) taken.add(ip);
  }
  const last = last4(cidr);
  let next = cidr.base + 2;
  for (const c of mine) {
    if (givenAddress(c, cidr) !== undefined) continue;
    while (taken.has(next) && next < last) next++;
    if (next >= last) return undefined;
    if (c === client) return { ip: next, assumed: true };
    taken.add(next);
  }
  return undefined;
}
