// The `index --format json` document: every function (name, file, line, linkage), every edge, and the
// C files Kbuild does not build under the config, each with the Makefile line that says so.

import type { CallGraph } from '../callgraph/graph.js';
import type { Snapshot } from '../workspace/workspace.js';

export function indexJson(snapshot: Snapshot, graph: CallGraph): object {
  const functions = [...graph.functions.values()]
    .sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1))
    .map((f) => ({
      name: f.name,
      id: f.id,
      file: f.file,
      line: f.line,
      endLine: f.endLine,
      linkage: f.fact.isStatic ? 'static' : 'global',
      ...(f.fact.isInline ? { inline: true } : {}),
      ...(f.fact.isWeak ? { weak: true } : {}),
      ...(f.enabled === false ? { enabled: false } : f.enabled === undefined ? { enabled: 'config-dependent' } : {}),
    }));
  const edges = [...graph.outgoing.values()].flat().map((e) => ({
    kind: e.kind,
    caller: graph.functions.get(e.caller)?.name ?? e.caller,
    callee: graph.functions.get(e.callee)?.name ?? e.callee,
    callerId: e.caller,
    calleeId: e.callee,
    file: e.file,
    line: e.line,
    ...(e.via ? { via: e.via } : {}),
  }));
  const notBuilt = [...graph.resolver.notBuilt]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, reason]) => ({ file, reason }));
  return {
    files: snapshot.files.size,
    buildFiles: snapshot.buildFiles.size,
    notBuilt,
    functions,
    edges,
    stats: graph.stats,
    notes: [...snapshot.notes, ...graph.notes],
  };
}
