/**
 * Egress-only internet gateways compiled (IGW-7, V6-5): one per declared gateway attached to a VPC, and one implied
 * for a route that names a gateway the input does not contain (an importer that does not read the gateway itself;
 * AWS accepts a route only to an existing gateway, so it exists in the route table's VPC). A declared but detached
 * gateway makes its routes blackholes (RT-7).
 */
import { prefix4, type Prefix4 } from '../net/prefix.js';
import type { Network } from '../model/network.js';
import type { CEigw, CTarget, CVpc } from './compiled.js';

/** The IPv4 "CIDR" of an IPv6-only subnet (V6-1): 0.0.0.0/32, which holds no interface address. */
export const NO_IPV4: Prefix4 = prefix4(0, 32);

/** The declared gateways by id and AWS id (`null`: declared but detached), and the implied ones made so far. */
export interface EgressOnlyGateways {
  readonly declared: ReadonlyMap<string, CEigw | null>;
  readonly implied: Map<string, CEigw>;
}

export function compileEgressOnlyGateways(net: Network, vpcs: ReadonlyMap<string, CVpc>): EgressOnlyGateways {
  const declared = new Map<string, CEigw | null>();
  for (const g of net.egressOnlyInternetGateways ?? []) {
    const vpc = g.vpc !== undefined ? vpcs.get(g.vpc) : undefined;
    const c: CEigw | null = vpc ? { id: g.id, vpc, implied: false } : null;
    if (vpc && c) vpc.eigw ??= c;
    declared.set(g.id, c);
    if (g.awsId !== undefined) declared.set(g.awsId, c);
  }
  return { declared, implied: new Map() };
}

/** The target of a route to egress-only gateway `id` in a table of `vpc` (V6-5, RT-7). */
export function egressOnlyTarget(
  gws: EgressOnlyGateways,
  id: string,
  vpc: CVpc,
): { target: CTarget; blackhole: string | null } {
  const d = gws.declared.get(id);
  if (d === null) {
    return {
      target: { kind: 'egress-only-internet-gateway', eigw: { id, vpc, implied: false } },
      blackhole: `egress-only internet gateway ${id} is detached (RT-7, V6-5)`,
    };
  }
  if (d) return { target: { kind: 'egress-only-internet-gateway', eigw: d }, blackhole: null };
  const key = `${vpc.id}|${id}`;
  let g = gws.implied.get(key);
  if (!g) gws.implied.set(key, (g = { id, vpc, implied: true }));
  vpc.eigw ??= g;
  return { target: { kind: 'egress-only-internet-gateway', eigw: g }, blackhole: null };
}
