// The replay part of the analysis: replays every entry function of the tree (with its devres release
// callbacks, as at unbind) under a scenario and returns the findings. Hosts call analyze(), not this.

import { linkStateOf, type CallGraph } from '../callgraph/graph.js';
import type { FnNode } from '../callgraph/definitions.js';
import { TypeTable } from '../callgraph/types.js';
import type { Snapshot } from '../workspace/workspace.js';
import { ENTRY_DEVICE_TYPES } from '../kernel/entries.js';
import { lockClassOf } from '../kernel/locks.js';
import type { RootKind } from '../kernel/roots.js';
import { USER_TEXT_PARAM } from '../kernel/user-input.js';
import type { RootContext } from '../model/root.js';
import { planRootSteps, type PlannedRoot } from './roots.js';
import { defaultConfig, type KernelConfig } from '../kernel/config.js';
import { ALL_RULES } from '../rules/index.js';
import { RuleRunner, type SeverityOverride } from '../rules/runner.js';
import type { Rule } from '../rules/rule.js';
import { BodyStore, type BodyCache } from '../sim/bodies.js';
import { DEFAULT_ENGINE_OPTIONS, Engine, type Exit } from '../sim/engine.js';
import type { EventSink } from '../sim/events.js';
import { findScenario, startModel } from '../sim/scenario.js';
import type { HeldLock, SimState } from '../sim/state.js';
import { int, truthy, type Value } from '../sim/value.js';
import type { Finding } from '../model/finding.js';
import { SHIPPED_SCENARIOS } from '../kernel/scenarios.js';
import type { Scenario } from '../model/scenario.js';
import type { DemandLog } from '../callgraph/demand-log.js';
import type { ReplayCache } from './reuse.js';
import { fingerprint } from '../sim/reads.js';

export interface CheckOptions {
  scenario?: Scenario | string;
  rules?: Readonly<Record<string, SeverityOverride>>;
  entries?: readonly string[];
  /** Also replay the roots found in the review's files (default: when no entries are named). */
  discoverRoots?: boolean;
  ruleSet?: readonly Rule[];
  /** Extra listener for every event (the simulate trace). */
  tap?: EventSink;
  /** Reuse callee replays per entry state (default); off for traces that need every event in path order. */
  memoize?: boolean;
  config?: KernelConfig;
  /** Records the replay's lookups in the merged tables (see callgraph/demand-log.ts). */
  demand?: DemandLog;
  /** Function bodies a host keeps between analyses, by file content. */
  bodies?: BodyCache;
  /** Recorded replays of earlier analyses: roots whose reads answer the same are not replayed (see reuse.ts). */
  reuse?: ReplayCache;
}

export interface CheckResult {
  findings: Finding[];
  notes: string[];
  entries: string[];
  /** Every root replayed, named entries first, with why it is one. */
  roots: RootContext[];
  scenario: string;
}

/** The step budget and states per statement of a root replayed only along its ways to a lock contract. */
const CONTRACT_ROOT_STEPS = 20_000;
const CONTRACT_ROOT_STATES = 8;

/** Traces keep paths apart, so they get more room per statement before states are joined. */
const TRACE_STATES_PER_POINT = 256;

export function resolveScenario(s: Scenario | string | undefined): Scenario {
  if (typeof s === 'object') return s;
  return findScenario(s ?? 'default') ?? SHIPPED_SCENARIOS[0]!;
}

/**
 * The check as a generator: it yields once the type table and the replay are set up, while and once the roots are
 * planned, and with the name of each entry once replayed, so hosts can pause between them.
 */
