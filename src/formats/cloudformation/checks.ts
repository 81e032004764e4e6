/**
 * Static checks CloudFormation performs before creating anything ("Template format error"), run over the whole
 * template whether or not a value is later needed: unknown intrinsic functions, wrong arity/shape, `Ref`/`GetAtt`/
 * `Sub` naming a resource or parameter that does not exist, conditions that are not defined, and circular
 * dependencies between resources (through Ref, GetAtt, Sub and DependsOn).
 *
 * Output: diagnostics with file:line:col (errors, with the message AWS would give) and, per resource, the set of
 * resources it depends on. Input this module does not understand is reported, never executed.
 */
import { error, warning, type Diagnostic } from '../../diag/diagnostic.js';
import { scalarText, type CfnNode, type FnNode } from './node.js';
import { parseSub } from './sub.js';
import { spanOf, type Template } from './template.js';

/** Known intrinsic functions (long names). */
export const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set([
  'Ref',
  'Condition',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Cidr',
  'Fn::GetAZs',
  'Fn::FindInMap',
  'Fn::If',
  'Fn::Equals',
  'Fn::And',
  'Fn::Or',
  'Fn::Not',
  'Fn::Base64',
  'Fn::ImportValue',
  'Fn::Length',
  'Fn::ToJsonString',
  'Fn::Transform',
]);

