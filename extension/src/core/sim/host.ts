// What a call handler needs from the replay engine: the frame it runs in and the engine's services
// (graph, types, options, event emission, descent into a callee). Breaks the engine <-> calls cycle.

import type { CallGraph } from '../callgraph/graph.js';
import type { FnNode } from '../callgraph/definitions.js';
import type { TypeTable } from '../callgraph/types.js';
import type { ObjectBindings } from '../callgraph/objects.js';
import type { KernelConfig } from '../kernel/config.js';
import type { CallStep } from '../model/call.js';
import type { CallFact } from '../syntax/facts.js';
import type { FunctionBody } from '../syntax/body.js';
import type { ExitPoint, SimEvent } from './events.js';
import type { SimState } from './state.js';
import type { Value } from './value.js';
import type { Scenario } from '../model/scenario.js';
import type { ReadLog } from './reads.js';

export interface EngineOptions {
  scenario: Scenario;
  maxCallDepth: number;
  maxStatesPerPoint: number;
  maxStepsPerEntry: number;
  memoize: boolean;
  config: KernelConfig;
  /** Replay the root's own body only: callees (lock wrappers aside) are not entered. */
  ownBodyOnly?: boolean;
  /**
   * Enter only these callees (lock wrappers aside): the ways from the root to what it is replayed for.
   * `tag` keeps their memoised replays apart from full ones.
   */
  descendOnly?: { tag: string; ids: ReadonlySet<string> } | undefined;
}

/** The function being replayed, the calls that led to it, and its local types. */
export interface FrameContext {
  fn: FnNode;
  chain: CallStep[];
  depth: number;
  varTypes: Map<string, string>;
  stack: ReadonlySet<string>;
  /** Identities of the locks the caller handed over by pointer, by parameter name. */
  lockArgs: ReadonlyMap<string, string>;
  /** Which object each tracked pointer parameter points to (`memory_block.dev`), when the caller knew. */
  objects: ReadonlyMap<string, string>;
}

export interface ReplayHost {
  readonly graph: CallGraph;
  readonly types: TypeTable;
  readonly options: EngineOptions;
  /** Records what the root being replayed reads, when the host reuses replays (see reads.ts). */
  readonly log: ReadLog | undefined;
  emit(event: SimEvent): void;
  note(text: string): void;
  callsOf(fn: FnNode): readonly CallFact[];
  /** The statement structure of a function's body, when its file can be read. */
  bodyOf(fn: FnNode): FunctionBody | undefined;
  /** Lock classes whose order lockdep does not check in this tree. */
  unvalidatedLocks(): ReadonlySet<string>;
  /** Variables a function's body assigns (`x = ...`, `x++`): a parameter not among them keeps its caller's value. */
  assignedNames(fn: FnNode): ReadonlySet<string>;
  runFunction(
    fn: FnNode,
    entry: SimState,
    args: readonly Value[],
    chain: CallStep[],
    depth: number,
    stack: ReadonlySet<string>,
    objectArgs?: readonly (string | undefined)[],
    lockArgs?: readonly (string | undefined)[],
    objectIds?: readonly (string | undefined)[],
  ): ExitPoint[] | undefined;
  /** What the tree writes into embedded objects (a device's bus, its attribute groups). */
  readonly objects: ObjectBindings;
}
