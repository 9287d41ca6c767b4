// Brings a call graph up to date with a snapshot where a few C files changed, by relinking only those files,
// when the change cannot alter how any other file links: each changed file defines the same functions
// (name, linkage, conditions, in order; lines may move), declares the same types, globals and ops bindings,
// resolves the same names in the same order, and no resolver note names it. Anything else is a full build
// (undefined here). The result is the graph a fresh build of the new snapshot makes, map order included.

import type { FunctionFact, FileFacts, Loc } from '../syntax/facts.js';
import type { CallStep } from '../model/call.js';
import type { IndexedFile, Snapshot } from '../workspace/workspace.js';
import type { KernelConfig } from '../kernel/config.js';
import { DefinitionResolver } from './definitions.js';
import { assemble, linkFile, linkStateOf, rememberLinkState, type CallGraph, type FileLinks } from './graph.js';

export type GraphUpdate = { graph: CallGraph; relinked: string[] } | { rebuild: string };

export function updateCallGraph(
  prev: CallGraph,
  prevSnapshot: Snapshot,
  next: Snapshot,
  config: KernelConfig,
): GraphUpdate {
  const state = linkStateOf(prev);
  if (!state) return { rebuild: 'the previous graph kept no link state' };
  if (prevSnapshot.buildFiles !== next.buildFiles && !sameBuildFiles(prevSnapshot, next))
    return { rebuild: 'a Kbuild file changed' };
  if (prevSnapshot.files.size !== next.files.size) return { rebuild: 'files were added or removed' };
  const changed = new Map<string, IndexedFile>();
  const prevPaths = prevSnapshot.files.keys();
  for (const [path, file] of next.files) {
    if (prevPaths.next().value !== path) return { rebuild: 'the file order changed' };
    const old = prevSnapshot.files.get(path)!;
    if (old.hash === file.hash) continue;
    const why = linkBreaking(old.facts, file.facts);
    if (why) return { rebuild: `${path}: ${why}` };
    if (state.resolved.notes.some((n) => n.file === path)) return { rebuild: `${path}: a resolver note names it` };
    changed.set(path, file);
  }
  if (changed.size === 0) return { graph: prev, relinked: [] };
  const { resolver, renamed } = DefinitionResolver.replacing(prev.resolver, state.resolved, changed, next, config);
  const rename = (id: string) => renamed.get(id)?.id ?? id;
  const opsTargets = new Map<string, readonly string[]>();
  // Kept sorted by id as a build sorts them (a list never holds two definitions of one name in one file,
  // the only ids a line can reorder, so the ops calls through them link in the same order).
  for (const [key, ids] of state.opsTargets)
    opsTargets.set(key, ids.some((id) => renamed.has(id)) ? ids.map(rename).sort() : ids);
  const links = new Map<string, FileLinks>();
  for (const [path, file] of state.links) {
    const now = changed.get(path);
    if (now) {
      links.set(path, linkFile(now.facts, resolver, state.types, opsTargets, undefined));
      continue;
    }
    const moved = file.edges.some((e) => renamed.has(e.callee));
    links.set(path, moved ? { ...file, edges: file.edges.map((e) => renamedEdge(e, rename)) } : file);
  }
  const graph = assemble(next, resolver, links);
  rememberLinkState(graph, { links, types: state.types, opsTargets, resolved: resolver.linkState() });
  return { graph, relinked: [...changed.keys()] };
}

function renamedEdge(e: CallStep, rename: (id: string) => string): CallStep {
  const callee = rename(e.callee);
  return callee === e.callee ? e : { ...e, callee };
}

function sameBuildFiles(a: Snapshot, b: Snapshot): boolean {
  if (a.buildFiles.size !== b.buildFiles.size) return false;
  for (const [path, text] of a.buildFiles) if (b.buildFiles.get(path) !== text) return false;
  return true;
}

/** Why a file's new facts could change how other files link, or undefined when they cannot. */
function linkBreaking(old: FileFacts, now: FileFacts): string | undefined {
  if (old.functions.length !== now.functions.length) return 'the functions it defines changed';
  for (let i = 0; i < old.functions.length; i++)
    if (definitionKey(old.functions[i]!) !== definitionKey(now.functions[i]!)) return 'a definition changed';
  if (JSON.stringify(old.structs) !== JSON.stringify(now.structs)) return 'a struct changed';
  if (JSON.stringify(old.typedefs) !== JSON.stringify(now.typedefs)) return 'a typedef changed';
  if (JSON.stringify(old.globals) !== JSON.stringify(now.globals)) return 'a global changed';
  if (JSON.stringify(old.opsBindings.map(withoutLoc)) !== JSON.stringify(now.opsBindings.map(withoutLoc)))
    return 'an ops binding changed';
  if (resolvedNames(old).join(' ') !== resolvedNames(now).join(' ')) return 'the names it calls changed';
  return undefined;
}

/** What the resolver reads of a definition, apart from its place. */
function definitionKey(f: FunctionFact): string {
  return JSON.stringify([f.name, f.isStatic, f.isWeak, f.conditions]);
}

function withoutLoc<T extends { loc: Loc }>(x: T): Omit<T, 'loc'> {
  const { loc: _loc, ...rest } = x;
  return rest;
}

/** The names the file's calls and references in functions resolve, each at its first use, in link order. */
function resolvedNames(facts: FileFacts): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const use = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    out.push(name);
  };
  const defined = (caller: number) => caller >= 0 && caller < facts.functions.length;
  for (const call of facts.calls) if (call.kind === 'direct' && defined(call.caller)) use(call.callee);
  for (const ref of facts.functionRefs) if (defined(ref.caller)) use(ref.fn);
  return out;
}
