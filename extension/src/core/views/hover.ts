// Simulate-on-hover: an index of what the simulator saw at each call site (chains, locks, model before
// and after), filled while `runCheck` runs, and the hover view model and its escaped markdown.

import type { EntryDoneEvent, EventSink, SimEvent } from '../sim/events.js';
import type { ZoneModel } from '../sim/model.js';
import { lockInfo } from '../sim/state.js';
import { modelRows } from './model-diff.js';
import { viaText } from '../rules/rule.js';
import type { Finding } from '../model/finding.js';
import type { HeldLockInfo } from '../model/lock.js';
import type { Scenario } from '../model/scenario.js';
import type { LocksAtCall } from './call-graph.js';

export interface SiteObservation {
  callee: string;
  caller: string;
  file: string;
  line: number;
  /** `entry() -> ... -> caller()`. */
  chain: string;
  locks: HeldLockInfo[];
  before: ZoneModel;
  after?: ZoneModel;
}

const MAX_PER_SITE = 24;

export class SimulationIndex implements EventSink {
  private readonly bySite = new Map<string, SiteObservation[]>();
  private readonly byCallee = new Map<string, SiteObservation[]>();

  emit(e: SimEvent): void {
    if (e.type === 'call') {
      const names = e.chain.length ? [e.chain[0]!.caller, ...e.chain.map((s) => s.callee)] : [e.fn];
      const rec: SiteObservation = {
        callee: e.callee,
        caller: e.fn,
        file: e.site.file,
        line: e.site.line,
        chain: names.map((n) => `${n}()`).join(' -> '),
        locks: e.state.locks.map(lockInfo),
        before: e.state.model,
      };
      add(this.bySite, `${e.site.file}:${e.site.line}`, rec);
      add(this.byCallee, e.callee, rec);
    } else if (e.type === 'model') {
      for (const r of this.bySite.get(`${e.site.file}:${e.site.line}`) ?? [])
        if (r.callee === e.callee && r.before === e.before) r.after = e.after;
    }
  }

  entryDone(_e: EntryDoneEvent): void {
    // Nothing to close: every record carries its own chain.
  }

  atSite(file: string, line: number, callee?: string): SiteObservation[] {
    return (this.bySite.get(`${file}:${line}`) ?? []).filter((r) => !callee || r.callee === callee);
  }

  callsOf(fn: string): SiteObservation[] {
    return this.byCallee.get(fn) ?? [];
  }
}

/** Locks held across a call, as the check's replay saw them (for the call-graph view). */
export function locksFrom(simulation: SimulationIndex): LocksAtCall {
  return (file, line, callee) => {
    const records = simulation.atSite(file, line, callee);
    return records.length ? records.flatMap((r) => r.locks.map((l) => l.lock)) : undefined;
  };
}

function add(map: Map<string, SiteObservation[]>, key: string, rec: SiteObservation): void {
  const list = map.get(key) ?? [];
  if (
    list.length >= MAX_PER_SITE ||
    list.some((r) => r.chain === rec.chain && r.callee === rec.callee && sameLocks(r.locks, rec.locks))
  )
    return;
  list.push(rec);
  map.set(key, list);
}

function sameLocks(a: readonly HeldLockInfo[], b: readonly HeldLockInfo[]): boolean {
  return a.length === b.length && a.every((l, i) => l.lock === b[i]!.lock && l.mode === b[i]!.mode);
}

export interface HoverModel {
  fn: string;
  chains: { chain: string; locks: { lock: string; mode: string; takenAt: string; via?: string }[] }[];
  /** Rows of the zone model over the scenario's range: what, before, after. */
  model: [string, string, string][];
  findings: { ruleId: string; severity: string; message: string; line: number }[];
  scenario: string;
}

/** The hover at a call site (file:line calling `fn`) or, failing that, at the definition of `fn`. */
export function hoverModel(
  index: SimulationIndex,
  findings: readonly Finding[],
  scenario: Scenario,
  file: string,
  line: number,
  fn: string,
): HoverModel | undefined {
  const records = index.atSite(file, line, fn);
  const recs = records.length > 0 ? records : index.callsOf(fn);
  if (recs.length === 0) return undefined;
  const range = {
    start: Math.floor(scenario.device.start / 4096),
    end: Math.floor((scenario.device.start + scenario.device.size) / 4096),
  };
  const first = recs.find((r) => r.after) ?? recs[0]!;
  const before = modelRows(first.before, range);
  const after = new Map(modelRows(first.after ?? first.before, range));
  return {
    fn,
    chains: recs.slice(0, 8).map((r) => ({
      chain: `${r.chain} -> ${fn}()`,
      locks: r.locks.map((l) => ({
        lock: l.lock,
        mode: l.mode,
        takenAt: `${l.takenAt.file}:${l.takenAt.line}`,
        ...(l.via ? { via: l.via } : {}),
      })),
    })),
    model: before.map(([what, b]) => [what, b, after.get(what) ?? b]),
    findings: findings
      .filter((f) => f.location.file === file && f.location.line === line)
      .map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, line: f.location.line })),
    scenario: scenario.name,
  };
}

/** Backslash-escapes every markdown metacharacter, so source text can never become a link or markup. */
export function escapeMarkdown(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are dropped from hover text
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~:&"']/g, (c) => `\\${c}`);
}

export function renderHoverMarkdown(m: HoverModel): string {
  const e = escapeMarkdown;
  const out: string[] = [
    `**${e(m.fn)}()** on ${m.chains.length} traced chain${m.chains.length === 1 ? '' : 's'} (scenario ${e(m.scenario)})`,
    '',
  ];
  for (const c of m.chains) {
    out.push(`- ${e(c.chain)}`);
    out.push(
      `  - locks held: ${c.locks.length ? c.locks.map((l) => `${e(l.lock)} (${e(l.mode)}, taken at ${e(l.takenAt)}${e(viaText(l.via))})`).join('; ') : 'none'}`,
    );
  }
  const changed = m.model.filter(([, b, a]) => b !== a);
  out.push('', '| zone model | before | after |', '|---|---|---|');
  for (const [what, b, a] of m.model)
    out.push(`| ${e(what)} | ${e(b)} | ${b === a ? '' : '**'}${e(a)}${b === a ? '' : '**'} |`);
  if (changed.length === 0) out.push('', '_this call does not change the model_');
  if (m.findings.length) {
    out.push('', '**Findings here**');
    for (const f of m.findings) out.push(`- ${e(f.severity)} \\[${e(f.ruleId)}\\] ${e(f.message)}`);
  }
  return out.join('\n');
}
