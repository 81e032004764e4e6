/**
 * Importing one or more CloudFormation templates (each a stack) into one Network.
 *
 * Steps: read (JSON/YAML with positions) → split into sections → static checks (unknown intrinsics, arity, missing
 * refs, undefined conditions, circular dependencies) → evaluate parameters → map resources in two passes
 * (objects, then what attaches to them) across all stacks, so that exports/imports and references between stacks
 * work → custom-resource caveats → deferred defaults → expectations from Metadata. Stack names come from the
 * file names (`EgressVpc.yaml` → `EgressVpc`, the value of AWS::StackName). Resources whose Condition is false are
 * not created. Types vpcsim does not model are listed in `network.unsupported` with one warning per type; types
 * with no data-plane effect (IAM, logs …) are named in one info diagnostic. Never throws on bad input.
 */
import { basename, extname } from 'node:path';
import { error, warning, type Diagnostic } from '../../diag/diagnostic.js';
import type { Expectation } from '../../model/expectation.js';
import type { Network, Route } from '../../model/network.js';
import { UnsupportedReport } from '../build/unsupported.js';
import type { ImportOptions, ImportResult } from '../import-result.js';
import { checkTemplate } from './checks.js';
import { ImportContext, type ResourceRef, type StackInfo } from './context.js';
import { DeployValues, makeHost } from './deploy-values.js';
import { Evaluator, NO_VALUE, type CfnValue } from './evaluate.js';
import { readExpectations } from './expectations.js';
import { attachClientVpnObject, createClientVpnObject } from './map-clientvpn.js';
import { attachComputeObject, createComputeObject } from './map-compute.js';
import { createFirewallObject } from './map-firewall.js';
import { attachNetworkObject, createNetworkObject } from './map-network.js';
import {
  attachSecurityObject,
  createSecurityObject,
  ensureDefaultNacl,
  ensureDefaultSg,
} from './map-security.js';
import { child, scalarText } from './node.js';
import { checkQuotas } from './quotas.js';
import { readTemplate } from './read.js';
import { isCustomType, isIgnoredType, MODELLED_TYPES } from './resource-types.js';
import { spanOf, splitTemplate, type Template } from './template.js';

export interface CloudFormationInput {
  readonly path: string;
  readonly text: string;
}

