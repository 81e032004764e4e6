/**
 * The Terraform built-in functions network code uses: one table by name, from the categories fn-network.ts,
 * fn-strings.ts, fn-collections.ts and fn-values.ts (argument checks and the context in fn-args.ts).
 *
 * Model: pure functions over `TfValue`; an Unknown argument makes the result Unknown (except where Terraform can
 * answer anyway, e.g. `length` of a list holding unknowns, `try`/`coalesce` skipping them). File functions read
 * through the context (`file`, `templatefile` of files that are present; a missing file is an EvalError with code
 * TF_FILE_MISSING). An unknown function name is an EvalError naming it (TF_UNKNOWN_FUNCTION).
 */
import { COLLECTION_FUNCTIONS } from './fn-collections.js';
import type { FunctionContext, TfFunction } from './fn-args.js';
import { NETWORK_FUNCTIONS } from './fn-network.js';
import { STRING_FUNCTIONS } from './fn-strings.js';
import { callMoreFunction } from './functions-more.js';
import { VALUE_FUNCTIONS } from './fn-values.js';
import { EvalError, findUnknown, Unknown, type TfValue } from './value.js';

export type { FunctionContext } from './fn-args.js';
export { cidrhost, cidrsubnet } from './fn-network.js';

/** Every built-in function vpcsim evaluates, by name. */
const FUNCTIONS: ReadonlyMap<string, TfFunction> = new Map([
  ...NETWORK_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...VALUE_FUNCTIONS,
]);

/** Functions that can answer with unknown arguments (they check for them themselves). */
const UNKNOWN_TOLERANT = new Set([
  'length',
  'try',
  'coalesce',
  'can',
  'concat',
  'tolist',
  'toset',
  'merge',
  'compact',
  'flatten',
  'jsonencode',
  'yamlencode',
  'base64encode',
  'element',
  'slice',
  'lookup',
  'keys',
  'values',
  'zipmap',
  'distinct',
  'contains',
  'one',
  'coalescelist',
  'tomap',
  'reverse',
  'setunion',
]);

/** Call a built-in function. */
export function callFunction(name: string, args: TfValue[], ctx: FunctionContext): TfValue {
  // Most functions: any Unknown argument → Unknown result.
  if (!UNKNOWN_TOLERANT.has(name)) {
    for (const a of args) {
      const u = findUnknown(a);
      if (u) return new Unknown(`${name}(${u.desc})`);
    }
  }
  const f = FUNCTIONS.get(name);
  if (f) return f(args, ctx, name);
  // The functions the widely used AWS network modules call besides these (functions-more.ts).
  const more = callMoreFunction(name, args);
  if (more !== undefined) return more;
  throw new EvalError(`call to unknown function "${name}"`, 'TF_UNKNOWN_FUNCTION');
}
