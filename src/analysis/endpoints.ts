/**
 * Resolve the endpoints a user names (`--from app`, `--to 198.51.100.10`, `--from client:alice`) into walk
 * origins and destination addresses.
 *
 * Rules: a name is looked up as an instance, a network interface, a VPN client (`client:NAME` or the bare name);
 * an IPv4 address is an address of an ENI in some VPC (source: that ENI sends), a public IP of a resource (used as
 * written), or otherwise a host on the internet.
 * A literal address always means that address (issue 13 §1): `--to 10.0.0.91` from the internet is a packet to
 * 10.0.0.91, which the internet gateway never forwards (IGW-3). Only a resource *name* is turned into an address,
 * the way its public DNS name resolves: from outside its VPC and the VPCs peered with it (internet, VPN client,
 * an unpeered VPC) to its public IP when it has one (IGW-2), else to its primary private IP. The choice and its
 * reason are returned as a sentence for the trace's notes. Failures are usage errors with a message, never throws.
 */
import { formatIpv4 } from '../net/ipv4.js';
import { formatAddr, parseAddr, type Addr } from '../net/addr.js';
import { closestName } from '../diag/did-you-mean.js';
import type { VpnClient } from '../model/clientvpn.js';
import type { CEni, CInstance, CompiledNetwork } from '../dataplane/compiled.js';
import type { CLoadBalancer } from '../dataplane/load-balancer/types.js';
import { lbNodeAddress, resolveLoadBalancing } from './lb-endpoints.js';
import type { COnPremises } from '../dataplane/transit-gateway/compiled.js';

export type ResolvedEndpoint =
  | {
      readonly kind: 'instance';
      readonly instance: CInstance;
      readonly eni: CEni;
      readonly addr: Addr;
      readonly label: string;
      /** True when the user wrote an address, not the resource's name (a literal is never replaced). */
      readonly literal?: boolean | undefined;
      /** Which of several addresses vpcsim took for the name, and why (for the trace's notes). */
      readonly picked?: string | undefined;
    }
  | {
      readonly kind: 'eni';
      readonly eni: CEni;
      readonly addr: Addr;
      readonly label: string;
      readonly literal?: boolean | undefined;
      readonly picked?: string | undefined;
    }
  | {
      readonly kind: 'internet';
      readonly addr: Addr;
      readonly label: string;
      /** The address is an Elastic IP the input declares but whose owner it does not contain (issue 13 §6). */
      readonly unresolvedEip?: { readonly id: string; readonly reason: string } | undefined;
    }
  | {
      readonly kind: 'client';
      readonly client: VpnClient;
      readonly addr: number;
      readonly label: string;
      /** `client:ENDPOINT`: the assumed user vpcsim traced, and why (for the trace's notes). */
      readonly picked?: string | undefined;
    }
  /** A load balancer, a listener of it (`nlb:NAME:443`), or a target group (the listener that forwards to it):
   * addressed at one of its nodes (ELB-1), chosen in `destinationAddress`. */
  | {
      readonly kind: 'load-balancer';
      readonly lb: CLoadBalancer;
      readonly port?: number | undefined;
      readonly addr: Addr;
      readonly label: string;
    }
  | { readonly kind: 'address'; readonly addr: Addr; readonly label: string }
  /** A declared on-premises network (ONPREM-1): `onprem:NAME`, one of its named hosts, or an address in it. */
  | {
      readonly kind: 'onprem';
      readonly network: COnPremises;
      readonly addr: Addr;
      readonly label: string;
      readonly picked?: string | undefined;
    };

export type EndpointResult =
  { readonly ok: true; readonly value: ResolvedEndpoint } | { readonly ok: false; readonly message: string };

function eniEndpoint(eni: CEni, addr: Addr, label: string, literal: boolean): ResolvedEndpoint {
  const inst = eni.instance;
  if (inst) return { kind: 'instance', instance: inst, eni, addr, label, literal };
  return { kind: 'eni', eni, addr, label, literal };
}

