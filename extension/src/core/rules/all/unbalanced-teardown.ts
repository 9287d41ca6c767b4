// Rule: a teardown without its setup on a path (untrack_pfn without track_pfn_remap, a linear map removed
// that was never created), a setup an error path forgets to undo, or a devres registration whose
// result is ignored so the release never runs.

import { MUST_CHECK_REGISTRATION } from '../../kernel/model-bindings.js';
import type { ModelEvent } from '../../sim/events.js';
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
      leaked: '{{what}} set up here is not undone on the error path returning at {{at}}',
      ignored:
        'the result of {{callee}}() is ignored: if it fails, the release action is never registered and the teardown never runs',
    },
    review: { question: 'Does this unwind match what was set up?' },
    needsStartModel: true,
  },
  create(ctx) {
    let setups: { event: ModelEvent; table: (typeof TABLES)[number][0]; label: string; range: PfnRange }[] = [];
    return {
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
      },
    };
  },
};
