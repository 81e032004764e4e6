/**
 * Pass 3 of the Terraform mapping: the deploy-time addresses the configuration leaves open, made deterministic
 * placeholders (formats/build/placeholders.ts) and listed in `assumed`: NAT gateways' private IPs, then interfaces'
 * (sorted by address, so the result does not depend on file order) — their primary IP, `private_ips_count` extra IPs
 * (ADDR-2: the first free addresses after the reserved five), their Elastic IPs (IGW-2) and the public IP a subnet or
 * `associate_public_ip_address` gives them — then Network Firewall endpoints and Client VPN ENIs (CVPN-3).
 */
import { AddressPlan } from '../build/placeholders.js';
import type { TfMapContext } from './map-context.js';

/** Append `field` to a draft's assumed fields. */
function assumed(d: { assumed?: string[] | undefined }, field: string): void {
  d.assumed = [...(d.assumed ?? []), field];
}

export function assignAddresses(c: TfMapContext): void {
  const net = c.b.net;
  const plan = new AddressPlan((s) => c.b.get('subnets', s)?.cidr);
  for (const e of net.networkInterfaces) for (const a of e.addresses) plan.reserve(e.subnet, a.private);
  for (const n of net.natGateways) plan.reserve(n.subnet, n.privateIp || undefined);
  const byId = <T extends { id: string }>(list: readonly T[]): T[] =>
    [...list].sort((x, y) => x.id.localeCompare(y.id));
  for (const n of byId(net.natGateways)) {
    if (n.privateIp) continue;
    n.privateIp = plan.take(n.subnet) ?? '';
    assumed(n, 'privateIp');
  }
  for (const e of byId(net.networkInterfaces)) {
    if (e.addresses.length === 0) {
      const ip = plan.take(e.subnet);
      if (ip) {
        e.addresses.push({ private: ip });
        assumed(e, 'addresses');
      }
    }
    for (let k = 0; k < (c.extraIps.get(e.id) ?? 0); k++) {
      const ip = plan.take(e.subnet);
      if (ip) e.addresses.push({ private: ip });
    }
    for (const x of c.eipsOf.get(e.id) ?? []) {
      const found = x.priv ? e.addresses.findIndex((a) => a.private === x.priv) : 0;
      const k = found < 0 ? 0 : found;
      const addr = e.addresses[k];
      if (addr) e.addresses[k] = { ...addr, public: x.ip };
      if (x.assumed) assumed(e, 'addresses.public');
    }
    const a0 = e.addresses[0];
    if (c.wantsPublic.has(e.id) && a0 && !a0.public) {
      e.addresses[0] = { ...a0, public: c.b.publicIps.next() };
      assumed(e, 'addresses.public');
    }
  }
  for (const f of net.firewalls)
    f.endpoints = f.endpoints.map((e) => (e.ip ? e : { ...e, ip: plan.take(e.subnet) }));
  for (const e of net.clientVpnEndpoints) {
    if (e.targetNetworks.some((t) => !t.eniIp)) assumed(e, 'targetNetworks.eniIp');
    e.targetNetworks = e.targetNetworks.map((t) => (t.eniIp ? t : { ...t, eniIp: plan.take(t.subnet) }));
  }
}
