// Lines that moved between two snapshots of a tree, and recorded replay data (reads, events, notes) taken
// through them: every line of a changed file goes to the line its unchanged text moved to. Never guesses:
// data with a line that changed, or a line whose file it cannot tell, has no translation (undefined).

import { diffArrays } from 'diff';
import type { Snapshot } from '../workspace/workspace.js';
import { MISSING, SEP, queryArgs, queryKey, type RootReads } from '../sim/reads.js';

/** Old line (1-based) to new line; undefined for a line that was removed or changed. */
export type LineMap = (line: number) => number | undefined;

/** Past this many changed lines between the common head and tail, the lines between them count as changed. */
const MAX_EDIT_LENGTH = 2000;

export function lineMap(before: string, after: string): LineMap {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = new Map<number, number>();
  const changes = diffArrays(a.slice(head, a.length - tail), b.slice(head, b.length - tail), {
    maxEditLength: MAX_EDIT_LENGTH,
  });
  let i = head + 1;
  let j = head + 1;
  for (const c of changes ?? []) {
    const n = c.count ?? c.value.length;
    if (!c.added && !c.removed) for (let k = 0; k < n; k++) middle.set(i + k, j + k);
    if (!c.added) i += n;
    if (!c.removed) j += n;
  }
  const shift = b.length - a.length;
  return (line) => (line <= head ? line : line > a.length - tail ? line + shift : middle.get(line));
}

class Untranslatable extends Error {}

const LINE_KEYS: ReadonlySet<string> = new Set(['line', 'endLine']);

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The file of a function id (`name@file:line`), or undefined for any other text. */
function idFile(text: string | undefined): string | undefined {
  const m = text === undefined ? null : /^[^@]+@(.+):\d+$/.exec(text);
  return m ? m[1] : undefined;
}

/** The translation of data recorded against `before` into the lines of `after`. */
export class LineShift {
  /** Changed files: their line map, or null when one side has no text (no line of theirs moves). */
  private readonly maps = new Map<string, LineMap | null>();
  private readonly patterns: { file: string; pattern: RegExp }[] = [];
  private readonly contexts = new Map<string, Context>();
  /** Answers and keys taken to the new lines so far: many roots read the same. */
  private readonly answers = new Map<string, { answer: string; moved: string | undefined }>();
  private readonly keys = new Map<string, string | undefined>();

  constructor(
    private readonly before: Snapshot,
    private readonly after: Snapshot,
  ) {
    for (const [path, file] of after.files) if (before.files.get(path)?.hash !== file.hash) this.changed(path);
    for (const path of before.files.keys()) if (!after.files.has(path)) this.changed(path);
  }

  /** Whether any file changed: else nothing moved. */
  get moved(): boolean {
    return this.patterns.length > 0;
  }

  /** Whether `file` is one whose text changed. */
  changes(file: string): boolean {
    return this.maps.has(file);
  }

  line(file: string, line: number): number | undefined {
    if (!this.maps.has(file)) return line;
    const map = this.maps.get(file);
    return map ? map(line) : undefined;
  }

  /** A recorded read's key in the new lines. */
  key(key: string): string | undefined {
    if (this.keys.has(key)) return this.keys.get(key);
    const moved = this.keyNow(key);
    this.keys.set(key, moved);
    return moved;
  }

  private keyNow(key: string): string | undefined {
    const { kind, args } = queryArgs(key);
    return this.attempt(() => {
      if (kind === 'body') return queryKey(kind, args[0], String(this.must(args[0]!, Number(args[1]))));
      return queryKey(kind, ...args.map((a) => (a === undefined ? a : this.text(a))));
    });
  }

  /**
   * A recorded answer in the new lines, as far as it can tell them: a line whose file it cannot tell is left
   * as it was. Only for what is compared with the new answer: a wrong guess there only fails to match.
   */
  answer(key: string, answer: string): string | undefined {
    const known = this.answers.get(key);
    if (known?.answer === answer) return known.moved;
    const moved = this.answerNow(key, answer);
    this.answers.set(key, { answer, moved });
    return moved;
  }

  private answerNow(key: string, answer: string): string | undefined {
    if (answer === MISSING || answer.startsWith(MISSING)) return answer;
    const { kind, args } = queryArgs(key);
    const file = kind === 'body' ? args[0] : args.map(idFile).find((f) => f !== undefined);
    if (kind === 'named' || kind === 'defs') {
      const parts = answer.split(SEP).map((p) => this.printed(p, file));
      return parts.every((p) => p !== undefined) ? parts.join(SEP) : undefined;
    }
    return this.printed(answer, file);
  }

  /** A fingerprint or text that names no read (a root's plan), as far as it can tell its lines (see answer). */
  printedAnywhere(text: string): string | undefined {
    return this.printed(text, undefined);
  }

  /** Events and notes of a replay in the new lines; undefined when one of their lines changed or has no known file. */
  value<T>(x: T): T | undefined {
    return this.attempt(() => this.walk(x, this.context(undefined, true)) as T);
  }

  private changed(path: string): void {
    const before = this.before.text(path);
    const after = this.after.text(path);
    this.maps.set(path, before !== undefined && after !== undefined ? lineMap(before, after) : null);
    this.patterns.push({ file: path, pattern: new RegExp(`(?<![\\w./-])${escaped(path)}:(\\d+)`, 'g') });
  }

