// Runs one parsed Kbuild file under a config, as Make would: assignments in order, conditionals decided
// where the config decides them. Where it does not, both outcomes are kept (a "may" assignment adds and
// never replaces), so the words it reaches over-approximate what the directory builds.

import type { KernelConfig } from '../kernel/config.js';
import { BUILT_LISTS, COMPOSITE_SUFFIXES, TRISTATE_VALUES } from '../kernel/kbuild.js';
import { expand, hasUnknown, splitWords, UNKNOWN, wordPattern, type MakeVar, type Scope } from './expand.js';
import type { AssignOp, CondTest, MakeStmt, ParsedMakefile } from './parse.js';

type Tri = boolean | undefined;

export interface MakeEnv {
  config: KernelConfig;
  /** Variables set before this file runs: the directory's $(obj), $(src), and the architecture's exports. */
  vars: ReadonlyMap<string, string>;
}

/** A word of an assignment value that names an object (`foo.o`) or a subdirectory (`dir/`). */
export interface Mention {
  word: string;
  line: number;
  target: string;
  op: AssignOp;
  stmtLine: number;
  /** false: a conditional around it was decided false (`guard`); undefined: not decided. */
  ran: Tri;
  guard?: { text: string; line: number };
  /** The variable(s) the assignment wrote, as expanded. */
  names: string[];
  /** The word as expanded when the assignment ran. */
  expanded: string[];
}

export interface Replacement {
  line: number;
  target: string;
  op: AssignOp;
}

export interface MakeEvaluation {
  scope: Scope;
  exported: ReadonlySet<string>;
  mentions: readonly Mention[];
  /** By variable: later assignments that replaced its value outright. */
  replaced: ReadonlyMap<string, readonly Replacement[]>;
  /** Set when the file cannot be followed; then nothing in it may be excluded. */
  opaque?: { line: number; message: string };
}

interface Frame {
  text: string;
  line: number;
  state: Tri;
  taken: Tri;
  ifText: string;
}

const MAX_NAME_CANDIDATES = 27;

export function evaluateMakefile(parsed: ParsedMakefile, env: MakeEnv): MakeEvaluation {
  const vars = new Map<string, MakeVar>();
  const scope: Scope = {
    get: (name) => vars.get(name),
    unset: (name) => unsetValue(name, env),
  };
  const exported = new Set<string>();
  const mentions: Mention[] = [];
  const replaced = new Map<string, Replacement[]>();
  const frames: Frame[] = [];
  const problem = parsed.problems[0];
  let opaque: MakeEvaluation['opaque'] = problem ? { line: problem.line, message: problem.message } : undefined;

  const ran = (): Tri => {
    let r: Tri = true;
    for (const f of frames) {
      if (f.state === false) return false;
      if (f.state === undefined) r = undefined;
    }
    return r;
  };

  for (const stmt of parsed.statements) {
    switch (stmt.kind) {
      case 'if': {
        const state = condition(stmt.test, stmt.args, scope);
        frames.push({ text: stmt.text, line: stmt.line, state, taken: state, ifText: stmt.text });
        break;
      }
      case 'else': {
        const top = frames[frames.length - 1];
        if (!top) break;
        const before = top.taken;
        const here = stmt.test ? condition(stmt.test, stmt.args ?? [], scope) : true;
        top.state = and(not(before), here);
        top.taken = or(before, here);
        top.text = stmt.test ? stmt.text : `the else branch of ${top.ifText}`;
        top.line = stmt.line;
        break;
      }
      case 'endif':
        frames.pop();
        break;
      case 'export':
        if (ran() !== false) for (const n of stmt.names) exported.add(n);
        break;
      case 'define':
        if (ran() !== false) vars.set(stmt.name, { value: UNKNOWN, recursive: false });
        break;
      case 'undefine':
        if (ran() === true) vars.delete(stmt.name);
        break;
      case 'eval':
        if (ran() !== false && !opaque) opaque = { line: stmt.line, message: '$(eval ...) can set anything' };
        break;
      case 'assign':
        assign(stmt, ran(), frames, scope, vars, mentions, replaced, exported, (line, message) => {
          if (!opaque) opaque = { line, message };
        });
        break;
      case 'include':
      case 'rule':
        break;
    }
  }
  return { scope, exported, mentions, replaced, ...(opaque ? { opaque } : {}) };
}

function assign(
  stmt: Extract<MakeStmt, { kind: 'assign' }>,
  state: Tri,
  frames: readonly Frame[],
  scope: Scope,
  vars: Map<string, MakeVar>,
  mentions: Mention[],
  replaced: Map<string, Replacement[]>,
  exported: Set<string>,
  giveUp: (line: number, message: string) => void,
): void {
  const objectWords = stmt.words.filter((w) => /\.o$|\/$/.test(w.text));
  if (state === false) {
    const guard = frames.find((f) => f.state === false)!;
    for (const w of objectWords)
      mentions.push({
        word: w.text,
        line: w.line,
        target: stmt.name,
        op: stmt.op,
        stmtLine: stmt.line,
        ran: false,
        guard: { text: guard.text, line: guard.line },
        names: [],
        expanded: [],
      });
    return;
  }
  const names = nameCandidates(expand(stmt.name, scope));
  if (!names) {
    if (objectWords.length > 0) giveUp(stmt.line, `cannot tell which variable '${stmt.name}' names`);
    return;
  }
  const may = state === undefined || names.length > 1;
  for (const name of names) {
    const old = vars.get(name);
    const next = assigned(stmt.op, stmt.value, old, may, scope);
    if (next) vars.set(name, next);
    if (!may && old && (stmt.op === ':=' || stmt.op === '::=' || stmt.op === '=')) {
      const list = replaced.get(name) ?? [];
      list.push({ line: stmt.line, target: stmt.name, op: stmt.op });
      replaced.set(name, list);
    }
    if (stmt.exported) exported.add(name);
  }
  for (const w of objectWords)
    mentions.push({
      word: w.text,
      line: w.line,
      target: stmt.name,
      op: stmt.op,
      stmtLine: stmt.line,
      ran: state,
      names,
      expanded: splitWords(expand(w.text, scope)),
    });
}

