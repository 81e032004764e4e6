/**
 * Importing one or more CloudFormation templates (each a stack) into one Network.
 *
 * Steps: read (JSON/YAML with positions) → split into sections → static checks (unknown intrinsics, arity, missing
 * refs, undefined conditions, circular dependencies) → stacks and parameters (stacks.ts) → map resources with the
 * mapper table in two passes (objects, then what attaches to them) across all stacks, so that exports/imports and
 * references between stacks work (mappers.ts, onto the network builder of formats/build/) → deferred defaults →
 * expectations from Metadata. Stack names come from the file names (`EgressVpc.yaml` → `EgressVpc`, the value of
 * AWS::StackName). Resources whose Condition is false are not created. Types vpcsim does not model are listed in
 * `network.unsupported` with one warning per type; types with no data-plane effect (IAM, logs …) are named in one
 * info diagnostic. Never throws on bad input.
 */
import { error, warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type { Expectation } from '../../model/expectation.js';
import type { ImportOptions, ImportResult } from '../import-result.js';
import { checkTemplate } from './checks.js';
import { ImportContext } from './context.js';
import { DeployValues } from './deploy-values.js';
import { readExpectations } from './expectations.js';
import { defaultNetworkAcl } from './map-network-acls.js';
import { defaultSecurityGroup } from './map-security-groups.js';
import { isModelledType, mapResources } from './mappers.js';
import { child, scalarText } from './node.js';
import { checkQuotas } from './quotas.js';
import { readTemplate } from './read.js';
import { addStacks, checkParams, enabledResources } from './stacks.js';
import { spanOf, splitTemplate, type Template } from './template.js';

export interface CloudFormationInput {
  readonly path: string;
  readonly text: string;
}

/** Read, split and check every template (syntax, sections, static checks, quotas, transforms). */
function readTemplates(inputs: readonly CloudFormationInput[], diags: Diagnostic[]): Template[] {
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
  return templates;
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
  const templates = readTemplates(inputs, diags);

  // Template-level settings (Metadata.vpcsim.region / assume); the command line wins.
  const settings = withTemplateSettings(templates, givenOpts);
  const ctx = new ImportContext(settings.opts, isModelledType);
  ctx.deploy = new DeployValues(ctx);
  ctx.diags.push(...diags);
  addStacks(ctx, templates);
  checkParams(ctx, templates);

  const enabled = enabledResources(ctx);
  // Elastic IPs get their placeholder addresses in template order.
  for (const r of enabled) if (r.decl.type === 'AWS::EC2::EIP') ctx.deploy.eipAddress(r);
  mapResources(ctx, enabled);

  for (const f of ctx.deferred) f();
  for (const v of ctx.deploy.defaultSgDemand) if (ctx.b.has('vpcs', v)) defaultSecurityGroup(ctx, v);
  for (const v of ctx.deploy.defaultNaclDemand) if (ctx.b.has('vpcs', v)) defaultNetworkAcl(ctx, v);

  // A pin nothing asked for is a misspelt resource or attribute: it would leave the placeholder in place.
  for (const key of Object.keys(givenOpts.assume ?? {}))
    if (!ctx.deploy.pinKeysAsked.has(key))
      ctx.diags.push(
        error(
          'ASSUME_UNUSED',
          `--assume ${key}: no resource of the loaded templates has a deploy-time value by that name (LogicalId.Attribute, e.g. App.PrivateIp or NatEip.PublicIp)`,
        ),
      );
  // Likewise a pin of the templates' own Metadata (one the command line overrides is the command line's).
  for (const pin of settings.metadataPins)
    if (!ctx.deploy.pinKeysAsked.has(pin.key) && !Object.hasOwn(givenOpts.assume ?? {}, pin.key))
      ctx.diags.push(
        error(
          'ASSUME_UNUSED',
          `Metadata vpcsim.assume ${pin.key}: no resource of the loaded templates has a deploy-time value by that name (LogicalId.Attribute, e.g. App.PrivateIp or NatEip.PublicIp)`,
          pin.span,
        ),
      );

  const expectations: Expectation[] = [];
  for (const t of templates) expectations.push(...readExpectations(t.metadata, t.file, ctx.diags));

  return {
    network: ctx.b.finish().network,
    expectations,
    variants: [],
    diagnostics: dedupe(ctx.diags),
    files: inputs.map((i) => i.path),
  };
}

/**
 * `Metadata: {vpcsim: {region, assume: {Logical.Attr: value}}}` of the templates, under the given options, and
 * where each Metadata pin was written (so one that pins nothing is reported there).
 */
function withTemplateSettings(
  templates: readonly Template[],
  opts: ImportOptions,
): { opts: ImportOptions; metadataPins: { key: string; span: Span }[] } {
  const metadataPins: { key: string; span: Span }[] = [];
  let region = opts.region;
  // Null prototype: a pin named `__proto__` in the Metadata is a key like any other (reported unused), not a
  // prototype assignment that drops it without a word (issue 21 item 4).
  const assume = Object.create(null) as Record<string, string>;
  for (const t of templates) {
    const v = child(t.metadata, 'vpcsim');
    region ??= scalarText(child(v, 'region'));
    const a = child(v, 'assume');
    if (a?.kind === 'map') {
      for (const e of a.entries) {
        const text = scalarText(e.value);
        if (text === undefined) continue;
        assume[e.key] = text;
        metadataPins.push({ key: e.key, span: spanOf(t.file, e.keyPos) });
      }
    }
  }
  return { opts: { ...opts, region, assume: { ...assume, ...(opts.assume ?? {}) } }, metadataPins };
}

/** One diagnostic per code, position and semantics ID (static checks and evaluation may both report the same
 * problem; two rules broken at one position, e.g. NFW-5 and NFW-6 of one stateless rule, are both kept). */
function dedupe(diags: readonly Diagnostic[]): Diagnostic[] {
  const seenKeys = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diags) {
    const key = d.span
      ? `${d.code}@${d.span.file}:${d.span.line}:${d.span.col}#${d.ref ?? ''}`
      : `${d.code}:${d.message}`;
    if (seenKeys.has(key)) continue;
    seenKeys.add(key);
    out.push(d);
  }
  return out;
}
