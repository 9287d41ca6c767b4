// The replay engine: walks function bodies statement by statement along every branch and error path,
// descends into indexed callees on the hotplug paths (memoised per entry state), applies lock and
// model effects, and emits events for the rules. Bounded everywhere; bounds that bite are reported.

import type { CallGraph } from '../callgraph/graph.js';
import type { FnNode } from '../callgraph/definitions.js';
import type { TypeTable } from '../callgraph/types.js';
import { ObjectBindings } from '../callgraph/objects.js';
import { exprChildren, type Expr, type FunctionBody, type Stmt } from '../syntax/body.js';
import type { BodyStore } from './bodies.js';
import type { Snapshot } from '../workspace/workspace.js';
import type { CallFact, FileFacts, FunctionFact } from '../syntax/facts.js';
import type { EventSink, ExitPoint, SimEvent } from './events.js';
import { decided, entryKey, stateKey, withVar, type SimState } from './state.js';
import { evaluate, fieldKey, siteKey, truthy, UNKNOWN, type Value } from './value.js';
import { CallHandler } from './calls.js';
import { evaluateCondition } from '../kernel/condition.js';
import { CONDITION_PASS_THROUGH, ERROR_POINTER_TESTS, NO_RETURN, STOPS_PATH_IF } from '../kernel/control.js';
import type { CallStep } from '../model/call.js';
import type { SourceLoc } from '../model/location.js';
import type { EngineOptions, FrameContext, ReplayHost } from './host.js';
import { decisionKey, type Decision } from './decision.js';
import { unvalidatedLockClasses } from './novalidate.js';
import { afterTest, dropRefs, handedOut, isPlainCopy, mentionedRefs, refOf } from './pending.js';
import { NODE_SPAN_FIELDS } from '../kernel/model-bindings.js';
import {
  MISSING,
  fingerprint,
  fingerprintShared,
  graphAnswer,
  queryArgs,
  queryKey,
  recordingGraph,
  recordingObjects,
  recordingTypes,
  type ReadLog,
} from './reads.js';
import { ZONE_NAMES } from './model.js';

export const DEFAULT_ENGINE_OPTIONS: Omit<EngineOptions, 'scenario' | 'memoize' | 'config'> = {
  maxCallDepth: 10,
  maxStatesPerPoint: 48,
  maxStepsPerEntry: 400_000,
};

export type Exit = ExitPoint;

type Flow =
  | { kind: 'next'; state: SimState }
  | { kind: 'return'; state: SimState; ret: Value; at: SourceLoc }
  | { kind: 'break' | 'continue'; state: SimState }
  | { kind: 'goto'; state: SimState; label: string };

interface MemoEntry {
  exits: Exit[];
  events: SimEvent[];
  baseChain: number;
  hits: number;
}

const MAX_REPORTED_CHAINS = 4;
/** Rounds a loop body is replayed before the remaining paths leave it. */
const LOOP_ROUNDS = 2;

interface Evaluated {
  state: SimState;
  calls: Map<string, Value>;
}

export class Engine implements ReplayHost {
  readonly truncations = new Set<string>();
  private memo = new Map<string, MemoEntry>();
  private readonly callsByFunction = new Map<string, Map<FunctionFact, CallFact[]>>();
  private recorders: { events: SimEvent[] }[] = [];
  private steps = 0;
  readonly calls: CallHandler;
  private objectBindings: ObjectBindings | undefined;
  readonly graph: CallGraph;
  readonly types: TypeTable;

  /** `log`, when given, records what each root reads (see reads.ts), so a later analysis can reuse its replay. */
  constructor(
    private readonly rawGraph: CallGraph,
    private readonly snapshot: Snapshot,
    readonly bodies: BodyStore,
    private readonly rawTypes: TypeTable,
    private readonly sink: EventSink,
    public options: EngineOptions,
    readonly log: ReadLog | undefined = undefined,
  ) {
    this.graph = log ? recordingGraph(rawGraph, log) : rawGraph;
    this.types = log ? recordingTypes(rawTypes, log) : rawTypes;
    this.calls = new CallHandler(this);
  }

  get objects(): ObjectBindings {
    this.objectBindings ??= this.log
      ? recordingObjects(new ObjectBindings(this.snapshot, this.rawTypes), this.log)
      : new ObjectBindings(this.snapshot, this.types);
    return this.objectBindings;
  }

  /** A function body, its file recorded as read (the note of an unreadable file counts for every root that reads it). */
  private body(file: string, line: number): FunctionBody | undefined {
    this.log?.readAlways(queryKey('file', file), () => this.snapshot.text(file) ?? MISSING);
    const body = this.bodies.body(file, line);
    this.log?.read(queryKey('body', file, String(line)), () => fingerprintShared(body));
    return body;
  }

