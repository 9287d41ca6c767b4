// The messages between the editor's host thread and its analysis worker (analysis-worker.ts): the host
// mirrors every change of its index to the worker, asks for analyses and for what a view shows, and gets
// plain data back. Everything here survives structured cloning.

import type { HostSettings } from '../../core/analysis/settings.js';
import type { Finding } from '../../core/model/finding.js';
import type { TraceResult } from '../../core/paths/trace.js';
import type { GraphViewModel } from '../../core/views/call-graph.js';
import type { HoverModel } from '../../core/views/hover.js';
import type { PathTreeEntry } from '../../core/views/path-tree.js';
import type { IndexNote } from '../../core/workspace/workspace.js';

/** One file as the host's index took it in. */
export interface MirroredFile {
  path: string;
  bytes: Uint8Array;
  /** Facts the parse pool already made from these bytes, v8-serialised, and the front end's note. */
  facts?: Uint8Array;
  note?: string;
}

export interface AnalyseRequest {
  generation: number;
  /** False while the index is partial: graph and paths only, no check. */
  complete: boolean;
  settings: HostSettings;
}

/** One finished analysis, as every view that refreshes on a new state needs it. */
export interface PublishedAnalysis {
  generation: number;
  complete: boolean;
  findings: Finding[];
  trace: TraceResult;
  pathTree: PathTreeEntry[];
  /** Bounds that cut a replay and bodies that could not be read (complete analyses). */
  checkNotes: string[];
  /** Roots whose recorded replay was reused and roots replayed (complete analyses). */
  replays?: { reused: number; replayed: number };
  fileCount: number;
  notes: IndexNote[];
  /** Files of the functions on the traced paths, sorted. */
  tracedFiles: string[];
  /** How the graph was made (updated, built, and why). */
  graphOutcome: string;
}

export type HostToWorker =
  | { type: 'reset' }
  | { type: 'files'; files: MirroredFile[] }
  | { type: 'note'; note: IndexNote }
  | { type: 'analyse'; id: number; request: AnalyseRequest }
  | { type: 'hover'; id: number; path: string; line: number; word: string }
  | { type: 'graphView'; id: number; focus?: string };

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'reply'; id: number; value: PublishedAnalysis | HoverModel | GraphViewModel | undefined }
  | { type: 'failed'; id?: number; error: string };
