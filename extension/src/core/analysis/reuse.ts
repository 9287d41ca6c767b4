// Reuse of root replays between analyses of one tree (the editor's analysis after each edit): a root whose
// plan is the same and whose recorded reads (sim/reads.ts) all answer the same now is not replayed; its
// recorded events are fed to the new rule runner at its place in root order, so rules that keep state
// across roots see what a fresh replay would send. A host that passes no cache replays every root.

import type { Engine } from '../sim/engine.js';
import type { EntryDoneEvent, EventSink, SimEvent } from '../sim/events.js';
import { ReadLog, fingerprintShared, queryArgs, queryKey, unreadableNotes, type RootReads } from '../sim/reads.js';
import type { FnNode } from '../callgraph/definitions.js';
import type { Snapshot } from '../workspace/workspace.js';
import { LineShift, shiftedRecord } from './line-shift.js';

type SinkCall = SimEvent | EntryDoneEvent;

interface RootRecord {
  plan: string;
  reads: RootReads;
  calls: SinkCall[];
}

/** Roots of one analysis by function id, in root order: those whose recorded replay was reused, and those replayed. */
export interface ReuseReport {
  reused: string[];
  replayed: string[];
}

/** Recorded root replays of a host's last analyses; one per tree and settings (reset it when either changes). */
export class ReplayCache {
  private records = new Map<string, RootRecord[]>();
  /** The snapshot the records were made from: their lines are its lines. */
  private snapshot: Snapshot | undefined;
  /** What the last completed analysis with this cache reused and replayed. */
  last: ReuseReport = { reused: [], replayed: [] };

  clear(): void {
    this.records = new Map();
    this.snapshot = undefined;
    this.last = { reused: [], replayed: [] };
  }

  /** One analysis's use of the cache (check.ts): the records kept replace these once it completes. */
  begin(snapshot: Snapshot): ReplayRun {
    const before = this.snapshot;
    const shift = () => (before && before !== snapshot ? new LineShift(before, snapshot) : undefined);
    return new ReplayRun(this.records, shift, (kept, report) => {
      this.records = kept;
      this.snapshot = snapshot;
      this.last = report;
    });
  }
}

/**
 * Answers fixed by one file's text (whose bodies the replay read): the file of a body, and of the function
 * whose assignments are named (its id is `name@file:line`). Asked again only when that text changed.
 */
const BY_TEXT: Readonly<Record<string, (arg: string) => string>> = {
  body: (file) => file,
  assigned: (id) => id.slice(id.indexOf('@') + 1, id.lastIndexOf(':')),
};

export class ReplayRun {
  readonly log = new ReadLog();
  private engine: Engine | undefined;
  /** This analysis's answers to the questions recorded replays asked: each is asked once. */
  private readonly answers = new Map<string, string>();
  private readonly kept = new Map<string, RootRecord[]>();
  private readonly taken = new Set<RootRecord>();
  private current: RootRecord | undefined;
  private readonly report: ReuseReport = { reused: [], replayed: [] };
  /** Notes of unreadable files the reused roots read. */
  readonly problems: string[] = [];

  /** The previous records by their plan in this analysis's lines, once a record of this plan is not reused as it is. */
  private shifted: { shift: LineShift; byPlan: Map<string, RootRecord[]> } | null | undefined;

  constructor(
    private readonly previous: ReadonlyMap<string, readonly RootRecord[]>,
    private readonly lineShift: () => LineShift | undefined,
    private readonly commit: (kept: Map<string, RootRecord[]>, report: ReuseReport) => void,
  ) {}

  attach(engine: Engine): void {
    this.engine = engine;
  }

  /** The sink the engine sends to: every call is recorded for the root being replayed. */
  recording(inner: EventSink): EventSink {
    return {
      emit: (e) => {
        this.current?.calls.push(e);
        inner.emit(e);
      },
      entryDone: (e) => {
        this.current?.calls.push(e);
        inner.entryDone(e);
      },
    };
  }

  /**
   * Feeds a recorded replay of this plan to `sink` when one answers every read as this analysis does, and
   * returns true; false: the root must be replayed (between start and finish).
   */
  reuse(plan: string, fn: FnNode, sink: EventSink): boolean {
    let record = (this.previous.get(plan) ?? []).find((r) => !this.taken.has(r) && this.answersSame(r));
    if (record) this.taken.add(record);
    else record = this.moved(plan);
    if (!record) return false;
    for (const c of record.calls) {
      if (c.type === 'entry-done') sink.entryDone(c);
      else sink.emit(c);
    }
    for (const n of record.reads.notes) this.engine!.truncations.add(n);
    this.problems.push(...unreadableNotes(record.reads.answers));
    this.keep(record);
    this.report.reused.push(fn.id);
    return true;
  }

  start(plan: string, fn: FnNode): void {
    this.current = { plan, reads: this.log.begin(), calls: [] };
    this.log.read(queryKey('fn', fn.id), () => fingerprintShared(fn));
  }

  finish(fn: FnNode): void {
    this.log.end();
    this.keep(this.current!);
    this.current = undefined;
    this.report.replayed.push(fn.id);
  }

  /** The analysis completed: its records replace the cache's. */
  done(): void {
    this.commit(this.kept, this.report);
  }

  /** A previous record whose lines moved (an edit elsewhere in a file it read), in this analysis's lines. */
  private moved(plan: string): RootRecord | undefined {
    if (this.shifted === undefined) {
      const shift = this.lineShift();
      this.shifted = shift?.moved ? { shift, byPlan: new Map() } : null;
      for (const records of this.shifted ? this.previous.values() : [])
        for (const r of records) {
          const moved = this.shifted!.shift.printedAnywhere(r.plan);
          if (moved === undefined) continue;
          const list = this.shifted!.byPlan.get(moved);
          if (list) list.push(r);
          else this.shifted!.byPlan.set(moved, [r]);
        }
    }
    if (!this.shifted) return undefined;
    for (const r of this.shifted.byPlan.get(plan) ?? []) {
      if (this.taken.has(r)) continue;
      const moved = shiftedRecord(r, plan, this.shifted.shift, (key) => this.ask(key));
      if (!moved) continue;
      this.taken.add(r);
      return moved;
    }
    return undefined;
  }

  private keep(record: RootRecord): void {
    const list = this.kept.get(record.plan);
    if (list) list.push(record);
    else this.kept.set(record.plan, [record]);
  }

  /** Asked in the order the replay first asked them, so the caches shared between roots fill as a replay would fill them. */
  private answersSame(record: RootRecord): boolean {
    const answers = record.reads.answers;
    for (const [key, answer] of answers) {
      const { kind, args } = queryArgs(key);
      // A file's text is kept for its note and so that what its text alone fixes is not parsed again.
      if (kind === 'file') continue;
      if (kind in BY_TEXT) {
        const file = queryKey('file', BY_TEXT[kind]!(args[0]!));
        if (answers.has(file) && answers.get(file) === this.ask(file)) continue;
      }
      if (this.ask(key) !== answer) return false;
    }
    return true;
  }

  private ask(key: string): string {
    let now = this.answers.get(key);
    if (now === undefined) {
      now = this.engine!.answer(key);
      this.answers.set(key, now);
    }
    return now;
  }
}
