// Chooses which definition a name means from a given file: same-file statics first, then one global
// definition picked by what Kbuild builds, config, target architecture and strength (strong beats __weak).

import type { FunctionFact } from '../syntax/facts.js';
import type { IndexedFile, Snapshot } from '../workspace/workspace.js';
import { archDir, type KernelConfig } from '../kernel/config.js';
import { evaluateConditions } from '../kernel/condition.js';
import type { PlaceNote } from '../model/location.js';
import { kbuildVerdicts } from '../kbuild/tree.js';
import type { DemandLog } from './demand-log.js';

export interface FnNode {
  id: string;
  name: string;
  file: string;
  line: number;
  endLine: number;
  fact: FunctionFact;
  /** false: excluded by config or architecture; undefined: depends on config symbols we do not fix. */
  enabled: boolean | undefined;
}

export function functionId(file: string, fact: FunctionFact): string {
  return `${fact.name}@${file}:${fact.span.start.line}`;
}

export class DefinitionResolver {
  readonly all = new Map<string, FnNode>();
  readonly notes: PlaceNote[] = [];
  /** C files the tree's Kbuild files do not build under the config, with the reason. */
  readonly notBuilt: ReadonlyMap<string, string>;
  private readonly byFile = new Map<string, Map<string, FnNode[]>>();
  private readonly globalByName = new Map<string, FnNode[]>();
  private readonly allByName = new Map<string, FnNode[]>();
  private readonly chosenGlobal = new Map<string, FnNode | null>();
  /** Each file's nodes in definition order. */
  private readonly fileNodes = new Map<string, FnNode[]>();
  private readonly arch: string;

  /** Every definition of the snapshot's files; `steps` builds the same resolver between pauses. */
  constructor(
    snapshot: Snapshot,
    config: KernelConfig,
    private readonly log?: DemandLog,
    files: 'all' | 'none' = 'all',
    /** The Kbuild verdicts and notes, when they are known already (the files and build files are those of `from`). */
    from?: { notBuilt: ReadonlyMap<string, string>; notes: readonly PlaceNote[] },
  ) {
    this.arch = archDir(config.arch);
    const kbuild = from ?? kbuildVerdicts(snapshot.buildFiles, snapshot.files.keys(), config);
    this.notBuilt = kbuild.notBuilt;
    this.notes.push(...kbuild.notes);
    if (files === 'all') for (const file of snapshot.files.values()) this.addFile(file, config);
  }

  /** Which global each name resolved to and the notes so far: taken once every file is linked. */
  linkState(): { chosen: ReadonlyMap<string, FnNode | null>; notes: readonly PlaceNote[] } {
    return { chosen: new Map(this.chosenGlobal), notes: [...this.notes] };
  }

  /**
   * `prev` as it was in `state` (once linking ended), with the definitions of the `changed` files replaced by
   * those of their new facts. Each changed file must define the same functions in the same order, maybe on
   * other lines: its node i stands for the old node i. Also returns the old id -> new node map.
   */
  static replacing(
    prev: DefinitionResolver,
    state: ReturnType<DefinitionResolver['linkState']>,
    changed: ReadonlyMap<string, IndexedFile>,
    snapshot: Snapshot,
    config: KernelConfig,
  ): { resolver: DefinitionResolver; renamed: Map<string, FnNode> } {
    const r = new DefinitionResolver(snapshot, config, prev.log, 'none', {
      notBuilt: prev.notBuilt,
      notes: state.notes,
    });
    const renamed = new Map<string, FnNode>();
    const names = new Set<string>();
    for (const [path, file] of changed) {
      const oldNodes = prev.fileNodes.get(path) ?? [];
      const nodes = r.nodesOf(file, config);
      nodes.forEach((n, i) => {
        const o = oldNodes[i];
        if (o) renamed.set(o.id, n);
        names.add(n.name);
      });
      const local = new Map<string, FnNode[]>();
      for (const n of nodes) append(local, n.name, n);
      r.byFile.set(path, local);
      r.fileNodes.set(path, nodes);
    }
    for (const [path, local] of prev.byFile) if (!changed.has(path)) r.byFile.set(path, local);
    for (const [path, nodes] of prev.fileNodes) if (!changed.has(path)) r.fileNodes.set(path, nodes);
    // Rebuilt in snapshot order, as a fresh build makes them: a changed file's nodes stand where its old ones stood.
    let placed = '';
    for (const [id, node] of prev.all) {
      const file = changed.get(node.file);
      if (!file) {
        r.all.set(id, node);
        continue;
      }
      if (placed === node.file) continue;
      placed = node.file;
      for (const n of r.fileNodes.get(node.file) ?? []) r.all.set(n.id, n);
    }
    const swap = (list: FnNode[]) => list.map((n) => renamed.get(n.id) ?? n);
    for (const [name, list] of prev.allByName) r.allByName.set(name, names.has(name) ? swap(list) : list);
    for (const [name, list] of prev.globalByName) r.globalByName.set(name, names.has(name) ? swap(list) : list);
    for (const [name, node] of state.chosen) r.chosenGlobal.set(name, node ? (renamed.get(node.id) ?? node) : null);
    return { resolver: r, renamed };
  }

