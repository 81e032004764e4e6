/**
 * What a traced verdict rests on beyond the network as written, so no answer reads more definite than it is:
 *
 * - the reading warnings about resources its path touched (a Terraform variable left unset that emptied a security
 *   group, a value known only after apply, a rule group whose rules are not known offline): the verdict is then
 *   uncertain and names them (`dependsOn`);
 * - the deploy-time values vpcsim assumed because the input does not fix them (an instance's private IP, a NAT
 *   gateway's or an Elastic IP's address, a Client VPN ENI, a firewall endpoint): listed in `assumed` and marked on
 *   every hop whose packet carries one. An assumed address makes the verdict uncertain only when a rule that decided
 *   singles out addresses inside the placeholder's subnet (a /32 to "the instance's IP"): a different deploy-time
 *   address could then change the answer.
 *
 * Model: `caveatsOf` indexes a network and its reading diagnostics once; `withCaveats` returns the trace with
 * `uncertain`, `dependsOn`, `assumed` and the hops' `assumed` filled in. Pure; unsupported components the data
 * plane met (UNSUPPORTED_COMPONENT, hop `unsupported`) are named in `dependsOn` too.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Network } from '../model/network.js';
import type { Hop } from '../dataplane/hop.js';
import type { PacketJson } from '../dataplane/packet.js';
import { overlaps, tryCidr4 } from '../net/prefix.js';
import type { AssumedValue, TraceResult } from './trace-result.js';

export interface Caveats {
  /** Reading warnings by the resource they concern. */
  readonly warned: ReadonlyMap<string, readonly Diagnostic[]>;
  /** Component ids vpcsim chose because the input does not fix them (firewall endpoints): id → what it is. */
  readonly assumedIds: ReadonlyMap<string, string>;
  /** Assumed addresses: address → what it is (and the subnet it was chosen in, when known). */
  readonly assumed: ReadonlyMap<string, AssumedValue & { readonly subnetCidr?: string | undefined }>;
}

function has(r: { assumed?: readonly string[] | undefined }, ...fields: string[]): boolean {
  return (r.assumed ?? []).some((f) => fields.includes(f));
}

/** Index the warned-about resources and the assumed addresses of a network. */
export function caveatsOf(net: Network, readDiagnostics: readonly Diagnostic[]): Caveats {
  const warned = new Map<string, Diagnostic[]>();
  for (const d of readDiagnostics) {
    if (d.severity !== 'warning' || d.resource === undefined) continue;
    const list = warned.get(d.resource) ?? [];
    list.push(d);
    warned.set(d.resource, list);
  }
  const subnetCidr = new Map(net.subnets.map((s) => [s.id, s.cidr]));
  const assumed = new Map<string, AssumedValue & { subnetCidr?: string | undefined }>();
  const add = (address: string | undefined, of: string, what: string, subnet?: string): void => {
    if (address === undefined || assumed.has(address)) return;
    assumed.set(address, {
      address,
      of,
      what,
      subnetCidr: subnet !== undefined ? subnetCidr.get(subnet) : undefined,
    });
  };
  for (const e of net.networkInterfaces) {
    const who = e.instance ?? e.id;
    const privateAssumed = has(e, 'addresses', 'privateIp');
    const publicAssumed = has(e, 'addresses.public', 'publicIp');
    for (const a of e.addresses) {
      if (privateAssumed) add(a.private, who, 'private IP', e.subnet);
      if (publicAssumed || (privateAssumed && e.owner === 'client-vpn')) add(a.public, who, 'public IP');
    }
  }
  for (const n of net.natGateways) {
    if (has(n, 'privateIp')) add(n.privateIp, n.id, 'private IP', n.subnet);
    if (has(n, 'publicIp')) add(n.publicIp, n.id, 'Elastic IP');
  }
  const assumedIds = new Map<string, string>();
  for (const f of net.firewalls) {
    if (has(f, 'endpoints')) for (const ep of f.endpoints) assumedIds.set(ep.id, `endpoint id of ${f.id}`);
    if (has(f, 'endpoints', 'endpoints.ip'))
      for (const ep of f.endpoints) add(ep.ip, ep.id, 'endpoint IP', ep.subnet);
  }
  for (const cv of net.clientVpnEndpoints) {
    if (!has(cv, 'targetNetworks', 'targetNetworks.eniIp')) continue;
    for (const t of cv.targetNetworks) add(t.eniIp, cv.id, `ENI IP in ${t.subnet}`, t.subnet);
  }
  for (const c of net.vpnClients) if (has(c, 'tunnelIp')) add(c.tunnelIp, c.id, 'tunnel IP');
  return { warned, assumed, assumedIds };
}

