// Finds the roots of the review's files by themselves: sysfs attributes, bus and driver callbacks and
// exported functions, with the macro use or initializer that makes each one a root.

import type { SourceLoc } from '../model/location.js';
import { contractsFromComment } from '../kernel/contracts.js';
import { CALLBACK_ROOTS, ROOT_FILES, ROOT_MACROS, type RootKind } from '../kernel/roots.js';
import type { Snapshot } from '../workspace/workspace.js';
import type { CallGraph } from './graph.js';
import type { FnNode } from './definitions.js';

export interface DiscoveredRoot {
  fn: FnNode;
  kind: RootKind;
  /** The macro use or initializer, as written: `DEVICE_ATTR_WO(probe)`, `bus_type.online`. */
  via: string;
  site: SourceLoc;
  /** The macro use that makes it a root, when one does: `{ macro: 'DEVICE_ATTR_RW', args: ['state'] }`. */
  macro?: { macro: string; args: readonly string[] };
}

/** Names of every function exported anywhere in the snapshot (module code can call these). */
export function exportedNames(snapshot: Snapshot): Set<string> {
  const out = new Set<string>();
  for (const file of snapshot.files.values())
    for (const use of file.facts.rootMacros ?? [])
      if (ROOT_MACROS[use.macro]?.fns.some((f) => f.kind === 'export') && use.args[0]) out.add(use.args[0]);
  return out;
}

export function discoverRoots(snapshot: Snapshot, graph: CallGraph): DiscoveredRoot[] {
  const out: DiscoveredRoot[] = [];
  const seen = new Set<string>();
  const add = (
    name: string,
    file: string,
    kind: RootKind,
    via: string,
    site: SourceLoc,
    macro?: DiscoveredRoot['macro'],
  ) => {
    const fn = graph.resolver.resolve(name, file);
    if (!fn || fn.enabled === false || seen.has(`${fn.id}|${kind}`)) return;
    seen.add(`${fn.id}|${kind}`);
    out.push({ fn, kind, via, site, ...(macro ? { macro } : {}) });
  };
  for (const file of snapshot.files.values()) {
    if (!ROOT_FILES.some((re) => re.test(file.path))) continue;
    for (const use of file.facts.rootMacros ?? []) {
      const macro = ROOT_MACROS[use.macro];
      if (!macro) continue;
      const via = `${use.macro}(${use.args.join(', ')})`;
      const site = { file: file.path, line: use.loc.line, column: use.loc.column };
      for (const f of macro.fns) {
        const name = 'arg' in f ? use.args[f.arg] : use.args[0] && `${use.args[0]}${f.suffix}`;
        if (name && /^[A-Za-z_]\w*$/.test(name))
          add(name, file.path, f.kind, via, site, { macro: use.macro, args: use.args });
      }
    }
    for (const b of file.facts.opsBindings) {
      if (!b.structType) continue;
      const cb = CALLBACK_ROOTS.find((c) => c.field === b.field && c.struct.test(b.structType!));
      if (cb)
        add(b.fn, file.path, cb.kind, `${b.structType}.${b.field}`, {
          file: file.path,
          line: b.loc.line,
          column: b.loc.column,
        });
    }
  }
  return out;
}

/**
 * Functions of the hotplug files whose comment or annotation states a lock their callers must hold
 * (`Called under device_hotplug_lock.` above find_memory_block_by_id()): the hotplug core states its contract
 * there, so the ways into them are replayed as the ways into the core are.
 */
export function hotplugContractFunctions(graph: CallGraph): FnNode[] {
  return [...graph.functions.values()].filter(
    (f) =>
      f.enabled !== false &&
      ROOT_FILES.some((re) => re.test(f.file)) &&
      (contractsFromComment(f.fact.leadingComment).length > 0 ||
        f.fact.lockAnnotations.some((a) => a.kind === 'must-hold')),
  );
}
