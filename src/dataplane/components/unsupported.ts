/**
 * A route target vpcsim does not model (transit gateway, virtual private gateway, …): the walk stops there, names
 * it, and the result is marked uncertain.
 */
import type { CTarget } from '../compiled.js';
import { drop, type Ctx } from '../walk/context.js';
import type { Step } from '../walk/steps.js';

export function unsupportedTarget(ctx: Ctx, t: Extract<CTarget, { kind: 'unsupported' }>): Step {
  ctx.uncertain = true;
  ctx.notes.push(
    `the path continues into ${t.targetKind} ${t.id}, which vpcsim does not model; the result depends on it`,
  );
  return drop(
    ctx,
    t.id,
    t.targetKind === 'transit-gateway' ? 'transit-gateway' : 'unsupported',
    'UNSUPPORTED_COMPONENT',
    () => ({
      detail: `${t.targetKind} ${t.id} is not modelled: vpcsim cannot follow the path further`,
      unsupported: [`${t.targetKind} ${t.id}`],
    }),
  );
}