function stackNameOf(path: string, taken: Set<string>): string {
  // A stack name starts with a letter and holds only letters, digits and hyphens, at most 128 characters.
  let name = basename(path, extname(path)).replace(/[^A-Za-z0-9-]/g, '-');
  if (!/^[A-Za-z]/.test(name)) name = `Stack-${name}`;
  name = name.slice(0, 120);
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}-${i}`;
  taken.add(candidate);
  return candidate;
}

/**
 * Import CloudFormation templates. `importCloudFormation([{path: 'vpc.yaml', text}], {})` → network, expectations,
 * diagnostics. Several inputs are several stacks (Fn::ImportValue resolves against their Outputs' exports).
 */
export function importCloudFormation(
  inputs: readonly CloudFormationInput[],
  givenOpts: ImportOptions,
): ImportResult {
  const diags: Diagnostic[] = [];

  // Read and check every template.
  const templates: Template[] = [];
  for (const input of inputs) {
    const read = readTemplate(input.text, input.path);
    diags.push(...read.diagnostics);
    if (!read.root) continue;
    const t = splitTemplate(read.root, input.path, diags);
    if (!t) continue;
    checkTemplate(t, diags);
    checkQuotas(t, input.text, diags);
    if (t.transform) {
      diags.push(
        warning(
          'UNSUPPORTED_TRANSFORM',
          'the template uses Transform (macros such as AWS::Serverless); they are not expanded, so resources they would create are missing',
          spanOf(t.file, t.transform.pos),
        ),
      );
    }
    templates.push(t);
  }

  // Template-level settings (Metadata.vpcsim.region / assume); the command line wins.
  const opts = withTemplateSettings(templates, givenOpts);
  const ctx = new ImportContext(opts);
  ctx.deploy = new DeployValues(ctx);
  ctx.diags.push(...diags);

  const allDiags = ctx.diags;
  // Stack names and ids (logical IDs, prefixed with the stack name when they collide across stacks).
  const taken = new Set<string>();
  const seen = new Map<string, number>();
  for (const t of templates) for (const id of t.resources.keys()) seen.set(id, (seen.get(id) ?? 0) + 1);
  templates.forEach((t, index) => {
    const stackName = stackNameOf(t.file, taken);
    const stack: StackInfo = {
      index,
      template: t,
      stackName,
      ev: undefined as unknown as Evaluator,
      idOf: (logicalId: string) => ((seen.get(logicalId) ?? 0) > 1 ? `${stackName}/${logicalId}` : logicalId),
    };
    stack.ev = new Evaluator(
      t,
      {
        region: ctx.region,
        accountId: ctx.accountId,
        stackName,
        azs: ctx.azsOf(ctx.region),
        azsOf: (r) => ctx.azsOf(r),
        params: opts.params ?? {},
      },
      makeHost(ctx, () => stack, ctx.deploy),
      allDiags,
    );
    ctx.stacks.push(stack);
    for (const decl of t.resources.values())
      ctx.byId.set(stack.idOf(decl.logicalId), { stack, decl, id: stack.idOf(decl.logicalId) });
  });
  // CloudFormation refuses a parameter the template does not declare ("Parameters: [X] do not exist in the
  // template"); a misspelt --param would otherwise leave the default in place without a word.
  for (const name of Object.keys(opts.params ?? {})) {
    if (!templates.some((t) => t.parameters.has(name))) {
      const known = [...new Set(templates.flatMap((t) => [...t.parameters.keys()]))].sort();
      allDiags.push(
        error(
          'PARAMETER_UNKNOWN',
          `--param ${name}: no loaded template has a parameter of that name (CloudFormation: "Parameters: [${name}] do not exist in the template"); parameters: ${known.join(', ') || 'none'}`,
        ),
      );
    }
  }

  const enabled: ResourceRef[] = [];
  for (const stack of ctx.stacks) {
    for (const decl of stack.template.resources.values()) {
      const ref = ctx.byId.get(stack.idOf(decl.logicalId));
      if (ref && stack.ev.resourceEnabled(decl.logicalId)) enabled.push(ref);
    }
  }
  // Elastic IPs get their placeholder addresses in template order.
  for (const r of enabled) if (r.decl.type === 'AWS::EC2::EIP') ctx.deploy.eipAddress(r);

  // Pass 1: objects. Pass 2: what attaches to them.
  const unsupportedByType = new Map<string, ResourceRef[]>();
  const ignoredTypes = new Set<string>();
  for (const r of enabled) {
    if (
      createNetworkObject(ctx, r) ||
      createSecurityObject(ctx, r) ||
      createComputeObject(ctx, r) ||
      createFirewallObject(ctx, r) ||
      createClientVpnObject(ctx, r)
    )
      continue;
    if (MODELLED_TYPES.has(r.decl.type)) continue;
    if (isIgnoredType(r.decl.type)) {
      ignoredTypes.add(r.decl.type);
      continue;
    }
    const list = unsupportedByType.get(r.decl.type) ?? [];
    list.push(r);
    unsupportedByType.set(r.decl.type, list);
  }
  for (const r of enabled) {
    if (
      attachNetworkObject(ctx, r) ||
      attachSecurityObject(ctx, r) ||
      attachComputeObject(ctx, r) ||
      attachClientVpnObject(ctx, r)
    )
      continue;
  }

  // Unsupported resources: listed, one warning per type; custom resources also mark the route tables they touch.
  const report = new UnsupportedReport();
  for (const [type, refs] of unsupportedByType) {
    for (const r of refs) {
      const reason = isCustomType(type) ? customResourceEffects(ctx, r) : undefined;
      report.add(ctx.net.unsupported, { id: r.id, type, span: ctx.span(r.stack, r.decl.typePos), reason });
    }
  }
  allDiags.push(...report.diagnostics());
  if (ignoredTypes.size > 0) {
    allDiags.push({
      severity: 'info',
      code: 'IGNORED_RESOURCE_TYPES',
      message: `resource types with no effect on the data plane were skipped: ${[...ignoredTypes].sort().join(', ')}`,
    });
  }

  for (const f of ctx.deferred) f();
  for (const v of ctx.deploy.defaultSgDemand) if (ctx.index.vpc.has(v)) ensureDefaultSg(ctx, v);
  for (const v of ctx.deploy.defaultNaclDemand) if (ctx.index.vpc.has(v)) ensureDefaultNacl(ctx, v);

  // A pin nothing asked for is a misspelt resource or attribute: it would leave the placeholder in place.
  for (const key of Object.keys(givenOpts.assume ?? {}))
    if (!ctx.deploy.pinKeysAsked.has(key))
      allDiags.push(
        error(
          'ASSUME_UNUSED',
          `--assume ${key}: no resource of the loaded templates has a deploy-time value by that name (LogicalId.Attribute, e.g. App.PrivateIp or NatEip.PublicIp)`,
        ),
      );

  const expectations: Expectation[] = [];
  for (const t of templates) expectations.push(...readExpectations(t.metadata, t.file, allDiags));

  const network = ctx.net as unknown as Network;
  return {
    network,
    expectations,
    variants: [],
    diagnostics: dedupe(allDiags),
    files: inputs.map((i) => i.path),
  };
}

/** `Metadata: {vpcsim: {region, assume: {Logical.Attr: value}}}` of the templates, under the given options. */
function withTemplateSettings(templates: readonly Template[], opts: ImportOptions): ImportOptions {
  let region = opts.region;
  const assume: Record<string, string> = {};
  for (const t of templates) {
    const v = child(t.metadata, 'vpcsim');
    region ??= scalarText(child(v, 'region'));
    const a = child(v, 'assume');
    if (a?.kind === 'map') {
      for (const e of a.entries) {
        const text = scalarText(e.value);
        if (text !== undefined) assume[e.key] = text;
      }
    }
  }
  return { ...opts, region, assume: { ...assume, ...(opts.assume ?? {}) } };
}

/** One diagnostic per code and position (static checks and evaluation may both report the same problem). */
function dedupe(diags: readonly Diagnostic[]): Diagnostic[] {
  const seenKeys = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diags) {
    const key = d.span ? `${d.code}@${d.span.file}:${d.span.line}:${d.span.col}` : `${d.code}:${d.message}`;
    if (seenKeys.has(key)) continue;
    seenKeys.add(key);
    out.push(d);
  }
  return out;
}

/** Evaluate a custom resource's properties and mark route tables it names: it may change them at deploy time. */
function customResourceEffects(ctx: ImportContext, r: ResourceRef): string {
  const strings: string[] = [];
  const collect = (v: CfnValue | undefined) => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) for (const x of v as readonly CfnValue[]) collect(x);
    else if (v !== null && typeof v === 'object')
      for (const x of Object.values(v as Record<string, CfnValue>)) collect(x);
  };
  if (r.decl.props) {
    const v = r.stack.ev.value(r.decl.props);
    if (v !== NO_VALUE) collect(v);
  }
  const tables = [...new Set(strings.filter((s) => ctx.index.routeTable.has(s)))];
  if (tables.length === 0) return 'custom resource: code that runs at deploy time';
  for (const rtId of tables) {
    const rt = ctx.index.routeTable.get(rtId);
    if (!rt) continue;
    const caveat = `route table ${rtId} is modified at deploy time by ${r.decl.type} ${r.id} (not simulated); the path may differ`;
    const withCaveat = (route: Route): Route => ({
      ...route,
      caveat: route.caveat ? `${route.caveat}; ${caveat}` : caveat,
    });
    for (let i = 0; i < rt.routes.length; i++) {
      const route = rt.routes[i];
      if (route) rt.routes[i] = withCaveat(route);
    }
    // A VPC CIDR named by the custom resource: it likely replaces the local route (RT-2). Keep the local route
    // explicit so the caveat shows on the hop that uses it.
    const vpc = ctx.index.vpc.get(rt.vpc);
    for (const cidr of vpc?.cidrs ?? []) {
      if (strings.includes(cidr) && !rt.routes.some((x) => x.destination === cidr)) {
        rt.routes.push({
          destination: cidr,
          target: { kind: 'local' },
          origin: 'auto',
          span: ctx.span(r.stack, r.decl.pos),
          caveat,
        });
      }
    }
  }
  return `custom resource (code that runs at deploy time) naming route table${tables.length > 1 ? 's' : ''} ${tables.join(', ')}`;
}
