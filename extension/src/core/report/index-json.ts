// The `index --format json` document: every function (name, file, line, linkage), every edge, and the
// C files Kbuild does not build under the config, each with the Makefile line that says so. Written as a
// sequence of text pieces, one per function and edge, so a whole tree's document is never one object or
// one string in memory; joined, the pieces are JSON.stringify of the document and a newline.

import type { CallGraph } from '../callgraph/graph.js';
import type { FnNode } from '../callgraph/definitions.js';
import type { CallStep } from '../model/call.js';
import type { Snapshot } from '../workspace/workspace.js';

export function* indexJsonPieces(snapshot: Snapshot, graph: CallGraph): Generator<string> {
  const notBuilt = [...graph.resolver.notBuilt]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, reason]) => ({ file, reason }));
  yield `{"files":${snapshot.files.size},"buildFiles":${snapshot.buildFiles.size},"notBuilt":${JSON.stringify(notBuilt)},"functions":[`;
  const functions = [...graph.functions.values()].sort((a, b) =>
    a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1,
  );
  let first = true;
  for (const f of functions) {
    yield `${first ? '' : ','}${JSON.stringify(functionEntry(f))}`;
    first = false;
  }
  yield '],"edges":[';
  first = true;
  for (const list of graph.outgoing.values())
    for (const e of list) {
      yield `${first ? '' : ','}${JSON.stringify(edgeEntry(graph, e))}`;
      first = false;
    }
  yield `],"stats":${JSON.stringify(graph.stats)},"notes":${JSON.stringify([...snapshot.notes, ...graph.notes])}}\n`;
}

function functionEntry(f: FnNode): object {
  return {
    name: f.name,
    id: f.id,
    file: f.file,
    line: f.line,
    endLine: f.endLine,
    linkage: f.fact.isStatic ? 'static' : 'global',
    ...(f.fact.isInline ? { inline: true } : {}),
    ...(f.fact.isWeak ? { weak: true } : {}),
    ...(f.enabled === false ? { enabled: false } : f.enabled === undefined ? { enabled: 'config-dependent' } : {}),
  };
}

function edgeEntry(graph: CallGraph, e: CallStep): object {
  return {
    kind: e.kind,
    caller: graph.functions.get(e.caller)?.name ?? e.caller,
    callee: graph.functions.get(e.callee)?.name ?? e.callee,
    callerId: e.caller,
    calleeId: e.callee,
    file: e.file,
    line: e.line,
    ...(e.via ? { via: e.via } : {}),
  };
}