/** A note when a name stands for one of several private addresses: which one is used, and why. */
function pickedNote(name: string, enis: readonly CEni[], eni: CEni, addr: number): string | undefined {
  const count = enis.reduce((n, e) => n + e.addrs.length, 0);
  if (count < 2) return undefined;
  return `${name} has ${count} private IPv4 addresses: the name stands for the primary address ${formatIpv4(addr)} of ${eni.id} (its first interface); give another address to trace it`;
}

/** Most endpoints kept per compiled network (a long-running server may be asked for any number of names). */
const MEMO_LIMIT = 100_000;

/**
 * Resolve `text` as a flow endpoint. Resolved once per distinct endpoint and compiled network (issue 19: bulk
 * analysis traces the same names over and over), kept in `c.memo` under `endpoints`; failures are not kept.
 */
export function resolveEndpoint(c: CompiledNetwork, text: string): EndpointResult {
  let known = c.memo.get('endpoints') as Map<string, EndpointResult> | undefined;
  if (!known) {
    known = new Map();
    c.memo.set('endpoints', known);
  }
  const hit = known.get(text);
  if (hit) return hit;
  const r = resolveOnce(c, text);
  if (r.ok) {
    if (known.size >= MEMO_LIMIT) known.clear();
    known.set(text, r);
  }
  return r;
}

function resolveOnce(c: CompiledNetwork, text: string): EndpointResult {
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
  if (text.startsWith('client:')) {
    // Issue 14: `client:ENDPOINT` is an assumed user of that Client VPN endpoint (no group, next free address).
    const a = c.clientVpns.get(name)?.assumedClient;
    if (!a) return { ok: false, message: `no VPN client and no Client VPN endpoint is named ${name}` };
    const picked = `${text} stands for an assumed user of Client VPN endpoint ${name}: in no group (only authorization rules for all users admit it, CVPN-4), at tunnel address ${formatIpv4(a.address.ip)} (assumed, the next free one of the client CIDR); declare a vpnClients entry with its groups to trace a given user`;
    return { ok: true, value: { kind: 'client', client: a.client, addr: a.address.ip, label: text, picked } };
  }
  const onprem = onPremisesEndpoint(c, text);
  if (onprem) return onprem;
  const inst = c.instances.get(text);
  if (inst) {
    const eni = inst.enis[0];
    const addr = eni?.addrs[0];
    // An IPv6-only instance (V6-1) stands for its first IPv6 address.
    const six = eni?.addrs6[0];
    if (eni && addr === undefined && six !== undefined)
      return { ok: true, value: { kind: 'instance', instance: inst, eni, addr: six, label: inst.id } };
    if (!eni || addr === undefined)
      return { ok: false, message: `instance ${text} has no network interface with an IPv4 address` };
    return {
      ok: true,
      value: {
        kind: 'instance',
        instance: inst,
        eni,
        addr,
        label: inst.id,
        picked: pickedNote(inst.id, inst.enis, eni, addr),
      },
    };
  }
  const eni = c.eniById.get(text);
  if (eni) {
    const addr = eni.addrs[0] ?? eni.addrs6[0]; // an IPv6-only interface: its first IPv6 address (V6-1)
    if (addr === undefined) return { ok: false, message: `network interface ${text} has no IPv4 address` };
    const picked = typeof addr === 'number' ? pickedNote(eni.id, [eni], eni, addr) : undefined;
    const inst = eni.instance;
    return {
      ok: true,
      value: inst
        ? { kind: 'instance', instance: inst, eni, addr, label: eni.id, literal: false, picked }
        : { kind: 'eni', eni, addr, label: eni.id, literal: false, picked },
    };
  }
  const lbe = resolveLoadBalancing(c, text);
  if (lbe) return lbe;
  const ip = parseAddr(text); // IPv4 or IPv6 (V6-2)
  if (!ip.ok) {
    const alias = byAlias(c, text);
    if (alias.ok || alias.message !== '') return alias.ok ? resolveEndpoint(c, alias.id) : alias;
    return { ok: false, message: unknownEndpointMessage(c, text) };
  }
  const att = c.attachmentByIp.get(ip.value);
  if (att?.kind === 'eni') return { ok: true, value: eniEndpoint(att.eni, ip.value, text, true) };
  if (att) return { ok: true, value: { kind: 'address', addr: ip.value, label: text } };
  const pub = c.byPublicIp.get(ip.value);
  if (pub && (pub.kind === 'eni' || pub.kind === 'client-vpn')) {
    return { ok: true, value: { kind: 'address', addr: ip.value, label: text } };
  }
  if (c.vpcByAddress.lookup(ip.value))
    return { ok: true, value: { kind: 'address', addr: ip.value, label: text } };
  const remote = c.transit.onPremByAddress.lookup(ip.value);
  if (remote) return { ok: true, value: { kind: 'onprem', network: remote, addr: ip.value, label: text } };
  const eip = c.unresolvedEips.get(ip.value);
  return { ok: true, value: { kind: 'internet', addr: ip.value, label: text, unresolvedEip: eip } };
}

