/**
 * The JSON Schema of the native format, generated from the zod schema (`z.toJSONSchema`), as committed in
 * `schema/vpcsim.schema.json`.
 */
import { z } from 'zod';
import { documentSchema } from './schema.js';

/** The JSON Schema text (stable formatting, trailing newline). */
export function nativeJsonSchema(): string {
  const s = z.toJSONSchema(documentSchema, { unrepresentable: 'any' }) as Record<string, unknown>;
  return (
    JSON.stringify(
      { ...s, $id: 'https://vpcsim.dev/schema/vpcsim.schema.json', title: 'vpcsim network' },
      null,
      2,
    ) + '\n'
  );
}
