// What one call does on a path: lock primitives and wrappers, contracts and may-sleep facts for the
// rules, descent into indexed callees on the hotplug paths, model effects, memmap reads.

import type { FunctionFact } from '../syntax/facts.js';
import type { Expr } from '../syntax/body.js';
import type { FnNode } from '../callgraph/definitions.js';
import { FALLBACK_WRAPPERS, isLockPointer, LOCK_BY_FN, type LockPrimitive } from '../kernel/locks.js';
import {
  CONTRACT_TABLE,
  FIXED_ASSERTS,
  LOCKDEP_ASSERTS,
  contractsFromComment,
  type LockContract,
} from '../kernel/contracts.js';
import { GFP_ALLOCATORS, MAY_SLEEP, SLEEPING_GFP } from '../kernel/sleep.js';
import { DEFAULT_TARGETS } from '../kernel/entries.js';
import {
  MEMMAP_READERS,
  MODEL_BINDINGS,
  MUST_CHECK_REGISTRATION,
  NODE_SPAN_RECOMPUTERS,
  SCAN_HELPERS_OF,
} from '../kernel/model-bindings.js';
import { CALL_UNDER_LOCK } from '../kernel/call-under-lock.js';
import type { FrameContext, ReplayHost } from './host.js';
import { decided, heldMatch, holds, withLock, withoutLock, withVar, type HeldLock, type SimState } from './state.js';
import { int, isUserNumber, toNumber, UNKNOWN, type Value } from './value.js';
import { NUMBER_PARSERS } from '../kernel/user-input.js';
import { isUnresolved, lockFromText, lockIdentity, mayBeSameLock, objectIdentity } from './lockid.js';
import { KERNFS_CREATORS, KERNFS_REMOVERS, TRACKED_OBJECT_TYPES, kernfsActiveLock } from '../kernel/waits.js';
import { lockAnnotationMacro } from '../kernel/annotations.js';
import { PFN_TESTS, type PfnTest, type SectionFact } from '../kernel/pfn-tests.js';
import { answerPfnTest } from './pfn-test.js';
import { mayBeReleased, ReleaseSummaries } from './released-inside.js';
import { applyEffect, type CallSite } from './effects.js';
import { changedBetween, translatedTwice } from './own-teardown.js';
import { addDevres, memmapAt, zoneHolding } from './model.js';
import { DEVRES_REGISTRARS } from '../kernel/callbacks.js';
import { SetupTracker } from './setups.js';
import type { CallStep } from '../model/call.js';
import type { SourceLoc } from '../model/location.js';
import { asked, fingerprint, MISSING, queryKey } from './reads.js';

type Call = Extract<Expr, { k: 'call' }>;
export interface CallResult {
  state: SimState;
  value: Value;
}

/** Names the simulator models: a function calling one is worth replaying. */
const MODELLED = new Set<string>([
  ...LOCK_BY_FN.keys(),
  ...Object.keys(FALLBACK_WRAPPERS),
  ...Object.keys(MODEL_BINDINGS),
  ...Object.keys(CONTRACT_TABLE),
  ...Object.keys(MEMMAP_READERS),
  ...CALL_UNDER_LOCK.map((c) => c.fn),
  ...Object.keys(DEVRES_REGISTRARS),
  ...MUST_CHECK_REGISTRATION,
  ...NODE_SPAN_RECOMPUTERS,
  ...DEFAULT_TARGETS,
]);

const isKernfs = (n: string) => n in KERNFS_REMOVERS || n in KERNFS_CREATORS;

interface FunctionTraits {
  /** Calls something the simulator models (or a lockdep assert). */
  callsModelled: boolean;
  /** Calls a sysfs node remover or creator. */
  callsKernfs: boolean;
  /** States a lock contract: an annotation, a comment, a lockdep assert in its body. */
  statesContract: boolean;
  /** A pfn test and a memmap read in one body. */
  scansPfns: boolean;
}

/** By function fact: the facts of an unchanged file are the same objects from one analysis to the next. */
const TRAITS = new WeakMap<FunctionFact, FunctionTraits>();

export class CallHandler {
  private readonly interesting = new Set<string>();
  /** Helpers of a bound call that scan the zone's pfns, with the zones whose memory they never see. */
  private readonly scanHelpers = new Map<string, readonly string[]>();
  private readonly contracts = new Map<string, LockContract[]>();
  private readonly sleepChains = new Map<string, string[] | null>();
  private readonly releases: ReleaseSummaries;
  private readonly setups: SetupTracker;