/**
 * `onprem:NAME` (a declared network: its first named host, else the first address of its first CIDR) or the name of
 * a declared on-premises host (ONPREM-1). Undefined when `text` is neither.
 */
function onPremisesEndpoint(c: CompiledNetwork, text: string): EndpointResult | undefined {
  const nets = c.transit.onPremises;
  if (text.startsWith('onprem:')) {
    const name = text.slice(7);
    const net = nets.find((n) => n.id === name);
    if (!net) return { ok: false, message: `no on-premises network is named ${name}` };
    const [host, hostAddr] = [...net.hosts][0] ?? [];
    const first = net.cidrs[0];
    const addr =
      hostAddr ??
      (first === undefined
        ? undefined
        : first.family === 4
          ? first.base + (first.len < 31 ? 1 : 0)
          : first.base + (first.len < 127 ? 1n : 0n));
    if (addr === undefined) return { ok: false, message: `on-premises network ${name} has no valid CIDR` };
    const picked = `${text} stands for ${host !== undefined ? `its host ${host}` : 'the first address of its first CIDR'}, ${formatAddr(addr)}; give an address to trace another`;
    return { ok: true, value: { kind: 'onprem', network: net, addr, label: text, picked } };
  }
  for (const net of nets) {
    const addr = net.hosts.get(text);
    if (addr !== undefined) return { ok: true, value: { kind: 'onprem', network: net, addr, label: text } };
  }
  return undefined;
}

/** The destination address of the flow, and (when an address was picked for a name) why. */
export interface DestinationChoice {
  readonly addr: Addr;
  /** One sentence for the trace's notes when vpcsim picked the address; undefined for a literal address. */
  readonly note?: string | undefined;
}

/**
 * Where the destination is addressed, seen from the source. A literal address is used as written. A name
 * resolves as the resource's public DNS name does (IGW-2): to its public IP from outside its VPC and the VPCs
 * peered with it (PCX-4: only an active peering connects them), to its primary private IP otherwise.
 * `destinationAddress(internet, web)` → `{ addr: 18.216.80.133, note: 'web is named: …' }`.
 */
export function destinationAddress(src: ResolvedEndpoint, dst: ResolvedEndpoint): DestinationChoice {
  if (dst.kind === 'load-balancer') return lbNodeAddress(src, dst.lb, dst.label);
  if (dst.kind !== 'instance' && dst.kind !== 'eni') return { addr: dst.addr };
  if (dst.literal === true) return { addr: dst.addr };
  const vpc = dst.eni.subnet.vpc;
  const where =
    src.kind === 'internet'
      ? 'the internet'
      : src.kind === 'client'
        ? `VPN client ${src.client.id}`
        : // on-premises reaches a VPC by private address (ONPREM-1)
          src.kind === 'address' || src.kind === 'load-balancer' || src.kind === 'onprem'
          ? undefined
          : src.eni.subnet.vpc === vpc || src.eni.subnet.vpc.peerings.some((p) => p.a === vpc || p.b === vpc)
            ? undefined
            : `${src.eni.subnet.vpc.id}, which has no active peering with ${vpc.id}`;
  if (typeof dst.addr !== 'number') return { addr: dst.addr }; // IPv6: no public/private mapping (V6-2)
  const priv = formatIpv4(dst.addr);
  const pub = dst.eni.publicOf.get(dst.addr);
  if (where !== undefined && pub !== undefined) {
    return {
      addr: pub,
      note: `${dst.label} is named, not addressed: from ${where} it is addressed by its public IP ${formatIpv4(pub)}, as its public DNS name resolves outside ${vpc.id} (IGW-2); give ${priv} to trace its private address`,
    };
  }
  if (pub !== undefined) {
    return {
      addr: dst.addr,
      note: `${dst.label} is named, not addressed: from inside ${vpc.id} or a VPC peered with it, it is addressed by its private IP ${priv} (its public IP ${formatIpv4(pub)} is used only from outside)`,
    };
  }
  return { addr: dst.addr };
}

