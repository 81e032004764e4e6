/**
 * Resources that are not hosts as flow endpoints (issue 14, "naming things as AWS users do"): a subnet, an internet
 * gateway, a NAT gateway or a VPC peering connection given to `--from` / `--to`. Reachability Analyzer accepts
 * internet gateways and peering connections as sources and destinations and reads them as "a path that enters or
 * leaves through this component"; vpcsim does the same, by choosing a concrete host on the far side and requiring the
 * path to cross the component. Every choice is said in the trace's notes, and a path that does not cross the
 * component is unreachable with Reachability Analyzer's `COMPONENT_FILTER_RESTRICTION` (no path matches the filter;
 * one may exist without it).
 *
 * - subnet: its first network interface that can send (an instance's, else an unowned one), as the input lists
 *   them; an interface a service manages (load balancer node, endpoint, Client VPN) is never picked.
 * - internet gateway: an internet host (`internetHost`, assumed) on its far side; the path must cross the gateway.
 * - NAT gateway (destination only, public NAT): an internet host reached through it. A NAT gateway never starts a
 *   connection (NGW-3), so as a source it is refused; to trace its private address give the address.
 * - peering connection: the first sending interface of the VPC on the other side from the given endpoint; the path
 *   must cross the peering connection.
 * Resolution order: a name that `resolveEndpoint` already knows (instance, interface, client, load balancer, address,
 * on-premises) keeps its meaning; these kinds are tried only after it.
 */
import { formatAddr, type Addr } from '../net/addr.js';
import type { FlowSpec } from '../model/expectation.js';
import type { CEni, CompiledNetwork, CVpc } from '../dataplane/compiled.js';
import { resolveEndpoint, type EndpointResult } from './endpoints.js';

/** The internet host a gateway endpoint stands for: in TEST-NET-2 (RFC 5737), never a real host — the first of
 * 198.51.100.10, .11, … that nothing in the network uses (an example may well give an instance 198.51.100.10). */
export function internetHost(c: CompiledNetwork): string {
  const base = 0xc6336400; // 198.51.100.0
  for (let k = 10; k < 255; k++) {
    const a: Addr = base + k;
    if (
      !c.byPublicIp.has(a) &&
      !c.unresolvedEips.has(a) &&
      !c.vpcByAddress.lookup(a) &&
      !c.transit.onPremByAddress.lookup(a)
    )
      return formatAddr(a);
  }
  return '192.0.2.10';
}

/** A component the path must cross, and what it is (for the notes). */
export interface ThroughFilter {
  readonly id: string;
  readonly what: string;
  /** The side of the flow the component was named on. */
  readonly side: 'from' | 'to';
}

export interface ResourceEndpointPlan {
  readonly from: string;
  readonly to: string;
  readonly notes: readonly string[];
  readonly through: readonly ThroughFilter[];
}

type Side = 'from' | 'to';
type SideResult =
  | { readonly ok: true; readonly text: string; readonly note?: string; readonly through?: ThroughFilter }
  | { readonly ok: false; readonly message: string };

/**
 * Rewrite the flow's endpoints that name a subnet, gateway or peering connection into hosts the walk can use.
 * Returns the flow unchanged (no notes, no filters) when both endpoints are hosts already. A name that is none of
 * these keeps `resolveEndpoint`'s message (with its "did you mean").
 */
export function planResourceEndpoints(
  c: CompiledNetwork,
  flow: FlowSpec,
):
  | { readonly ok: true; readonly plan: ResourceEndpointPlan }
  | { readonly ok: false; readonly message: string } {
  const fromR = resolveEndpoint(c, flow.from);
  const toR = resolveEndpoint(c, flow.to);
  if (fromR.ok && toR.ok) return { ok: true, plan: { from: flow.from, to: flow.to, notes: [], through: [] } };
  // A peering connection needs the other endpoint's VPC: resolve the non-peering side first.
  const fromFirst = c.peerings.has(flow.to) || !c.peerings.has(flow.from);
  const order: readonly Side[] = fromFirst ? ['from', 'to'] : ['to', 'from'];
  const out: Record<Side, string> = { from: flow.from, to: flow.to };
  const notes: string[] = [];
  const through: ThroughFilter[] = [];
  for (const side of order) {
    const known = side === 'from' ? fromR : toR;
    if (known.ok) continue;
    const other = side === 'from' ? out.to : out.from;
    const r = resourceSide(c, out[side], side, other, known);
    if (!r.ok) return r;
    out[side] = r.text;
    if (r.note !== undefined) notes.push(r.note);
    if (r.through) through.push(r.through);
  }
  return { ok: true, plan: { from: out.from, to: out.to, notes, through } };
}