function addressesOf(p: PacketJson | undefined): string[] {
  return p ? [p.src, p.dst] : [];
}

/** Does a rule that decided at this hop single out addresses inside the placeholder's subnet? */
function ruleSinglesOut(hop: Hop, subnetCidr: string | undefined): string | undefined {
  if (hop.rule === undefined || subnetCidr === undefined) return undefined;
  const subnet = tryCidr4(subnetCidr);
  if (!subnet) return undefined;
  for (const m of hop.rule.matchAll(/\b(\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2})\b/g)) {
    const p = tryCidr4(m[1] ?? '');
    if (p && p.len > subnet.len && overlaps(p, subnet)) return m[1];
  }
  return undefined;
}

function describeUnsupported(u: string): string {
  // Hops name unsupported components as `<target-kind> <id>` (`transit-gateway tgw-1`).
  const i = u.indexOf(' ');
  return i > 0 ? `${u.slice(0, i).replace(/-/g, ' ')}${u.slice(i)}` : u;
}

/** The trace with what it depends on and what it assumed made explicit. */
export function withCaveats(t: TraceResult, cav: Caveats): TraceResult {
  const dependsOn: string[] = [...(t.dependsOn ?? [])];
  const used = new Map<string, AssumedValue>();
  const depend = (s: string): void => {
    if (!dependsOn.includes(s)) dependsOn.push(s);
  };
  const mark = (hops: readonly Hop[]): Hop[] =>
    hops.map((h) => {
      for (const u of h.unsupported ?? []) depend(describeUnsupported(u));
      const ids = h.kind === 'network-interface' || h.kind === 'instance' ? [h.id, h.owner ?? h.id] : [h.id];
      for (const id of ids)
        for (const d of cav.warned.get(id) ?? [])
          depend(
            `${id}: ${d.message.startsWith(`${id}: `) ? d.message.slice(id.length + 2) : d.message} [${d.code}]`,
          );
      const here: string[] = [];
      const idWhat = cav.assumedIds.get(h.id);
      if (idWhat !== undefined) here.push(`${h.id} (${idWhat})`);
      for (const a of new Set([...addressesOf(h.packet), ...addressesOf(h.after)])) {
        const v = cav.assumed.get(a);
        if (!v) continue;
        used.set(a, { address: v.address, of: v.of, what: v.what });
        here.push(`${a} (${v.what} of ${v.of})`);
        const rule = ruleSinglesOut(h, v.subnetCidr);
        if (rule !== undefined)
          depend(`the assumed ${v.what} ${a} of ${v.of}: ${h.id}'s rule ${rule} singles it out`);
      }
      return here.length > 0 ? { ...h, assumed: [...new Set([...(h.assumed ?? []), ...here])] } : h;
    });
  const forward = { ...t.forward, hops: mark(t.forward.hops) };
  const ret = t.return ? { ...t.return, hops: mark(t.return.hops) } : null;
  for (const a of [...addressesOf(t.flow.packet), ...addressesOf(t.forward.finalPacket)]) {
    const v = cav.assumed.get(a);
    if (v) used.set(a, { address: v.address, of: v.of, what: v.what });
  }
  const uncertain = (t.uncertain ?? false) || dependsOn.length > 0;
  if (uncertain && dependsOn.length === 0) depend('something vpcsim does not model (see the notes)');
  return {
    ...t,
    forward,
    return: ret,
    uncertain,
    ...(dependsOn.length > 0 ? { dependsOn } : {}),
    ...(used.size > 0 ? { assumed: [...used.values()] } : {}),
  };
}
