// Records which names an analysis looked up in the tables merged over every file (definitions, struct fields,
// typedefs, global types, ops bindings), by the function on whose behalf it looked: a demand-driven host
// checks that every file that could hold one of those names was parsed, so a partial index answers the same.

/** The table a lookup went to; each matches one set of the lexical pass (`syntax/lexical.ts`). */
export type DemandKind = 'fn' | 'struct' | 'typedef' | 'global' | 'member' | 'bind';

/** Lookups made outside any function's edges: root planning and the replay. */
export const UNTAGGED = '*';

export class DemandLog {
  /** Who the lookups are for now: a function id while its edges are built, `bind:FIELD` for ops bindings. */
  current = UNTAGGED;
  private readonly byTag = new Map<string, Map<DemandKind, Set<string>>>();
  /** Functions that lookups made outside any function's edges resolved to (the replay reaches them by name). */
  readonly resolvedUntagged = new Set<string>();

  note(kind: DemandKind, key: string): void {
    let kinds = this.byTag.get(this.current);
    if (!kinds) this.byTag.set(this.current, (kinds = new Map()));
    let keys = kinds.get(kind);
    if (!keys) kinds.set(kind, (keys = new Set()));
    keys.add(key);
  }

  resolved(id: string): void {
    if (this.current === UNTAGGED) this.resolvedUntagged.add(id);
  }

  /** Every key looked up for these tags, by kind. */
  keysFor(tags: Iterable<string>): Map<DemandKind, Set<string>> {
    const out = new Map<DemandKind, Set<string>>();
    for (const tag of tags)
      for (const [kind, keys] of this.byTag.get(tag) ?? []) {
        const set = out.get(kind) ?? new Set<string>();
        for (const k of keys) set.add(k);
        out.set(kind, set);
      }
    return out;
  }
}
