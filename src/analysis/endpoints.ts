/**
 * Resolve the endpoints a user names (`--from app`, `--to 198.51.100.10`, `--from client:alice`) into walk
 * origins and destination addresses.
 *
 * Rules: a name is looked up as an instance, a network interface, a VPN client (`client:NAME` or the bare name);
 * an IPv4 address is an address of an ENI in some VPC (source: that ENI sends), a public IP of a resource (as a
 * destination it is used as written; as a source, the owning ENI sends from its private address), or otherwise a
 * host on the internet. A named destination reached from outside its VPC (internet, client) is addressed by its
 * public IP when it has one. Failures are usage errors with a message, never throws.
 */
import { parseIpv4 } from '../net/ipv4.js';
import type { VpnClient } from '../model/clientvpn.js';
import type { CEni, CInstance, CompiledNetwork } from '../dataplane/compiled.js';

export type ResolvedEndpoint =
  | {
      readonly kind: 'instance';
      readonly instance: CInstance;
      readonly eni: CEni;
      readonly addr: number;
      readonly label: string;
    }
  | { readonly kind: 'eni'; readonly eni: CEni; readonly addr: number; readonly label: string }
  | { readonly kind: 'internet'; readonly addr: number; readonly label: string }
  | { readonly kind: 'client'; readonly client: VpnClient; readonly addr: number; readonly label: string }
  | { readonly kind: 'address'; readonly addr: number; readonly label: string };

export type EndpointResult =
  { readonly ok: true; readonly value: ResolvedEndpoint } | { readonly ok: false; readonly message: string };

function eniEndpoint(eni: CEni, addr: number, label: string): ResolvedEndpoint {
  const inst = eni.instance;
  if (inst) return { kind: 'instance', instance: inst, eni, addr, label };
  return { kind: 'eni', eni, addr, label };
}

/** Resolve `text` as a flow endpoint. */
export function resolveEndpoint(c: CompiledNetwork, text: string): EndpointResult {
  const name = text.startsWith('client:') ? text.slice(7) : text;
  const client = c.clients.get(name);
  if (client) {
    const addr = c.clientVpns.get(client.endpoint)?.clients.get(client.id)?.ip;
    if (addr === undefined)
      return {
        ok: false,
        message: `VPN client ${name} has no tunnel address (endpoint ${client.endpoint} unknown or invalid)`,
      };
    return { ok: true, value: { kind: 'client', client, addr, label: `client:${name}` } };
  }
  if (text.startsWith('client:')) return { ok: false, message: `no VPN client is named ${name}` };
  const inst = c.instances.get(text);
  if (inst) {
    const eni = inst.enis[0];
    const addr = eni?.addrs[0];
    if (!eni || addr === undefined)
      return { ok: false, message: `instance ${text} has no network interface with an IPv4 address` };
    return { ok: true, value: { kind: 'instance', instance: inst, eni, addr, label: inst.id } };
  }
  const eni = c.eniById.get(text);
  if (eni) {
    const addr = eni.addrs[0];
    if (addr === undefined) return { ok: false, message: `network interface ${text} has no IPv4 address` };
    return { ok: true, value: eniEndpoint(eni, addr, eni.id) };
  }
  const ip = parseIpv4(text);
  if (!ip.ok) {
    return {
      ok: false,
      message: `endpoint "${text}" names no instance, network interface or VPN client, and is not an IPv4 address`,
    };
  }
  const att = c.attachmentByIp.get(ip.value);
  if (att?.kind === 'eni') return { ok: true, value: eniEndpoint(att.eni, ip.value, text) };
  if (att) return { ok: true, value: { kind: 'address', addr: ip.value, label: text } };
  const pub = c.byPublicIp.get(ip.value);
  if (pub && (pub.kind === 'eni' || pub.kind === 'client-vpn')) {
    return { ok: true, value: { kind: 'address', addr: ip.value, label: text } };
  }
  if (c.vpcByAddress.lookup(ip.value)) return { ok: true, value: { kind: 'address', addr: ip.value, label: text } };
  return { ok: true, value: { kind: 'internet', addr: ip.value, label: text } };
}

/** Where the destination is addressed, seen from the source (public IP from outside its VPC, IGW-2). */
export function destinationAddress(src: ResolvedEndpoint, dst: ResolvedEndpoint): number {
  if (dst.kind !== 'instance' && dst.kind !== 'eni') return dst.addr;
  const outside =
    src.kind === 'internet' ||
    (src.kind !== 'client' &&
      src.kind !== 'address' &&
      'eni' in src &&
      src.eni.subnet.vpc !== dst.eni.subnet.vpc &&
      !src.eni.subnet.vpc.peerings.some((p) => p.a === dst.eni.subnet.vpc || p.b === dst.eni.subnet.vpc));
  if (outside) {
    const pub = dst.eni.publicOf.get(dst.addr);
    if (pub !== undefined) return pub;
  }
  return dst.addr;
}
