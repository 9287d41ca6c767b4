// One kernel root the server serves: its hotplug scope read through the node loader into a Workspace,
// open buffers laid over the files on disk, and the latest analysis of it (graph, findings, and what the
// simulator saw at each call site, for hovers). An analysis overtaken by a newer change is dropped.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeInSlices, resolveScenario } from '../../core/analysis/analyze.js';
import { analyzeOptions, type HostSettings } from '../../core/analysis/settings.js';
import { LiveGraph } from '../../core/analysis/live-graph.js';
import { BodyCache } from '../../core/sim/bodies.js';
import type { CallGraph } from '../../core/callgraph/graph.js';
import type { Finding } from '../../core/model/finding.js';
import type { Scenario } from '../../core/model/scenario.js';
import type { Parser } from 'web-tree-sitter';
import { SimulationIndex } from '../../core/views/hover.js';
import { Workspace, type FactsCache, type Snapshot } from '../../core/workspace/workspace.js';
import { listTreeFiles, loadTree } from '../node/tree.js';
import { decodeSource } from '../../core/syntax/decode.js';

export { isKernelRoot, ROOT_MARKER } from '../node/roots.js';

const LOAD_BATCH = 64;

export interface IndexState {
  snapshot: Snapshot;
  graph: CallGraph;
  findings: Finding[];
  simulation: SimulationIndex;
  scenario: Scenario;
  /** Bounds that cut a replay short, one sentence each. */
  notes: string[];
}

/** The local path of a file: URI, or undefined for any other scheme. */
export function uriPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class KernelIndex {
  private generation = 0;
  /** The last analysis's graph, which the next one brings up to date instead of building again when it can. */
  private readonly liveGraph = new LiveGraph();
  /** Function bodies by file content, parsed once for all the analyses of this tree. */
  private readonly bodies = new BodyCache();
  /** Open buffers laid over the disk, by tree path. */
  private readonly buffers = new Map<string, string>();
  current: IndexState | undefined;

  private constructor(
    readonly root: string,
    private readonly workspace: Workspace,
    private readonly scope: ReadonlySet<string>,
    readonly settings: HostSettings,
  ) {}

  /** Reads the scope in batches, yielding between them so the server keeps answering. */
  static async load(
    root: string,
    settings: HostSettings,
    parser: Parser,
    cache: FactsCache | undefined,
    onProgress: (done: number, total: number) => void,
  ): Promise<KernelIndex> {
    const files = listTreeFiles(root, { include: settings.include, exclude: settings.exclude });
    const workspace = new Workspace(parser, cache, true);
    for (let i = 0; i < files.length; i += LOAD_BATCH) {
      loadTree(workspace, root, files.slice(i, i + LOAD_BATCH));
      onProgress(Math.min(files.length, i + LOAD_BATCH), files.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return new KernelIndex(root, workspace, new Set(files), settings);
  }

  get fileCount(): number {
    return this.scope.size;
  }

  /** Tree-relative path of a document inside the indexed scope, or undefined. */
  pathOf(uri: string): string | undefined {
    const abs = uriPath(uri);
    if (!abs) return undefined;
    const rel = relative(this.root, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return this.scope.has(rel) ? rel : undefined;
  }

  /** The text the index holds for a file: an open buffer's, else the one the last analysis read. */
  textOf(path: string): string | undefined {
    return this.buffers.get(path) ?? this.current?.snapshot.text(path);
  }

  /** Lays an open buffer's text over the file on disk. */
  setBuffer(path: string, text: string): void {
    this.buffers.set(path, text);
    this.workspace.applyChange(path, new TextEncoder().encode(text));
  }

  /** A closed buffer no longer counts: the file on disk again (or none, when it is gone). False if none was open. */
  restoreDisk(path: string): boolean {
    if (!this.buffers.delete(path)) return false;
    if (existsSync(join(this.root, path))) loadTree(this.workspace, this.root, [path]);
    else this.workspace.remove(path);
    return true;
  }

  /** The tree as it is now: files on disk with the open buffers over them. */
  snapshot(): Snapshot {
    return this.workspace.snapshot();
  }

  /** Text of a tree file for patch application: the snapshot's (buffers included), else the disk's. */
  reader(snapshot: Snapshot): (path: string) => string | undefined {
    return (path) => {
      const held = snapshot.text(path);
      if (held !== undefined) return held;
      const abs = join(this.root, path);
      try {
        if (!statSync(abs).isFile()) return undefined;
        const decoded = decodeSource(readFileSync(abs));
        return decoded.ok ? decoded.text : undefined;
      } catch {
        return undefined;
      }
    };
  }

  /**
   * Graph, paths and findings of the tree as it is now, in slices (one entry at a time) so that hovers
   * are answered meanwhile; undefined when a newer analysis overtook this one.
   */
  async analyse(): Promise<IndexState | undefined> {
    const generation = ++this.generation;
    const snapshot = this.snapshot();
    const simulation = new SimulationIndex();
    const scenario = resolveScenario(this.settings.scenario);
    const options = analyzeOptions(this.settings);
    const graph = this.liveGraph.graphFor(snapshot, options.config!);
    const result = await analyzeInSlices(
      snapshot,
      { ...options, ...(graph ? { graph } : {}), bodies: this.bodies, scenario, tap: simulation },
      async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return generation !== this.generation;
      },
    );
    if (!result) return undefined;
    this.liveGraph.remember(snapshot, result.graph, options.config!);
    if (generation !== this.generation) return undefined;
    this.current = {
      snapshot,
      graph: result.graph,
      findings: result.findings,
      simulation,
      scenario,
      notes: result.truncations,
    };
    return this.current;
  }
}