  /** The resolver as a generator: it yields after the Kbuild verdicts and after every `perStep` files. */
  static *steps(
    snapshot: Snapshot,
    config: KernelConfig,
    perStep: number,
    log?: DemandLog,
  ): Generator<string, DefinitionResolver> {
    const resolver = new DefinitionResolver(snapshot, config, log, 'none');
    yield 'kbuild verdicts';
    let added = 0;
    for (const file of snapshot.files.values()) {
      resolver.addFile(file, config);
      if (++added % perStep === 0) yield `definitions of ${added} files`;
    }
    return resolver;
  }

  private addFile(file: IndexedFile, config: KernelConfig): void {
    const local = new Map<string, FnNode[]>();
    const nodes = this.nodesOf(file, config);
    for (const node of nodes) {
      this.all.set(node.id, node);
      append(this.allByName, node.name, node);
      append(local, node.name, node);
      if (!node.fact.isStatic || file.path.endsWith('.h')) append(this.globalByName, node.name, node);
    }
    this.byFile.set(file.path, local);
    this.fileNodes.set(file.path, nodes);
  }

  private nodesOf(file: IndexedFile, config: KernelConfig): FnNode[] {
    const allowed = this.archAllows(file.path);
    return file.facts.functions.map((fact) => ({
      id: functionId(file.path, fact),
      name: fact.name,
      file: file.path,
      line: fact.span.start.line,
      endLine: fact.span.end.line,
      fact,
      enabled: allowed ? evaluateConditions(fact.conditions, config) : false,
    }));
  }

  idOf(file: string, fact: FunctionFact): string {
    return functionId(file, fact);
  }

  /** The definition `name` refers to when called from `fromFile` (or from nowhere in particular). */
  resolve(name: string, fromFile?: string): FnNode | undefined {
    if (fromFile) {
      const local = this.byFile.get(fromFile)?.get(name);
      // A global __weak default in the caller's file is only a fallback: a strong definition elsewhere wins at link time.
      const pick = local
        ? best(local.filter((n) => n.enabled !== false && (n.fact.isStatic || !n.fact.isWeak)))
        : undefined;
      if (pick) return pick;
    }
    const chosen = this.global(name);
    if (chosen) this.log?.resolved(chosen.id);
    return chosen;
  }

  /** Every definition of a name, enabled or not, for listings. */
  definitionsOf(name: string): FnNode[] {
    this.log?.note('fn', name);
    return [...(this.allByName.get(name) ?? [])];
  }

  /** What a user means by a name: the global definition, failing that every enabled static one (entries are often static). */
  named(name: string): FnNode[] {
    const global = this.resolve(name);
    if (global) return [global];
    const statics = this.preferBuilt(this.definitionsOf(name).filter((n) => n.enabled !== false)).sort((a, b) =>
      a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1,
    );
    for (const n of statics) this.log?.resolved(n.id);
    return statics;
  }

  private global(name: string): FnNode | undefined {
    this.log?.note('fn', name);
    const cached = this.chosenGlobal.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const candidates = this.preferBuilt((this.globalByName.get(name) ?? []).filter((n) => n.enabled !== false));
    const chosen = best(candidates);
    if (chosen && candidates.length > 1) {
      const others = candidates.filter((c) => c !== chosen && rank(c) === rank(chosen));
      if (others.length > 0) {
        this.notes.push({
          file: chosen.file,
          line: chosen.line,
          message: `${candidates.length} definitions of ${name}() fit the configuration; using ${chosen.file}:${chosen.line}`,
        });
      }
    }
    this.chosenGlobal.set(name, chosen ?? null);
    return chosen;
  }

  /** Definitions in files Kbuild builds, when there are any; a file it does not build is only a fallback. */
  private preferBuilt(list: FnNode[]): FnNode[] {
    if (this.notBuilt.size === 0) return list;
    const built = list.filter((n) => !this.notBuilt.has(n.file));
    return built.length > 0 ? built : list;
  }

  private archAllows(path: string): boolean {
    const m = /^arch\/([^/]+)\//.exec(path);
    return !m || m[1] === this.arch;
  }
}

/** Lower is better: strong before weak, known-enabled before config-dependent, .c before .h. */
function rank(n: FnNode): number {
  return (n.fact.isWeak ? 4 : 0) + (n.enabled === undefined ? 2 : 0) + (n.file.endsWith('.h') ? 1 : 0);
}

function best(list: FnNode[]): FnNode | undefined {
  let chosen: FnNode | undefined;
  for (const n of list) {
    if (
      !chosen ||
      rank(n) < rank(chosen) ||
      (rank(n) === rank(chosen) && (n.file < chosen.file || (n.file === chosen.file && n.line < chosen.line)))
    )
      chosen = n;
  }
  return chosen;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
