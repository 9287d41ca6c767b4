// Holds the index of one kernel root (a workspace folder) and the analysis over it, and publishes each
// finished analysis as one immutable state; a result overtaken by a newer change is dropped. The analysis
// itself (graph, paths, check, hovers, the call-graph view) runs in the analysis worker, which mirrors this
// index; this thread keeps the index for the features that ask the graph directly (call hierarchy,
// Simulate Function, patch review), and builds that graph only when one asks.

import * as vscode from 'vscode';
import type { Workspace, Snapshot, IndexNote } from '../../core/workspace/workspace.js';
import { resolveScenario } from '../../core/analysis/analyze.js';
import { analyzeOptions } from '../../core/analysis/settings.js';
import { LiveGraph } from '../../core/analysis/live-graph.js';
import { buildCallGraph, type CallGraph } from '../../core/callgraph/graph.js';
import type { TraceResult } from '../../core/paths/trace.js';
import type { Settings } from './config.js';
import type { Finding } from '../../core/model/finding.js';
import type { Scenario } from '../../core/model/scenario.js';
import type { GraphViewModel } from '../../core/views/call-graph.js';
import type { HoverModel } from '../../core/views/hover.js';
import type { PathTreeEntry } from '../../core/views/path-tree.js';
import type { BlockMonitor } from '../node/block-monitor.js';
import type { AnalysisBackend } from '../node/analysis-client.js';
import type { MirroredFile } from '../node/analysis-protocol.js';
import type { FrontEndResult } from '../../core/syntax/frontend.js';

export interface IndexProgress {
  done: number;
  total: number;
  /** Indexing stopped before the whole scope was read (cancelled or failed). */
  stopped?: boolean;
}

export interface AnalysisState {
  generation: number;
  root: vscode.Uri;
  trace: TraceResult;
  /** The traced paths as the paths view shows them. */
  pathTree: PathTreeEntry[];
  /** Findings of the whole tree under the configured scenario; empty until the index is complete. */
  findings: Finding[];
  scenario: Scenario;
  /** Editor buffer versions (by tree-relative path) this state was computed from. */
  versions: ReadonlyMap<string, number>;
  /** True once the whole scope is indexed; findings are shown only then. */
  complete: boolean;
  progress: IndexProgress;
  fileCount: number;
  /** Files the index skipped or read with a caveat. */
  notes: readonly IndexNote[];
  /** Files of the functions on the traced paths. */
  tracedFiles: readonly string[];
  /** Roots whose recorded replay was reused and roots replayed by the check (complete states only). */
  replays?: { reused: number; replayed: number };
}

interface Tree {
  workspace: Workspace;
  scope: ReadonlySet<string>;
}

