// What the tree writes into embedded objects, by the object's identity (`memory_block.dev`: the `dev` field
// of every struct memory_block): `memory->dev.bus = &memory_subsys` and `memory->dev.groups = groups`, and
// the file-scope initializers and arrays those values name. Answers "which bus is this device on" and "whose
// sysfs attributes are these" only where the whole tree agrees; otherwise nothing.

import { ATTRIBUTE_GROUP, ATTRIBUTE_VAR_PREFIX } from '../kernel/waits.js';
import type { Receiver } from '../syntax/facts.js';
import type { Snapshot } from '../workspace/workspace.js';
import type { TypeTable } from './types.js';

export class ObjectBindings {
  /** `owner.field` -> the global names the tree assigns to that field of the object. */
  private readonly assigned = new Map<string, Set<string>>();
  /** `holder.field` -> values of a file-scope initializer (`memory_subsys.online` -> memory_subsys_online). */
  private readonly initialized = new Map<string, Set<string>>();
  /** holder -> the struct type of its initializer. */
  private readonly holderType = new Map<string, string>();
  /** element -> the arrays that list it. */
  private readonly listedIn = new Map<string, Set<string>>();

  constructor(snapshot: Pick<Snapshot, 'files'>, types: TypeTable) {
    for (const file of snapshot.files.values()) {
      const f = file.facts;
      for (const b of f.opsBindings) {
        if (b.receiver) {
          const owner = objectOfReceiver(b.receiver, types, f.path);
          if (owner) add(this.assigned, `${owner}.${b.field}`, b.fn);
        } else if (b.holder && b.structType && !b.structType.includes('.')) {
          add(this.initialized, `${b.holder}.${b.field}`, b.fn);
          this.holderType.set(b.holder, b.structType);
        }
      }
      for (const a of f.arrayElems ?? []) for (const e of a.elems) add(this.listedIn, e, a.holder);
    }
  }

  /** The one value the tree ever assigns to `object.field`, if it assigns exactly one. */
  assignedValue(object: string, field: string): string | undefined {
    const values = this.assigned.get(`${object}.${field}`);
    return values?.size === 1 ? [...values][0] : undefined;
  }

  /** The values a file-scope initializer of `holder` gives `field`. */
  initializedValues(holder: string, field: string): readonly string[] {
    return [...(this.initialized.get(`${holder}.${field}`) ?? [])];
  }

  /**
   * The one object whose sysfs attributes include the attribute an attribute macro defines: the attribute is
   * listed in a group's attribute array, the group in a groups array, and that array assigned to one
   * object's `groups`. Undefined when any step is missing or leads to more than one object.
   */
  attributeOwner(macro: string, firstArg: string): string | undefined {
    const prefix = ATTRIBUTE_VAR_PREFIX[macro];
    if (!prefix) return undefined;
    const owners = new Set<string>();
    for (const attrs of this.listedIn.get(`${prefix}${firstArg}`) ?? []) {
      for (const group of this.holdersOf(ATTRIBUTE_GROUP.struct, ATTRIBUTE_GROUP.attrsField, attrs)) {
        for (const groups of this.listedIn.get(group) ?? []) {
          for (const [key, values] of this.assigned)
            if (values.has(groups) && key.endsWith(`.${ATTRIBUTE_GROUP.deviceGroupsField}`))
              owners.add(key.slice(0, -ATTRIBUTE_GROUP.deviceGroupsField.length - 1));
        }
      }
    }
    return owners.size === 1 ? [...owners][0] : undefined;
  }

  private holdersOf(struct: string, field: string, value: string): string[] {
    const out: string[] = [];
    for (const [key, values] of this.initialized) {
      const holder = key.slice(0, -field.length - 1);
      if (values.has(value) && key.endsWith(`.${field}`) && this.holderType.get(holder) === struct) out.push(holder);
    }
    return out;
  }
}

/** `memory->dev` (memory a struct memory_block *) names `memory_block.dev`; a bare variable names no field. */
function objectOfReceiver(r: Receiver, types: TypeTable, file: string): string | undefined {
  const last = r.fields[r.fields.length - 1];
  if (last === undefined) return undefined;
  const owner = types.structOf({ ...r, fields: r.fields.slice(0, -1) }, file);
  return owner ? `${owner}.${last}` : undefined;
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