  /** How this analysis answers a question a recorded replay asked (see reads.ts); asking may fill the shared caches as the replay would. */
  answer(key: string): string {
    const { kind, args } = queryArgs(key);
    const graphSays = graphAnswer(this.rawGraph, kind, args);
    if (graphSays !== undefined) return graphSays;
    const [a, b] = args;
    const node = (id: string | undefined) => (id === undefined ? undefined : this.rawGraph.functions.get(id));
    const gone = (id: string | undefined) => id !== undefined && node(id) === undefined;
    switch (kind) {
      case 'file':
        return this.snapshot.text(a!) ?? MISSING;
      case 'body':
        return fingerprintShared(this.bodies.body(a!, Number(b)));
      case 'calls':
        return gone(a) ? MISSING : fingerprintShared(this.callsOf(node(a)!));
      case 'facts':
        return this.snapshot.files.get(a!)?.hash ?? MISSING;
      case 'types':
        return fingerprint(
          (this.rawTypes as unknown as Record<string, (...x: unknown[]) => unknown>)[a!]!.apply(
            this.rawTypes,
            JSON.parse(b!) as unknown[],
          ),
        );
      case 'objects': {
        const objects = this.objects;
        return fingerprint(
          (objects as unknown as Record<string, (...x: unknown[]) => unknown>)[a!]!.apply(
            objects,
            JSON.parse(b!) as unknown[],
          ),
        );
      }
      case 'unvalidated':
        return fingerprint(this.unvalidatedLocks());
      case 'assigned':
        return gone(a) ? MISSING : fingerprint(this.assignedNames(node(a)!));
    }
    return this.calls.answer(kind, args, node, gone) ?? `${MISSING}${kind}`;
  }

  /** Replays one entry function from a start state; memo and step budget are per entry. */
  runEntry(
    entry: FnNode,
    start: SimState,
    after?: (exits: readonly Exit[]) => Exit[],
    args: readonly Value[] = [],
  ): Exit[] {
    this.memo = new Map();
    this.steps = 0;
    const own = this.runFunction(entry, start, args, [], 0, new Set()) ?? [];
    const exits = after ? after(own) : own;
    this.sink.entryDone({ type: 'entry-done', entry: entry.name, exits, initial: start.model });
    return exits;
  }

  private unvalidated: Set<string> | undefined;
  private readonly assigned = new Map<string, Set<string>>();

  bodyOf(fn: FnNode): FunctionBody | undefined {
    return this.body(fn.file, fn.line);
  }

  assignedNames(fn: FnNode): ReadonlySet<string> {
    return this.log ? this.log.asked(queryKey('assigned', fn.id), () => this.assignedIn(fn)) : this.assignedIn(fn);
  }

