/**
 * The steps of the walk: the `Step` union (what is pending: which component gets the packet next) and the table
 * that maps each kind of step to the component that handles it. A new component of the walk is one member of
 * `Step`, one entry in `STEPS`, and its handler in `dataplane/components/` (ARCHITECTURE.md, "Adding a component to
 * the walk").
 */
import type { ExplanationCode } from '../../diag/codes.js';
import type {
  CEigw,
  CEni,
  CFirewallEndpoint,
  CGwlbEndpoint,
  CIgw,
  CInstance,
  CNatGateway,
  CompiledNetwork,
  CPeering,
  CSubnet,
  CVpc,
} from '../compiled.js';
import type { HopKind } from '../hop.js';
import type { Packet } from '../packet.js';
import type { TraceState } from '../trace-state.js';
import type { AmazonService } from '../amazon-services.js';
import type { Ctx } from './context.js';
import { eniIn, eniOut } from '../components/eni.js';
import { route } from '../components/route.js';
import { local } from '../components/local.js';
import { igwOut } from '../components/internet-gateway.js';
import { igwIn } from '../components/internet-gateway-ingress.js';
import { eigwIn, eigwOut } from '../components/egress-only-internet-gateway.js';
import { natGateway } from '../components/nat-gateway.js';
import { firewallEndpoint } from '../components/firewall-endpoint.js';
import { gwlbEndpoint } from '../components/gwlb-endpoint.js';
import { peering } from '../components/peering.js';
import { internet } from '../components/internet.js';
import { loadBalancerNode } from '../components/load-balancer.js';
import { loadBalancerReturn } from '../components/load-balancer-return.js';
import { interfaceEndpoint } from '../components/interface-endpoint.js';
import type { LbFlow } from '../load-balancer/flows.js';
import type { CInterfaceEndpoint, CLbNode } from '../load-balancer/types.js';
import { transitGateway } from '../components/transit-gateway.js';
import { vpnGatewayIn, vpnGatewayOut } from '../components/vpn-gateway.js';
import type { CTgwAttachment, CVgw } from '../transit-gateway/compiled.js';

/** Where a walk ended. */
export type End =
  | { readonly kind: 'instance'; readonly instance: CInstance; readonly eni: CEni }
  | { readonly kind: 'eni'; readonly eni: CEni }
  | { readonly kind: 'internet' }
  | { readonly kind: 'client'; readonly client: string; readonly cvpn: string }
  | { readonly kind: 'client-network' }
  | { readonly kind: 'service'; readonly vpc: CVpc; readonly service: string; readonly endpoint: string }
  | { readonly kind: 'amazon-service'; readonly eni: CEni; readonly service: AmazonService }
  | { readonly kind: 'unsupported'; readonly what: string }
  /** A declared on-premises network (ONPREM-1), at a declared host when `host` is set. */
  | { readonly kind: 'onprem'; readonly network: string; readonly host: string | undefined }
  | { readonly kind: 'dropped' };

/** One address translation a component made. */
export interface Rewrite {
  readonly by: string;
  readonly kind: HopKind;
  readonly packet: Packet;
}

/** A pending action of the walk. */
export type Step =
  | { readonly at: 'eni-out'; readonly eni: CEni }
  | { readonly at: 'route'; readonly subnet: CSubnet; readonly from: string }
  | { readonly at: 'local'; readonly vpc: CVpc; readonly fromSubnet: CSubnet | null }
  | {
      readonly at: 'eni-in';
      readonly eni: CEni;
      readonly fromSubnet: CSubnet | null;
      /** Answered by the platform (ADDR-4): no network ACL, no security group. */
      readonly platform?: boolean | undefined;
    }
  | { readonly at: 'igw-out'; readonly igw: CIgw }
  | { readonly at: 'igw-in'; readonly igw: CIgw }
  /** Out through an egress-only internet gateway; in only as the reply of a flow it saw leave (V6-5). */
  | { readonly at: 'eigw-out'; readonly eigw: CEigw }
  | { readonly at: 'eigw-in'; readonly eigw: CEigw }
  | { readonly at: 'natgw'; readonly natgw: CNatGateway }
  | { readonly at: 'fwe'; readonly ep: CFirewallEndpoint }
  | { readonly at: 'gwlbe'; readonly ep: CGwlbEndpoint }
  | { readonly at: 'pcx'; readonly pcx: CPeering; readonly from: CVpc }
  | { readonly at: 'internet' }
  /** A load-balancer node forwards to a target (B14); `endpoint` when it came through PrivateLink (PL-7). */
  | { readonly at: 'lb'; readonly node: CLbNode; readonly endpoint?: LbFlow['endpoint'] }
  /** A target's reply goes back to the node that forwarded the request (NLB-9). */
  | {
      readonly at: 'lb-return';
      readonly flow: LbFlow;
      readonly fromSubnet: CSubnet;
      /** The reply reached the node's ENI by routing (a target outside the node's VPC, ELB-5). */
      readonly routed?: boolean;
    }
  /** An interface endpoint's ENI carries a consumer's packet into PrivateLink (PL-7). */
  | { readonly at: 'vpce'; readonly ep: CInterfaceEndpoint }
  /** Inside a transit gateway, entered through `att` in `az` (undefined: VPN, DX, peering; TGW-24.5). */
  | { readonly at: 'tgw'; readonly att: CTgwAttachment; readonly az: string | undefined }
  | { readonly at: 'vgw-out'; readonly vgw: CVgw }
  | { readonly at: 'vgw-in'; readonly vgw: CVgw; readonly from: string }
  | {
      readonly at: 'done';
      readonly end: End;
      readonly disposition: 'delivered' | 'exited' | 'dropped';
      readonly code: ExplanationCode | null;
    };