/**
 * An instance or network interface named by its AWS id or its Name tag (describe-* snapshots name resources by
 * id; users think in Name tags). An alias that several resources share is an error listing them.
 */
function byAlias(
  c: CompiledNetwork,
  text: string,
): { readonly ok: true; readonly id: string } | { readonly ok: false; readonly message: string } {
  const hits = new Set<string>();
  for (const i of c.instances.values()) if (i.model.awsId === text || i.model.name === text) hits.add(i.id);
  for (const e of c.enis)
    if (e.model.awsId === text || (e.model.name === text && !e.instance)) hits.add(e.id);
  if (hits.size === 1) return { ok: true, id: [...hits][0] ?? '' };
  if (hits.size > 1)
    return {
      ok: false,
      message: `"${text}" is the Name tag of ${hits.size} resources (${[...hits].sort().join(', ')}): name one of them by its id`,
    };
  return { ok: false, message: '' };
}

/** Every name a flow endpoint may use, by kind (for "did you mean" and `vpcsim ls`). */
export function endpointNames(
  c: CompiledNetwork,
): { readonly kind: string; readonly names: readonly string[] }[] {
  const aliases = (
    xs: Iterable<{
      readonly model: { readonly awsId?: string | undefined; readonly name?: string | undefined };
    }>,
  ) => [...xs].flatMap((x) => [x.model.awsId, x.model.name].filter((n): n is string => n !== undefined));
  return [
    { kind: 'instance', names: [...c.instances.keys(), ...aliases(c.instances.values())] },
    {
      kind: 'network interface',
      names: [...c.eniById.keys(), ...aliases(c.enis.filter((e) => !e.instance))],
    },
    { kind: 'VPN client', names: [...c.clients.keys()].map((n) => `client:${n}`) },
    // An assumed user of the endpoint (`client:ENDPOINT`, issue 14).
    { kind: 'Client VPN endpoint', names: [...c.clientVpns.keys()].map((n) => `client:${n}`) },
    // Stand for a host beyond them (analysis/resource-endpoints.ts).
    { kind: 'subnet', names: [...c.subnets.keys()] },
    { kind: 'internet gateway', names: [...c.igws.keys()] },
    { kind: 'NAT gateway', names: [...c.natGateways.keys()] },
    { kind: 'peering connection', names: [...c.peerings.keys()] },
  ];
}

function unknownEndpointMessage(c: CompiledNetwork, text: string): string {
  const groups = endpointNames(c);
  const all = groups.flatMap((g) => g.names);
  const guess = closestName(text, all);
  const kind = groups.find((g) => guess !== undefined && g.names.includes(guess))?.kind;
  const list = (g: { kind: string; names: readonly string[] }): string =>
    `${g.kind}s: ${g.names.slice(0, 12).join(', ')}${g.names.length > 12 ? `, … (${g.names.length - 12} more; vpcsim ls lists them)` : ''}`;
  const near = kind !== undefined ? groups.find((g) => g.kind === kind) : undefined;
  return `endpoint "${text}" names no instance, network interface, VPN client, subnet, gateway or peering connection, and is not an IPv4 or IPv6 address${
    guess !== undefined ? ` — did you mean ${guess}?` : ''
  } (${
    near
      ? list(near)
      : groups
          .filter((g) => g.names.length > 0)
          .map(list)
          .join('; ') || 'the network defines none'
  })`;
}
