// What a callee the replay does not enter does to the caller's locks: devres_release_all() takes
// dev->devres_lock and release_nodes() drops it. A lock such a callee releases and never takes is no
// longer known to be held after the call, and a lock the replay cannot follow is never "held". A callee
// that takes a lock and releases it (on one exit or several) leaves it as it was.

import type { FnNode } from '../callgraph/definitions.js';
import { FALLBACK_WRAPPERS, LOCK_BY_FN, type LockPrimitive } from '../kernel/locks.js';
import type { LockClass } from '../model/lock.js';
import type { ReplayHost } from './host.js';
import { lockField, lockFromText, UNRESOLVED } from './lockid.js';

/** A lock released inside: by identity, or through the callee's parameter `param` (a lock pointer). */
export interface ReleasedLock {
  lock: string;
  param?: number;
  cls: LockClass;
}

/** Whether a function (with the calls below it) takes and releases one lock. */
interface LockBalance {
  lock: ReleasedLock;
  takes: boolean;
  releases: boolean;
}

/** Calls followed below the callee when looking for releases. */
const SEARCH_DEPTH = 2;

export class ReleaseSummaries {
  private readonly cache = new Map<string, readonly LockBalance[]>();

  constructor(private readonly host: ReplayHost) {}

  of(node: FnNode): readonly ReleasedLock[] {
    return this.search(node, SEARCH_DEPTH, new Set())
      .filter((b) => b.releases && !b.takes)
      .map((b) => b.lock);
  }

  private search(node: FnNode, depth: number, seen: Set<string>): readonly LockBalance[] {
    const cached = this.cache.get(node.id);
    if (cached) return cached;
    if (seen.has(node.id)) return [];
    seen.add(node.id);
    const varTypes = new Map<string, string>(Object.entries(node.fact.locals));
    node.fact.params.forEach((p) => p.name && varTypes.set(p.name, p.type));
    const params = node.fact.params.map((p) => p.name);
    const balance = new Map<string, LockBalance>();
    const count = (lock: ReleasedLock, op: 'takes' | 'releases') => {
      const key = `${lock.lock}|${lock.param ?? ''}`;
      const row = balance.get(key) ?? { lock, takes: false, releases: false };
      row[op] = true;
      balance.set(key, row);
    };
    const name = (text: string, cls: LockClass): ReleasedLock => {
      const bare = text.replace(/^\(*&?|\)*$/g, '').trim();
      const param = params.indexOf(bare);
      if (param >= 0) return { lock: `${UNRESOLVED}${bare}`, param, cls };
      const known = lockFromText(text, varTypes, this.host.types, node.file);
      if (known) return { lock: known, cls };
      const field = /(\w+)\s*\)*$/.exec(text)?.[1];
      return { lock: field && /->|\./.test(text) ? `${UNRESOLVED}.${field}` : UNRESOLVED, cls };
    };
    for (const call of this.host.callsOf(node)) {
      // A call through a pointer names a member, not a function: `ops->memory_failure` is not memory_failure().
      if (call.kind !== 'direct') continue;
      const resolved = this.host.graph.resolver.resolve(call.callee, node.file);
      const prims: readonly LockPrimitive[] | undefined = LOCK_BY_FN.has(call.callee)
        ? [LOCK_BY_FN.get(call.callee)!]
        : resolved
          ? undefined
          : FALLBACK_WRAPPERS[call.callee];
      if (prims) {
        for (const p of prims) {
          if (p.cls === 'irq' || p.cls === 'preempt' || p.cls === 'rcu') continue;
          const lock = p.lock
            ? { lock: p.lock, cls: p.cls }
            : p.arg !== null && call.args[p.arg]
              ? name(call.args[p.arg]!, p.cls)
              : undefined;
          if (lock) count(lock, p.op === 'release' ? 'releases' : 'takes');
        }
        continue;
      }
      if (resolved && depth > 0 && resolved.enabled !== false)
        for (const inner of this.search(resolved, depth - 1, seen)) {
          if (inner.lock.param !== undefined || inner.takes === inner.releases) continue;
          count(inner.lock, inner.releases ? 'releases' : 'takes');
        }
    }
    const out = [...balance.values()].filter((r) => r.takes !== r.releases);
    if (depth === SEARCH_DEPTH) this.cache.set(node.id, out);
    return out;
  }
}

/** `held` may be the lock `released` names: the same identity, one neither side could name, or the same field. */
export function mayBeReleased(held: { lock: string; cls: LockClass }, released: string, cls: LockClass): boolean {
  if (held.lock === released) return true;
  const unnamed = held.lock.startsWith(UNRESOLVED) || released.startsWith(UNRESOLVED);
  if (!unnamed || held.cls !== cls) return false;
  const a = lockField(held.lock);
  const b = lockField(released);
  return a === undefined || b === undefined || a === b;
}