export function* checkSteps(
  snapshot: Snapshot,
  graph: CallGraph,
  options: CheckOptions,
): Generator<string, CheckResult> {
  const scenario = resolveScenario(options.scenario);
  const runner = new RuleRunner(options.ruleSet ?? ALL_RULES, options.rules ?? {}, scenario.name);
  // A reused root looks nothing up, so a host that records the lookups (demand) replays every root.
  const run = options.demand ? undefined : options.reuse?.begin(snapshot);
  const fed: EventSink = options.tap
    ? {
        emit: (e) => {
          runner.emit(e);
          options.tap!.emit(e);
        },
        entryDone: (e) => {
          runner.entryDone(e);
          options.tap!.entryDone(e);
        },
      }
    : runner;
  const sink = run ? run.recording(fed) : fed;
  const bodies = new BodyStore(snapshot.parser, snapshot, options.bodies);
  // The graph's build made the same table from the same snapshot (an updated graph: from files whose types did not change).
  const types = (!options.demand && linkStateOf(graph)?.types) || new TypeTable(snapshot, options.demand);
  yield 'type table';
  const engine = new Engine(
    graph,
    snapshot,
    bodies,
    types,
    sink,
    {
      ...DEFAULT_ENGINE_OPTIONS,
      ...(options.memoize === false ? { maxStatesPerPoint: TRACE_STATES_PER_POINT } : {}),
      scenario,
      memoize: options.memoize ?? true,
      config: options.config ?? defaultConfig(),
    },
    run?.log,
  );
  run?.attach(engine);
  yield 'replay set up';
  const roots = yield* planRootSteps(
    snapshot,
    graph,
    options.entries,
    options.discoverRoots ?? !options.entries,
    engine.types,
  );
  yield 'roots planned';
  const steps = engine.options.maxStepsPerEntry;
  const states = engine.options.maxStatesPerPoint;
  for (const root of roots) {
    const entry = root.fn;
    runner.entry = entry.name;
    runner.root = root.context;
    engine.options.scenario = scenarioFor(entry, scenario);
    // A root replayed for its own setup pairs is not entered past its own body: a callee that may
    // release one of its states gives it back without being replayed.
    engine.options.ownBodyOnly =
      root.context.ownSetupsOnly === true || (root.context.userInputOnly === true && !root.descendOnly);
    engine.options.descendOnly = root.descendOnly ? { tag: root.fn.id, ids: root.descendOnly } : undefined;
    // A root replayed only along its ways to a contract gets a smaller budget: memory-failure code is wide.
    engine.options.maxStepsPerEntry = root.descendOnly ? CONTRACT_ROOT_STEPS : steps;
    engine.options.maxStatesPerPoint = root.descendOnly ? CONTRACT_ROOT_STATES : states;
    const args = entryArgs(root, engine.options.scenario);
    const plan = run ? replayPlan(root, engine, args) : '';
    if (run?.reuse(plan, entry, fed)) {
      yield entry.name;
      continue;
    }
    run?.start(plan, entry);
    const start = entryState(root, engine, engine.options.scenario);
    engine.runEntry(entry, start, (exits) => unbind(engine, entry, start, exits), args);
    run?.finish(entry);
    yield entry.name;
  }
  run?.done();
  const findings = runner.findings.sort((a, b) =>
    a.location.file === b.location.file
      ? a.location.line - b.location.line || a.ruleId.localeCompare(b.ruleId)
      : a.location.file < b.location.file
        ? -1
        : 1,
  );
  return {
    findings,
    notes: [...engine.truncations, ...(run ? new Set([...bodies.problems, ...run.problems]) : bodies.problems)].sort(),
    entries: roots.map((r) => r.fn.name),
    roots: roots.map((r) => r.context),
    scenario: scenario.name,
  };
}

/** What a root's replay depends on besides what it reads: the same plan and reads replay the same. */
function replayPlan(root: PlannedRoot, engine: Engine, args: readonly Value[]): string {
  const { fn, context, callerLocks, start, descendOnly } = root;
  return fingerprint({ fn: fn.id, context, callerLocks, start, descendOnly, options: engine.options, args });
}