function resourceSide(
  c: CompiledNetwork,
  name: string,
  side: Side,
  other: string,
  unknown: Extract<EndpointResult, { ok: false }>,
): SideResult {
  const subnet = c.subnets.get(name);
  if (subnet) {
    const eni = firstSender(c.enis.filter((e) => e.subnet === subnet));
    if (!eni)
      return {
        ok: false,
        message: `subnet ${name} has no network interface that can ${side === 'from' ? 'send' : 'receive'} a flow: name an instance, an interface or an address in it`,
      };
    return {
      ok: true,
      text: eni.id,
      note: `subnet ${name} stands for ${described(eni)}, its first network interface; name another resource or an address to trace another`,
    };
  }
  const igw = c.igws.get(name);
  const host = igw || c.natGateways.has(name) ? internetHost(c) : '';
  if (igw) {
    const where = side === 'from' ? 'enters through' : 'leaves through';
    return {
      ok: true,
      text: host,
      note: `internet gateway ${name} stands for an internet host on its far side, ${host} (assumed: a documentation address, RFC 5737; give an address to trace another), and the path must cross ${name} (it ${where} it)`,
      through: { id: igw.id, what: `internet gateway ${igw.id}`, side },
    };
  }
  const natgw = c.natGateways.get(name);
  if (natgw) {
    if (side === 'from')
      return {
        ok: false,
        message: `NAT gateway ${name} never starts a connection (NGW-3): trace from an instance behind it, or give its address`,
      };
    if (!natgw.isPublic)
      return {
        ok: false,
        message: `${name} is a private NAT gateway: name the destination behind it (an address reached through a transit gateway or VPN), or give its private address ${formatAddr(natgw.privateIp)}`,
      };
    return {
      ok: true,
      text: host,
      note: `NAT gateway ${name} stands for an internet host reached through it, ${host} (assumed: a documentation address, RFC 5737), and the path must cross ${name}; give ${formatAddr(natgw.privateIp)} to trace its own address`,
      through: { id: natgw.id, what: `NAT gateway ${natgw.id}`, side },
    };
  }
  const pcx = c.peerings.get(name);
  if (pcx) {
    const near = vpcOf(c, other);
    if (!near || (near !== pcx.a && near !== pcx.b))
      return {
        ok: false,
        message: `peering connection ${name} joins ${pcx.a.id} and ${pcx.b.id}: the other endpoint (${other}) must be in one of them to say which side is far`,
      };
    const far = near === pcx.a ? pcx.b : pcx.a;
    const eni = firstSender(c.enis.filter((e) => e.subnet.vpc === far));
    if (!eni)
      return {
        ok: false,
        message: `${far.id}, across ${name}, has no network interface to ${side === 'from' ? 'send from' : 'deliver to'}`,
      };
    return {
      ok: true,
      text: eni.id,
      note: `peering connection ${name} stands for ${described(eni)}, the first network interface of ${far.id} on its far side, and the path must cross ${name}`,
      through: { id: pcx.id, what: `peering connection ${pcx.id}`, side },
    };
  }
  return unknown;
}

/** The first interface that can start or end a flow: an instance's, else one no AWS service manages. */
function firstSender(enis: readonly CEni[]): CEni | undefined {
  const usable = enis.filter((e) => e.addrs.length > 0 && !e.clientVpn && !e.lbNode && !e.interfaceEndpoint);
  return usable.find((e) => e.instance) ?? usable[0];
}

function described(eni: CEni): string {
  const addr = eni.addrs[0];
  const at = addr === undefined ? '' : ` (${formatAddr(addr)})`;
  return eni.instance ? `instance ${eni.instance.id}'s interface ${eni.id}${at}` : `interface ${eni.id}${at}`;
}

/** The VPC an already-resolved endpoint sits in, if it is a host in a VPC. */
function vpcOf(c: CompiledNetwork, text: string): CVpc | undefined {
  const r = resolveEndpoint(c, text);
  if (!r.ok) return undefined;
  const e = r.value;
  if (e.kind === 'instance' || e.kind === 'eni') return e.eni.subnet.vpc;
  if (e.kind === 'address') return c.vpcByAddress.lookup(e.addr);
  return undefined;
}