  constructor(private readonly engine: ReplayHost) {
    this.releases = new ReleaseSummaries(engine);
    this.setups = new SetupTracker(engine);
    // Worth replaying: functions that call something the simulator models, and their callers.
    const g = engine.graph;
    const traits = (f: FnNode) => this.traitsOf(f);
    for (const f of g.functions.values()) {
      if (MODELLED.has(f.name) || traits(f).callsModelled) this.interesting.add(f.id);
    }
    // Functions whose contract only the source states (lockdep asserts, __must_hold, comments): their
    // callers are replayed up to two calls away, so a missing lock one or two levels down is seen.
    // Functions that remove sysfs nodes wait for the callbacks' active references: they (and those that
    // create the nodes) are replayed, so the call is seen with the locks held. Their callers are not added
    // (two levels of callers of device_add() took the 6.18 replay past 4 GB), nor the driver core's own.
    const removers = [...g.functions.values()].filter((f) => !isKernfs(f.name) && traits(f).callsKernfs);
    for (const f of removers) this.interesting.add(f.id);
    let near = [...g.functions.values()].filter((f) => traits(f).statesContract).map((f) => f.id);

    for (let d = 0; d < 2 && near.length; d++) {
      const next: string[] = [];
      for (const id of near) {
        for (const e of g.incoming.get(id) ?? []) {
          if (e.kind !== 'direct' || this.interesting.has(e.caller)) continue;
          this.interesting.add(e.caller);
          next.push(e.caller);
        }
      }
      near = next;
    }
    // Callers are worth replaying only on the way to the hotplug core; elsewhere one level is enough.
    const targets = new Set(DEFAULT_TARGETS);
    let frontier = [...g.functions.values()].filter((f) => targets.has(f.name)).map((f) => f.id);
    const toward = new Set(frontier);
    for (let d = 0; d < 12 && frontier.length; d++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const e of g.incoming.get(id) ?? []) {
          if (e.kind === 'address' || toward.has(e.caller)) continue;
          toward.add(e.caller);
          next.push(e.caller);
        }
      }
      frontier = next;
    }
    for (const id of toward) this.interesting.add(id);
    // Pfn scans (a pfn test and a memmap read in one body) a bound call reaches through a helper that calls
    // nothing modelled (6.x shrink_zone_span()): the helper is replayed from that bound call only, so what
    // the scan's test admits is judged. Callers of pfn scans elsewhere are not pulled in (the 4.19 check ran
    // out of memory, and the 6.x device traces lost their exact paths).
    const isScan = (f: FnNode) => traits(f).scansPfns;
    for (const f of g.functions.values()) {
      const binding = MODEL_BINDINGS[f.name];
      const helpers = binding ? SCAN_HELPERS_OF[binding.kind] : undefined;
      if (!helpers) continue;
      for (const e of g.outgoing.get(f.id) ?? []) {
        const helper = e.kind === 'direct' ? g.functions.get(e.callee) : undefined;
        if (!helper || this.interesting.has(helper.id)) continue;
        const scans = (g.outgoing.get(helper.id) ?? []).some((x) => {
          const callee = x.kind === 'direct' ? g.functions.get(x.callee) : undefined;
          return callee !== undefined && isScan(callee);
        });
        if (scans) this.scanHelpers.set(helper.id, helpers.notIn);
      }
    }
  }

  /** What the constructor asks of every function, from its own facts: kept for as long as those facts live. */
  private traitsOf(f: FnNode): FunctionTraits {
    const known = TRAITS.get(f.fact);
    if (known) return known;
    const names = this.callNames(f);
    const traits: FunctionTraits = {
      callsModelled: names.some((n) => MODELLED.has(n) || n in LOCKDEP_ASSERTS),
      callsKernfs: names.some(isKernfs),
      statesContract:
        f.fact.lockAnnotations.length > 0 ||
        contractsFromComment(f.fact.leadingComment).some((c) => !c.narrow) ||
        names.some((n) => n in LOCKDEP_ASSERTS),
      scansPfns: names.some((n) => n in PFN_TESTS) && names.some((n) => n in MEMMAP_READERS),
    };
    TRAITS.set(f.fact, traits);
    return traits;
  }

  /** Whether the replay enters this function (a constructor-time set over the whole graph; each question recorded). */
  isInteresting(id: string): boolean {
    const yes = this.interesting.has(id);
    this.engine.log?.read(queryKey('interesting', id), () => (yes ? '1' : '0'));
    return yes;
  }

  private scanHelperZones(id: string): readonly string[] | undefined {
    const notIn = this.scanHelpers.get(id);
    this.engine.log?.read(queryKey('scan', id), () => fingerprint(notIn));
    return notIn;
  }

  /** How this handler answers a recorded question (see reads.ts); undefined for a kind it does not answer. */
  answer(
    kind: string,
    args: readonly (string | undefined)[],
    node: (id: string | undefined) => FnNode | undefined,
    gone: (id: string | undefined) => boolean,
  ): string | undefined {
    const [a, b, c] = args;
    switch (kind) {
      case 'interesting':
        return this.isInteresting(a!) ? '1' : '0';
      case 'scan':
        return fingerprint(this.scanHelperZones(a!));
      case 'contracts':
        return gone(b) ? MISSING : fingerprint(this.contractsOf(a!, node(b)));
      case 'sleep':
        return gone(b) ? MISSING : fingerprint(this.sleepChain(a!, node(b), JSON.parse(c!) as string[]));
      case 'released':
        return gone(a) ? MISSING : fingerprint(this.releasedBy(node(a)!));
      case 'releasers':
        return gone(a) ? MISSING : fingerprint(this.setups.releasersOf(node(a)!));
    }
    return undefined;
  }

  call(call: Call, state: SimState, args: readonly Value[], frame: FrameContext, resultUsed: boolean): CallResult[] {
    const site: SourceLoc = { file: frame.fn.file, line: call.loc.line, column: call.loc.column };
    const targets = this.resolveTargets(call, frame);
    const name = targets[0]?.name ?? call.callee;
    const node = targets[0];
    const results = this.callInner(call, state, args, frame, resultUsed, site, name, node);
    return this.setups.afterCall(name, results.results, frame, site, resultUsed, results.descended, node);
  }

  private callInner(
    call: Call,
    before: SimState,
    args: readonly Value[],
    frame: FrameContext,
    resultUsed: boolean,
    site: SourceLoc,
    name: string,
    node: FnNode | undefined,
  ): { results: CallResult[]; descended: boolean } {
    const state = this.setups.beforeCall(call, name, args, before);
    const done = (results: CallResult[]) => ({ results, descended: false });
    const argTexts = call.args.map((a) => a.text);
    const contracts = this.contractsOf(name, node);
    const maySleep = this.sleepChain(name, node, argTexts);
    this.engine.emit({
      type: 'call',
      fn: frame.fn.name,
      site,
      chain: frame.chain,
      state,
      callee: name,
      args,
      argTexts,
      resultUsed,
      contracts,
      ...(node ? { calleeNode: node } : {}),
      ...(maySleep ? { maySleep } : {}),
    });
    const kernfs = KERNFS_REMOVERS[name] ?? KERNFS_CREATORS[name];
    const object = kernfs && call.args[kernfs.arg] ? this.objectOf(call.args[kernfs.arg]!, frame) : undefined;
    if (object) this.emitKernfs(name in KERNFS_REMOVERS ? 'wait' : 'register', object, name, state, site, frame);
    const reader = readerKind(name, node);
    if (reader)
      this.memmapRead(reader === 'page' ? args[0] : { k: 'page', pfn: args[0] ?? UNKNOWN }, name, state, site, frame);

    const parser = NUMBER_PARSERS[name];
    const parsedInto = parser ? userNumberTarget(call, parser, args) : undefined;
    if (parsedInto)
      return done([
        {
          state: withVar(state, parsedInto, { k: 'unknown', from: name, user: 'number' }),
          value: { k: 'unknown', from: name },
        },
      ]);

    const pfnTest = PFN_TESTS[name];
    const tested = pfnTest ? args[pfnTest.arg] : undefined;
    if (pfnTest && pfnTest.takes === 'pfn' && isUserNumber(tested))
      return done(userPfnTest(pfnTest, name, call, tested, state, site));
    if (pfnTest) return done([{ state, value: answerPfnTest(pfnTest, args[pfnTest.arg], state.model) }]);

    const devres = DEVRES_REGISTRARS[name];
    if (devres) return done(this.registerDevres(call, state, frame, site, name, devres));
    const primitive = LOCK_BY_FN.get(name);
    if (primitive) return done(this.lockOp([primitive], call, state, site, frame, undefined));
    if (name in LOCKDEP_ASSERTS) return done([{ state, value: UNKNOWN }]);
    const step: CallStep = {
      caller: frame.fn.name,
      callee: name,
      file: site.file,
      line: site.line,
      column: site.column,
      kind: call.pointer ? 'ops' : 'direct',
    };
    let results: CallResult[] | undefined;
    let descended = false;
    if (node && (this.shouldDescend(node, frame) || this.scanHelperRuns(node, frame, state, args))) {
      const objectArgs = call.args.map((a) => (a.k === 'id' ? a.name : undefined));
      const params = node.fact.params.map((p) => p.name);
      const lockArgs = call.args.map((a, i) =>
        isLockPointer(node.fact.params[i]?.type ?? '')
          ? lockIdentity(a, frame, this.engine.types, frame.fn.file)
          : undefined,
      );
      const objectIds = call.args.map((a, i) =>
        isTrackedPointer(node.fact.params[i]?.type ?? '') ? this.objectOf(a, frame) : undefined,
      );
      const exits = this.engine.runFunction(
        node,
        state,
        args,
        [...frame.chain, step],
        frame.depth + 1,
        frame.stack,
        objectArgs,
        lockArgs,
        objectIds,
      );
      if (exits)
        results = exits.map((x) => ({
          state: this.setups.returned(
            this.returnTo(state, x.state, site, name, objectArgs, params, node, frame.chain.length),
            node,
            frame,
            site,
          ),
          value: x.ret,
        }));
      descended = exits !== undefined;
    } else if (
      node &&
      !this.engine.options.ownBodyOnly &&
      frame.depth + 1 >= this.engine.options.maxCallDepth &&
      this.isInteresting(node.id)
    ) {
      this.engine.note(
        `call depth ${this.engine.options.maxCallDepth} reached at ${site.file}:${site.line} (${name}()); not replayed inside`,
      );
    }
    if (!results && !node && name in FALLBACK_WRAPPERS)
      return done(this.lockOp(FALLBACK_WRAPPERS[name]!, call, state, site, frame, name));
    if (!results && node) {
      // What an unreplayed callee registers still counts, so its own unwinding is recognised as such.
      for (const object of this.createdInside(node, CREATE_SEARCH_DEPTH, new Set()))
        this.emitKernfs('register', object, name, state, site, frame);
      results = [{ state: this.afterOpaqueCall(node, call, state, frame), value: { k: 'unknown', from: name } }];
    }
    if (!results) results = [{ state, value: { k: 'unknown', from: name } }];
    const binding = MODEL_BINDINGS[name];
    if (!binding) return { results, descended };
    const out: CallResult[] = [];
    // The call as written, with the caller's variables before it ran.
    const written: CallSite & { call: Call } = { args: call.args, vars: state.vars, site, call };
    for (const r of results) {
      // A bound call whose result is tested may fail: the failing side leaves the model alone.
      const fails = r.value.k === 'unknown' ? r.value.truthy : r.value.k === 'int' ? r.value.v !== 0n : false;
      if (fails === true) {
        out.push(r);
        continue;
      }
      if (fails === undefined && resultUsed && !this.isVoid(node)) {
        out.push({
          state: decided(r.state, { kind: 'call', at: site, callee: name, ok: false }),
          value: { k: 'unknown', from: name, truthy: true },
        });
        out.push({
          state: this.effect(
            binding,
            decided(r.state, { kind: 'call', at: site, callee: name, ok: true }),
            args,
            node,
            site,
            frame,
            name,
            written,
          ),
          value: int(0),
        });
        continue;
      }
      out.push({ state: this.effect(binding, r.state, args, node, site, frame, name, written), value: r.value });
    }
    return { results: out, descended };
  }

  /** devres registration: the callback joins the model's devres list (on the success side only). */
  private registerDevres(
    call: Call,
    state: SimState,
    frame: FrameContext,
    site: SourceLoc,
    name: string,
    kind: 'action' | 'action-or-reset' | 'alloc',
  ): CallResult[] {
    const fnArg = call.args
      .map((a) => a.text.replace(/^&/, '').trim())
      .find((t) => this.engine.graph.resolver.resolve(t, frame.fn.file));
    const cb = fnArg ? this.engine.graph.resolver.resolve(fnArg, frame.fn.file) : undefined;
    if (!cb) return [{ state, value: { k: 'unknown', from: name } }];
    const registered = {
      ...state,
      model: addDevres(state.model, { callback: cb.id, site, registrar: name }),
    };
    const ok = decided(registered, { kind: 'call', at: site, callee: name, ok: true });
    const ko = decided(state, { kind: 'call', at: site, callee: name, ok: false });
    if (kind === 'alloc')
      return [
        { state: ok, value: { k: 'unknown', from: name, truthy: true, isPtr: true } },
        { state: ko, value: int(0) },
      ];
    const failed: Value = { k: 'unknown', from: name, truthy: true };
    if (kind === 'action')
      return [
        { state: ok, value: int(0) },
        { state: ko, value: failed },
      ];
    // devm_add_action_or_reset() runs the action itself when registration fails.
    const step: CallStep = {
      caller: frame.fn.name,
      callee: cb.name,
      file: site.file,
      line: site.line,
      column: site.column,
      kind: 'registered',
      via: name,
    };
    const reset = this.engine.runFunction(cb, ko, [], [...frame.chain, step], frame.depth + 1, frame.stack) ?? [
      { state: ko, ret: UNKNOWN, at: site },
    ];
    return [
      { state: ok, value: int(0) },
      ...reset.map((x) => ({ state: this.returnTo(ko, x.state, site, cb.name), value: failed })),
    ];
  }

  private effect(
    binding: (typeof MODEL_BINDINGS)[string],
    state: SimState,
    args: readonly Value[],
    node: FnNode | undefined,
    site: SourceLoc,
    frame: FrameContext,
    name: string,
    written: CallSite & { call: Call },
  ): SimState {
    const resolver = this.engine.graph.resolver;
    const within: CallSite = {
      ...written,
      fn: frame.fn.id,
      changed: (names, from, to) => {
        const body = this.engine.bodyOf(frame.fn);
        return !body || changedBetween(body, names, from, to, (c) => !!resolver.resolve(c, frame.fn.file));
      },
    };
    const r = applyEffect(binding, state.model, args, node, this.engine.graph, this.engine.options.scenario, within);
    const mismatch = r.mismatch ?? translatedTwice(written.call, node, frame.fn, (fn) => this.engine.bodyOf(fn));
    this.engine.emit({
      type: 'model',
      fn: frame.fn.name,
      site,
      chain: frame.chain,
      state,
      callee: name,
      before: state.model,
      after: r.model,
      ...(r.unbalanced ? { unbalanced: r.unbalanced } : {}),
      ...(mismatch ? { mismatch } : {}),
    });
    return { ...state, model: r.model };
  }

  private memmapRead(
    page: Value | undefined,
    how: string,
    state: SimState,
    site: SourceLoc,
    frame: FrameContext,
  ): void {
    if (!page || page.k !== 'page') return;
    if (isUserNumber(page.pfn)) {
      const { proven, provenBy } = page.pfn;
      if (proven === 'online') return;
      this.engine.emit({
        type: 'user-memmap-read',
        fn: frame.fn.name,
        site,
        chain: frame.chain,
        state,
        how,
        parsedBy: page.pfn.from ?? '',
        ...(proven && provenBy ? { proven, provenBy } : {}),
      });
      return;
    }
    const pfn = toNumber(page.pfn);
    if (pfn === undefined) return;
    this.engine.emit({
      type: 'memmap-read',
      fn: frame.fn.name,
      site,
      chain: frame.chain,
      state,
      pfn,
      memmap: memmapAt(state.model, pfn),
      how,
    });
  }

  /** Locks the callee took stay held in the caller; they are reported as taken at this call site. */
  private returnTo(
    caller: SimState,
    exit: SimState,
    site: SourceLoc,
    callee: string,
    objectArgs: readonly (string | undefined)[] = [],
    params: readonly string[] = [],
    calleeNode?: FnNode,
    depth?: number,
  ): SimState {
    const before = new Set(caller.locks.map((l) => `${l.lock}@${l.takenAt.file}:${l.takenAt.line}`));
    const locks = exit.locks.map((l) =>
      before.has(`${l.lock}@${l.takenAt.file}:${l.takenAt.line}`)
        ? l
        : { ...l, takenAt: site, via: callee, ...(depth !== undefined ? { depth } : {}) },
    );
    // Fields the callee wrote through a parameter are the caller's object's fields.
    const vars = new Map(caller.vars);
    objectArgs.forEach((arg, i) => {
      const param = params[i];
      if (!arg || !param) return;
      for (const [k, v] of exit.vars)
        if (k.startsWith(`${param}->`)) vars.set(`${arg}->${k.slice(param.length + 2)}`, v);
      // What the callee's tests learnt of a parameter it never assigns holds for the caller's variable.
      const learnt = exit.vars.get(param);
      const had = vars.get(arg);
      if (
        calleeNode &&
        learnt?.k === 'unknown' &&
        learnt.truthy !== undefined &&
        (had === undefined || (had.k === 'unknown' && had.truthy === undefined)) &&
        !this.engine.assignedNames(calleeNode).has(param)
      )
        vars.set(arg, learnt);
    });
    return { ...exit, locks, vars, decisions: exit.decisions };
  }

  private lockOp(
    prims: readonly LockPrimitive[],
    call: Call,
    state: SimState,
    site: SourceLoc,
    frame: FrameContext,
    via: string | undefined,
  ): CallResult[] {
    const at = this.lockSite(site, frame, via);
    let taken = state;
    let notTaken: SimState | undefined;
    let trylock: LockPrimitive | undefined;
    for (const p of prims) {
      const lock =
        p.lock ??
        (p.arg !== null && call.args[p.arg]
          ? lockIdentity(call.args[p.arg]!, frame, this.engine.types, frame.fn.file)
          : p.fn);
      if (p.op === 'release') {
        const held = heldMatch(taken, lock);
        const lost = held
          ? undefined
          : taken.maybeReleased?.find((m) => m === lock || mayBeSameLock(m, lock) || mayBeSameLock(lock, m));
        this.engine.emit({
          type: 'release',
          fn: at.fn,
          site: at.site,
          chain: at.chain,
          state: taken,
          lock,
          ...(held ? { held } : {}),
          ...(lost ? { maybeReleasedBefore: true as const } : {}),
          ...(at.via ? { via: at.via } : {}),
        });
        taken = withoutLock(taken, lock);
        if (lost) taken = { ...taken, maybeReleased: taken.maybeReleased!.filter((m) => m !== lost) };
        continue;
      }
      const h: HeldLock = {
        lock,
        mode: p.mode,
        cls: p.cls,
        takenAt: at.site,
        depth: at.chain.length,
        ...(at.via ? { via: at.via } : {}),
        ...(this.engine.unvalidatedLocks().has(lock) ? { unordered: true as const } : {}),
      };
      if (p.op === 'trylock') {
        // A trylock of a lock this path holds fails (only two readers share it): it never waits on itself.
        const own = holds(taken, lock);
        if (own && !(own.mode === 'read' && p.mode === 'read') && !isUnresolved(lock)) {
          const failed = decided(taken, { kind: 'trylock', at: site, fn: p.fn, taken: false });
          return [
            { state: failed, value: p.takenWhen === 'zero' ? { k: 'unknown', truthy: true, from: p.fn } : int(0) },
          ];
        }
        // The acquire happens only on the side where the trylock succeeds.
        trylock = p;
        notTaken = decided(taken, { kind: 'trylock', at: site, fn: p.fn, taken: false });
        taken = decided(taken, { kind: 'trylock', at: site, fn: p.fn, taken: true });
      }
      this.engine.emit({
        type: 'acquire',
        fn: at.fn,
        site: at.site,
        chain: at.chain,
        state: taken,
        lock: h,
        trylock: p.op === 'trylock',
        primitive: p.fn,
      });
      taken = withLock(taken, h);
    }
    if (!trylock || !notTaken) return [{ state: taken, value: UNKNOWN }];
    const takenValue: Value = trylock.takenWhen === 'zero' ? int(0) : int(1);
    const failedValue: Value = trylock.takenWhen === 'zero' ? { k: 'unknown', truthy: true, from: trylock.fn } : int(0);
    return [
      { state: taken, value: takenValue },
      { state: notTaken, value: failedValue },
    ];
  }

  /**
   * Where a lock operation is reported: inside a lock wrapper (mem_hotplug_begin(), a header's
   * pgdat_resize_lock()), at the wrapper's call site in its caller, as the fallback table would.
   */
  private lockSite(
    site: SourceLoc,
    frame: FrameContext,
    via: string | undefined,
  ): { site: SourceLoc; chain: readonly CallStep[]; fn: string; via?: string } {
    let chain = frame.chain;
    let fn: FnNode | undefined = frame.fn;
    let at = site;
    let name = frame.fn.name;
    let wrapper = via;
    while (fn && chain.length > 0 && this.isLockWrapper(fn)) {
      const step = chain[chain.length - 1]!;
      at = { file: step.file, line: step.line, column: step.column };
      wrapper = fn.name;
      name = step.caller;
      chain = chain.slice(0, -1);
      fn =
        this.engine.graph.resolver.resolve(step.caller, step.file) ?? this.engine.graph.resolver.named(step.caller)[0];
    }
    return { site: at, chain, fn: name, ...(wrapper ? { via: wrapper } : {}) };
  }

  /** A small function that exists to take or drop locks: a known wrapper, or only lock calls inside. */
  isLockWrapper(fn: FnNode): boolean {
    if (fn.name in FALLBACK_WRAPPERS) return true;
    const names = this.callNames(fn);
    return (
      names.length > 0 &&
      names.length <= 4 &&
      names.every((n) => LOCK_BY_FN.has(n) || n in FALLBACK_WRAPPERS || n in LOCKDEP_ASSERTS)
    );
  }

  private resolveTargets(call: Call, frame: FrameContext): FnNode[] {
    const g = this.engine.graph;
    if (!call.pointer) {
      const n = g.resolver.resolve(call.callee, frame.fn.file);
      return n && n.enabled !== false ? [n] : [];
    }
    const edges = (g.outgoing.get(frame.fn.id) ?? []).filter((e) => e.kind === 'ops' && e.line === call.loc.line);
    const targets = [...new Set(edges.map((e) => e.callee))]
      .map((id) => g.functions.get(id))
      .filter((n): n is FnNode => n !== undefined);
    if (targets.length <= 1) return targets;
    const chosen = this.dispatchByObject(call, frame, targets);
    if (chosen) return [chosen];
    // Which implementation runs depends on the object, which the replay does not know: replaying one of
    // them would invent a path, so the call is opaque here.
    if (targets.some((t) => this.isInteresting(t.id)))
      this.engine.note(
        `${frame.fn.file}:${call.loc.line} ${frame.fn.name}(): ${edges[0]!.via ?? call.callee} has ${targets.length} possible targets; not replayed inside`,
      );
    return [];
  }

  /** A sysfs node of `object` created (register) or removed, waiting on its active references (wait), by `primitive`. */
  private emitKernfs(
    type: 'wait' | 'register',
    object: string,
    primitive: string,
    state: SimState,
    site: SourceLoc,
    frame: FrameContext,
  ): void {
    this.engine.emit({
      type,
      fn: frame.fn.name,
      site,
      chain: frame.chain,
      state,
      on: kernfsActiveLock(object),
      primitive,
    });
  }

  /** Objects whose sysfs nodes a callee's body (or its callees', a few calls down) may create. */
  private createdInside(node: FnNode, depth: number, seen: Set<string>): string[] {
    if (depth <= 0 || seen.has(node.id)) return [];
    seen.add(node.id);
    const vars = new Map<string, string>(Object.entries(node.fact.locals));
    for (const p of node.fact.params) if (p.name) vars.set(p.name, p.type);
    const out: string[] = [];
    for (const c of this.engine.callsOf(node)) {
      const creator = KERNFS_CREATORS[c.callee];
      const arg = creator ? c.args[creator.arg] : undefined;
      if (arg) {
        const object = lockFromText(arg, vars, this.engine.types, node.file);
        if (object && !isUnresolved(object)) out.push(object);
        continue;
      }
      const callee = c.kind === 'direct' ? this.engine.graph.resolver.resolve(c.callee, node.file) : undefined;
      if (callee && callee.enabled !== false) out.push(...this.createdInside(callee, depth - 1, seen));
    }
    return out;
  }

  /** The object an argument points to: named by its typed fields, or handed to this frame by its caller. */
  private objectOf(a: Expr, frame: FrameContext): string | undefined {
    let e = a;
    while ((e.k === 'unary' && e.op === '&') || e.k === 'cast') e = e.arg;
    if (e.k === 'id') return frame.objects.get(e.name);
    return objectIdentity(e, frame.varTypes, this.engine.types, frame.fn.file);
  }

  /**
   * `dev->bus->online(dev)` where this frame knows which object `dev` is: the one bus the tree ever assigns
   * to that object's `bus`, and that bus's `online`. Undefined unless every step has exactly one answer.
   */
  private dispatchByObject(call: Call, frame: FrameContext, targets: readonly FnNode[]): FnNode | undefined {
    const m = /^\s*([A-Za-z_]\w*)((?:\s*(?:->|\.)\s*[A-Za-z_]\w*)+)\s*\(/.exec(call.text);
    if (!m) return undefined;
    const fields = m[2]!
      .split(/->|\./)
      .map((f) => f.trim())
      .filter(Boolean);
    const member = fields.pop();
    const object = frame.objects.get(m[1]!);
    if (!object || !member || fields.length === 0) return undefined;
    let holder = this.engine.objects.assignedValue(object, fields[0]!);
    for (const f of fields.slice(1)) {
      const next = holder ? this.engine.objects.initializedValues(holder, f) : [];
      holder = next.length === 1 ? next[0] : undefined;
    }
    if (!holder) return undefined;
    const fns = this.engine.objects.initializedValues(holder, member);
    const picked = targets.filter((t) => fns.includes(t.name));
    return fns.length === 1 && picked.length === 1 ? picked[0] : undefined;
  }

  private shouldDescend(node: FnNode, frame: FrameContext): boolean {
    if (frame.stack.has(node.id)) return false;
    if (this.engine.options.ownBodyOnly && !this.isLockWrapper(node)) return false;
    const only = this.engine.options.descendOnly;
    if (only && !only.ids.has(node.id) && !this.isLockWrapper(node)) return false;
    // A lock wrapper is entered past the depth bound: leaving out its lock would be a wrong "not held".
    if (frame.depth + 1 >= this.engine.options.maxCallDepth && !this.isLockWrapper(node)) return false;
    // Calls the rules judge as a whole are not replayed inside (their internals are not hotplug code).
    if (readerKind(node.name, node) || CALL_UNDER_LOCK.some((c) => c.fn === node.name)) return false;
    return only !== undefined || this.isInteresting(node.id);
  }

  /**
   * A scan helper of a bound call runs when it is called from that bound call for pfns the model holds in a
   * zone the helper is for (the first pfn argument the path knows decides).
   */
  private scanHelperRuns(node: FnNode, frame: FrameContext, state: SimState, args: readonly Value[]): boolean {
    const notIn = this.scanHelperZones(node.id);
    if (!notIn || frame.stack.has(node.id) || this.engine.options.ownBodyOnly) return false;
    if (frame.depth + 1 >= this.engine.options.maxCallDepth) return false;
    const binding = MODEL_BINDINGS[frame.fn.name];
    if (!binding || !SCAN_HELPERS_OF[binding.kind]) return false;
    const pfn = args.map(toNumber).find((n) => n !== undefined);
    const zone = pfn === undefined ? undefined : zoneHolding(state.model, pfn);
    return zone !== undefined && !notIn.includes(zone.zone);
  }

  /** The caller's locks after a call the replay does not enter: those it may release are no longer held. */
  private afterOpaqueCall(node: FnNode, call: Call, state: SimState, frame: FrameContext): SimState {
    if (state.locks.length === 0) return state;
    const released = this.releasedBy(node).map((r) =>
      r.param !== undefined && call.args[r.param]
        ? { ...r, lock: lockIdentity(call.args[r.param]!, frame, this.engine.types, frame.fn.file) }
        : r,
    );
    if (released.length === 0) return state;
    const gone = state.locks.filter((h) => released.some((r) => mayBeReleased(h, r.lock, r.cls)));
    if (gone.length === 0) return state;
    const locks = state.locks.filter((h) => !gone.includes(h));
    // Released by a lock the callee names the same way: certain. Matched only because one side is unnamed: maybe.
    const maybe = gone.filter((h) => !released.some((r) => r.lock === h.lock)).map((h) => h.lock);
    if (maybe.length === 0) return { ...state, locks };
    return { ...state, locks, maybeReleased: [...new Set([...(state.maybeReleased ?? []), ...maybe])].sort() };
  }

  private releasedBy(node: FnNode): readonly ReturnType<ReleaseSummaries['of']>[number][] {
    return asked(this.engine.log, queryKey('released', node.id), () => this.releases.of(node));
  }

  private isVoid(node: FnNode | undefined): boolean {
    return (
      node !== undefined &&
      /^\s*(static\s+)?(inline\s+)?void\s*$/.test(node.fact.returnType) &&
      !node.fact.returnType.includes('*')
    );
  }

  /** Names called in a function's body, resolved or not. */
  private callNames(f: FnNode): string[] {
    return this.engine.callsOf(f).map((c) => c.callee);
  }

  /** Contracts of a callee: the table, lockdep asserts in its body, __must_hold, and its comment. */
  contractsOf(name: string, node: FnNode | undefined): LockContract[] {
    return asked(this.engine.log, queryKey('contracts', name, node?.id), () => this.contractsIn(name, node));
  }

  private contractsIn(name: string, node: FnNode | undefined): LockContract[] {
    const key = node?.id ?? name;
    const cached = this.contracts.get(key);
    if (cached) return cached;
    const out: LockContract[] = [...(CONTRACT_TABLE[name] ?? [])];
    if (node) {
      for (const c of this.engine.callsOf(node)) {
        if (!(c.callee in LOCKDEP_ASSERTS)) continue;
        const lock = FIXED_ASSERTS[c.callee] ?? (c.args[0] ? this.contractLock(c.args[0], node) : undefined);
        if (lock && !out.some((x) => x.lock === lock))
          out.push({
            lock,
            mode: LOCKDEP_ASSERTS[c.callee]!,
            source: 'lockdep',
            evidence: `${c.callee}(${c.args.join(', ')}) at ${node.file}:${c.loc.line}`,
          });
      }
      for (const a of node.fact.lockAnnotations) {
        const lock = this.contractLock(a.lock, node);
        if (lock && a.kind === 'must-hold' && !out.some((x) => x.lock === lock))
          out.push({ lock, mode: 'read', source: 'annotation', evidence: `${lockAnnotationMacro(a.kind)}(${a.lock})` });
      }
      for (const c of contractsFromComment(node.fact.leadingComment)) {
        if (!out.some((x) => x.lock === c.lock))
          out.push({ ...c, evidence: `"${c.evidence}" (${node.file}:${node.line})` });
      }
    }
    this.contracts.set(key, out);
    return out;
  }

  /** A lock a contract of `fn` names, resolved with `fn`'s own declarations; undefined if it cannot be named. */
  private contractLock(text: string, fn: FnNode): string | undefined {
    const varTypes = new Map<string, string>(Object.entries(fn.fact.locals));
    for (const p of fn.fact.params) if (p.name) varTypes.set(p.name, p.type);
    return lockFromText(text, varTypes, this.engine.types, fn.file);
  }

  /** Locks a function returns holding by contract: acquire wrappers and __acquires(). */
  acquiresByContract(fn: FnNode): string[] {
    const out = fn.fact.lockAnnotations
      .filter((a) => a.kind === 'acquires')
      .map((a) => this.contractLock(a.lock, fn))
      .filter((l): l is string => l !== undefined);
    for (const p of FALLBACK_WRAPPERS[fn.name] ?? []) if (p.op !== 'release') out.push(p.lock ?? '');
    return out;
  }

  /** Why a call may sleep: the chain of calls to a sleeping primitive (searched 3 calls deep). */
  sleepChain(name: string, node: FnNode | undefined, argTexts: readonly string[]): string[] | undefined {
    return asked(this.engine.log, queryKey('sleep', name, node?.id, JSON.stringify(argTexts)), () =>
      this.sleepChainIn(name, node, argTexts),
    );
  }

  private sleepChainIn(name: string, node: FnNode | undefined, argTexts: readonly string[]): string[] | undefined {
    if (MAY_SLEEP.has(name)) return [name];
    if (GFP_ALLOCATORS.has(name))
      return argTexts.some((a) => SLEEPING_GFP.test(a)) ? [`${name}(${argTexts.at(-1)})`] : undefined;
    const p = LOCK_BY_FN.get(name);
    if (p) return p.sleeps ? [name] : undefined;
    if (!node) return FALLBACK_WRAPPERS[name]?.some((w) => w.sleeps && w.op !== 'release') ? [name] : undefined;
    return this.sleepSearch(node, 3) ?? undefined;
  }

  private sleepSearch(node: FnNode, depth: number): string[] | null {
    const cached = this.sleepChains.get(node.id);
    if (cached !== undefined) return cached;
    this.sleepChains.set(node.id, null);
    let found: string[] | null = null;
    for (const c of this.engine.callsOf(node)) {
      if (c.kind !== 'direct') continue;
      const direct = this.sleepChainIn(c.callee, undefined, c.args);
      if (direct && (MAY_SLEEP.has(c.callee) || GFP_ALLOCATORS.has(c.callee) || LOCK_BY_FN.has(c.callee))) {
        found = [node.name, ...direct];
        break;
      }
      if (depth <= 1) continue;
      const callee = this.engine.graph.resolver.resolve(c.callee, node.file);
      if (!callee || LOCK_BY_FN.has(c.callee)) continue;
      const inner = this.sleepSearch(callee, depth - 1);
      if (inner) {
        found = [node.name, ...inner];
        break;
      }
    }
    this.sleepChains.set(node.id, found);
    return found;
  }
}

