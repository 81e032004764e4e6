/**
 * Addresses of the Client VPN ENIs (CVPN-3): given by the input, or chosen deterministically.
 *
 * Model: associating a subnet creates a Client VPN ENI in it whose private address AWS picks at deploy time. When
 * the input gives `eniIp`, that is used. Otherwise, if the Network lists network interfaces owned by Client VPN
 * (`owner: 'client-vpn'`, e.g. from describe-network-interfaces) in that subnet that no target network claimed by
 * `eniIp`, the first unclaimed one is taken — not assumed when it is the subnet's only such interface and the only
 * target network there without `eniIp`, assumed otherwise. Failing that, vpcsim picks the lowest address of the subnet after AWS's
 * reserved ones (network address and the next three, and the last: ADDR-2 — so the first candidate is base + 4)
 * that no other ENI, NAT gateway or Client VPN ENI in the Network uses, walking endpoints and their target networks
 * in the Network's order so that the choice is deterministic and two assumed ENIs never collide; such addresses
 * are marked assumed. Input it does not understand: an unknown or unparsable subnet, or a given `eniIp` that does
 * not parse, yields no address for that target network (validation reports it).
 *
 * Public addresses (CVPN-6, IGW-3): the Client VPN ENIs carry public IPv4 addresses (the seed article shows them;
 * the guide only implies it — [UNCERTAIN]), which is what lets internet traffic through the VPN leave by an internet
 * gateway. `eniPublicIp` when given; else the public address of the inventory ENI taken above; else a deterministic
 * placeholder counting up from 198.19.0.1 (the upper half of the RFC 2544 benchmarking block 198.18.0.0/15, whose
 * lower half the CloudFormation importer uses for its placeholders), skipping public addresses in the Network —
 * marked assumed.
 */
import type { Network } from '../../model/network.js';
import { firstFreeAddress } from '../../model/reserved-addresses.js';
import { tryCidr4, tryIpv4 } from '../../net/prefix.js';

export interface EniAddress {
  readonly ip: number;
  readonly assumed: boolean;
  /** Public IPv4 of the ENI (CVPN-6), uint32. */
  readonly publicIp?: number | undefined;
  readonly publicAssumed?: boolean | undefined;
}

/** First public placeholder: 198.19.0.1. */
const PUBLIC_PLACEHOLDER_BASE = 0xc6130001;

/** Key of a target network in the map `clientVpnEniAddresses` returns. */
export function eniKey(endpointId: string, associationId: string): string {
  return `${endpointId}\u0000${associationId}`;
}

/**
 * The address of every Client VPN ENI in the network, keyed by `eniKey(endpoint, association)`.
 * Example: target subnet 192.168.11.0/24 with no ENIs and no `eniIp` → 192.168.11.4, assumed.
 */
export function clientVpnEniAddresses(net: Network): Map<string, EniAddress> {
  const used = new Set<number>();
  for (const eni of net.networkInterfaces) {
    for (const a of eni.addresses) {
      const ip = tryIpv4(a.private);
      if (ip !== null) used.add(ip);
    }
  }
  for (const ngw of net.natGateways) {
    const ip = tryIpv4(ngw.privateIp);
    if (ip !== null) used.add(ip);
  }
  const out = new Map<string, EniAddress>();
  for (const ep of net.clientVpnEndpoints) {
    for (const tn of ep.targetNetworks) {
      if (tn.eniIp === undefined) continue;
      const ip = tryIpv4(tn.eniIp);
      if (ip === null) continue;
      used.add(ip);
      out.set(eniKey(ep.id, tn.id), { ip, assumed: false });
    }
  }
  // Client VPN ENIs listed in the inventory, by subnet, not claimed by a given eniIp.
  const inventory = new Map<string, number[]>();
  const inventoryPublic = new Map<number, number>();
  for (const eni of net.networkInterfaces) {
    if (eni.owner !== 'client-vpn') continue;
    const first = eni.addresses[0];
    const ip = first ? tryIpv4(first.private) : null;
    if (ip === null || [...out.values()].some((a) => a.ip === ip)) continue;
    const pub = first?.public !== undefined ? tryIpv4(first.public) : null;
    if (pub !== null) inventoryPublic.set(ip, pub);
    const l = inventory.get(eni.subnet) ?? [];
    l.push(ip);
    inventory.set(eni.subnet, l);
  }
  const unaddressed = new Map<string, number>();
  for (const ep of net.clientVpnEndpoints) {
    for (const tn of ep.targetNetworks) {
      if (tn.eniIp === undefined) unaddressed.set(tn.subnet, (unaddressed.get(tn.subnet) ?? 0) + 1);
    }
  }
  const subnets = new Map(net.subnets.map((s) => [s.id, s]));
  for (const ep of net.clientVpnEndpoints) {
    for (const tn of ep.targetNetworks) {
      if (tn.eniIp !== undefined) continue;
      const listed = inventory.get(tn.subnet);
      if (listed && listed.length > 0) {
        const sure = listed.length === 1 && unaddressed.get(tn.subnet) === 1;
        out.set(eniKey(ep.id, tn.id), { ip: listed.shift() as number, assumed: !sure });
        continue;
      }
      const subnet = subnets.get(tn.subnet);
      const cidr = subnet ? tryCidr4(subnet.cidr ?? '') : null;
      if (cidr === null) continue;
      const ip = firstFreeAddress(cidr, used); // after AWS's reserved addresses (ADDR-2)
      if (ip !== null) {
        used.add(ip);
        out.set(eniKey(ep.id, tn.id), { ip, assumed: true });
      }
    }
  }
  // Public addresses (CVPN-6).
  const usedPublic = new Set<number>();
  for (const eni of net.networkInterfaces) {
    for (const a of eni.addresses) {
      const ip = a.public !== undefined ? tryIpv4(a.public) : null;
      if (ip !== null) usedPublic.add(ip);
    }
  }
  for (const ngw of net.natGateways) {
    const ip = ngw.publicIp !== undefined ? tryIpv4(ngw.publicIp) : null;
    if (ip !== null) usedPublic.add(ip);
  }
  for (const ep of net.clientVpnEndpoints) {
    for (const tn of ep.targetNetworks) {
      const ip = tn.eniPublicIp !== undefined ? tryIpv4(tn.eniPublicIp) : null;
      if (ip !== null) usedPublic.add(ip);
    }
  }
  let nextPublic = PUBLIC_PLACEHOLDER_BASE;
  for (const ep of net.clientVpnEndpoints) {
    for (const tn of ep.targetNetworks) {
      const key = eniKey(ep.id, tn.id);
      const a = out.get(key);
      if (!a) continue;
      const given = tn.eniPublicIp !== undefined ? tryIpv4(tn.eniPublicIp) : null;
      if (given !== null) {
        out.set(key, { ...a, publicIp: given, publicAssumed: false });
        continue;
      }
      const listed = inventoryPublic.get(a.ip);
      if (listed !== undefined) {
        out.set(key, { ...a, publicIp: listed, publicAssumed: a.assumed });
        continue;
      }
      while (usedPublic.has(nextPublic)) nextPublic++;
      usedPublic.add(nextPublic);
      out.set(key, { ...a, publicIp: nextPublic, publicAssumed: true });
    }
  }
  return out;
}
