// What the indexed tree's macros do with their arguments, read from the kept source texts: whether an
// argument is used as a value (so an undeclared name there is a compile error) or only as a member
// name, a type, a pasted or stringified token. Also the names file-scope macros declare.
// Hand-written: no C preprocessor library runs in a pure core, and only this one question is needed.

import type { Snapshot } from '../../workspace/workspace.js';

export type ArgUse = 'value' | 'not-value' | 'unknown';

interface MacroDef {
  /** null for an object-like macro. */
  params: string[] | null;
  body: string;
}

const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)]*\))?((?:[^\n]*\\\n)*[^\n]*)/gm;
/** A call-shaped line at column 0 ending in `;` or `=` can only be a macro invocation at file scope. */
const FILE_SCOPE_MACRO = /^(?:static\s+|extern\s+)*[A-Za-z_]\w*\s*\(([^;{}]*)\)\s*[;=]/gm;
const MAX_DEPTH = 8;
/** Compiler builtins whose arguments are types or member designators, never values. */
const BUILTIN_NOT_VALUE = new Set([
  '__builtin_offsetof',
  '__builtin_types_compatible_p',
  '__same_type',
  '__typeof__',
  'typeof',
]);

export class MacroTable {
  /** Every definition of each macro (config variants differ: `#ifdef __ia64__ ... #else ... #endif`). */
  private readonly defs = new Map<string, MacroDef[]>();
  /** Identifiers passed to file-scope macro invocations, per file (`DEFINE_PER_CPU(int, x);` -> x). */
  private readonly fileScopeArgs = new Map<string, Set<string>>();
  private readonly allFileScopeArgs = new Set<string>();

