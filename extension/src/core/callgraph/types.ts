// Struct fields, typedefs and global variable types merged over a snapshot, to find which struct a
// member is read from (`pgmap->ops->page_free` reads dev_pagemap_ops.page_free).

import type { Receiver } from '../syntax/facts.js';
import type { Snapshot } from '../workspace/workspace.js';
import type { DemandLog } from './demand-log.js';

export class TypeTable {
  private readonly structs = new Map<string, Record<string, string>>();
  private readonly typedefs = new Map<string, string>();
  private readonly globals = new Map<string, string>();
  private readonly fileGlobals = new Map<string, Record<string, string>>();

  constructor(
    snapshot: Pick<Snapshot, 'files'>,
    private readonly log?: DemandLog,
  ) {
    for (const file of snapshot.files.values()) {
      const f = file.facts;
      for (const s of f.structs) {
        const existing = this.structs.get(s.name);
        if (!existing || Object.keys(s.fields).length > Object.keys(existing).length)
          this.structs.set(s.name, s.fields);
      }
      for (const [alias, target] of Object.entries(f.typedefs)) if (alias !== target) this.typedefs.set(alias, target);
      for (const [name, type] of Object.entries(f.globals)) if (!this.globals.has(name)) this.globals.set(name, type);
      this.fileGlobals.set(f.path, f.globals);
    }
  }

  /** Structs that declare a field of this name (to name `&NODE_DATA(n)->node_size_lock` by its class). */
  ownersOfField(field: string): string[] {
    this.log?.note('member', field);
    const out: string[] = [];
    for (const [name, fields] of this.structs) if (field in fields) out.push(name);
    return out;
  }

  /** Follows typedefs to the struct name (`pg_data_t` -> `pglist_data`). */
  canonical(type: string): string {
    let t = type;
    for (let hops = 0; hops < 8; hops++) {
      this.log?.note('typedef', t);
      const next = this.typedefs.get(t);
      if (!next || next === t) break;
      t = next;
    }
    return t;
  }

  /** The struct that owns the member read through this receiver, if every step is known. */
  structOf(receiver: Receiver, file: string): string | undefined {
    const type =
      receiver.baseType ?? this.fileGlobals.get(file)?.[receiver.baseVar] ?? this.globalType(receiver.baseVar);
    return type ? this.structOfPath(type, receiver.fields) : undefined;
  }

  private globalType(name: string): string | undefined {
    this.log?.note('global', name);
    return this.globals.get(name);
  }

  /** `dev_pagemap` then `ops` -> `dev_pagemap_ops`; undefined where a step is not a known struct field. */
  structOfPath(base: string, fields: readonly string[]): string | undefined {
    let type = base;
    for (const field of fields) {
      const name = this.canonical(type);
      this.log?.note('struct', name);
      const fields = this.structs.get(name);
      const next = fields?.[field];
      if (!next) return undefined;
      type = next;
    }
    const owner = this.canonical(type);
    this.log?.note('struct', owner);
    return this.structs.has(owner) ? owner : undefined;
  }
}
