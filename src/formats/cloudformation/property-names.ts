/**
 * Property names CloudFormation does not know: a resource of a type vpcsim models whose `Properties` (or an object
 * nested in one — a security group rule, an instance's network interface, a firewall policy) has a key its type
 * does not define. CloudFormation refuses the resource when it creates it ("Properties validation failed for
 * resource R with message: #: extraneous key [K] is not permitted"; older handlers: "Encountered unsupported
 * property K"), and vpcsim would otherwise read the template as if the key were absent — a typo such as `CidrIP` in
 * a security group rule, or `MapPublicIpOnLaunh`, silently changing the network simulated.
 *
 * The names come from AWS's resource specification (spec-properties.generated.ts, `npm run cfn-properties`).
 * Walks the raw template tree, so it is positioned at the key: an intrinsic function in place of an object is not
 * looked into (its value is known only when evaluated), except both branches of `Fn::If`.
 */
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import { closestName } from '../../diag/did-you-mean.js';
import type { CfnNode, MapEntry } from './node.js';
import { RESOURCE_SHAPES, SHAPES, SPEC_SOURCE } from './spec-properties.generated.js';

type Shape = ReadonlyMap<string, number>;

let shapes: readonly Shape[] | undefined;
let byType: ReadonlyMap<string, number> | undefined;

function shape(n: number): Shape {
  shapes ??= SHAPES.map((s) => new Map(s));
  return shapes[n] as Shape;
}

/** Report every key of `props` (a resource's `Properties` node) that its type does not define. */
export function unknownPropertyNames(
  type: string,
  logicalId: string,
  props: CfnNode | undefined,
  file: string,
  diags: Diagnostic[],
): void {
  byType ??= new Map(RESOURCE_SHAPES);
  const top = byType.get(type);
  if (top === undefined || props === undefined) return;
  const path: string[] = [];
  const walk = (node: CfnNode, n: number): void => {
    if (node.kind === 'seq') {
      for (const item of node.items) walk(item, n);
      return;
    }
    if (node.kind === 'fn') {
      // Fn::If [condition, then, else]: either branch may be what CloudFormation gets.
      if (node.name === 'Fn::If' && node.arg.kind === 'seq')
        for (const branch of node.arg.items.slice(1, 3)) walk(branch, n);
      return;
    }
    if (node.kind !== 'map') return;
    const s = shape(n);
    for (const e of node.entries) {
      const code = s.get(e.key);
      if (code === undefined) {
        diags.push(unknown(type, logicalId, [...path, e.key], closestName(e.key, s.keys()), file, e));
        continue;
      }
      path.push(e.key);
      if (code >= 0) walk(e.value, code);
      else if (code < -1 && e.value.kind === 'map')
        for (const v of e.value.entries) {
          path.push(v.key);
          walk(v.value, -code - 2);
          path.pop();
        }
      path.pop();
    }
  };
  walk(props, top);
}

function unknown(
  type: string,
  logicalId: string,
  path: readonly string[],
  near: string | undefined,
  file: string,
  e: MapEntry,
): Diagnostic {
  const inside = path.length > 1 ? ` in ${path.slice(0, -1).join('.')}` : '';
  const hint = near !== undefined ? ` Did you mean ${near}?` : '';
  return error(
    'PROPERTY_UNKNOWN',
    `${logicalId}: ${type} has no property ${e.key}${inside}.${hint} CloudFormation would say: Properties validation failed for resource ${logicalId} with message: #: extraneous key [${e.key}] is not permitted (vpcsim ignores the key; property names from ${SPEC_SOURCE})`,
    { file, line: e.keyPos.line, col: e.keyPos.col },
  );
}
