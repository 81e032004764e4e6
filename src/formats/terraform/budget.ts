/**
 * The work one Terraform configuration may make vpcsim do: a number of expression evaluations
 * (`LIMITS.evaluationSteps`) and a size for every value a function, a template or a `for` expression builds
 * (`LIMITS.collectionElements` elements, `LIMITS.stringChars` characters). A few hundred bytes of nested `for`
 * expressions over `range(1024)` would otherwise ask for billions of evaluations. A breach is an `EvalError` with
 * its own code, reported at the attribute being evaluated like any other evaluation error.
 */
import { LIMIT_CODES, LIMITS } from '../limits.js';
import { EvalError, type TfValue } from './value.js';

export class EvalBudget {
  #steps: number;

  constructor(steps: number = LIMITS.evaluationSteps) {
    this.#steps = steps;
  }

  /** Pay for `n` evaluations; throws once the configuration has used them all. */
  spend(n = 1): void {
    this.#steps -= n;
    if (this.#steps < 0)
      throw new EvalError(
        `the configuration needs more than ${LIMITS.evaluationSteps.toLocaleString('en-US')} expression evaluations; vpcsim stops evaluating there (nested for expressions over large collections?)`,
        LIMIT_CODES.evaluation,
      );
  }

  /** A value a function, template or for expression built: within the size limits, and paid for by its size. */
  built<T extends TfValue>(v: T, what: string): T {
    if (typeof v === 'string') {
      checkString(v.length, what);
      this.spend(Math.ceil(v.length / 1024));
    } else if (Array.isArray(v)) {
      checkElements(v.length, what);
      this.spend(v.length);
    }
    return v;
  }
}

/** Throws when a string of `length` characters would be over the limit. */
export function checkString(length: number, what: string): void {
  if (length > LIMITS.stringChars)
    throw new EvalError(
      `${what} would build a string of ${length.toLocaleString('en-US')} characters; vpcsim builds at most ${LIMITS.stringChars.toLocaleString('en-US')}`,
      LIMIT_CODES.collection,
    );
}

/** Throws when a list of `n` elements would be over the limit. */
export function checkElements(n: number, what: string): void {
  if (n > LIMITS.collectionElements)
    throw new EvalError(
      `${what} would build a list of ${n.toLocaleString('en-US')} elements; vpcsim builds at most ${LIMITS.collectionElements.toLocaleString('en-US')}`,
      LIMIT_CODES.collection,
    );
}

/** An exception from the engine itself while evaluating (a string or array too long for V8) as an EvalError. */
export function asEvalError(e: unknown): unknown {
  if (e instanceof RangeError && /Invalid (string|array) length|Array buffer allocation/.test(e.message))
    return new EvalError(`a value too large to build (${e.message})`, LIMIT_CODES.collection);
  return e;
}
