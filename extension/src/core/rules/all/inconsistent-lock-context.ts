// Rule: from one entry, the same lock-sensitive callee is reached with a lock held on one path and
// without it on another (6.1 pagemap_range unwinds the KASAN shadow after mem_hotplug_done()).

import { CALL_UNDER_LOCK, LOCK_CONTEXT_SENSITIVE } from '../../kernel/call-under-lock.js';
import { HOTPLUG_LOCK } from '../../kernel/locks.js';
import type { CallEvent } from '../../sim/events.js';
import { where, type Rule } from '../rule.js';

const sensitive = new Set(LOCK_CONTEXT_SENSITIVE);

export const inconsistentLockContext: Rule = {
  meta: {
    id: 'inconsistent-lock-context',
    severity: 'warning',
    description:
      'A callee whose lock context matters is called with a lock held on one path and without it on another from the same entry.',
    messages: {
      differs:
        '{{callee}}() is called here without {{locks}}, but with {{locks}} held at {{other}} (reached from the same entry, {{entry}}())',
    },
    review: { question: 'Is this reached with the same locks held on every path?' },
  },
  create(ctx) {
    let calls: CallEvent[] = [];
    // Only the locks that matter for this callee: its contract, its call-under-lock pairs, the hotplug lock.
    const relevant = (e: CallEvent) =>
      new Set([
        HOTPLUG_LOCK,
        ...e.contracts.map((c) => c.lock),
        ...CALL_UNDER_LOCK.filter((p) => p.fn === e.callee).map((p) => p.lock),
      ]);
    const significant = (e: CallEvent) => {
      const keep = relevant(e);
      return new Set(e.state.locks.filter((l) => keep.has(l.lock)).map((l) => l.lock));
    };
    return {
      call(e) {
        if (sensitive.has(e.callee) || e.contracts.length > 0) calls.push(e);
      },
      entryDone(done) {
        const byCallee = new Map<string, CallEvent[]>();
        for (const c of calls) byCallee.set(c.callee, [...(byCallee.get(c.callee) ?? []), c]);
        calls = [];
        for (const [callee, list] of byCallee) {
          const sets = list.map(significant);
          const all = new Set(sets.flatMap((s) => [...s]));
          for (const [i, c] of list.entries()) {
            const missing = [...all].filter((l) => !sets[i]!.has(l)).sort();
            if (missing.length === 0) continue;
            // Prefer a locked site in the same file, then the one with the shortest chain.
            const locked = list.filter((_, j) => missing.every((l) => sets[j]!.has(l)));
            const other = locked.sort(
              (a, b) =>
                Number(b.site.file === c.site.file) - Number(a.site.file === c.site.file) ||
                a.chain.length - b.chain.length,
            )[0];
            if (!other) continue;
            ctx.report({
              messageId: 'differs',
              data: { callee, locks: missing.join(', '), other: where(other.site), entry: done.entry },
              site: c.site,
              fn: c.fn,
              chain: c.chain,
              state: c.state,
              detail: `${callee}|${missing.join(',')}`,
              related: [{ ...other.site, message: `${callee}() called here with ${missing.join(', ')} held` }],
            });
          }
        }
      },
    };
  },
};