  private assignedIn(fn: FnNode): ReadonlySet<string> {
    let names = this.assigned.get(fn.id);
    if (names) return names;
    names = new Set();
    const body = this.body(fn.file, fn.line);
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (!x || typeof x !== 'object') return;
      const n = x as {
        k?: string;
        left?: { k?: string; name?: string };
        op?: string;
        arg?: { k?: string; name?: string };
      };
      if (n.k === 'assign' && n.left?.k === 'id' && n.left.name) names!.add(n.left.name);
      if (n.k === 'unary' && (n.op === '++' || n.op === '--') && n.arg?.k === 'id' && n.arg.name)
        names!.add(n.arg.name);
      for (const v of Object.values(x)) if (v && typeof v === 'object') walk(v);
    };
    // An unreadable body may assign anything: every parameter counts as assigned.
    if (body) walk(body.body);
    else for (const p of fn.fact.params) names.add(p.name);
    this.assigned.set(fn.id, names);
    return names;
  }

  unvalidatedLocks(): ReadonlySet<string> {
    const compute = () => (this.unvalidated ??= unvalidatedLockClasses(this.snapshot, this.rawTypes));
    return this.log ? this.log.asked(queryKey('unvalidated'), compute) : compute();
  }

  factsOf(file: string): FileFacts | undefined {
    this.log?.read(queryKey('facts', file), () => this.snapshot.files.get(file)?.hash ?? MISSING);
    return this.snapshot.files.get(file)?.facts;
  }

  /** The calls made in one function's body, from an index built once per file. */
  callsOf(fn: FnNode): readonly CallFact[] {
    const calls = this.callsIn(fn);
    this.log?.read(queryKey('calls', fn.id), () => fingerprintShared(calls));
    return calls;
  }

  private callsIn(fn: FnNode): readonly CallFact[] {
    let byFn = this.callsByFunction.get(fn.file);
    if (!byFn) {
      byFn = new Map();
      const facts = this.snapshot.files.get(fn.file)?.facts;
      for (const c of facts?.calls ?? []) {
        const owner = facts!.functions[c.caller];
        if (!owner) continue;
        const list = byFn.get(owner);
        if (list) list.push(c);
        else byFn.set(owner, [c]);
      }
      this.callsByFunction.set(fn.file, byFn);
    }
    return byFn.get(fn.fact) ?? [];
  }

  emit(event: SimEvent): void {
    for (const r of this.recorders) r.events.push(event);
    this.sink.emit(event);
  }

  note(text: string): void {
    this.truncations.add(text);
    this.log?.note(text);
  }

  /** Replays `fn` with the caller's state and argument values; undefined when it has no body here. */
  runFunction(
    fn: FnNode,
    entry: SimState,
    args: readonly Value[],
    chain: CallStep[],
    depth: number,
    stack: ReadonlySet<string>,
    objectArgs: readonly (string | undefined)[] = [],
    lockArgs: readonly (string | undefined)[] = [],
    objectIds: readonly (string | undefined)[] = [],
  ): Exit[] | undefined {
    const body = this.body(fn.file, fn.line);
    if (!body) return undefined;
    const fields = objectFields(entry.vars, objectArgs, body.params);
    const handed = byParam(lockArgs, body.params);
    const objects = byParam(objectIds, body.params);
    const key = `${fn.id}|${this.options.descendOnly?.tag ?? ''}|${entryKey(entry, args)}|${[...fields].map(([k, v]) => `${k}=${JSON.stringify(v, big)}`).join(',')}|${[...handed].join(',')}|${[...objects].join(',')}`;
    // Lock wrappers are not memoised: their events are reported at each call of the wrapper.
    const memoise = this.options.memoize && !this.calls.isLockWrapper(fn);
    const memo = memoise ? this.memo.get(key) : undefined;
    if (memo) {
      // The same replay reached again by another chain: its events count for that chain too, but only
      // for the first few chains, or event volume grows with every path through the callers.
      memo.hits++;
      if (memo.hits <= MAX_REPORTED_CHAINS) {
        for (const ev of memo.events)
          this.emit({ ...ev, chain: [...chain, ...ev.chain.slice(memo.baseChain)] } as SimEvent);
      } else if (memo.hits === MAX_REPORTED_CHAINS + 1) {
        this.note(
          `${fn.name}(): reached by more than ${MAX_REPORTED_CHAINS} call chains from ${chain[0]?.caller ?? fn.name}(); findings inside it are reported for the first ${MAX_REPORTED_CHAINS}`,
        );
      }
      return memo.exits;
    }
    const recorder = { events: [] as SimEvent[] };
    this.recorders.push(recorder);
    const vars = new Map<string, Value>();
    body.params.forEach((p, i) => vars.set(p, args[i] ?? { k: 'unknown', from: p }));
    for (const [k, v] of fields) vars.set(k, v);
    const start: SimState = { ...entry, vars };
    const varTypes = new Map<string, string>();
    for (const p of fn.fact.params) if (p.name) varTypes.set(p.name, p.type);
    for (const [n, t] of Object.entries(fn.fact.locals)) varTypes.set(n, t);
    const frame: FrameContext = {
      fn,
      chain,
      depth,
      varTypes,
      stack: new Set([...stack, fn.id]),
      lockArgs: handed,
      objects,
    };
    let flows = this.execList(body.body, [start], frame);
    const exits: Exit[] = [];
    const seenLabels = new Map<string, number>();
    for (let round = 0; round < 64; round++) {
      const gotos = flows.filter((f): f is Extract<Flow, { kind: 'goto' }> => f.kind === 'goto');
      collectExits(flows, exits, { file: fn.file, line: fn.endLine, column: 0 });
      if (gotos.length === 0) break;
      flows = [];
      for (const label of [...new Set(gotos.map((g) => g.label))]) {
        const count = (seenLabels.get(label) ?? 0) + 1;
        seenLabels.set(label, count);
        if (count > 4) {
          this.note(`${fn.file}:${fn.line} ${fn.name}(): goto ${label} followed 4 times, further rounds dropped`);
          continue;
        }
        const states = dedupe(
          gotos.filter((g) => g.label === label).map((g) => g.state),
          this.options.maxStatesPerPoint,
          !this.options.memoize,
          (n) => this.note(`${fn.name}(): ${n} states merged at label ${label}`),
        );
        const resumed = this.resumeAt(label, body.body, states, frame);
        if (!resumed) {
          this.note(`${fn.file}:${fn.line} ${fn.name}(): label ${label} not found`);
          for (const s of states)
            exits.push({ state: s, ret: UNKNOWN, at: { file: fn.file, line: fn.endLine, column: 0 } });
          continue;
        }
        flows.push(...resumed);
      }
    }
    this.recorders.pop();
    const acquires = this.calls.acquiresByContract(fn);
    const exitEvents: SimEvent[] = exits.map((x) => ({
      type: 'exit',
      fn: fn.name,
      site: x.at,
      chain,
      state: x.state,
      entryState: entry,
      ret: x.ret,
      acquires,
      siblings: exits,
    }));
    for (const ev of exitEvents) this.emit(ev);
    if (memoise)
      this.memo.set(key, { exits, events: [...recorder.events, ...exitEvents], baseChain: chain.length, hits: 0 });
    return exits;
  }

  private tick(frame: FrameContext): boolean {
    this.steps++;
    if (this.steps > this.options.maxStepsPerEntry) {
      this.note(
        `step budget of ${this.options.maxStepsPerEntry} statements reached in ${frame.fn.name}(); remaining paths not replayed`,
      );
      return false;
    }
    return true;
  }

  execList(stmts: readonly Stmt[], states: SimState[], frame: FrameContext): Flow[] {
    let current: Flow[] = states.map((state) => ({ kind: 'next', state }));
    for (const s of stmts) {
      const next: Flow[] = [];
      const running: SimState[] = [];
      for (const f of current)
        (f.kind === 'next' ? running : next).push(...((f.kind === 'next' ? [f.state] : [f]) as never[]));
      if (running.length === 0) return current;
      const merged = dedupe(running, this.options.maxStatesPerPoint, !this.options.memoize, (n) =>
        this.note(
          `${frame.fn.file}:${s.loc.line} ${frame.fn.name}(): ${n} path states merged (at most ${this.options.maxStatesPerPoint} kept apart per statement)`,
        ),
      );
      for (const st of merged) {
        if (!this.tick(frame)) continue;
        next.push(...this.execStmt(s, st, frame));
      }
      current = next;
    }
    return current;
  }

  private execStmt(s: Stmt, state: SimState, frame: FrameContext): Flow[] {
    switch (s.k) {
      case 'expr':
        if (s.expr.k === 'call' && !s.expr.pointer && NO_RETURN.has(s.expr.callee)) return [];
        if (s.expr.k === 'call' && STOPS_PATH_IF.has(s.expr.callee) && s.expr.args[0]) {
          // BUG_ON(x): paths where x holds stop here; the rest go on knowing x is false.
          return this.branch(s.expr, state, frame, s.loc.line).f.map((st) => ({ kind: 'next', state: st }));
        }
        return this.evalExpr(s.expr, state, frame).map((e) => ({
          kind: 'next',
          state: this.assignments(s.expr, e, frame, s.loc),
        }));
      case 'decl': {
        if (!s.init) return [{ kind: 'next', state: withVar(state, s.name, { k: 'unknown', from: s.name }) }];
        const init = s.init;
        return this.evalExpr(init, state, frame).map((e) => {
          const assigned = this.assignments(init, e, frame);
          const kept = isPlainCopy(init) ? assigned : dropRefs(assigned, handedOut(init, assigned.vars));
          return { kind: 'next', state: withVar(kept, s.name, evaluate(init, this.env(e))) };
        });
      }
      case 'if': {
        const { t, f } = this.branch(s.test, state, frame, s.loc.line);
        const out = this.execList(s.then, t, frame);
        if (s.else) out.push(...this.execList(s.else, f, frame));
        else out.push(...f.map((st) => ({ kind: 'next' as const, state: st })));
        return out;
      }
      case 'switch':
        return this.execSwitch(s, state, frame);
      case 'loop':
        return this.execLoop(s, state, frame);
      case 'goto':
        return [{ kind: 'goto', state, label: s.label }];
      case 'label':
      case 'case':
        return [{ kind: 'next', state }];
      case 'return': {
        const at = { file: frame.fn.file, line: s.loc.line, column: s.loc.column };
        if (!s.expr) return [{ kind: 'return', state, ret: UNKNOWN, at }];
        return this.evalExpr(s.expr, state, frame).map((e) => {
          const ret = evaluate(s.expr!, this.env(e));
          // What is returned is the caller's to release.
          const handed = handedOut(s.expr!, e.state.vars);
          const r = refOf(ret);
          if (r) handed.add(r);
          return { kind: 'return', state: dropRefs(e.state, handed), ret, at };
        });
      }
      case 'break':
        return [{ kind: 'break', state }];
      case 'continue':
        return [{ kind: 'continue', state }];
      case 'block':
        return this.execList(s.body, [state], frame);
      case 'preproc': {
        const v = evaluateCondition(s.cond, this.options.config);
        if (v === true) return this.execList(s.then, [state], frame);
        if (v === false) return this.execList(s.else, [state], frame);
        const at = { file: frame.fn.file, line: s.loc.line };
        const cond = short(s.cond);
        return [
          ...this.execList(s.then, [decided(state, { kind: 'config', at, cond, taken: true })], frame),
          ...this.execList(s.else, [decided(state, { kind: 'config', at, cond, taken: false })], frame),
        ];
      }
      case 'unknown': {
        let states = [dropRefs(state, mentionedRefs(s.text, state.vars))];
        for (const c of s.calls) states = states.flatMap((st) => this.evalExpr(c, st, frame).map((e) => e.state));
        return states.map((st) => ({ kind: 'next', state: st }));
      }
    }
  }

  private execSwitch(s: Extract<Stmt, { k: 'switch' }>, state: SimState, frame: FrameContext): Flow[] {
    const out: Flow[] = [];
    for (const e of this.evalExpr(s.test, state, frame)) {
      const value = evaluate(s.test, this.env(e));
      const markers = s.body.map((x, i) => [x, i] as const).filter(([x]) => x.k === 'case');
      const starts: number[] = [];
      for (const [m, i] of markers) {
        if (m.k !== 'case' || !m.value) continue;
        const cv = evaluate(m.value, this.env(e));
        const eq =
          value.k === 'int' && cv.k === 'int'
            ? value.v === cv.v
            : value.k === 'enum' && cv.k === 'enum'
              ? value.name === cv.name
              : undefined;
        if (eq === true) {
          starts.length = 0;
          starts.push(i);
          break;
        }
        if (eq === undefined) starts.push(i);
      }
      const deflt = markers.find(([m]) => m.k === 'case' && !m.value);
      const decidedMatch =
        starts.length === 1 &&
        markers.some(
          ([m, i]) =>
            i === starts[0] &&
            m.k === 'case' &&
            m.value &&
            evaluate(m.value, this.env(e)).k !== 'unknown' &&
            value.k !== 'unknown',
        );
      if (!decidedMatch) starts.push(deflt ? deflt[1] : s.body.length);
      for (const start of [...new Set(starts)]) {
        for (const f of this.execList(s.body.slice(start), [e.state], frame))
          out.push(f.kind === 'break' ? { kind: 'next', state: f.state } : f);
      }
    }
    return out;
  }

  private execLoop(s: Extract<Stmt, { k: 'loop' }>, state: SimState, frame: FrameContext): Flow[] {
    let states = [state];
    if (s.init)
      states = this.execList(s.init, states, frame)
        .filter((f) => f.kind === 'next')
        .map((f) => f.state);
    const out: Flow[] = [];
    let entering = states;
    const rounds = walksZones(s, entering) ? ZONE_NAMES.length + 1 : LOOP_ROUNDS;
    for (let iteration = 0; iteration < rounds && entering.length > 0; iteration++) {
      let body: SimState[] = entering;
      if (s.kind !== 'do' || iteration > 0) {
        body = [];
        for (const st of entering) {
          const { t, f } = s.test
            ? this.branch(
                s.test,
                st,
                frame,
                s.loc.line,
                s.macro ? `${s.macro}(${s.test.text.replace(/^\(|\)$/g, '')})` : undefined,
              )
            : { t: [st], f: [] };
          body.push(...t);
          out.push(...f.map((x) => ({ kind: 'next' as const, state: x })));
        }
      }
      const flows = this.execList(s.body, body, frame);
      entering = [];
      for (const f of flows) {
        if (f.kind === 'break') out.push({ kind: 'next', state: f.state });
        else if (f.kind === 'next' || f.kind === 'continue') entering.push(f.state);
        else out.push(f);
      }
      if (s.update)
        entering = entering.flatMap((st) =>
          this.evalExpr(s.update!, st, frame).map((e) => this.assignments(s.update!, e, frame)),
        );
    }
    // Paths that would go round a third time leave the loop here (bounded replay), and say so.
    const cut: Decision = {
      kind: 'loop-bound',
      at: { file: frame.fn.file, line: s.loc.line },
      loop: s.macro ?? s.kind,
      rounds,
    };
    out.push(...entering.map((x) => ({ kind: 'next' as const, state: decided(x, cut) })));
    return out;
  }

  private resumeAt(label: string, stmts: readonly Stmt[], states: SimState[], frame: FrameContext): Flow[] | undefined {
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i]!;
      if (s.k === 'label' && s.name === label) return this.execList(stmts.slice(i + 1), states, frame);
      const inner = nestedLists(s);
      for (const list of inner) {
        const resumed = this.resumeAt(label, list, states, frame);
        if (!resumed) continue;
        const out: Flow[] = [];
        const after = resumed
          .filter((f) => f.kind === 'next' || (s.k === 'loop' && f.kind === 'break'))
          .map((f) => f.state);
        out.push(...resumed.filter((f) => !(f.kind === 'next' || (s.k === 'loop' && f.kind === 'break'))));
        out.push(...this.execList(stmts.slice(i + 1), after, frame));
        return out;
      }
    }
    return undefined;
  }

  /** A write of a node's span field (`pgdat->node_start_pfn = ...`): the rules compare it with the zones. */
  private spanWrite(
    left: Expr,
    value: Value,
    state: SimState,
    env: ReturnType<Engine['env']>,
    frame: FrameContext,
    at: { line: number; column: number },
  ): void {
    if (left.k !== 'field' || !(left.field in NODE_SPAN_FIELDS)) return;
    const node = evaluate(left.object, env);
    if (node.k !== 'node') return;
    this.emit({
      type: 'node-span-write',
      fn: frame.fn.name,
      site: { file: frame.fn.file, line: at.line, column: at.column },
      chain: frame.chain,
      state,
      nid: node.nid,
      field: NODE_SPAN_FIELDS[left.field]!,
      value,
    });
  }

  env(e: Evaluated) {
    return { vars: e.state.vars, scenario: this.options.scenario, calls: e.calls, model: e.state.model };
  }

  /** Runs the calls in an expression, innermost and leftmost first; each may split the path. */
  evalExpr(expr: Expr, state: SimState, frame: FrameContext): Evaluated[] {
    let current: Evaluated[] = [{ state, calls: new Map() }];
    for (const call of callsInOrder(expr)) {
      const next: Evaluated[] = [];
      for (const e of current) {
        const args = call.args.map((a) => evaluate(a, this.env(e)));
        for (const r of this.calls.call(call, e.state, args, frame, isResultUsed(expr, call))) {
          const calls = new Map(e.calls);
          calls.set(siteKey(call), r.value);
          next.push({ state: forgetPassedByAddress(call, r.state), calls });
        }
      }
      current = next;
    }
    return current;
  }

  /** Applies `x = ...` inside an expression to local variables. */
  private assignments(expr: Expr, e: Evaluated, frame: FrameContext, at?: { line: number; column: number }): SimState {
    let state = e.state;
    const target = (x: Expr) => (x.k === 'id' ? x.name : fieldKey(x));
    const visit = (x: Expr) => {
      if (x.k === 'assign') {
        visit(x.right);
        const name = target(x.left);
        const env = { ...this.env(e), vars: state.vars };
        const value =
          x.op === '='
            ? evaluate(x.right, env)
            : evaluate({ k: 'binary', op: x.op.slice(0, -1), left: x.left, right: x.right, text: x.text }, env);
        // An object stored anywhere but a local variable is no longer this path's to release.
        const local = x.left.k === 'id' && frame.varTypes.has(x.left.name);
        if (!local || !isPlainCopy(x.right)) {
          const handed = handedOut(x.right, state.vars);
          const r = refOf(value);
          if (r && !local) handed.add(r);
          state = dropRefs(state, handed);
        }
        if (!name) return;
        if (at) this.spanWrite(x.left, value, state, env, frame, at);
        state = withVar(state, name, value);
        return;
      }
      if (x.k === 'unary' && (x.op === '++' || x.op === '--')) {
        const name = target(x.arg);
        if (!name) return;
        const env = { ...this.env(e), vars: state.vars };
        state = withVar(
          state,
          name,
          evaluate(
            { k: 'binary', op: x.op[0]!, left: x.arg, right: { k: 'num', value: 1, text: '1' }, text: x.text },
            env,
          ),
        );
        return;
      }
      if (x.k === 'call') return;
      for (const c of exprChildren(x)) visit(c);
    };
    visit(expr);
    return state;
  }

  /** Splits a state on a condition, refining the tested variable on each side. */
  branch(
    test: Expr,
    state: SimState,
    frame: FrameContext,
    at?: number,
    label?: string,
  ): { t: SimState[]; f: SimState[] } {
    const t: SimState[] = [];
    const f: SimState[] = [];
    for (const e of this.evalExpr(test, state, frame)) {
      const withAssign = this.assignments(test, e, frame);
      const r = this.decide(test, { state: withAssign, calls: e.calls }, frame, at, label);
      t.push(...r.t);
      f.push(...r.f);
    }
    return { t, f };
  }

  private decide(
    x: Expr,
    e: Evaluated,
    frame: FrameContext,
    at?: number,
    label?: string,
  ): { t: SimState[]; f: SimState[] } {
    if (x.k === 'unary' && x.op === '!') {
      const r = this.decide(x.arg, e, frame, at);
      return { t: r.f, f: r.t };
    }
    if (x.k === 'binary' && (x.op === '&&' || x.op === '||')) {
      const left = this.decide(x.left, e, frame, at);
      const t: SimState[] = [];
      const f: SimState[] = [];
      const go = x.op === '&&' ? left.t : left.f;
      (x.op === '&&' ? f : t).push(...(x.op === '&&' ? left.f : left.t));
      for (const s of go) {
        const right = this.decide(x.right, { state: s, calls: e.calls }, frame, at);
        t.push(...right.t);
        f.push(...right.f);
      }
      return { t, f };
    }
    if (x.k === 'call' && CONDITION_PASS_THROUGH.has(x.callee) && x.args[0])
      return this.decide(x.args[0], e, frame, at);
    const value = evaluate(x, this.env(e));
    const known = truthy(value);
    const place = { file: frame.fn.file, line: at ?? locOf(x, frame) };
    if (known !== undefined) return known ? { t: [e.state], f: [] } : { t: [], f: [e.state] };
    const target = refinable(x);
    const refine = (st: SimState, outcome: boolean): SimState => {
      let s2 = afterTest(
        decided(st, { kind: 'test', at: place, test: short(label ?? x.text), outcome }),
        x,
        outcome,
        st.vars,
      );
      if (!target) return s2;
      const cur = s2.vars.get(target.name) ?? { k: 'unknown' as const };
      if (cur.k !== 'unknown') return s2;
      const polarity = target.negate ? !outcome : outcome;
      const refined: Value = target.errPtr
        ? { ...cur, errPtr: polarity, truthy: polarity ? true : cur.truthy }
        : { ...cur, truthy: polarity };
      s2 = withVar(s2, target.name, refined);
      return s2;
    };
    return { t: [refine(e.state, true)], f: [refine(e.state, false)] };
  }
}

