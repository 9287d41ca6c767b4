// What a path decided on its way: a tested condition, a call's outcome, a trylock, a configuration arm,
// a loop left at the replay bound. Structured, so paths are told apart by data and rules read places
// without parsing text; `decisionText` is the one place that words them.

export interface DecisionPlace {
  file: string;
  line: number;
}

export type Decision =
  /** A condition the path tested (`ret` is false, `IS_ERR(p)` is true). */
  | { kind: 'test'; at: DecisionPlace; test: string; outcome: boolean }
  /** A call that may fail, on its failing or succeeding side. */
  | { kind: 'call'; at: DecisionPlace; callee: string; ok: boolean }
  /** A trylock-style primitive, on the side where it took the lock or not. */
  | { kind: 'trylock'; at: DecisionPlace; fn: string; taken: boolean }
  /** An `#if` arm whose condition the configuration does not fix. */
  | { kind: 'config'; at: DecisionPlace; cond: string; taken: boolean }
  /** A loop the replay left after its bounded number of rounds. */
  | { kind: 'loop-bound'; at: DecisionPlace; loop: string; rounds: number };

/** The decision without its place: `ret is false`, `arch_add_memory() fails`. */
export function decisionWhat(d: Decision): string {
  switch (d.kind) {
    case 'test':
      return `${d.test} is ${d.outcome ? 'true' : 'false'}`;
    case 'call':
      return `${d.callee}() ${d.ok ? 'succeeds' : 'fails'}`;
    case 'trylock':
      return `${d.fn}() ${d.taken ? 'takes the lock' : 'does not take the lock'}`;
    case 'config':
      return `#if ${d.cond} depends on configuration we do not fix: both sides (${d.taken ? 'taken' : 'not taken'})`;
    case 'loop-bound':
      return `${d.loop} loop left after ${d.rounds} rounds (replay bound)`;
  }
}

/** `mm/memremap.c:240 error is true`. */
export function decisionText(d: Decision): string {
  return `${d.at.file}:${d.at.line} ${decisionWhat(d)}`;
}

/** Identity of a decision, for telling paths apart and matching events to paths. */
export function decisionKey(d: Decision): string {
  const at = `${d.at.file}:${d.at.line}`;
  switch (d.kind) {
    case 'test':
      return `t${at}|${d.test}|${d.outcome ? 1 : 0}`;
    case 'call':
      return `c${at}|${d.callee}|${d.ok ? 1 : 0}`;
    case 'trylock':
      return `l${at}|${d.fn}|${d.taken ? 1 : 0}`;
    case 'config':
      return `p${at}|${d.cond}|${d.taken ? 1 : 0}`;
    case 'loop-bound':
      return `b${at}|${d.loop}|${d.rounds}`;
  }
}
