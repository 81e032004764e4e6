/**
 * The sections of one template (one stack): Parameters, Mappings, Conditions, Resources, Outputs, Metadata.
 *
 * Model: each section is split into declarations that keep their nodes (unevaluated) and positions. Resource
 * order is the template's order (used for deterministic placeholder assignment). A malformed section (not a
 * mapping, a resource without `Type`) becomes a `TEMPLATE_FORMAT` error with the AWS wording and is skipped;
 * unknown top-level keys are reported as warnings. Nothing is evaluated here.
 */
import { error, warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import { child, scalarText, type CfnNode, type MapNode, type Pos } from './node.js';
import { unknownPropertyNames } from './property-names.js';

export interface ParameterDecl {
  readonly name: string;
  readonly type: string;
  readonly defaultNode?: CfnNode | undefined;
  readonly allowedValues?: readonly string[] | undefined;
  readonly allowedPattern?: string | undefined;
  readonly pos: Pos;
}

export interface ResourceDecl {
  /** Logical ID as written. */
  readonly logicalId: string;
  readonly type: string;
  readonly props: CfnNode | undefined;
  readonly condition?: string | undefined;
  readonly conditionPos?: Pos | undefined;
  readonly metadata?: CfnNode | undefined;
  readonly dependsOn: readonly string[];
  readonly pos: Pos;
  /** Position of the `Type` value (where type-level diagnostics point). */
  readonly typePos: Pos;
}

export interface OutputDecl {
  readonly name: string;
  readonly value: CfnNode | undefined;
  readonly exportName?: CfnNode | undefined;
  readonly condition?: string | undefined;
  readonly pos: Pos;
}

export interface Template {
  readonly file: string;
  readonly root: MapNode;
  readonly parameters: ReadonlyMap<string, ParameterDecl>;
  readonly mappings: CfnNode | undefined;
  readonly conditions: ReadonlyMap<string, { readonly node: CfnNode; readonly pos: Pos }>;
  readonly resources: ReadonlyMap<string, ResourceDecl>;
  readonly outputs: ReadonlyMap<string, OutputDecl>;
  readonly metadata: CfnNode | undefined;
  readonly transform: CfnNode | undefined;
}

const TOP_KEYS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Rules',
]);

/** The attributes a resource may have besides its type (CloudFormation's resource attribute reference). */
const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'CreationPolicy',
  'UpdatePolicy',
]);

/** A key of a resource that is not a resource attribute (typically a property written beside `Properties`):
 * CloudFormation refuses the template, "Template format error: Invalid template resource property 'X'". */
function unknownResourceKeys(node: CfnNode, file: string, diags: Diagnostic[]): void {
  if (node.kind !== 'map') return;
  for (const k of node.entries)
    if (!RESOURCE_KEYS.has(k.key))
      diags.push(
        error(
          'TEMPLATE_FORMAT',
          `Template format error: Invalid template resource property '${k.key}' (a resource's properties belong under Properties; vpcsim ignores it)`,
          spanOf(file, k.keyPos),
        ),
      );
}

export function spanOf(file: string, pos: Pos): Span {
  return { file, line: pos.line, col: pos.col };
}

function stringList(node: CfnNode | undefined): string[] | undefined {
  if (node?.kind === 'seq') {
    const out: string[] = [];
    for (const it of node.items) {
      const t = scalarText(it);
      if (t !== undefined) out.push(t);
    }
    return out;
  }
  const t = scalarText(node);
  return t === undefined ? undefined : [t];
}