function refinable(x: Expr): { name: string; negate: boolean; errPtr: boolean } | undefined {
  if (x.k === 'id') return { name: x.name, negate: false, errPtr: false };
  const field = fieldKey(x);
  if (field) return { name: field, negate: false, errPtr: false };
  if (x.k === 'assign' && x.left.k === 'id') return { name: x.left.name, negate: false, errPtr: false };
  const errTest = x.k === 'call' ? ERROR_POINTER_TESTS[x.callee] : undefined;
  if (x.k === 'call' && errTest && x.args[0]) {
    const inner = refinable(x.args[0]);
    return inner ? { ...inner, errPtr: errTest === 'err' } : undefined;
  }
  if (x.k === 'binary' && x.right.k === 'num' && x.right.value === 0) {
    const inner = refinable(x.left);
    if (!inner) return undefined;
    if (x.op === '!=' || x.op === '<') return inner;
    if (x.op === '==' || x.op === '>=') return { ...inner, negate: !inner.negate };
  }
  return undefined;
}

function locOf(x: Expr, frame: FrameContext): number {
  if (x.k === 'call') return x.loc.line;
  for (const c of exprChildren(x)) {
    const l = locOf(c, frame);
    if (l !== frame.fn.line) return l;
  }
  return frame.fn.line;
}