/** The state a root starts in: the kernel's calling context plus the root's own lock contract. */
function entryState(root: PlannedRoot, engine: Engine, scenario: Scenario): SimState {
  const entry = root.fn;
  const at = { file: entry.file, line: entry.line, column: 0 };
  const locks: HeldLock[] = root.callerLocks.map((c) => ({
    lock: c.lock,
    mode: 'exclusive',
    cls: c.cls,
    takenAt: at,
    via: `caller (${c.why})`,
  }));
  for (const c of engine.calls.contractsOf(entry.name, entry)) {
    if (locks.some((l) => l.lock === c.lock)) continue;
    locks.push({
      lock: c.lock,
      mode: c.mode === 'read' ? 'write' : c.mode,
      cls: lockClassOf(c.lock),
      takenAt: at,
      via: `caller (contract: ${c.evidence})`,
    });
  }
  return { locks, vars: new Map(), model: startModel(scenario, root.start), decisions: [] };
}

/** The scenario as this entry's driver can see it (HMM never has a generic pgmap). */
function scenarioFor(entry: FnNode, scenario: Scenario): Scenario {
  const types = ENTRY_DEVICE_TYPES[entry.name];
  if (!types || types.some((t) => t.type === scenario.device.type)) return scenario;
  return { ...scenario, device: { ...scenario.device, ...types[0]!, altmapReserve: 0 } };
}

/**
 * Scalar parameters of an entry that name the scenario's range (`start`, `size`, `nr_pages`, `nid`); for a
 * root replayed for its user input, the parameter that holds the user's text.
 */
function entryArgs(root: PlannedRoot, scenario: Scenario): Value[] {
  const entry = root.fn;
  const userText = root.context.userInputOnly ? USER_TEXT_PARAM[root.context.kind as RootKind] : undefined;
  const d = scenario.device;
  const byName: Record<string, Value> = {
    start: int(d.start),
    size: int(d.size),
    nid: int(d.nid),
    node: int(d.nid),
    start_pfn: int(Math.floor(d.start / 4096)),
    pfn: int(Math.floor(d.start / 4096)),
    nr_pages: int(Math.floor(d.size / 4096)),
  };
  return entry.fact.params.map((p, i): Value => {
    if (i === userText) return { k: 'unknown', from: p.name, user: 'text', isPtr: true };
    return /\*/.test(p.type) ? { k: 'unknown', from: p.name } : (byName[p.name] ?? { k: 'unknown', from: p.name });
  });
}

/** After a successful probe-like entry, runs the devres callbacks it registered, newest first. */
function unbind(engine: Engine, entry: FnNode, start: SimState, exits: readonly Exit[]): Exit[] {
  const out: Exit[] = [];
  for (const x of exits) {
    if (returnsFailure(entry, x.ret) !== false || x.state.model.devres.length === 0) {
      out.push(x);
      continue;
    }
    let states: Exit[] = [{ ...x, state: { ...x.state, locks: start.locks } }];
    for (const action of [...x.state.model.devres].reverse()) {
      const cb = engine.graph.functions.get(action.callback);
      if (!cb) continue;
      const { file, line, column } = action.site;
      const step = {
        caller: entry.name,
        callee: cb.name,
        file,
        line,
        column,
        kind: 'registered' as const,
        via: action.registrar,
      };
      const next: Exit[] = [];
      for (const s of states) {
        const model = { ...s.state.model, devres: [] };
        const ran = engine.runFunction(cb, { ...s.state, model, vars: new Map() }, [], [step], 1, new Set([entry.id]));
        // The probe's own return is where the path ends; the release ran later, at unbind.
        next.push(...(ran ?? [s]).map((r) => ({ ...r, ret: x.ret, at: x.at })));
      }
      states = next;
    }
    out.push(...states);
  }
  return out;
}

/** Whether an exit's return value means failure: error codes for int functions, ERR_PTR or NULL for pointers. */
export function returnsFailure(fn: FnNode, ret: Value): boolean | undefined {
  if (ret.k === 'unknown' && ret.errPtr !== undefined) return ret.errPtr;
  if (fn.fact.returnsPointer) {
    const t = truthy(ret);
    return t === undefined ? undefined : !t;
  }
  if (/^\s*(static\s+)?(inline\s+)?void\s*$/.test(fn.fact.returnType)) return false;
  return truthy(ret);
}
