// What a call does to the setups a path holds (kernel/setup-pairs.ts): a pair's acquire takes one (an
// object only when it is not NULL), its release gives it back, any other call that is handed an object
// takes it over, and a callee the replay does not enter gives back the states it may release.

import type { Expr } from '../syntax/body.js';
import type { FnNode } from '../callgraph/definitions.js';
import { BORROWING_CALL, SETUP_PAIRS, SETUP_RELEASES, type SetupPair } from '../kernel/setup-pairs.js';
import { CONDITION_PASS_THROUGH, ERROR_POINTER_TESTS } from '../kernel/control.js';
import { LOCK_BY_FN } from '../kernel/locks.js';
import type { SourceLoc } from '../model/location.js';
import type { FrameContext, ReplayHost } from './host.js';
import { dropRefs, handedOut, pendingOf, refId, refOf, withPending } from './pending.js';
import type { PendingSetup, SimState } from './state.js';
import type { Value } from './value.js';
import { asked, queryKey } from './reads.js';

type Call = Extract<Expr, { k: 'call' }>;
interface Result {
  state: SimState;
  value: Value;
}

/** How deep a callee the replay does not enter is searched for a release. */
const RELEASE_SEARCH_DEPTH = 4;

export class SetupTracker {
  private readonly releasers = new Map<string, ReadonlySet<string>>();

  constructor(private readonly engine: ReplayHost) {}

  /** Before the call runs: objects it is handed leave the path's care; a release gives its setup back. */
  beforeCall(call: Call, name: string, args: readonly Value[], state: SimState): SimState {
    if (!state.pending?.length) return state;
    if (SETUP_RELEASES.has(name)) return this.release(call, name, args, state);
    if (BORROWING_CALL.test(name) || CONDITION_PASS_THROUGH.has(name) || name in ERROR_POINTER_TESTS) return state;
    if (LOCK_BY_FN.has(name)) return state;
    return dropRefs(state, this.handed(call, args, state));
  }

  private handed(call: Call, args: readonly Value[], state: SimState): Set<string> {
    const refs = new Set<string>();
    call.args.forEach((a, i) => {
      const r = refOf(args[i]);
      if (r) refs.add(r);
      for (const x of handedOut(a, state.vars)) refs.add(x);
    });
    return refs;
  }

  /** put_device(&mem->dev), lru_cache_enable(): the states of the pair and the objects it is handed are given back. */
  private release(call: Call, name: string, args: readonly Value[], state: SimState): SimState {
    const kept = pendingOf(state).filter((p) => p.ref || !p.releases.includes(name));
    return dropRefs(withPending(state, kept), this.handed(call, args, state));
  }

  /** After the call: an acquire takes its setup on the sides where it succeeded. */
  afterCall(
    name: string,
    results: Result[],
    frame: FrameContext,
    site: SourceLoc,
    resultUsed: boolean,
    descended: boolean,
    node: FnNode | undefined,
  ): Result[] {
    const pair = SETUP_PAIRS[name];
    if (!pair) return descended || !node ? results : results.map((r) => this.afterOpaque(node, r));
    const taken = (state: SimState, id?: { ref?: string; latent?: string }): SimState =>
      withPending(state, [...pendingOf(state), { ...this.setup(pair, name, site, frame), ...id }]);
    const ref = refId(site);
    const tagged = (v: Value): Value => ({ ...(v.k === 'unknown' ? v : { k: 'unknown', from: name }), ref });
    return results.map((r) => {
      if (pair.kind === 'object') {
        // NULL: nothing found, nothing taken; a test of the result for NULL drops it on that side.
        if (r.value.k === 'int' && r.value.v === 0n) return r;
        return { state: taken(r.state, { ref }), value: { ...tagged(r.value), isPtr: true } };
      }
      if (!pair.whenZero) return { ...r, state: taken(r.state) };
      const failed = r.value.k === 'int' ? r.value.v !== 0n : r.value.k === 'unknown' ? r.value.truthy : undefined;
      if (failed === false) return { ...r, state: taken(r.state) };
      if (failed === true || !resultUsed) return r;
      return { state: taken(r.state, { latent: ref }), value: tagged(r.value) };
    });
  }

  private setup(pair: SetupPair, name: string, site: SourceLoc, frame: FrameContext): PendingSetup {
    const fn = frame.fn;
    return {
      callee: name,
      site,
      owner: { fn: fn.name, file: fn.file },
      returns: fn.fact.returnsPointer ? 'pointer' : isVoid(fn.fact.returnType) ? 'void' : 'int',
      ownerReleases: this.engine.callsOf(fn).some((c) => pair.releases.includes(c.callee)),
      releases: pair.releases,
      what: pair.what,
    };
  }

  /** A callee the replay did not enter gives back the states it (or its callees) may release. */
  private afterOpaque(node: FnNode, r: Result): Result {
    const states = pendingOf(r.state).filter((p) => !p.ref);
    if (states.length === 0) return r;
    const releases = this.releasersOf(node);
    const gone = states.filter((p) => p.releases.some((x) => releases.has(x)));
    if (gone.length === 0) return r;
    return {
      ...r,
      state: withPending(
        r.state,
        pendingOf(r.state).filter((p) => !gone.includes(p)),
      ),
    };
  }

  /** The setup releases a callee the replay does not enter may call (searched a few calls deep, cached by function). */
  releasersOf(node: FnNode): ReadonlySet<string> {
    return asked(this.engine.log, queryKey('releasers', node.id), () => this.releasesOf(node, RELEASE_SEARCH_DEPTH));
  }

  private releasesOf(node: FnNode, depth: number): ReadonlySet<string> {
    const cached = this.releasers.get(node.id);
    if (cached) return cached;
    const out = new Set<string>();
    this.releasers.set(node.id, out);
    for (const c of this.engine.callsOf(node)) {
      if (SETUP_RELEASES.has(c.callee)) out.add(c.callee);
      if (depth <= 1) continue;
      const callee = this.engine.graph.resolver.resolve(c.callee, node.file);
      if (callee) for (const x of this.releasesOf(callee, depth - 1)) out.add(x);
    }
    return out;
  }

  /**
   * Back in the caller: the callee's objects were judged at its exits; the states it returned with
   * taken (a wrapper) become the caller's, taken at the call.
   */
  returned(exit: SimState, callee: FnNode, caller: FrameContext, site: SourceLoc): SimState {
    const own = (p: PendingSetup) => p.owner.fn === callee.name && p.owner.file === callee.file;
    const pending = exit.pending;
    if (!pending?.some(own)) return exit;
    const out: PendingSetup[] = [];
    for (const p of pending) {
      if (!own(p)) out.push(p);
      else if (!p.ref) {
        const fn = caller.fn;
        out.push({
          ...p,
          callee: callee.name,
          site,
          owner: { fn: fn.name, file: fn.file },
          returns: fn.fact.returnsPointer ? 'pointer' : isVoid(fn.fact.returnType) ? 'void' : 'int',
          ownerReleases: this.engine.callsOf(fn).some((c) => p.releases.includes(c.callee)),
        });
      }
    }
    return withPending(exit, out);
  }
}

function isVoid(returnType: string): boolean {
  return /^\s*(static\s+)?(inline\s+)?void\s*$/.test(returnType) && !returnType.includes('*');
}
