/**
 * The state of one import run (several templates = several stacks): the stacks with their evaluators, a registry
 * from model id to the resource that defines it, the network being built (as mutable drafts), and diagnostics.
 *
 * Model ids are CloudFormation logical IDs; when the same logical ID occurs in more than one loaded template, it
 * becomes `StackName/LogicalId` in every stack that has it (so ids stay unique across the network, deterministically).
 * Everything lives in this object — there is no module-level state — and it is discarded after the import.
 */
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type { ClientVpnEndpoint } from '../../model/clientvpn.js';
import type { Firewall } from '../../model/firewall.js';
import type {
  Instance,
  InternetGateway,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Subnet,
  VirtualPrivateGateway,
  Vpc,
  VpcEndpoint,
} from '../../model/network.js';
import { emptyDrafts, type Draft, type Drafts } from '../build/drafts.js';
import type { ImportOptions } from '../import-result.js';
import type { DeployValues } from './deploy-values.js';
import type { Evaluator } from './evaluate.js';
import type { CfnNode, Pos } from './node.js';
import { isUnsupportedType } from './resource-types.js';
import { spanOf, type ResourceDecl, type Template } from './template.js';

/** The importer's drafts are the network builder's (formats/build/drafts.ts). */
export type { Draft } from '../build/drafts.js';

export interface StackInfo {
  readonly index: number;
  readonly template: Template;
  readonly stackName: string;
  ev: Evaluator;
  /** Model id of a logical ID of this stack. */
  idOf(logicalId: string): string;
}

export interface ResourceRef {
  readonly stack: StackInfo;
  readonly decl: ResourceDecl;
  readonly id: string;
}

/** Index of drafts by id, for attachment resources (routes, associations, rules). */
export class DraftIndex {
  readonly vpc = new Map<string, Draft<Vpc>>();
  readonly subnet = new Map<string, Draft<Subnet>>();
  readonly routeTable = new Map<string, Draft<RouteTable>>();
  readonly igw = new Map<string, Draft<InternetGateway>>();
  readonly vgw = new Map<string, Draft<VirtualPrivateGateway>>();
  readonly sg = new Map<string, Draft<SecurityGroup>>();
  readonly nacl = new Map<string, Draft<NetworkAcl>>();
  readonly eni = new Map<string, Draft<NetworkInterface>>();
  readonly instance = new Map<string, Draft<Instance>>();
  readonly natGateway = new Map<string, Draft<NatGateway>>();
  readonly endpoint = new Map<string, Draft<VpcEndpoint>>();
  readonly firewall = new Map<string, Draft<Firewall>>();
  readonly clientVpn = new Map<string, Draft<ClientVpnEndpoint>>();
  /** Firewall endpoint id → firewall id. */
  readonly firewallEndpoint = new Map<string, string>();
}

export class ImportContext {
  readonly diags: Diagnostic[] = [];
  readonly stacks: StackInfo[] = [];
  /** Model id → the resource that defines it. */
  readonly byId = new Map<string, ResourceRef>();
  readonly net: Drafts = emptyDrafts();
  readonly index = new DraftIndex();
  /** Per-subnet extra facts not in the model (MapPublicIpOnLaunch). */
  readonly mapPublicIp = new Map<string, boolean>();
  /** Work to do once every resource exists (e.g. default security groups of ENIs launched without one). */
  readonly deferred: (() => void)[] = [];
  /** Unsupported types already warned about. */
  readonly warnedTypes = new Set<string>();

  /** Deploy-time placeholders; set right after construction by the importer. */
  deploy!: DeployValues;

  constructor(readonly opts: ImportOptions) {}

  get region(): string {
    return this.opts.region ?? 'us-east-1';
  }

  get accountId(): string {
    return this.opts.accountId ?? '123456789012';
  }

  azsOf(region: string): readonly string[] {
    return this.opts.azs?.[region] ?? ['a', 'b', 'c', 'd', 'e', 'f'].map((s) => `${region}${s}`);
  }

  span(stack: StackInfo, pos: Pos | undefined): Span | undefined {
    return pos ? spanOf(stack.template.file, pos) : undefined;
  }

  /** Resource definition behind a model id (any stack). */
  resource(id: string): ResourceRef | undefined {
    return this.byId.get(id);
  }

  isUnsupportedType(type: string): boolean {
    return isUnsupportedType(type);
  }

  /** CloudFormation type behind a model id, if it is a resource of a loaded template. */
  typeOf(id: string): string | undefined {
    return this.byId.get(id)?.decl.type;
  }
}

/** A property node of a resource. */
export function prop(decl: ResourceDecl, name: string): CfnNode | undefined {
  const p = decl.props;
  return p?.kind === 'map' ? p.byKey.get(name)?.value : undefined;
}

/** Span of a property of a resource (or of the resource itself). */
export function propSpan(ctx: ImportContext, r: ResourceRef, name?: string): Span | undefined {
  const n = name === undefined ? undefined : prop(r.decl, name);
  return ctx.span(r.stack, n?.pos ?? r.decl.pos);
}
