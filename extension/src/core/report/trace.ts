// The `simulate` trace: records every event of one function's replay and splits it into paths by the
// branch decisions each state carries; formats each path as calls, lock changes, model changes, exit.

import type { EntryDoneEvent, EventSink, SimEvent } from '../sim/events.js';
import type { SimState } from '../sim/state.js';
import { modelChanges } from '../views/model-diff.js';
import { terminalSafe } from './escape.js';
import { ERROR_POINTER_TEXT } from '../kernel/control.js';
import { decisionKey, decisionText } from '../sim/decision.js';
import type { Finding } from '../model/finding.js';
import type { Scenario } from '../model/scenario.js';

export interface TraceStep {
  at: string;
  text: string;
  locks: string[];
}

export interface TracePath {
  decisions: string[];
  steps: TraceStep[];
  returns: string;
}

const lockList = (s: SimState) => s.locks.map((l) => `${l.lock}(${l.mode[0]})`);

export class TraceRecorder implements EventSink {
  private readonly events: SimEvent[] = [];
  private done?: EntryDoneEvent;

  emit(event: SimEvent): void {
    if (event.type !== 'exit' || event.chain.length === 0) this.events.push(event);
  }

  entryDone(event: EntryDoneEvent): void {
    this.done ??= event;
  }

  paths(scenario: Scenario): TracePath[] {
    if (!this.done) return [];
    const range = {
      start: Math.floor(scenario.device.start / 4096),
      end: Math.floor((scenario.device.start + scenario.device.size) / 4096),
    };
    return this.done.exits.map((exit) => {
      const decisions = exit.state.decisions.map(decisionKey);
      const onPath = (e: SimEvent) => e.state.decisions.every((d, i) => decisions[i] === decisionKey(d));
      const steps: TraceStep[] = [];
      for (const e of this.events) {
        if (!onPath(e)) continue;
        const at = `${e.site.file}:${e.site.line}`;
        const depth = '  '.repeat(e.chain.length);
        switch (e.type) {
          case 'call':
            steps.push({ at, text: `${depth}${e.fn}() calls ${e.callee}()`, locks: lockList(e.state) });
            break;
          // Lock lines show the locks held after their own change.
          case 'acquire':
            steps.push({
              at,
              text: `${depth}  + ${e.lock.lock} (${e.lock.mode}${e.trylock ? ', trylock' : ''})`,
              locks: [...lockList(e.state), `${e.lock.lock}(${e.lock.mode[0]})`],
            });
            break;
          case 'release': {
            const held = lockList(e.state);
            const gone = e.held ? held.lastIndexOf(`${e.lock}(${e.held.mode[0]})`) : -1;
            steps.push({
              at,
              text: `${depth}  - ${e.lock}${e.held ? '' : ' (not held!)'}`,
              locks: held.filter((_, i) => i !== gone),
            });
            break;
          }
          case 'wait':
            steps.push({ at, text: `${depth}  waits for ${e.on}`, locks: lockList(e.state) });
            break;
          case 'register':
            steps.push({ at, text: `${depth}  creates what ${e.on} guards`, locks: lockList(e.state) });
            break;
          case 'model':
            for (const c of modelChanges(e.before, e.after, range))
              steps.push({
                at,
                text: `${depth}  model ${c.what}: ${c.before} -> ${c.after}`,
                locks: lockList(e.state),
              });
            break;
          case 'memmap-read':
            steps.push({
              at,
              text: `${depth}  reads struct page of pfn 0x${e.pfn.toString(16)} (${e.memmap})`,
              locks: lockList(e.state),
            });
            break;
          case 'user-memmap-read':
            steps.push({
              at,
              text: `${depth}  reads struct page of a user's pfn (${e.parsedBy}()${e.provenBy ? `, ${e.provenBy}() only` : ''})`,
              locks: lockList(e.state),
            });
            break;
          case 'exit':
            break;
          // Node span writes are judged by zone-span-stale; the model change of the call shows in the trace.
          case 'node-span-write':
            break;
        }
      }
      const ret =
        exit.ret.k === 'int'
          ? String(exit.ret.v)
          : exit.ret.k === 'unknown'
            ? exit.ret.errPtr
              ? ERROR_POINTER_TEXT
              : exit.ret.truthy === true
                ? 'non-zero (error)'
                : exit.ret.truthy === false
                  ? '0'
                  : 'a value'
            : exit.ret.k;
      return {
        decisions: exit.state.decisions.map(decisionText),
        steps,
        returns: `returns ${ret} at ${exit.at.file}:${exit.at.line} holding ${lockList(exit.state).join(', ') || 'no locks'}`,
      };
    });
  }
}

export function formatTrace(
  fn: string,
  scenario: Scenario,
  paths: readonly TracePath[],
  findings: readonly Finding[],
  notes: readonly string[],
): string {
  const out = [
    `simulate ${fn}() under scenario "${scenario.name}": ${paths.length} path${paths.length === 1 ? '' : 's'}`,
  ];
  paths.forEach((p, i) => {
    out.push(
      '',
      `path ${i + 1}: ${p.decisions.length ? p.decisions.map((d) => d.replace(/^(\S+:\d+) /, '$1: ')).join('; ') : 'no branch decided'}`,
    );
    for (const s of p.steps)
      out.push(`  ${s.at.padEnd(28)} ${s.text}${s.locks.length ? `   [${s.locks.join(', ')}]` : ''}`);
    out.push(`  ${p.returns}`);
  });
  out.push('', `${findings.length} finding${findings.length === 1 ? '' : 's'}`);
  for (const f of findings)
    out.push(`  ${f.location.file}:${f.location.line} ${f.function}() [${f.ruleId}] ${f.message}`);
  for (const n of notes) out.push(`note: ${n}`);
  return terminalSafe(out.join('\n'));
}