/** The new value of a variable after `op`; a "may" assignment keeps the old words beside the new ones. */
function assigned(
  op: AssignOp,
  raw: string,
  old: MakeVar | undefined,
  may: boolean,
  scope: Scope,
): MakeVar | undefined {
  const join = (a: string, b: string) => (a === '' ? b : b === '' ? a : `${a} ${b}`);
  switch (op) {
    case ':=':
    case '::=': {
      const value = expand(raw, scope);
      if (!may || !old) return { value, recursive: false };
      return old.recursive
        ? { value: join(old.value, value.replace(/\$/g, '$$$$')), recursive: true }
        : { value: join(old.value, value), recursive: false };
    }
    case '=':
      if (!may || !old) return { value: raw, recursive: true };
      return { value: join(old.recursive ? old.value : old.value.replace(/\$/g, '$$$$'), raw), recursive: true };
    case '+=':
      if (!old) return { value: raw, recursive: true };
      return old.recursive
        ? { value: join(old.value, raw), recursive: true }
        : { value: join(old.value, expand(raw, scope)), recursive: false };
    case '?=':
      return old ? undefined : { value: raw, recursive: true };
    case '!=':
      return { value: may && old ? join(old.value, UNKNOWN) : UNKNOWN, recursive: false };
  }
}

/** `obj-$(CONFIG_X)` with X unknown may be obj-y, obj-m or obj-; undefined when too many to follow. */
function nameCandidates(name: string): string[] | undefined {
  const parts = name.trim().split(UNKNOWN);
  let out = [parts[0]!];
  for (const part of parts.slice(1)) {
    out = out.flatMap((head) => TRISTATE_VALUES.map((v) => head + v + part));
    if (out.length > MAX_NAME_CANDIDATES) return undefined;
  }
  return [...new Set(out)];
}

function condition(test: CondTest, args: readonly string[], scope: Scope): Tri {
  if (test === 'ifdef' || test === 'ifndef') {
    const name = expand(args[0] ?? '', scope).trim();
    if (name === '' || hasUnknown(name)) return undefined;
    const v = scope.get(name);
    // Make's ifdef looks at the value as written, without expanding it.
    const value = v ? v.value : scope.unset(name);
    const defined: Tri = hasUnknown(value) ? undefined : value.trim() !== '';
    return test === 'ifdef' ? defined : not(defined);
  }
  if (args.length !== 2) return undefined;
  const a = expand(args[0]!, scope).trim();
  const b = expand(args[1]!, scope).trim();
  if (hasUnknown(a) || hasUnknown(b)) return undefined;
  return test === 'ifeq' ? a === b : a !== b;
}

/** What a variable no statement here has set expands to. */
function unsetValue(name: string, env: MakeEnv): string {
  const inherited = env.vars.get(name);
  if (inherited !== undefined) return inherited;
  if (name.startsWith('CONFIG_')) {
    if (env.config.enabled.has(name)) return 'y';
    if (env.config.disabled.has(name)) return '';
    return UNKNOWN;
  }
  // Kbuild's per-directory lists (`foo-y`, `bar-objs`, `obj-`) start empty in every directory.
  if (/-(y|m|objs)?$/.test(name)) return '';
  return UNKNOWN;
}

export interface BuiltSet {
  has(word: string): boolean;
}

/** Every object and subdirectory the file's lists reach, composite objects' parts included. */
export function builtWords(evaluation: MakeEvaluation): BuiltSet {
  const value = (name: string) => {
    const v = evaluation.scope.get(name);
    return v ? splitWords(v.recursive ? expand(v.value, evaluation.scope) : v.value) : [];
  };
  const reached = new Set<string>();
  const queue = BUILT_LISTS.flatMap(value);
  while (queue.length > 0) {
    const word = queue.pop()!;
    if (reached.has(word)) continue;
    reached.add(word);
    if (!word.endsWith('.o') || hasUnknown(word)) continue;
    const base = word.slice(0, -2);
    for (const suffix of COMPOSITE_SUFFIXES) queue.push(...value(base + suffix));
  }
  const patterns = [...reached].filter(hasUnknown).map(wordPattern);
  return { has: (word) => reached.has(word) || patterns.some((p) => p.test(word)) };
}

function not(v: Tri): Tri {
  return v === undefined ? undefined : !v;
}

function and(a: Tri, b: Tri): Tri {
  return a === false || b === false ? false : a === undefined || b === undefined ? undefined : true;
}

function or(a: Tri, b: Tri): Tri {
  return a === true || b === true ? true : a === undefined || b === undefined ? undefined : false;
}