  private attempt<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (e) {
      if (e instanceof Untranslatable) return undefined;
      throw e;
    }
  }

  private must(file: string, line: number): number {
    const moved = this.line(file, line);
    if (moved === undefined) throw new Untranslatable();
    return moved;
  }

  /** `file:line` in a text (function ids, notes, evidence) for each changed file. */
  private text(s: string): string {
    let out = s;
    for (const { file, pattern } of this.patterns) {
      if (!out.includes(`${file}:`)) continue;
      out = out.replace(pattern, (_m, line: string) => `${file}:${this.must(file, Number(line))}`);
    }
    return out;
  }

  /** A fingerprint (JSON) or plain text answer; `file` holds the lines of objects that name no file. */
  private printed(answer: string, file: string | undefined): string | undefined {
    const named = this.patterns.some((p) => answer.includes(p.file));
    if (!named && (file === undefined || !this.changes(file))) return answer;
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer);
    } catch {
      return this.attempt(() => this.text(answer));
    }
    return this.attempt(() => JSON.stringify(this.walk(parsed, this.context(file, false))));
  }

  /** Where a walk is: the file whose lines the objects that name none hold, and the walks done there. */
  private context(file: string | undefined, strict: boolean): Context {
    const key = `${strict ? 's' : 'l'}${file ?? MISSING}`;
    let ctx = this.contexts.get(key);
    if (!ctx) this.contexts.set(key, (ctx = { file, strict, done: new WeakMap(), inner: new Map() }));
    return ctx;
  }

  /** In a strict walk, a line with no file to tell where it is makes the whole untranslatable. */
  private walk(x: unknown, ctx: Context): unknown {
    if (typeof x === 'string') return this.text(x);
    if (typeof x !== 'object' || x === null) return x;
    if (ctx.done.has(x)) return ctx.done.get(x);
    const out = this.walkObject(x, ctx);
    ctx.done.set(x, out);
    return out;
  }

  private walkObject(x: object, ctx: Context): unknown {
    if (Array.isArray(x)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < x.length; i++) {
        const v: unknown = x[i];
        const moved = this.walk(v, ctx);
        if (moved !== v) (out ??= x.slice())[i] = moved;
      }
      return out ?? x;
    }
    if (x instanceof Map) {
      let same = true;
      const entries: [unknown, unknown][] = [];
      for (const [k, v] of x as Map<unknown, unknown>) {
        const entry: [unknown, unknown] = [this.walk(k, ctx), this.walk(v, ctx)];
        same &&= entry[0] === k && entry[1] === v;
        entries.push(entry);
      }
      return same ? x : new Map(entries);
    }
    if (x instanceof Set) {
      const values = [...(x as Set<unknown>)].map((v) => this.walk(v, ctx));
      return values.every((v) => x.has(v)) ? x : new Set(values);
    }
    const proto: unknown = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) throw new Untranslatable();
    const record = x as Record<string, unknown>;
    let own = ctx;
    if (typeof record.file === 'string' && record.file !== ctx.file) {
      own = ctx.inner.get(record.file) ?? this.context(record.file, ctx.strict);
      ctx.inner.set(record.file, own);
    }
    let out: Record<string, unknown> | undefined;
    for (const k in record) {
      const v = record[k];
      let moved: unknown;
      if (typeof v === 'number' && LINE_KEYS.has(k)) {
        if (own.file !== undefined) moved = this.must(own.file, v);
        else if (own.strict) throw new Untranslatable();
        else moved = v;
      } else moved = this.walk(v, own);
      if (moved !== v) (out ??= { ...record })[k] = moved;
    }
    return out ?? x;
  }
}

interface Context {
  readonly file: string | undefined;
  readonly strict: boolean;
  readonly done: WeakMap<object, unknown>;
  /** The contexts of the files named inside this one. */
  readonly inner: Map<string, Context>;
}

/** One root's recorded replay (reuse.ts). */
export interface ShiftedRecord<C> {
  plan: string;
  reads: RootReads;
  calls: C[];
}

/**
 * `record` in the lines of `shift`'s new snapshot, with the plan `plan`, when each of its reads, taken to the
 * new lines, answers the same (`ask`) there, in the order the replay asked them; else undefined.
 */
export function shiftedRecord<C>(
  record: ShiftedRecord<C>,
  plan: string,
  shift: LineShift,
  ask: (key: string) => string,
): ShiftedRecord<C> | undefined {
  const answers = new Map<string, string>();
  for (const [key, answer] of record.reads.answers) {
    const { kind, args } = queryArgs(key);
    // A file's text is read for its bodies (asked as such) and its note: only whether it is readable counts.
    if (kind === 'file') {
      const now = shift.changes(args[0]!) ? ask(key) : answer;
      if ((now === MISSING) !== (answer === MISSING)) return undefined;
      answers.set(key, now);
      continue;
    }
    const movedKey = shift.key(key);
    const moved = shift.answer(key, answer);
    if (movedKey === undefined || moved === undefined || ask(movedKey) !== moved) return undefined;
    answers.set(movedKey, moved);
  }
  const notes = shift.value([...record.reads.notes]);
  const calls = shift.value(record.calls);
  if (!notes || !calls) return undefined;
  return { plan, reads: { answers, notes: new Set(notes) }, calls };
}
