/**
 * Name tables that answer only for their own names. A plain object literal also "has" `constructor`, `toString`,
 * `__proto__` … through its prototype, so `TABLE["constructor"]` would be a function and `--protocol constructor`
 * would be accepted as a protocol. Every table looked up with a name from an input is made with `nameTable`
 * (a frozen object without a prototype) or read with `own` (own properties only).
 */

/** A frozen, prototype-less copy of `entries`: `nameTable({tcp: 6})['constructor']` is undefined. */
export function nameTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** `table[key]` when it is the table's own entry, else undefined. */
export function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