function short(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/** Calls in evaluation order: arguments before the call that takes them. */
function callsInOrder(expr: Expr): Extract<Expr, { k: 'call' }>[] {
  const out: Extract<Expr, { k: 'call' }>[] = [];
  const visit = (x: Expr) => {
    for (const c of exprChildren(x)) visit(c);
    if (x.k === 'call') out.push(x);
  };
  visit(expr);
  return out;
}

/** A call's result is used unless the call is the whole expression statement. */
function isResultUsed(expr: Expr, call: Expr): boolean {
  return expr !== call;
}

/** Tracked fields of objects passed by name (`pgmap->nr_range`), renamed to the callee's parameters. */
function objectFields(
  vars: ReadonlyMap<string, Value>,
  objectArgs: readonly (string | undefined)[],
  params: readonly string[],
): Map<string, Value> {
  const out = new Map<string, Value>();
  objectArgs.forEach((arg, i) => {
    const param = params[i];
    if (!arg || !param) return;
    for (const [k, v] of vars) if (k.startsWith(`${arg}->`)) out.set(`${param}->${k.slice(arg.length + 2)}`, v);
  });
  return out;
}

function nestedLists(s: Stmt): Stmt[][] {
  switch (s.k) {
    case 'block':
      return [s.body];
    case 'if':
      return s.else ? [s.then, s.else] : [s.then];
    case 'loop':
      return [s.body];
    case 'switch':
      return [s.body];
    case 'preproc':
      return [s.then, s.else];
    default:
      return [];
  }
}

function collectExits(flows: Flow[], exits: Exit[], end: SourceLoc): void {
  for (const f of flows) {
    if (f.kind === 'return') exits.push({ state: f.state, ret: f.ret, at: f.at });
    else if (f.kind === 'next' || f.kind === 'break' || f.kind === 'continue')
      exits.push({ state: f.state, ret: UNKNOWN, at: end });
  }
}

/** Drops duplicate states; over the limit, merges states that agree on locks and model. */
/** `byPath`: states that took different branches stay apart (traces), though they behave the same. */
function dedupe(states: SimState[], limit: number, byPath: boolean, onMerge: (n: number) => void): SimState[] {
  const seen = new Map<string, SimState>();
  for (const s of states) {
    const k = byPath ? `${stateKey(s)}|${s.decisions.map(decisionKey).join(';')}` : stateKey(s);
    if (!seen.has(k)) seen.set(k, s);
  }
  let out = [...seen.values()];
  if (out.length <= limit) return out;
  // Over the limit, states that agree on locks, model and what every variable tests as (zero or not,
  // error pointer or not) are joined: exact values that differ become unknown, but no branch a
  // variable decides can flip, so no path the code cannot take is invented.
  const coarse = new Map<string, SimState>();
  for (const s of out) {
    const k = `${stateKey(s, false)}|${truthSignature(s)}`;
    const prev = coarse.get(k);
    coarse.set(k, prev ? joinVars(prev, s) : s);
  }
  onMerge(out.length);
  // Still too many: the rest are dropped rather than joined into states that contradict themselves.
  out = [...coarse.values()].slice(0, limit);
  return out;
}

function truthSignature(s: SimState): string {
  return [...s.vars]
    .map(
      ([k, v]) =>
        `${k}:${String(truthy(v))}${v.k === 'unknown' && v.errPtr !== undefined ? (v.errPtr ? 'E' : 'e') : ''}`,
    )
    .sort()
    .join(',');
}

function joinVars(a: SimState, b: SimState): SimState {
  const vars = new Map<string, Value>();
  // An object whose variable the join forgets can no longer be released by name: it leaves the path's care.
  const forgotten = new Set<string>();
  for (const [k, v] of a.vars) {
    const w = b.vars.get(k);
    if (w && JSON.stringify(w, big) === JSON.stringify(v, big)) vars.set(k, v);
    else {
      for (const r of [refOf(v), refOf(w)]) if (r) forgotten.add(r);
      const t = truthy(v);
      const joined: Value = { k: 'unknown', from: k };
      if (t !== undefined) joined.truthy = t;
      if (v.k === 'unknown' && v.errPtr !== undefined) joined.errPtr = v.errPtr;
      vars.set(k, joined);
    }
  }
  return dropRefs({ ...a, vars }, forgotten);
}

/**
 * A loop over a node's zones (its variable starts at a known zone and the loop steps it): the zones are
 * few and known, so it is replayed over all of them rather than the usual bound.
 */
function walksZones(s: Extract<Stmt, { k: 'loop' }>, states: readonly SimState[]): boolean {
  const init = s.init?.length === 1 ? s.init[0] : undefined;
  if (!init || init.k !== 'expr' || init.expr.k !== 'assign' || init.expr.left.k !== 'id') return false;
  const name = init.expr.left.name;
  const steps =
    s.update?.k === 'unary' && (s.update.op === '++' || s.update.op === '--')
      ? s.update.arg.k === 'id' && s.update.arg.name === name
      : false;
  return steps && states.length > 0 && states.every((st) => st.vars.get(name)?.k === 'zone');
}

const big = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/** Values handed to a callee, by the callee's parameter names (absent entries are left out). */
function byParam(values: readonly (string | undefined)[], params: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  values.forEach((v, i) => {
    const param = params[i];
    if (v && param) out.set(param, v);
  });
  return out;
}

/**
 * A local whose address a call is given (`&count`) may be written by the callee: what the path knew of it
 * (and of its fields) is gone after the call. The replay follows no writes through pointer parameters.
 */
function forgetPassedByAddress(call: Extract<Expr, { k: 'call' }>, state: SimState): SimState {
  const names = call.args.flatMap((a) => (a.k === 'unary' && a.op === '&' && a.arg.k === 'id' ? [a.arg.name] : []));
  if (names.length === 0) return state;
  let vars: Map<string, Value> | undefined;
  for (const [k, v] of state.vars) {
    if (!names.some((n) => k === n || k.startsWith(`${n}.`))) continue;
    if (v.k === 'unknown' && v.truthy === undefined && v.errPtr === undefined) continue;
    vars ??= new Map(state.vars);
    vars.set(k, { k: 'unknown', from: call.callee });
  }
  return vars ? { ...state, vars } : state;
}