/**
 * How a call reads the memmap, if it does: a reader of the page it is given reads one only when its first
 * parameter is a struct page (soft_offline_page() took a page before 5.10 and a pfn it tests itself since).
 */
function readerKind(name: string, node: FnNode | undefined): 'page' | 'pfn' | undefined {
  const kind = MEMMAP_READERS[name];
  if (kind !== 'page' || !node?.fact.params[0]) return kind;
  return /\bstruct\s+page\s*\*/.test(node.fact.params[0].type) ? kind : undefined;
}

/** The local a number parser writes a user's number into, when the text it parses is the user's. */
function userNumberTarget(
  call: Call,
  parser: { text: number; out: number },
  args: readonly Value[],
): string | undefined {
  const text = args[parser.text];
  const out = call.args[parser.out];
  if (text?.k !== 'unknown' || text.user !== 'text') return undefined;
  return out?.k === 'unary' && out.op === '&' && out.arg.k === 'id' ? out.arg.name : undefined;
}

const PROOF_ORDER: Readonly<Record<SectionFact, number>> = { present: 0, valid: 1, online: 2 };

/**
 * A pfn test of a user's number: either answer is possible. On the true side the number is proven what
 * the test proves (the variable tested carries it on), and a page-returning test gives its struct page.
 */
function userPfnTest(
  test: PfnTest,
  name: string,
  call: Call,
  arg: Extract<Value, { k: 'unknown' }>,
  state: SimState,
  site: SourceLoc,
): CallResult[] {
  const stronger = arg.proven === undefined || PROOF_ORDER[test.proves] > PROOF_ORDER[arg.proven];
  const proven: Value = stronger ? { ...arg, proven: test.proves, provenBy: name } : arg;
  const tested = call.args[test.arg];
  const yes = stronger && tested?.k === 'id' ? withVar(state, tested.name, proven) : state;
  return [
    {
      state: decided(yes, { kind: 'call', at: site, callee: name, ok: true }),
      value: test.returns === 'page' ? { k: 'page', pfn: proven } : int(1),
    },
    { state: decided(state, { kind: 'call', at: site, callee: name, ok: false }), value: int(0) },
  ];
}

/** How far an unreplayed callee's calls are searched for what they register. */
const CREATE_SEARCH_DEPTH = 3;

/** A pointer parameter to an object whose identity is carried into the callee (`struct device *dev`). */
function isTrackedPointer(type: string): boolean {
  const m = /^\s*(?:const\s+)?struct\s+([A-Za-z_]\w*)\s*\*\s*(?:const\s+)?[A-Za-z_]?\w*\s*$/.exec(type);
  return !!m && TRACKED_OBJECT_TYPES.has(m[1]!);
}
