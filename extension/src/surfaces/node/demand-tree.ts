// Demand-driven analysis of a kernel tree: a lexical pass over every scope file, then tree-sitter only on the
// files the roots reach, in rounds, until the log of the analysis' lookups names no file left unparsed. The
// answer is then the full run's; files never parsed stand in the snapshot with their root macros only.

import type { Parser } from 'web-tree-sitter';
import { analyze, type Analysis, type AnalyzeOptions } from '../../core/analysis/analyze.js';
import { demandNeeds } from '../../core/analysis/demand.js';
import { buildCallGraph } from '../../core/callgraph/graph.js';
import { DemandLog, type DemandKind } from '../../core/callgraph/demand-log.js';
import { defaultConfig } from '../../core/kernel/config.js';
import { DEFAULT_ENTRIES, DEFAULT_TARGETS, ENTRY_START } from '../../core/kernel/entries.js';
import { NOVALIDATE_MARKERS } from '../../core/kernel/locks.js';
import { ROOT_FILES } from '../../core/kernel/roots.js';
import { decodeSource } from '../../core/syntax/decode.js';
import type { FileFacts } from '../../core/syntax/facts.js';
import { analyseSource, type FrontEndResult } from '../../core/syntax/frontend.js';
import { lexicalKeys, type LexicalKeys } from '../../core/syntax/lexical.js';
import { rootMacroUses } from '../../core/syntax/root-macros.js';
import { contentHash } from '../../core/workspace/hash.js';
import { isBuildFile, Workspace, type FactsCache, type Snapshot } from '../../core/workspace/workspace.js';
import { readScopeFile } from './tree.js';

/** How complete an answer is, and what it was computed from. */
export interface Completeness {
  /** `complete`: the answer is the one a full index gives (the lookups of the run named no unparsed file). */
  answer: 'complete' | 'partial';
  mode: 'demand' | 'full';
  /** C files parsed with tree-sitter, of the C files in scope. */
  parsed: number;
  files: number;
  /** Rounds of parsing the demand run took. */
  rounds: number;
  /** What the answer left out, in one sentence. */
  leftOut: string;
}

export interface DemandSource {
  parser: Parser;
  cache: (FactsCache & { offer?(hash: string, bytes: Uint8Array): void }) | undefined;
  /** Runs the front end on these files (worker threads, or this thread), results in the same order. */
  parse(
    files: readonly { path: string; bytes: Uint8Array }[],
  ): Promise<{ result: FrontEndResult; serialized?: Uint8Array }[]>;
  /** Reads a file again for body extraction. */
  reread(path: string): Uint8Array | undefined;
  /** Told what each step of the run did and how long it took (for --timings). */
  log?(line: string): void;
}

interface ScopeFile {
  path: string;
  bytes?: Uint8Array;
  text?: string;
  hash: string;
  keys?: LexicalKeys;
  /** Why the host or the decoder refused it. */
  refused?: string;
  decodeNote?: string;
  /** Facts standing in for the file while it is not parsed: its root macros, read lexically. */
  stub?: FileFacts;
}

type Index = Map<DemandKind, Map<string, number[]>>;

/** Lexical keys of every readable C file, and the inverted index name -> files per table. */
function readScope(
  root: string,
  files: readonly string[],
): { scope: ScopeFile[]; index: Index; buildFiles: ScopeFile[] } {
  const scope: ScopeFile[] = [];
  const buildFiles: ScopeFile[] = [];
  const index: Index = new Map(
    (['fn', 'struct', 'typedef', 'member', 'bind'] as DemandKind[]).map((k) => [k, new Map<string, number[]>()]),
  );
  for (const path of files) {
    const read = readScopeFile(root, path);
    if (isBuildFile(path)) {
      buildFiles.push('bytes' in read ? { path, bytes: read.bytes, hash: '' } : { path, hash: '', refused: read.note });
      continue;
    }
    if ('note' in read) {
      scope.push({ path, hash: '', refused: read.note });
      continue;
    }
    const decoded = decodeSource(read.bytes);
    if (!decoded.ok) {
      scope.push({ path, hash: '', refused: `skipped: ${decoded.reason}` });
      continue;
    }
    const keys = lexicalKeys(decoded.text);
    const at = scope.length;
    scope.push({
      path,
      bytes: read.bytes,
      text: decoded.text,
      hash: contentHash(read.bytes),
      keys,
      ...(decoded.note ? { decodeNote: decoded.note } : {}),
    });
    const add = (kind: DemandKind, names: readonly string[]) => {
      const map = index.get(kind)!;
      for (const name of names) {
        const list = map.get(name);
        if (list) list.push(at);
        else map.set(name, [at]);
      }
    };
    add('fn', keys.defs);
    add('struct', keys.structs);
    add('typedef', keys.typedefs);
    add('member', keys.members);
    add('bind', keys.bindFields);
  }
  return { scope, index, buildFiles };
}

