// The one analysis entry: a snapshot in, the call graph, the traced paths and the findings out. The CLI,
// the editor, the patch review and the tests all call this (or its sliced form); nothing else composes
// graph, trace and check.

import { callGraphSteps, type CallGraph } from '../callgraph/graph.js';
import { defaultConfig, type KernelConfig } from '../kernel/config.js';
import { DEFAULT_ENTRIES, DEFAULT_TARGETS } from '../kernel/entries.js';
import type { Finding } from '../model/finding.js';
import { tracePaths, type TraceResult } from '../paths/trace.js';
import type { Rule } from '../rules/rule.js';
import type { SeverityOverride } from '../rules/runner.js';
import type { EventSink } from '../sim/events.js';
import type { Snapshot } from '../workspace/workspace.js';
import { checkSteps, resolveScenario, type CheckResult } from './check.js';
import type { Scenario } from '../model/scenario.js';
import type { RootContext } from '../model/root.js';
import type { DemandLog } from '../callgraph/demand-log.js';
import type { BodyCache } from '../sim/bodies.js';
import type { ReplayCache } from './reuse.js';

export interface TraceRequest {
  /** Entry functions; default: the entry table. */
  from?: readonly string[];
  /** Hotplug-core functions; default: the target table. */
  to?: readonly string[];
  maxDepth?: number;
  maxPaths?: number;
}

export interface AnalyzeOptions {
  config?: KernelConfig;
  scenario?: Scenario | string;
  rules?: Readonly<Record<string, SeverityOverride>>;
  /** Entry functions replayed by the check; default: the entry table. */
  entries?: readonly string[];
  /** Also replay the roots found in the review's files (default: when no entries are named). */
  discoverRoots?: boolean;
  /** Which paths to trace (default: entry table to target table); false: none. */
  trace?: TraceRequest | false;
  /** Replay the entries and run the rules (default true); false: graph and paths only. */
  check?: boolean;
  ruleSet?: readonly Rule[];
  /** Extra listener for every simulator event (traces, the hover index). */
  tap?: EventSink;
  /** Reuse callee replays per entry state (default); off for traces that need every event in path order. */
  memoize?: boolean;
  /** Records the names looked up in the merged tables, for a host that indexed only part of the tree. */
  demand?: DemandLog;
  /** The call graph of this snapshot and config, when the host built it already (with the same `demand` log). */
  graph?: CallGraph;
  /** Function bodies a host keeps between analyses, by file content (see sim/bodies.ts). */
  bodies?: BodyCache;
  /** Recorded replays of this host's earlier analyses, reused for the roots whose reads are unchanged (the editor). */
  reuse?: ReplayCache;
}

export interface Analysis {
  graph: CallGraph;
  /** Paths from the trace request; empty when none was asked for. */
  paths: TraceResult;
  findings: Finding[];
  /** Bounds that cut a replay short and bodies that could not be read, one sentence each. */
  truncations: string[];
  /** Entries the check replayed. */
  entries: string[];
  /** Every root replayed, with why it is one (named entries first). */
  roots: RootContext[];
  scenario: string;
}

export function analyze(snapshot: Snapshot, options: AnalyzeOptions = {}): Analysis {
  const steps = analysisSteps(snapshot, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same analysis in slices, for hosts that must stay responsive (the editor): `pause` runs during and after
 * the graph build, after the trace, after planning the roots and after each replayed root, with the name of the step just
 * done, and returns true when the result is no longer wanted.
 */
export async function analyzeInSlices(
  snapshot: Snapshot,
  options: AnalyzeOptions,
  pause: (done: string) => Promise<boolean>,
): Promise<Analysis | undefined> {
  const steps = analysisSteps(snapshot, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (await pause(step.value)) return undefined;
  }
}

const NO_PATHS: TraceResult = { paths: [], missing: [] };

function* analysisSteps(snapshot: Snapshot, options: AnalyzeOptions): Generator<string, Analysis> {
  const config = options.config ?? defaultConfig();
  const graph = options.graph ?? (yield* callGraphSteps(snapshot, config, options.demand));
  yield 'graph';
  const t = options.trace;
  const paths =
    t === false
      ? NO_PATHS
      : tracePaths(graph, {
          from: t?.from?.length ? t.from : DEFAULT_ENTRIES,
          to: t?.to?.length ? t.to : DEFAULT_TARGETS,
          ...(t?.maxDepth !== undefined ? { maxDepth: t.maxDepth } : {}),
          ...(t?.maxPaths !== undefined ? { maxPaths: t.maxPaths } : {}),
        });
  if (t !== false) yield 'paths';
  const scenario = resolveScenario(options.scenario);
  if (options.check === false)
    return { graph, paths, findings: [], truncations: [], entries: [], roots: [], scenario: scenario.name };
  const check = yield* checkSteps(snapshot, graph, {
    config,
    scenario,
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.entries?.length ? { entries: options.entries } : {}),
    ...(options.discoverRoots !== undefined ? { discoverRoots: options.discoverRoots } : {}),
    ...(options.ruleSet ? { ruleSet: options.ruleSet } : {}),
    ...(options.tap ? { tap: options.tap } : {}),
    ...(options.memoize !== undefined ? { memoize: options.memoize } : {}),
    ...(options.demand ? { demand: options.demand } : {}),
    ...(options.bodies ? { bodies: options.bodies } : {}),
    ...(options.reuse ? { reuse: options.reuse } : {}),
  });
  return fromCheck(graph, paths, check);
}

function fromCheck(graph: CallGraph, paths: TraceResult, check: CheckResult): Analysis {
  return {
    graph,
    paths,
    findings: check.findings,
    truncations: check.notes,
    entries: check.entries,
    roots: check.roots,
    scenario: check.scenario,
  };
}

export { resolveScenario };
