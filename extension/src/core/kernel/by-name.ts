// Tables keyed by C names: looked up with names read from kernel source, so they must not inherit
// `constructor`, `toString` and the rest from Object.prototype.

/** The rows as a lookup table with no prototype: `table[name]` is a row or undefined, `name in table` a row. */
export function byName<T>(rows: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, rows));
}
