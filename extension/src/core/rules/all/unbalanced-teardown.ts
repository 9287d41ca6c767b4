// Rule: a teardown without its setup on a path (untrack_pfn without track_pfn_remap, a linear map removed
// that was never created), a teardown given other arguments than its setup (a NULL altmap for a memmap
// populated from one), a setup an error path forgets to undo, a reference or a disabled state a
// function takes and returns without releasing (kernel/setup-pairs.ts), or a devres registration whose
// result is ignored so the release never runs.

import { MUST_CHECK_REGISTRATION } from '../../kernel/model-bindings.js';
import type { ExitEvent, ModelEvent } from '../../sim/events.js';
import type { PendingSetup } from '../../sim/state.js';
import type { Value } from '../../sim/value.js';
import type { PfnRange, ZoneModel } from '../../sim/model.js';
import { truthy } from '../../sim/value.js';
import type { Rule } from '../rule.js';

const TABLES = [
  ['kasanShadow', 'KASAN shadow'],
  ['patTracked', 'PAT tracking'],
  ['linearMap', 'linear mapping'],
] as const;
const has = (m: ZoneModel, t: (typeof TABLES)[number][0], r: PfnRange) =>
  m[t].some((x) => x.start <= r.start && x.end >= r.end);

export const unbalancedTeardown: Rule = {
  meta: {
    id: 'unbalanced-teardown',
    severity: 'error',
    description: 'Setup and teardown do not pair up on a path.',
    messages: {
      noSetup: '{{callee}}() {{what}}',
      mismatch: '{{teardown}}() is given {{given}}, but {{setup}}() at {{at}} set this up with {{expected}}: {{why}}',
      leaked: '{{what}} set up here is not undone on the error path returning at {{at}}',
      ignored:
        'the result of {{callee}}() is ignored: if it fails, the release action is never registered and the teardown never runs',
      notReleased:
        '{{what}} taken here by {{callee}}() is neither released ({{release}}()) nor handed on when {{fn}}() returns at {{at}}',
    },
    review: { question: 'Does this unwind match what was set up?' },
    needsStartModel: true,
  },
  create(ctx) {
    let setups: { event: ModelEvent; table: (typeof TABLES)[number][0]; label: string; range: PfnRange }[] = [];
    let judged = new Set<string>();
    const report = (p: PendingSetup, e: ExitEvent, messageId: 'notReleased' | 'leaked') => {
      const key = `${p.site.file}:${p.site.line}:${p.site.column}`;
      if (judged.has(key)) return;
      judged.add(key);
      const at = `${e.site.file}:${e.site.line}`;
      ctx.report({
        messageId,
        data:
          messageId === 'leaked'
            ? { what: `${p.what} (${p.callee}())`, at }
            : { what: p.what, callee: p.callee, release: p.releases.join('() or '), fn: e.fn, at },
        site: p.site,
        fn: e.fn,
        chain: e.chain,
        detail: `setup|${key}`,
        related: [{ ...e.site, message: `returns here without ${p.releases.join('() or ')}()` }],
        ownSetup: true,
      });
    };
    return {
      exit(e) {
        for (const p of e.state.pending ?? []) {
          if (p.owner.fn !== e.fn || p.owner.file !== e.site.file || p.latent) continue;
          // An object held in a local variable is lost when its function returns.
          if (p.ref) report(p, e, 'notReleased');
          // A state is the function's to restore when it restores it on another path and fails on this one.
          else if (p.ownerReleases && fails(e.ret, p.returns) && e.siblings.some((x) => !holds(x.state.pending, p)))
            report(p, e, 'leaked');
        }
      },
      call(e) {
        if (MUST_CHECK_REGISTRATION.includes(e.callee) && !e.resultUsed) {
          ctx.report({
            messageId: 'ignored',
            data: { callee: e.callee },
            site: e.site,
            fn: e.fn,
            chain: e.chain,
            state: e.state,
            detail: e.callee,
          });
        }
      },
      model(e) {
        if (e.unbalanced)
          ctx.report({
            messageId: 'noSetup',
            data: { callee: e.unbalanced.callee, what: e.unbalanced.what },
            site: e.site,
            fn: e.fn,
            chain: e.chain,
            state: e.state,
            detail: e.callee,
          });
        if (e.mismatch) {
          const { ownBody, at, ...words } = e.mismatch;
          ctx.report({
            messageId: 'mismatch',
            data: { ...words, at: `${at.file}:${at.line}` },
            site: e.site,
            fn: e.fn,
            chain: e.chain,
            state: e.state,
            detail: `mismatch|${e.callee}`,
            related: [{ ...at, message: `${words.setup}() set up with ${words.expected}` }],
            ...(ownBody ? { ownSetup: true as const } : {}),
          });
        }
        for (const [table, label] of TABLES) {
          for (const r of e.after[table])
            if (!has(e.before, table, r)) setups.push({ event: e, table, label, range: r });
        }
      },
      entryDone(done) {
        for (const exit of done.exits) {
          const failed =
            exit.ret.k === 'unknown'
              ? exit.ret.errPtr === true || exit.ret.truthy === true
              : truthy(exit.ret) === true && exit.ret.k === 'int' && exit.ret.v < 0n;
          if (!failed) continue;
          for (const s of setups) {
            if (!has(exit.state.model, s.table, s.range) || has(done.initial, s.table, s.range)) continue;
            ctx.report({
              messageId: 'leaked',
              data: { what: `${s.label} (${s.event.callee}())`, at: `${exit.at.file}:${exit.at.line}` },
              site: s.event.site,
              fn: s.event.fn,
              chain: s.event.chain,
              state: s.event.state,
              detail: `${s.table}|${exit.at.line}`,
              related: [{ ...exit.at, message: 'error return without the teardown' }],
            });
          }
        }
        setups = [];
        judged = new Set();
      },
    };
  },
};

function holds(pending: readonly PendingSetup[] | undefined, p: PendingSetup): boolean {
  return (pending ?? []).some(
    (q) => q.site.line === p.site.line && q.site.column === p.site.column && q.site.file === p.site.file,
  );
}

/** A return value that says failure: a negative errno (or one the path tested as an error), an ERR_PTR() or NULL. */
function fails(ret: Value | undefined, returns: PendingSetup['returns']): boolean {
  if (!ret || returns === 'void') return false;
  if (ret.k === 'unknown') return ret.errPtr === true || (returns === 'int' && ret.truthy === true);
  if (returns === 'pointer') return ret.k === 'int' && ret.v === 0n;
  return ret.k === 'int' && ret.v < 0n;
}