/** A step still to run (every step but the terminal `done`). */
export type PendingStep = Exclude<Step, { at: 'done' }>;

/** What a component does with the packet at one kind of step: the next step. */
export type StepHandler<K extends PendingStep['at'] = PendingStep['at']> = (
  c: CompiledNetwork,
  st: TraceState,
  ctx: Ctx,
  step: Extract<PendingStep, { at: K }>,
) => Step;

/** The component that handles each kind of step. */
const STEPS: { readonly [K in PendingStep['at']]: StepHandler<K> } = {
  'eni-out': (_c, st, ctx, s) => eniOut(st, ctx, s.eni),
  route: (c, _st, ctx, s) => route(c, ctx, s.subnet, s.from),
  local: (_c, _st, ctx, s) => local(ctx, s.vpc, s.fromSubnet),
  'eni-in': (c, st, ctx, s) => eniIn(c, st, ctx, s.eni, s.fromSubnet, s.platform === true),
  'igw-out': (_c, _st, ctx, s) => igwOut(ctx, s.igw),
  'igw-in': (c, _st, ctx, s) => igwIn(c, ctx, s.igw),
  'eigw-out': (_c, st, ctx, s) => eigwOut(st, ctx, s.eigw),
  'eigw-in': (_c, _st, ctx, s) => eigwIn(ctx, s.eigw),
  natgw: (_c, st, ctx, s) => natGateway(st, ctx, s.natgw),
  fwe: (_c, st, ctx, s) => firewallEndpoint(st, ctx, s.ep),
  gwlbe: (_c, st, ctx, s) => gwlbEndpoint(st, ctx, s.ep),
  pcx: (_c, _st, ctx, s) => peering(ctx, s.pcx, s.from),
  internet: (c, st, ctx) => internet(c, st, ctx),
  lb: (c, st, ctx, s) => loadBalancerNode(c, st, ctx, s.node, s.endpoint),
  'lb-return': (_c, st, ctx, s) => loadBalancerReturn(st, ctx, s.flow, s.fromSubnet, s.routed === true),
  vpce: (_c, st, ctx, s) => interfaceEndpoint(st, ctx, s.ep),
  tgw: (c, st, ctx, s) => transitGateway(c, st, ctx, s.att, s.az),
  'vgw-out': (c, _st, ctx, s) => vpnGatewayOut(c, ctx, s.vgw),
  'vgw-in': (c, _st, ctx, s) => vpnGatewayIn(c, ctx, s.vgw, s.from),
};

/**
 * Run one pending step: hand the packet to the component the step names. The steps every walk takes (interfaces,
 * route tables, internet gateways, the internet) are called directly, each call site monomorphic so V8 can inline
 * it; the others through `STEPS` (issue 19: one call through the table per step was a megamorphic call).
 */
export function advance(c: CompiledNetwork, st: TraceState, ctx: Ctx, step: PendingStep): Step {
  const at = step.at;
  if (at === 'eni-out') return eniOut(st, ctx, step.eni);
  if (at === 'route') return route(c, ctx, step.subnet, step.from);
  if (at === 'eni-in') return eniIn(c, st, ctx, step.eni, step.fromSubnet, step.platform === true);
  if (at === 'igw-out') return igwOut(ctx, step.igw);
  if (at === 'igw-in') return igwIn(c, ctx, step.igw);
  if (at === 'internet') return internet(c, st, ctx);
  return (STEPS[at] as StepHandler)(c, st, ctx, step);
}
