/**
 * The state of one import run (several templates = several stacks): the stacks with their evaluators, a registry
 * from model id to the resource that defines it, the network builder the mappers fill (formats/build/), and the
 * importer's own bookkeeping (in maps keyed by id, never on the model objects).
 *
 * Model ids are CloudFormation logical IDs; when the same logical ID occurs in more than one loaded template, it
 * becomes `StackName/LogicalId` in every stack that has it (so ids stay unique across the network, deterministically).
 * Everything lives in this object — there is no module-level state — and it is discarded after the import.
 */
import { warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import { NetworkBuilder } from '../build/network-builder.js';
import type { ImportOptions } from '../import-result.js';
import { own } from '../../model/name-table.js';
import type { DeployValues } from './deploy-values.js';
import type { Evaluator } from './evaluate.js';
import type { CfnNode, Pos } from './node.js';
import { isIgnoredType } from './resource-types.js';
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

export class ImportContext {
  /** The network being built: drafts, the name index, the unsupported-type report, diagnostics. */
  readonly b = new NetworkBuilder();
  readonly stacks: StackInfo[] = [];
  /** Model id → the resource that defines it. */
  readonly byId = new Map<string, ResourceRef>();
  /** Subnets whose instances get a public IPv4 on eth0 (MapPublicIpOnLaunch, IGW-2). */
  readonly mapPublicIp = new Map<string, boolean>();
  /** Work to do once every resource exists (e.g. default security groups of ENIs launched without one). */
  readonly deferred: (() => void)[] = [];

  /** Deploy-time placeholders; set right after construction by the importer. */
  deploy!: DeployValues;

  /**
   * `modelled`: the resource types the mapper table (mappers.ts) maps — passed in so that this module does not
   * import the mappers that import it.
   */
  constructor(
    readonly opts: ImportOptions,
    private readonly modelled: (type: string) => boolean,
  ) {}

  /** Diagnostics of the import (the builder's list). */
  get diags(): Diagnostic[] {
    return this.b.diags;
  }

  get region(): string {
    return this.opts.region ?? 'us-east-1';
  }

  get accountId(): string {
    return this.opts.accountId ?? '123456789012';
  }

  azsOf(region: string): readonly string[] {
    // The region is a name from the input (`!GetAZs constructor`): own entries only (issue 21 item 4).
    return own(this.opts.azs, region) ?? ['a', 'b', 'c', 'd', 'e', 'f'].map((s) => `${region}${s}`);
  }

  span(stack: StackInfo, pos: Pos | undefined): Span | undefined {
    return pos ? spanOf(stack.template.file, pos) : undefined;
  }

  /** Resource definition behind a model id (any stack). */
  resource(id: string): ResourceRef | undefined {
    return this.byId.get(id);
  }

  /** Network-relevant (or unknown) and not modelled: listed in `network.unsupported`, warned about by type. */
  isUnsupportedType(type: string): boolean {
    return !this.modelled(type) && !isIgnoredType(type);
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

/**
 * REFERENCE_NOT_FOUND: a property of `r` names a resource that is not in the loaded templates, so what `r` would
 * attach is not modelled (`consequence`: what happens to it, e.g. `ignored`, `rule ignored`).
 */
export function referenceNotFound(
  ctx: ImportContext,
  r: ResourceRef,
  what: string,
  id: string | undefined,
  propName: string | undefined,
  consequence?: string,
): void {
  ctx.diags.push(
    warning(
      'REFERENCE_NOT_FOUND',
      `${r.decl.logicalId}: ${what} ${id ?? '(none)'} is not defined in the loaded templates${consequence !== undefined ? `; ${consequence}` : ''}`,
      propSpan(ctx, r, propName),
      { resource: r.id },
    ),
  );
}
