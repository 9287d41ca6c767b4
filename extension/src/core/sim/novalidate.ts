// Lock classes the tree takes out of lockdep's checks: `lockdep_set_novalidate_class(&dev->mutex)` makes
// every device's mutex one class whose nesting lockdep never judges, so neither does the replay.

import type { TypeTable } from '../callgraph/types.js';
import { NOVALIDATE_MARKERS } from '../kernel/locks.js';
import type { Snapshot } from '../workspace/workspace.js';
import { lockFromText } from './lockid.js';

export function unvalidatedLockClasses(snapshot: Pick<Snapshot, 'files'>, types: TypeTable): Set<string> {
  const out = new Set<string>();
  for (const { facts } of snapshot.files.values()) {
    for (const call of facts.calls) {
      if (!NOVALIDATE_MARKERS.has(call.callee) || !call.args[0]) continue;
      const fn = facts.functions[call.caller];
      if (!fn) continue;
      const varTypes = new Map<string, string>(Object.entries(fn.locals));
      for (const p of fn.params) if (p.name) varTypes.set(p.name, p.type);
      const lock = lockFromText(call.args[0], varTypes, types, facts.path);
      if (lock) out.add(lock);
    }
  }
  return out;
}
