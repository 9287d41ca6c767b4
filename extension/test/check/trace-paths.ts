// Test helper for `simulate` text output: splits it into the printed paths (header decisions, steps, the
// `returns` line) and replays each path's own lock lines, so tests can judge one path at a time.

export interface TraceStep {
  /** `file:line` of the step. */
  at: string;
  /** Spaces before the step's text: a call made at depth d is indented 2d, its lock and model lines 2d + 2. */
  indent: number;
  /** The text without indentation: `f() calls g()`, `+ lock (mode)`, `- lock`, `model ...`, `reads ...`. */
  text: string;
  /** The bracketed lock list as printed (empty when none is printed). */
  locks: string[];
  /** The line as printed, trimmed, without its lock list. */
  line: string;
}

export interface PrintedPath {
  decisions: string[];
  steps: TraceStep[];
  /** The `returns ...` line, trimmed. */
  returns: string;
}

/** core/report/trace.ts pads `file:line` to this width, then one space, then the indented text. */
const AT_WIDTH = 28;

export function printedPaths(stdout: string): PrintedPath[] {
  const out: PrintedPath[] = [];
  for (const raw of stdout.split('\n')) {
    const header = /^path \d+: (.*)$/.exec(raw);
    if (header) {
      out.push({ decisions: header[1]!.split('; '), steps: [], returns: '' });
      continue;
    }
    const path = out.at(-1);
    if (!path || path.returns || !raw.startsWith('  ')) continue;
    if (raw.startsWith('  returns ')) {
      path.returns = raw.trim();
      continue;
    }
    const m = /^ {2}(\S+:\d+)( +)(.*?)(?: {3}\[(.*)\])?$/.exec(raw);
    if (!m) continue;
    const [, at, gap, text, locks] = m as unknown as [string, string, string, string, string | undefined];
    const indent = gap.length - 1 - Math.max(0, AT_WIDTH - at.length);
    path.steps.push({
      at,
      indent,
      text,
      locks: locks ? locks.split(', ') : [],
      line: raw.replace(/ {3}\[.*\]$/, '').trim(),
    });
  }
  return out;
}

export const decided = (p: PrintedPath, decision: string): boolean => p.decisions.includes(decision);

export const lines = (p: PrintedPath): string[] => p.steps.map((s) => s.line);

/** `+ mem_hotplug_lock (write)` -> `mem_hotplug_lock(w)`, as lock lists print it. */
function acquired(text: string): string | undefined {
  const m = /^\+ (\S+) \((\w)/.exec(text);
  return m ? `${m[1]}(${m[2]})` : undefined;
}

function released(text: string): string | undefined {
  return /^- (\S+)$/.exec(text)?.[1];
}

/**
 * The locks held before and after each step, replayed from the path's own `+` and `-` lines, starting
 * from the locks printed on its first step (the caller's, e.g. the device lock of a probe).
 */
export function replayLocks(p: PrintedPath): { before: string[]; after: string[] }[] {
  let held = [...(p.steps[0]?.locks ?? [])];
  return p.steps.map((s) => {
    const before = held;
    const taken = acquired(s.text);
    const dropped = released(s.text);
    if (taken) held = [...held, taken];
    if (dropped) held = held.filter((l) => !l.startsWith(`${dropped}(`));
    return { before, after: held };
  });
}

/**
 * Steps whose printed lock list is not what the path's own lock lines leave: a call, model or read line
 * shows the locks held before it, a `+` or `-` line the locks held after its own change.
 */
export function misprintedLocks(p: PrintedPath): TraceStep[] {
  const replay = replayLocks(p);
  return p.steps.filter(
    (s, i) => s.locks.join(', ') !== (/^[+-] /.test(s.text) ? replay[i]!.after : replay[i]!.before).join(', '),
  );
}

/** `returns va at FILE:LINE holding a(e), b(w)` -> `['a(e)', 'b(w)']`. */
export function returnLocks(p: PrintedPath): string[] {
  const held = /holding (.*)$/.exec(p.returns)?.[1] ?? '';
  return held === 'no locks' ? [] : held.split(', ');
}

/**
 * Call lines printed one level under a call to another function than their own: a step `g() calls h()`
 * at indent 2d + 2 must follow a `f() calls g()` at indent 2d with nothing shallower in between.
 */
export function misnested(p: PrintedPath): TraceStep[] {
  const open: { indent: number; callee: string }[] = [];
  const wrong: TraceStep[] = [];
  for (const s of p.steps) {
    const call = /^(\S+)\(\) calls (\S+)\(\)$/.exec(s.text);
    if (!call) continue;
    while (open.length && open.at(-1)!.indent >= s.indent) open.pop();
    const parent = open.at(-1);
    if (s.indent > 0 && (!parent || parent.indent !== s.indent - 2 || parent.callee !== call[1])) wrong.push(s);
    open.push({ indent: s.indent, callee: call[2]! });
  }
  return wrong;
}

/** Index of the step printed at `at` with this text (indentation aside), or -1. */
export function stepIndex(p: PrintedPath, at: string, text: string, from = 0): number {
  return p.steps.findIndex((s, i) => i >= from && s.at === at && s.text === text);
}
