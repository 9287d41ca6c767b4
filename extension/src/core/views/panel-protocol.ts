// Messages between the call-graph panel host and its webview: typed tagged unions, type-only, so the
// webview bundle pulls in no host code. Data reaches the webview only through these messages.

import type { GraphFilter, GraphViewModel } from './call-graph.js';
import type { GraphLens } from './graph-lens.js';

export type GraphSide = 'before' | 'after';

export interface PanelView {
  title: string;
  /** The current graph (the post-image when a patch is under review). */
  graph: GraphViewModel;
  /** Present while a patch is under review: the pre-image graph, marked against `graph`. */
  before?: GraphViewModel;
  /** One line on the index: files, paths, or indexing progress. */
  status: string;
  /** Function the paths were traced to (Trace Paths to Here); absent for the default targets. */
  focus?: string;
}

export type HostToWebview = { type: 'show'; view: PanelView };

export type WebviewToHost =
  | { type: 'ready'; focus?: string }
  | { type: 'reveal'; file: string; line: number; column: number }
  | { type: 'clearFocus' }
  | { type: 'exportDot'; side: GraphSide; filter: GraphFilter; lens?: GraphLens }
  | { type: 'exportSvg'; svg: string };

/** What the webview keeps with getState/setState; the serializer hands it back after a reload. */
export interface PanelState {
  /** Fit the graph to the panel (never below the readable scale) until the user zooms or scrolls. */
  fit: boolean;
  zoom: number;
  /** Graph coordinates at the top left of the visible area. */
  panX: number;
  panY: number;
  /** Selected node id, or edge id when `selectedEdge`. */
  selected?: string;
  selectedEdge?: boolean;
  filter: GraphFilter;
  side: GraphSide;
  focus?: string;
  /** Which part of the graph is shown: focused neighbourhood, expanded and collapsed nodes. */
  lens?: GraphLens;
  /** Text of the search box. */
  query?: string;
}

/** One handler per message type; a type without a handler is a compile error. */
export type Handlers<M extends { type: string }> = {
  [T in M['type']]: (message: Extract<M, { type: T }>) => void | Promise<void>;
};