/** Pseudo parameters (Ref AWS::…). */
export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export interface CheckResult {
  /** Resources each resource depends on (by logical ID). */
  readonly deps: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Split `!GetAtt A.B.C` / `[A, B]` into resource and attribute, or undefined when malformed. */
export function getAttParts(arg: CfnNode): { resource: string; attribute: string | CfnNode } | undefined {
  const s = scalarText(arg);
  if (s !== undefined) {
    const dot = s.indexOf('.');
    if (dot <= 0 || dot === s.length - 1) return undefined;
    return { resource: s.slice(0, dot), attribute: s.slice(dot + 1) };
  }
  if (arg.kind === 'seq' && arg.items.length === 2) {
    const r = scalarText(arg.items[0]);
    const a = arg.items[1];
    if (r === undefined || a === undefined) return undefined;
    const at = scalarText(a);
    return { resource: r, attribute: at ?? a };
  }
  return undefined;
}

/** Run the static checks. Diagnostics are appended to `diags`. */
export function checkTemplate(t: Template, diags: Diagnostic[]): CheckResult {
  const file = t.file;
  const deps = new Map<string, Set<string>>();
  const at = (n: { pos: { line: number; col: number } }) => spanOf(file, n.pos);
  const isResource = (name: string) => t.resources.has(name);
  const isParam = (name: string) => t.parameters.has(name) || PSEUDO_PARAMETERS.has(name);

  const arity = (fn: FnNode, expect: string) =>
    diags.push(error('INTRINSIC_ARITY', `Template error: ${fn.name} ${expect}`, at(fn), { ref: undefined }));

  const checkCondName = (name: string | undefined, node: CfnNode) => {
    if (name === undefined) return;
    if (!t.conditions.has(name)) {
      diags.push(
        error(
          'UNDEFINED_CONDITION',
          `Template format error: Unresolved condition dependency ${name} (no such entry in Conditions)`,
          at(node),
        ),
      );
    }
  };

  const walk = (node: CfnNode, owner: string | undefined, inCondition: boolean): void => {
    if (node.kind === 'seq') {
      for (const it of node.items) walk(it, owner, inCondition);
      return;
    }
    if (node.kind === 'map') {
      for (const e of node.entries) {
        // { Condition: Name } inside a condition function is a condition reference.
        if (inCondition && e.key === 'Condition' && node.entries.length === 1)
          checkCondName(scalarText(e.value), e.value);
        else if (e.key.startsWith('Fn::') && node.entries.length > 1) {
          diags.push(
            warning(
              'INTRINSIC_IN_MAP',
              `${e.key} must be the only key of its mapping; treated as a plain key`,
              spanOf(file, e.keyPos),
            ),
          );
        }
        walk(e.value, owner, inCondition);
      }
      return;
    }
    if (node.kind !== 'fn') return;
    const fn = node;
    if (!KNOWN_FUNCTIONS.has(fn.name)) {
      diags.push(
        error(
          'UNKNOWN_INTRINSIC',
          `Template format error: Unrecognized intrinsic function ${fn.short ? '!' + fn.name.replace(/^Fn::/, '') : fn.name}`,
          at(fn),
        ),
      );
      return;
    }
    const a = fn.arg;
    const items = a.kind === 'seq' ? a.items : undefined;
    const dep = (name: string) => {
      if (owner !== undefined && isResource(name)) deps.get(owner)?.add(name);
    };
    switch (fn.name) {
      case 'Ref': {
        const name = scalarText(a);
        if (name === undefined) {
          if (a.kind === 'fn') walk(a, owner, inCondition);
          else arity(fn, 'takes the name of a parameter or resource');
          return;
        }
        if (!isParam(name) && !isResource(name)) {
          diags.push(
            error(
              'REF_TO_MISSING',
              `Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`,
              at(fn),
            ),
          );
        } else dep(name);
        return;
      }
      case 'Condition': {
        const name = scalarText(a);
        if (name === undefined) arity(fn, 'takes a condition name');
        else checkCondName(name, fn);
        return;
      }
      case 'Fn::GetAtt': {
        const parts = getAttParts(a);
        if (!parts) {
          arity(fn, 'takes [LogicalName, AttributeName] or "LogicalName.AttributeName"');
          return;
        }
        if (!isResource(parts.resource)) {
          diags.push(
            error(
              'REF_TO_MISSING',
              `Template error: instance of Fn::GetAtt references undefined resource ${parts.resource}`,
              at(fn),
            ),
          );
        } else dep(parts.resource);
        if (typeof parts.attribute !== 'string') walk(parts.attribute, owner, inCondition);
        return;
      }
      case 'Fn::Sub': {
        let str: string | undefined;
        let vars = new Set<string>();
        if (a.kind === 'seq') {
          if (a.items.length !== 2 || a.items[1]?.kind !== 'map') {
            arity(fn, 'takes a string or [String, {Var: Value}]');
            return;
          }
          str = scalarText(a.items[0]);
          const m = a.items[1];
          vars = new Set(m.entries.map((e) => e.key));
          walk(m, owner, inCondition);
        } else str = scalarText(a);
        if (str === undefined) {
          arity(fn, 'takes a string or [String, {Var: Value}]');
          return;
        }
        for (const p of parseSub(str)) {
          if (p.kind !== 'var' || vars.has(p.name)) continue;
          const dot = p.name.indexOf('.');
          const base = dot > 0 ? p.name.slice(0, dot) : p.name;
          if (dot > 0 ? isResource(base) : isParam(base) || isResource(base)) dep(base);
          else {
            diags.push(
              error(
                'REF_TO_MISSING',
                `Template format error: Unresolved resource dependencies [${base}] in the Resources block of the template (Fn::Sub \${${p.name}})`,
                at(fn),
              ),
            );
          }
        }
        return;
      }
      case 'Fn::Join':
        if (!items || items.length !== 2) arity(fn, 'takes [Delimiter, [Values]]');
        break;
      case 'Fn::Select':
        if (!items || items.length !== 2) arity(fn, 'takes [Index, [Values]]');
        break;
      case 'Fn::Split':
        if (!items || items.length !== 2) arity(fn, 'takes [Delimiter, String]');
        break;
      case 'Fn::Cidr':
        if (!items || items.length !== 3) arity(fn, 'takes [ipBlock, count, cidrBits]');
        break;
      case 'Fn::FindInMap':
        if (!items || (items.length !== 3 && items.length !== 4))
          arity(fn, 'takes [MapName, TopLevelKey, SecondLevelKey]');
        break;
      case 'Fn::If':
        if (!items || items.length !== 3) arity(fn, 'takes [ConditionName, ValueIfTrue, ValueIfFalse]');
        else checkCondName(scalarText(items[0]), items[0] ?? fn);
        if (items && items.length === 3) {
          walk(items[1] as CfnNode, owner, inCondition);
          walk(items[2] as CfnNode, owner, inCondition);
        }
        return;
      case 'Fn::Equals':
        if (!items || items.length !== 2) arity(fn, 'takes [Value1, Value2]');
        break;
      case 'Fn::And':
      case 'Fn::Or':
        if (!items || items.length < 2 || items.length > 10) arity(fn, 'takes between 2 and 10 conditions');
        if (items) for (const it of items) walk(it, owner, true);
        return;
      case 'Fn::Not':
        if (!items || items.length !== 1) arity(fn, 'takes [Condition]');
        if (items) for (const it of items) walk(it, owner, true);
        return;
      case 'Fn::Transform':
        diags.push(
          warning(
            'UNSUPPORTED_TRANSFORM',
            'Fn::Transform (macros) is not evaluated; the value is left out',
            at(fn),
          ),
        );
        return;
      default:
        break;
    }
    walk(a, owner, inCondition);
  };

  for (const c of t.conditions.values()) walk(c.node, undefined, true);
  for (const r of t.resources.values()) {
    deps.set(r.logicalId, new Set());
    if (r.condition !== undefined) checkCondName(r.condition, { pos: r.conditionPos ?? r.pos } as CfnNode);
  }
  for (const r of t.resources.values()) {
    for (const d of r.dependsOn) {
      if (!t.resources.has(d)) {
        diags.push(
          error(
            'REF_TO_MISSING',
            `Template format error: Unresolved resource dependencies [${d}] in the Resources block of the template (DependsOn)`,
            spanOf(file, r.pos),
          ),
        );
      } else deps.get(r.logicalId)?.add(d);
    }
    if (r.props) walk(r.props, r.logicalId, false);
  }
  for (const o of t.outputs.values()) {
    if (o.value) walk(o.value, undefined, false);
    if (o.exportName) walk(o.exportName, undefined, false);
    if (o.condition !== undefined) checkCondName(o.condition, { pos: o.pos } as CfnNode);
  }
  reportCycles(t, deps, diags);
  return { deps };
}

/**
 * Report each circular dependency once (Tarjan's strongly connected components), without recursion: a chain of
 * resources each depending on the next is as long as the template makes it.
 */
function reportCycles(
  t: Template,
  deps: ReadonlyMap<string, ReadonlySet<string>>,
  diags: Diagnostic[],
): void {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  const report = (comp: string[], v: string) => {
    const selfLoop = comp.length === 1 && (deps.get(v)?.has(v) ?? false);
    if (comp.length === 1 && !selfLoop) return;
    comp.sort();
    const first = t.resources.get(comp[0] ?? v);
    diags.push(
      error(
        'CIRCULAR_DEPENDENCY',
        `Template format error: Circular dependency between resources: [${comp.join(', ')}]`,
        first ? spanOf(t.file, first.pos) : undefined,
      ),
    );
  };
  const enter = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
  };
  for (const root of deps.keys()) {
    if (index.has(root)) continue;
    enter(root);
    // Each frame: a resource and the iterator over what it depends on.
    const frames: { v: string; next: Iterator<string> }[] = [
      { v: root, next: (deps.get(root) ?? new Set()).values() },
    ];
    while (frames.length > 0) {
      const f = frames[frames.length - 1] as { v: string; next: Iterator<string> };
      const step = f.next.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) {
          enter(w);
          frames.push({ v: w, next: (deps.get(w) ?? new Set()).values() });
        } else if (onStack.has(w)) low.set(f.v, Math.min(low.get(f.v) ?? 0, index.get(w) ?? 0));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v) ?? 0, low.get(f.v) ?? 0));
      if (low.get(f.v) === index.get(f.v)) {
        const comp: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop();
          if (w === undefined) break;
          onStack.delete(w);
          comp.push(w);
        } while (w !== f.v);
        report(comp, f.v);
      }
    }
  }
}
