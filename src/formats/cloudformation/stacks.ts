/**
 * The stacks of one import: each template is a stack named after its file (the value of AWS::StackName), with its
 * own evaluator; model ids are logical IDs, prefixed with the stack name when the same logical ID is in more than
 * one loaded template. Also: `--param` names no loaded template declares are refused as CloudFormation refuses them,
 * and the resources whose Condition holds are listed in template order.
 */
import { basename, extname } from 'node:path';
import { error } from '../../diag/diagnostic.js';
import type { ImportContext, ResourceRef, StackInfo } from './context.js';
import { makeHost } from './eval-host.js';
import { Evaluator } from './evaluate.js';
import type { Template } from './template.js';

/** A valid stack name from a file name: letters, digits and hyphens, starting with a letter, unique. */
export function stackNameOf(path: string, taken: Set<string>): string {
  // A stack name starts with a letter and holds only letters, digits and hyphens, at most 128 characters.
  let name = basename(path, extname(path)).replace(/[^A-Za-z0-9-]/g, '-');
  if (!/^[A-Za-z]/.test(name)) name = `Stack-${name}`;
  name = name.slice(0, 120);
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}-${i}`;
  taken.add(candidate);
  return candidate;
}

/** Make every template a stack of the context (names, ids, evaluators) and index its resources by model id. */
export function addStacks(ctx: ImportContext, templates: readonly Template[]): void {
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
        params: ctx.opts.params ?? {},
      },
      makeHost(ctx, () => stack, ctx.deploy),
      ctx.diags,
    );
    ctx.stacks.push(stack);
    for (const decl of t.resources.values())
      ctx.byId.set(stack.idOf(decl.logicalId), { stack, decl, id: stack.idOf(decl.logicalId) });
  });
}

/**
 * CloudFormation refuses a parameter the template does not declare ("Parameters: [X] do not exist in the
 * template"); a misspelt --param would otherwise leave the default in place without a word.
 */
export function checkParams(ctx: ImportContext, templates: readonly Template[]): void {
  for (const name of Object.keys(ctx.opts.params ?? {})) {
    if (!templates.some((t) => t.parameters.has(name))) {
      const known = [...new Set(templates.flatMap((t) => [...t.parameters.keys()]))].sort();
      ctx.diags.push(
        error(
          'PARAMETER_UNKNOWN',
          `--param ${name}: no loaded template has a parameter of that name (CloudFormation: "Parameters: [${name}] do not exist in the template"); parameters: ${known.join(', ') || 'none'}`,
        ),
      );
    }
  }
}

/** The resources of every stack whose Condition holds, in template order. */
export function enabledResources(ctx: ImportContext): ResourceRef[] {
  const enabled: ResourceRef[] = [];
  for (const stack of ctx.stacks) {
    for (const decl of stack.template.resources.values()) {
      const ref = ctx.byId.get(stack.idOf(decl.logicalId));
      if (ref && stack.ev.resourceEnabled(decl.logicalId)) enabled.push(ref);
    }
  }
  return enabled;
}