export class Analysis implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AnalysisState>();
  readonly onDidChange = this.changed.event;
  private tree: Tree | undefined;
  private backend: AnalysisBackend | undefined;
  private generation = 0;
  private readonly versions = new Map<string, number>();
  private progress: IndexProgress = { done: 0, total: 0 };
  /** Buffer texts the analysis worker has and this thread's index has not taken in yet. */
  private readonly unapplied = new Map<string, Uint8Array>();
  /** This thread's graph, brought up to date when a feature asks for it. */
  private readonly liveGraph = new LiveGraph();
  private hostView: { snapshot: Snapshot; graph?: CallGraph } | undefined;
  current: AnalysisState | undefined;
  /** Notes of the last check (bounds that cut a replay, bodies that could not be read). */
  checkNotes: readonly string[] = [];

  constructor(
    readonly root: vscode.Uri,
    /** The settings of this root's folder. */
    readonly settings: () => Settings,
    private readonly blocks: BlockMonitor,
  ) {}

  /** Starts over on a new index (Re-index, a settings change): older results are dropped from now on. */
  reset(workspace: Workspace, scope: ReadonlySet<string>, backend: () => AnalysisBackend): void {
    this.tree = { workspace, scope };
    this.backend ??= backend();
    this.backend.reset();
    this.liveGraph.forget();
    this.hostView = undefined;
    this.unapplied.clear();
    this.versions.clear();
    this.generation++;
  }

  /** Where the analysis runs, for the log. */
  get runsIn(): string {
    return this.backend?.where ?? 'nowhere yet';
  }

  /** The generation of the latest analysis started (a state of it or later holds every text applied before). */
  get latestGeneration(): number {
    return this.generation;
  }

  /** The folder's name, as the status bar names the root when the window has several. */
  get name(): string {
    return this.root.path.split('/').filter(Boolean).at(-1) ?? this.root.path;
  }

  setProgress(progress: IndexProgress): void {
    this.progress = progress;
  }

  /** Tree-relative path of a document inside the indexed scope, or undefined. */
  pathOf(uri: vscode.Uri): string | undefined {
    if (!this.tree || uri.scheme !== this.root.scheme) return undefined;
    const base = this.root.path.endsWith('/') ? this.root.path : `${this.root.path}/`;
    if (!uri.path.startsWith(base)) return undefined;
    const rel = uri.path.slice(base.length);
    return this.tree.scope.has(rel) ? rel : undefined;
  }

  /** True when `path` is a file of the indexed scope. */
  inScope(path: string): boolean {
    return this.tree?.scope.has(path) ?? false;
  }

  uriOf(path: string): vscode.Uri | undefined {
    return this.tree ? vscode.Uri.joinPath(this.root, path) : undefined;
  }

  /** The index's side of indexing: what the indexer gives this thread's index also goes to the analysis. */
  indexTarget(): IndexTarget | undefined {
    const tree = this.tree;
    const backend = this.backend;
    if (!tree || !backend) return undefined;
    return {
      hasCached: (hash) => tree.workspace.hasCached(hash),
      applyChange: (path, bytes) => {
        tree.workspace.applyChange(path, bytes);
        backend.applyFile({ path, bytes });
        this.hostView = undefined;
      },
      applyAnalysed: (path, bytes, hash, result, facts) => {
        tree.workspace.applyAnalysed(path, bytes, hash, result);
        const file: MirroredFile = { path, bytes };
        if (result.ok && facts) {
          file.facts = facts;
          if (result.note) file.note = result.note;
        }
        backend.applyFile(file);
        this.hostView = undefined;
      },
      addNote: (note) => {
        tree.workspace.addNote(note);
        backend.addNote(note);
      },
    };
  }

  /** Feeds an editor buffer (or the file on disk again, with version undefined) into the index. */
  applyText(path: string, text: string, version: number | undefined): void {
    if (!this.tree || !this.backend) return;
    const bytes = new TextEncoder().encode(text);
    this.backend.applyFile({ path, bytes });
    this.unapplied.set(path, bytes);
    this.hostView = undefined;
    if (version === undefined) this.versions.delete(path);
    else this.versions.set(path, version);
  }

  /** True when the index holds an editor buffer's text for this path rather than the file on disk. */
  fromBuffer(path: string): boolean {
    return this.versions.has(path);
  }

  /** The index as it is now on this thread (buffers applied), for the features that read it directly. */
  snapshot(): Snapshot | undefined {
    if (!this.tree) return undefined;
    if (this.hostView) return this.hostView.snapshot;
    const leave = this.blocks.enter('analysis', 'index for a view');
    try {
      for (const [path, bytes] of this.unapplied) this.tree.workspace.applyChange(path, bytes);
      this.unapplied.clear();
      this.hostView = { snapshot: this.tree.workspace.snapshot() };
      this.blocks.step('buffers applied for a view');
      return this.hostView.snapshot;
    } finally {
      leave();
    }
  }

  /** The call graph of snapshot(), built on this thread when a feature first asks after a change. */
  graph(): CallGraph | undefined {
    const snapshot = this.snapshot();
    if (!snapshot || !this.hostView) return undefined;
    if (this.hostView.graph) return this.hostView.graph;
    const leave = this.blocks.enter('analysis', 'graph for a view');
    try {
      const config = analyzeOptions(this.settings()).config!;
      const graph = this.liveGraph.graphFor(snapshot, config) ?? buildCallGraph(snapshot, config);
      this.liveGraph.remember(snapshot, graph, config);
      this.hostView.graph = graph;
      this.blocks.step(`graph for a view ${this.liveGraph.lastOutcome}`);
      return graph;
    } finally {
      leave();
    }
  }

  /**
   * Analyses the index as it is now (graph and paths, and the findings once the index is complete) in the
   * analysis worker, and publishes the result unless a newer change overtook it.
   */
  async analyse(complete: boolean): Promise<AnalysisState | undefined> {
    if (!this.tree || !this.backend) return undefined;
    const generation = ++this.generation;
    const root = this.root;
    const versions = new Map(this.versions);
    const settings = this.settings();
    const progress = this.progress;
    const published = await this.backend.analyse({ generation, complete, settings });
    if (!published || generation !== this.generation) return undefined;
    const leave = this.blocks.enter('analysis', 'published');
    try {
      if (complete) this.checkNotes = published.checkNotes;
      const state: AnalysisState = {
        generation,
        root,
        trace: published.trace,
        pathTree: published.pathTree,
        findings: published.findings,
        scenario: resolveScenario(settings.scenario),
        versions,
        complete,
        progress,
        fileCount: published.fileCount,
        notes: published.notes,
        tracedFiles: published.tracedFiles,
        ...(published.replays ? { replays: published.replays } : {}),
      };
      this.current = state;
      this.changed.fire(state);
      return state;
    } finally {
      leave();
    }
  }

  /** The hover of the last published analysis over `word` at `path:line`. */
  hover(path: string, line: number, word: string): Promise<HoverModel | undefined> {
    return this.backend?.hover(path, line, word) ?? Promise.resolve(undefined);
  }

  /** The call-graph view of the last published analysis: its traced paths, or the paths to `focus`. */
  graphView(focus?: string): Promise<GraphViewModel | undefined> {
    return this.backend?.graphView(focus) ?? Promise.resolve(undefined);
  }

  dispose(): void {
    this.changed.dispose();
    this.backend?.dispose();
  }
}

/** What the indexer feeds: this thread's index and the analysis worker's mirror of it. */
export interface IndexTarget {
  hasCached(hash: string): boolean;
  applyChange(path: string, bytes: Uint8Array): void;
  applyAnalysed(path: string, bytes: Uint8Array, hash: string, result: FrontEndResult, facts?: Uint8Array): void;
  addNote(note: IndexNote): void;
}

export { analyzeOptions };