/** Split a parsed template root into its sections. */
export function splitTemplate(root: CfnNode, file: string, diags: Diagnostic[]): Template | undefined {
  if (root.kind !== 'map') {
    diags.push(
      error(
        'TEMPLATE_FORMAT',
        'Template format error: the template must be a JSON object / YAML mapping',
        spanOf(file, root.pos),
      ),
    );
    return undefined;
  }
  // Without a Transform, CloudFormation refuses an unknown section ("Template validation error: Invalid template
  // property or properties [X]"); a transform or macro may consume sections of its own (SAM's Globals), so with
  // one declared it stays a warning.
  const transformed = root.byKey.has('Transform');
  for (const e of root.entries) {
    if (!TOP_KEYS.has(e.key)) {
      diags.push(
        transformed
          ? warning(
              'TEMPLATE_UNKNOWN_SECTION',
              `unknown top-level section "${e.key}" (ignored; CloudFormation refuses it unless the template's Transform consumes it)`,
              spanOf(file, e.keyPos),
            )
          : error(
              'TEMPLATE_UNKNOWN_SECTION',
              `Template validation error: Invalid template property or properties [${e.key}] (ignored by vpcsim; CloudFormation refuses the template)`,
              spanOf(file, e.keyPos),
            ),
      );
    }
  }
  const parameters = new Map<string, ParameterDecl>();
  const paramsNode = child(root, 'Parameters');
  if (paramsNode?.kind === 'map') {
    for (const e of paramsNode.entries) {
      const type = scalarText(child(e.value, 'Type'));
      if (type === undefined) {
        diags.push(
          error(
            'TEMPLATE_FORMAT',
            `Template format error: Every Parameters object must contain a Type member (parameter ${e.key})`,
            spanOf(file, e.keyPos),
          ),
        );
      }
      parameters.set(e.key, {
        name: e.key,
        type: type ?? 'String',
        defaultNode: child(e.value, 'Default'),
        allowedValues: stringList(child(e.value, 'AllowedValues')),
        allowedPattern: scalarText(child(e.value, 'AllowedPattern')),
        pos: e.keyPos,
      });
    }
  }
  const conditions = new Map<string, { node: CfnNode; pos: Pos }>();
  const condNode = child(root, 'Conditions');
  if (condNode?.kind === 'map')
    for (const e of condNode.entries) conditions.set(e.key, { node: e.value, pos: e.keyPos });

  const resources = new Map<string, ResourceDecl>();
  const resNode = child(root, 'Resources');
  if (resNode === undefined || resNode.kind !== 'map') {
    diags.push(
      error(
        'TEMPLATE_FORMAT',
        'Template format error: At least one Resources member must be defined.',
        spanOf(file, resNode?.pos ?? root.pos),
      ),
    );
  } else {
    for (const e of resNode.entries) {
      if (!/^[A-Za-z0-9]+$/.test(e.key)) {
        diags.push(
          error(
            'TEMPLATE_FORMAT',
            `Template format error: Resource name ${e.key} is non alphanumeric.`,
            spanOf(file, e.keyPos),
          ),
        );
      }
      const typeNode = child(e.value, 'Type');
      const type = scalarText(typeNode);
      if (e.value.kind !== 'map' || type === undefined) {
        diags.push(
          error(
            'TEMPLATE_FORMAT',
            `Template format error: [/Resources/${e.key}] Every Resources object must contain a Type member.`,
            spanOf(file, e.keyPos),
          ),
        );
        continue;
      }
      if (!transformed) {
        unknownResourceKeys(e.value, file, diags);
        unknownPropertyNames(type, e.key, child(e.value, 'Properties'), file, diags);
      }
      const condEntry = e.value.byKey.get('Condition');
      resources.set(e.key, {
        logicalId: e.key,
        type,
        props: child(e.value, 'Properties'),
        condition: scalarText(condEntry?.value),
        conditionPos: condEntry?.value.pos,
        metadata: child(e.value, 'Metadata'),
        dependsOn: stringList(child(e.value, 'DependsOn')) ?? [],
        pos: e.keyPos,
        typePos: typeNode?.pos ?? e.keyPos,
      });
    }
  }
  const outputs = new Map<string, OutputDecl>();
  const outNode = child(root, 'Outputs');
  if (outNode?.kind === 'map') {
    for (const e of outNode.entries) {
      outputs.set(e.key, {
        name: e.key,
        value: child(e.value, 'Value'),
        exportName: child(child(e.value, 'Export'), 'Name'),
        condition: scalarText(child(e.value, 'Condition')),
        pos: e.keyPos,
      });
    }
  }
  return {
    file,
    root,
    parameters,
    mappings: child(root, 'Mappings'),
    conditions,
    resources,
    outputs,
    metadata: child(root, 'Metadata'),
    transform: child(root, 'Transform'),
  };
}
