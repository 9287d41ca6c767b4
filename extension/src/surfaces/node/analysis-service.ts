// The editor's analysis of one kernel root, away from the host's thread: a mirror of the host's index (the
// files as the host took them in, facts already made by the parse pool included), the state kept between
// analyses (graph, bodies, recorded replays) and the last analysis, from which hovers and the call-graph
// view are answered. An analysis overtaken by a newer request is dropped at its next pause.

import { deserialize } from 'node:v8';
import type { Parser } from 'web-tree-sitter';
import { analyzeInSlices, resolveScenario, type Analysis } from '../../core/analysis/analyze.js';
import { analyzeOptions, type HostSettings } from '../../core/analysis/settings.js';
import { LiveGraph } from '../../core/analysis/live-graph.js';
import { ReplayCache } from '../../core/analysis/reuse.js';
import { tracePaths } from '../../core/paths/trace.js';
import { BodyCache } from '../../core/sim/bodies.js';
import type { FileFacts } from '../../core/syntax/facts.js';
import { buildGraphView, type GraphViewModel } from '../../core/views/call-graph.js';
import { hoverModel, locksFrom, SimulationIndex, type HoverModel } from '../../core/views/hover.js';
import { buildPathTree } from '../../core/views/path-tree.js';
import { contentHash } from '../../core/workspace/hash.js';
import { Workspace, type FactsCache, type IndexNote } from '../../core/workspace/workspace.js';
import type { AnalyseRequest, MirroredFile, PublishedAnalysis } from './analysis-protocol.js';

interface Last {
  analysis: Analysis;
  simulation: SimulationIndex;
  settings: HostSettings;
}

export class AnalysisService {
  private workspace: Workspace;
  private readonly liveGraph = new LiveGraph();
  private readonly bodies = new BodyCache();
  private readonly replays = new ReplayCache();
  /** The settings the recorded replays were made under (they are dropped when these change). */
  private replaySettings = '';
  private latest = 0;
  private last: Last | undefined;

  constructor(
    private readonly parser: Parser,
    private readonly cache: FactsCache | undefined,
  ) {
    this.workspace = new Workspace(parser, cache, true);
  }

  /** A new index starts (Re-index, settings that change the scope): everything kept is dropped. */
  reset(): void {
    this.workspace = new Workspace(this.parser, this.cache, true);
    this.liveGraph.forget();
    this.replays.clear();
    this.replaySettings = '';
    this.last = undefined;
  }

  applyFiles(files: readonly MirroredFile[]): void {
    for (const f of files) {
      if (!f.facts) {
        this.workspace.applyChange(f.path, f.bytes);
        continue;
      }
      const facts = deserialize(f.facts) as FileFacts;
      this.workspace.applyAnalysed(f.path, f.bytes, contentHash(f.bytes), {
        ok: true,
        facts,
        ...(f.note ? { note: f.note } : {}),
      });
    }
  }

  addNote(note: IndexNote): void {
    this.workspace.addNote(note);
  }

  /** Marks `generation` as the newest request: an analysis of an older one stops at its next pause. */
  request(generation: number): void {
    this.latest = Math.max(this.latest, generation);
  }

  /** Graph, paths and (when complete) findings of the index as it is now; undefined when overtaken. */
  async analyse(request: AnalyseRequest): Promise<PublishedAnalysis | undefined> {
    this.request(request.generation);
    const { generation, complete, settings } = request;
    const key = JSON.stringify(settings);
    if (key !== this.replaySettings) {
      this.replays.clear();
      this.replaySettings = key;
    }
    const snapshot = this.workspace.snapshot();
    const options = analyzeOptions(settings);
    const config = options.config!;
    const graph = this.liveGraph.graphFor(snapshot, config);
    const graphOutcome = this.liveGraph.lastOutcome;
    const simulation = new SimulationIndex();
    const overtaken = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return generation !== this.latest;
    };
    const analysis = await analyzeInSlices(
      snapshot,
      {
        ...options,
        ...(graph ? { graph } : {}),
        bodies: this.bodies,
        reuse: this.replays,
        scenario: resolveScenario(settings.scenario),
        check: complete,
        tap: simulation,
      },
      overtaken,
    );
    if (!analysis) return undefined;
    this.liveGraph.remember(snapshot, analysis.graph, config);
    this.last = { analysis, simulation, settings };
    const traced = new Set(
      analysis.paths.paths.flatMap((p) => p.steps.map((s) => analysis.graph.functions.get(s.fn)?.file ?? '')),
    );
    traced.delete('');
    const last = this.replays.last;
    return {
      generation,
      complete,
      findings: analysis.findings,
      trace: analysis.paths,
      pathTree: buildPathTree(analysis.graph, analysis.paths),
      checkNotes: complete ? analysis.truncations : [],
      ...(complete ? { replays: { reused: last.reused.length, replayed: last.replayed.length } } : {}),
      fileCount: snapshot.files.size,
      notes: [...snapshot.notes],
      tracedFiles: [...traced].sort(),
      graphOutcome,
    };
  }

  /** The hover over `word` at a place of the last analysis. */
  hover(path: string, line: number, word: string): HoverModel | undefined {
    const last = this.last;
    if (!last) return undefined;
    return hoverModel(
      last.simulation,
      last.analysis.findings,
      resolveScenario(last.settings.scenario),
      path,
      line,
      word,
    );
  }

  /** The call-graph view of the last analysis: its traced paths, or the paths to `focus`. */
  graphView(focus?: string): GraphViewModel | undefined {
    const last = this.last;
    if (!last) return undefined;
    const { analysis, settings } = last;
    const trace = focus
      ? tracePaths(analysis.graph, {
          from: settings.entries,
          to: [focus],
          maxDepth: settings.maxDepth,
          maxPaths: settings.maxPaths,
        })
      : analysis.paths;
    return buildGraphView(analysis.graph, trace, analysis.findings, locksFrom(last.simulation));
  }
}