function stubFacts(path: string, text: string): FileFacts {
  return {
    path,
    functions: [],
    calls: [],
    functionRefs: [],
    opsBindings: [],
    structs: [],
    rootMacros: rootMacroUses(text),
    declaredNames: [],
    globals: {},
    typedefs: {},
    errorNodes: 0,
    errorBytes: 0,
    problems: [],
  };
}

export interface DemandResult {
  analysis: Analysis;
  snapshot: Snapshot;
  completeness: Completeness;
  /** Parses the files the run left out, into the facts cache (the "finish on request" half). */
  finish(): Promise<number>;
}

/** Most rounds before the run gives up on the demand set and parses the whole scope. */
const MAX_ROUNDS = 200;

export async function analyzeOnDemand(
  root: string,
  files: readonly string[],
  source: DemandSource,
  options: AnalyzeOptions,
): Promise<DemandResult> {
  let clock = performance.now();
  const step = (what: string) => {
    const now = performance.now();
    source.log?.(`${what}: ${((now - clock) / 1000).toFixed(2)} s`);
    clock = now;
  };
  const { scope, index, buildFiles } = readScope(root, files);
  step(`read and lexical pass over ${scope.length} C files`);
  const facts = new Map<number, FileFacts>();
  const noted = new Map<number, string>();
  const parse = async (wanted: Iterable<number>) => {
    const todo: number[] = [];
    for (const i of new Set(wanted)) {
      if (facts.has(i) || noted.has(i) || !scope[i]!.bytes) continue;
      const cached = source.cache?.get(scope[i]!.hash);
      if (cached) facts.set(i, cached.path === scope[i]!.path ? cached : { ...cached, path: scope[i]!.path });
      else todo.push(i);
    }
    const results = await source.parse(todo.map((i) => ({ path: scope[i]!.path, bytes: scope[i]!.bytes! })));
    results.forEach((r, k) => {
      const i = todo[k]!;
      if (!r.result.ok) {
        noted.set(i, `skipped: ${r.result.reason}`);
        return;
      }
      facts.set(i, r.result.facts);
      if (r.serialized) source.cache?.offer?.(scope[i]!.hash, r.serialized);
      source.cache?.set(scope[i]!.hash, r.result.facts);
    });
    return todo.length;
  };
  const filesOf = (kind: DemandKind, names: Iterable<string>): number[] => {
    const map = index.get(kind)!;
    const out: number[] = [];
    for (const name of names) for (const i of map.get(name) ?? []) out.push(i);
    return out;
  };

  // Round 0: the hotplug files, the definers of the named entries and targets, the files that take lock
  // classes out of lockdep; then callee names are followed lexically until no new definer appears.
  const entries = options.entries?.length ? options.entries : DEFAULT_ENTRIES;
  const first: number[] = [];
  scope.forEach((f, i) => {
    if (!f.text) return;
    if (ROOT_FILES.some((re) => re.test(f.path)) || [...NOVALIDATE_MARKERS].some((m) => f.text!.includes(m)))
      first.push(i);
  });
  const named = [...entries, ...DEFAULT_TARGETS, ...Object.keys(ENTRY_START)];
  let rounds = 0;
  const seenNames = new Set<string>();
  const seenFields = new Set<string>();
  const seenGlobals = new Set<string>();
  await expand(first);
  await expand(filesOf('fn', named), new Set(named));

  /**
   * Parses these files, then follows the calls of their functions named in `names` (all, when absent) to the
   * files that may define the callees, until no new name comes up. A shortcut to the closure the graph checks.
   */
  async function expand(start: number[], names?: ReadonlySet<string>): Promise<void> {
    let frontier = [...new Set(start)];
    let wanted = names;
    let fields = new Set<string>();
    while (frontier.length) {
      const parsedNow = await parse(frontier);
      rounds++;
      step(`round ${rounds}: ${parsedNow} files parsed (${frontier.length} wanted)`);
      const next = new Set<string>();
      const nextFields = new Set<string>();
      const nextGlobals = new Set<string>();
      const want = (name: string) => {
        if (!seenNames.has(name)) next.add(name);
      };
      for (const i of frontier) {
        const f = facts.get(i);
        if (!f) continue;
        const callers = new Set<number>();
        f.functions.forEach((fn, k) => {
          if (!wanted || wanted.has(fn.name)) callers.add(k);
        });
        for (const c of f.calls) {
          if (!callers.has(c.caller)) continue;
          if (c.kind === 'direct') want(c.callee);
          else if (c.receiver) {
            if (!seenFields.has(c.callee)) nextFields.add(c.callee);
            // A base that is no local, parameter or global of this file is looked up among every file's globals.
            const base = c.receiver.baseVar;
            if (!c.receiver.baseType && !(base in f.globals) && !seenGlobals.has(base)) nextGlobals.add(base);
          }
        }
        for (const r of f.functionRefs) if (callers.has(r.caller)) want(r.fn);
        for (const b of f.opsBindings) if (fields.has(b.field)) want(b.fn);
      }
      for (const n of next) seenNames.add(n);
      for (const n of nextFields) seenFields.add(n);
      for (const n of nextGlobals) seenGlobals.add(n);
      wanted = next;
      fields = nextFields;
      frontier = [
        ...new Set([...filesOf('fn', next), ...filesOf('bind', nextFields), ...mayDeclare(nextGlobals)]),
      ].filter((i) => !noted.has(i));
    }
  }

  const config = options.config ?? defaultConfig();
  let snapshot = buildSnapshot();
  for (;;) {
    const log = new DemandLog();
    const graph = buildCallGraph(snapshot, config, log);
    const needs = demandNeeds(snapshot, graph, log, options.entries);
    const missing = missingFiles(needs.keys);
    step(`graph of ${facts.size} files: ${needs.reached.size} functions reached, ${missing.length} files missing`);
    rounds++;
    if (missing.length && rounds < MAX_ROUNDS) {
      await expand(missing, needs.keys.get('fn'));
      snapshot = buildSnapshot();
      step('snapshot');
      continue;
    }
    const analysis = analyze(snapshot, { ...options, demand: log, graph });
    const replayed = demandNeeds(snapshot, graph, log, options.entries);
    const after = missingFiles(replayed.keys);
    step(`replay: ${after.length} files missing`);
    rounds++;
    if (after.length && rounds < MAX_ROUNDS) {
      await expand(after, replayed.keys.get('fn'));
      snapshot = buildSnapshot();
      continue;
    }
    if (after.length || missing.length) {
      // Too many rounds: the whole scope, as the full run reads it.
      await parse(scope.keys());
      snapshot = buildSnapshot();
      const full = analyze(snapshot, options);
      return result(full, 'complete');
    }
    return result(analysis, 'complete');
  }

  function result(analysis: Analysis, answer: Completeness['answer']): DemandResult {
    const readable = scope.filter((f) => f.bytes).length;
    const left = readable - facts.size - noted.size;
    return {
      analysis,
      snapshot,
      completeness: {
        answer,
        mode: 'demand',
        parsed: facts.size + noted.size,
        files: readable,
        rounds,
        leftOut:
          left === 0
            ? 'nothing'
            : `${left} C files not parsed: no definition, type, ops binding or export in them is reached from the roots`,
      },
      finish: () => parse(scope.keys()),
    };
  }

  /** Files that may hold a name the run looked up and are not parsed yet. */
  function missingFiles(keys: Map<DemandKind, Set<string>>): number[] {
    const out = new Set<number>();
    for (const [kind, names] of keys) {
      if (kind === 'global') continue;
      for (const i of filesOf(kind, names)) if (!facts.has(i) && !noted.has(i)) out.add(i);
    }
    for (const i of mayDeclare(keys.get('global') ?? [])) out.add(i);
    return [...out].sort((a, b) => a - b);
  }

  /**
   * Unparsed files that mention one of these names: the grammar misplaces declarations at file scope where
   * macros confuse it (a function's locals become globals), so any mention may be a global of that name.
   */
  function mayDeclare(names: Iterable<string>): number[] {
    const list = [...names].filter((n) => /^[A-Za-z_]\w*$/.test(n));
    if (!list.length) return [];
    const word = new RegExp(`\\b(?:${list.join('|')})\\b`);
    const out: number[] = [];
    scope.forEach((f, i) => {
      if (f.text && !facts.has(i) && !noted.has(i) && word.test(f.text)) out.push(i);
    });
    return out;
  }

  /** Every scope file in list order: parsed facts, or root macros only; build files as text. */
  function buildSnapshot(): Snapshot {
    const ws = new Workspace(source.parser, undefined, source.reread);
    for (const f of buildFiles) {
      if (f.bytes) ws.applyChange(f.path, f.bytes);
      else ws.addNote({ path: f.path, message: f.refused! });
    }
    scope.forEach((f, i) => {
      if (f.refused) {
        ws.addNote({ path: f.path, message: f.refused });
        return;
      }
      const skipped = noted.get(i);
      if (skipped) {
        ws.addNote({ path: f.path, message: skipped });
        return;
      }
      const result: FrontEndResult = {
        ok: true,
        facts: facts.get(i) ?? (f.stub ??= stubFacts(f.path, f.text!)),
        ...(f.decodeNote ? { note: f.decodeNote } : {}),
      };
      ws.applyAnalysed(f.path, f.bytes!, f.hash, result);
    });
    return ws.snapshot();
  }
}

/** The front end on this thread, for `--jobs 1`. */
export function parseHere(parser: Parser): DemandSource['parse'] {
  return (files) => Promise.resolve(files.map((f) => ({ result: analyseSource(parser, f.path, f.bytes) })));
}
