/**
 * The value of a plain (unquoted) scalar under the YAML 1.2 core schema, decided by the `yaml` package's own schema
 * tags, so the fast reader and the `yaml` package can never disagree on what `0x1F`, `.inf`, `~` or `True` mean.
 *
 * Model: `resolvePlain(text)` is what `parseDocument` gives a plain scalar with the default options (core schema,
 * `intAsBigInt: false`). Only text whose first character can start a null, boolean or number (`~ n N t T f F`,
 * digits, `+ - .`, or the empty text) is tested against the tags, in the schema's order; anything else is a string.
 * `test/formats/yaml-plain-scalar.test.ts` pins that shortcut to the tags' patterns.
 */
import { isScalar, Schema, type ScalarTag } from 'yaml';

export interface PlainResolver {
  (text: string): unknown;
}

/** Build a resolver from the core schema's default scalar tags (once per reader; tags are immutable). */
export function plainResolver(): PlainResolver {
  const schema = new Schema({});
  const tags = schema.tags.filter(
    (t): t is ScalarTag & { test: RegExp } =>
      t.default === true && !('collection' in t && t.collection) && t.test instanceof RegExp,
  );
  const options = { intAsBigInt: false };
  const onError = (): void => undefined;
  return (text: string): unknown => {
    if (text.length > 0 && !mayBeTyped(text.charCodeAt(0))) return text;
    for (const tag of tags) {
      if (tag.test.test(text)) {
        const v = tag.resolve(text, onError, options);
        return isScalar(v) ? v.value : v;
      }
    }
    return text;
  };
}

/** Can a plain scalar starting with this character be anything but a string under the core schema? */
export function mayBeTyped(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2b || // +
    c === 0x2d || // -
    c === 0x2e || // .
    c === 0x7e || // ~
    c === 0x6e || // n
    c === 0x4e || // N
    c === 0x74 || // t
    c === 0x54 || // T
    c === 0x66 || // f
    c === 0x46 // F
  );
}