  constructor(snapshot: Snapshot) {
    for (const path of snapshot.files.keys()) {
      const text = snapshot.text(path);
      if (text === undefined) continue;
      if (text.includes('define')) {
        for (const m of text.matchAll(DEFINE)) {
          const params =
            m[2] === undefined
              ? null
              : m[2]
                  .slice(1, -1)
                  .split(',')
                  .map((p) => p.trim())
                  .filter((p) => p !== '');
          const list = this.defs.get(m[1]!) ?? [];
          list.push({ params, body: m[3]!.replace(/\\\n/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ') });
          this.defs.set(m[1]!, list);
        }
      }
      const args = new Set<string>();
      // Only bare identifiers at the top level: `TRACE_EVENT(x, TP_PROTO(..., unsigned long pfn), ...)` declares x, not pfn.
      for (const m of text.matchAll(FILE_SCOPE_MACRO)) {
        for (const arg of splitTopLevel(m[1]!)) if (/^[A-Za-z_]\w*$/.test(arg)) args.add(arg);
      }
      this.fileScopeArgs.set(path, args);
      for (const a of args) this.allFileScopeArgs.add(a);
    }
  }

  /** `x` declared by a file-scope macro anywhere, or `dev_attr_x` / `x_groups` pasted from one in `file`. */
  declaresName(name: string, file: string): boolean {
    if (this.allFileScopeArgs.has(name)) return true;
    const local = this.fileScopeArgs.get(file);
    if (!local) return false;
    const parts = name.split('_');
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 1; j <= parts.length; j++) {
        if (j - i === parts.length) continue;
        if (local.has(parts.slice(i, j).join('_'))) return true;
      }
    }
    return false;
  }

  /** Identifiers in the bodies of a macro's definitions (`DEFINE_MIN_SEQ(lruvec)` declares `min_seq`). */
  bodyNames(name: string): string[] {
    return (this.defs.get(name) ?? []).flatMap((d) => d.body.match(/[A-Za-z_]\w*/g) ?? []);
  }

  /**
   * How macro `callee` uses its argument number `index` (0-based): 'not-value' when any definition never
   * uses it as a value; 'unknown' for functions and macros the index does not define.
   */
  argumentUse(callee: string, index: number, depth = 0): ArgUse {
    if (BUILTIN_NOT_VALUE.has(callee)) return 'not-value';
    const defs = this.defs.get(callee);
    if (!defs || depth > MAX_DEPTH) return 'unknown';
    const uses = defs.map((d) => this.definitionUse(d, index, depth));
    if (uses.includes('not-value')) return 'not-value';
    return uses.includes('value') ? 'value' : 'unknown';
  }

  private definitionUse(def: MacroDef, index: number, depth: number): ArgUse {
    if (def.params === null) {
      const alias = def.body.trim();
      return /^[A-Za-z_]\w*$/.test(alias) ? this.argumentUse(alias, index, depth + 1) : 'unknown';
    }
    const last = def.params[def.params.length - 1] ?? '';
    const variadic = last.endsWith('...');
    let param = def.params[index];
    // Inside __VA_ARGS__ the argument keeps its distance from the first variadic one.
    let shift = 0;
    if (variadic && index >= def.params.length - 1) {
      param = last === '...' ? '__VA_ARGS__' : last.slice(0, -3).trim();
      shift = index - (def.params.length - 1);
    }
    if (param === undefined) return 'unknown';
    const body = def.body;
    const occurrence = new RegExp(`\\b${param}\\b`, 'g');
    for (const m of body.matchAll(occurrence)) {
      const use = this.useAt(body, m.index, param.length, depth, shift);
      if (use === 'value') return 'value';
    }
    // Never used as a value (or not used at all): an undeclared name there does not fail the build.
    return 'not-value';
  }

  private useAt(body: string, at: number, length: number, depth: number, shift: number): ArgUse {
    const before = body.slice(0, at).trimEnd();
    const after = body.slice(at + length).trimStart();
    if (before.endsWith('->') || (before.endsWith('.') && !before.endsWith('..'))) return 'not-value';
    if (before.endsWith('#') || after.startsWith('##') || /\bgoto$/.test(before)) return 'not-value';
    if (/\b(struct|union|enum)$/.test(before)) return 'not-value';
    if (/\b(sizeof|typeof|__typeof__|__typeof|__alignof__|_Alignof|__builtin_offsetof|offsetof)\s*\($/.test(before))
      return 'not-value';
    // `(type)(x)` or `(type)x`: a cast, so the argument is a type.
    if (before.endsWith('(') && after.startsWith(')') && /^\)\s*[A-Za-z_(]/.test(after)) return 'not-value';
    const call = enclosingCall(body, at);
    if (!call) return 'value';
    // `PICK(__VA_ARGS__, name_2, name_1)(__VA_ARGS__)`: the macro called is one of the names listed.
    const callees = call.dispatch ? [...new Set(call.dispatch.filter((n) => this.defs.has(n)))] : [call.callee];
    const uses = callees.map((c) => this.argumentUse(c, call.index + shift, depth + 1));
    return uses.includes('not-value') ? 'not-value' : 'value';
  }
}

function matchingOpen(text: string, close: number): number {
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    if (text[k] === ')') depth++;
    else if (text[k] === '(' && --depth === 0) return k;
  }
  return -1;
}

function splitTopLevel(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < args.length; k++) {
    const ch = args[k];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(args.slice(start, k).trim());
      start = k + 1;
    }
  }
  out.push(args.slice(start).trim());
  return out;
}

/** The call whose argument list holds offset `at` in a macro body, skipping grouping parentheses. */
function enclosingCall(body: string, at: number): { callee: string; index: number; dispatch?: string[] } | undefined {
  let pos = at;
  for (;;) {
    let depth = 0;
    let commas = 0;
    let open = -1;
    for (let k = pos - 1; k >= 0; k--) {
      const ch = body[k];
      if (ch === ')' || ch === ']' || ch === '}') depth++;
      else if (ch === '(' || ch === '[' || ch === '{') {
        if (depth === 0) {
          open = ch === '(' ? k : -2;
          break;
        }
        depth--;
      } else if (ch === ',' && depth === 0) commas++;
    }
    if (open < 0) return undefined;
    const head = body.slice(0, open).trimEnd();
    if (head.endsWith(')')) {
      const pickOpen = matchingOpen(head, head.length - 1);
      if (pickOpen >= 0)
        return { callee: '', index: commas, dispatch: head.slice(pickOpen + 1, -1).match(/[A-Za-z_]\w*/g) ?? [] };
    }
    const callee = /([A-Za-z_]\w*)\s*$/.exec(head)?.[1];
    if (callee && !/^(if|while|for|switch|return|sizeof|typeof|__typeof__)$/.test(callee))
      return { callee, index: commas };
    pos = open;
  }
}
