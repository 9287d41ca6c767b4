// The checks behind ARCHITECTURE.md's invariants, over a map of source files (path -> text) so the test can
// run them on the real tree and on small broken trees that must fail: layer directions, import cycles,
// a core free of editor/file-system/process access, and no kernel names in core code outside core/kernel.

import { posix } from 'node:path';
import ts from 'typescript';

/** Bottom first: a file may import from its own layer and the layers before it. */
export const CORE_LAYERS = [
  'model',
  'kernel',
  'syntax',
  'workspace',
  'kbuild',
  'callgraph',
  'paths',
  'sim',
  'rules',
  'analysis',
  'patch',
  'views',
  'report',
] as const;

/** Surfaces and what each may import besides the core: node is the file-system host the others share. */
export const SURFACE_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  'surfaces/node': [],
  'surfaces/cli': ['surfaces/node'],
  'surfaces/lsp': ['surfaces/node'],
  'surfaces/vscode': ['surfaces/node'],
  'surfaces/webview': [],
};

export type Sources = ReadonlyMap<string, string>;

export interface Violation {
  file: string;
  message: string;
}

/** `extension/src/core/sim/engine.ts` -> `core/sim`; `extension/src/core/analysis/analyze.ts` -> `core/analysis`. */
export function layerOf(file: string): string | undefined {
  const m = /^extension\/src\/(core|surfaces)\/([^/]+)\//.exec(file);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** Relative imports of a file resolved to repository paths, and its bare module imports. */
export function importsOf(file: string, text: string): { local: string[]; modules: string[] } {
  const info = ts.preProcessFile(text, true, true);
  const local: string[] = [];
  const modules: string[] = [];
  for (const ref of info.importedFiles) {
    const spec = ref.fileName;
    if (!spec.startsWith('.')) {
      modules.push(spec);
      continue;
    }
    local.push(posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts'));
  }
  return { local, modules };
}

export function layerViolations(sources: Sources): Violation[] {
  const out: Violation[] = [];
  for (const [file, text] of sources) {
    const from = layerOf(file);
    if (!from) continue;
    for (const target of importsOf(file, text).local) {
      const to = layerOf(target);
      if (!to || to === from) continue;
      if (!allowed(from, to)) out.push({ file, message: `${from} must not import ${to} (${target})` });
    }
  }
  return out;
}

function allowed(from: string, to: string): boolean {
  const core = (l: string) => (l.startsWith('core/') ? CORE_LAYERS.indexOf(l.slice(5) as never) : -1);
  if (from.startsWith('core/')) {
    const a = core(from);
    const b = core(to);
    return a >= 0 && b >= 0 && b < a;
  }
  if (to.startsWith('core/')) return core(to) >= 0;
  return (SURFACE_IMPORTS[from] ?? []).includes(to);
}

/** Import cycles between files (strongly connected components of more than one file, or a self-import). */
export function importCycles(sources: Sources): string[][] {
  const edges = new Map<string, string[]>();
  for (const [file, text] of sources)
    edges.set(
      file,
      importsOf(file, text).local.filter((t) => sources.has(t)),
    );
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (;;) {
      const w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
      if (w === v) break;
    }
    if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(scc.sort());
  };
  for (const f of [...sources.keys()].sort()) if (!index.has(f)) visit(f);
  return cycles;
}

const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'child_process', 'worker_threads', 'url', 'util', 'crypto']);

/** Core files that reach for the editor, the file system, the process or Node's built-ins. */
export function corePurityViolations(sources: Sources): Violation[] {
  const out: Violation[] = [];
  for (const [file, text] of sources) {
    if (!file.startsWith('extension/src/core/')) continue;
    for (const m of importsOf(file, text).modules) {
      if (m === 'vscode' || m.startsWith('node:') || NODE_BUILTINS.has(m))
        out.push({ file, message: `core imports ${m}` });
    }
    for (const id of tokens(text, ts.SyntaxKind.Identifier)) {
      if (id === 'process' || id === 'require' || id === '__dirname') out.push({ file, message: `core uses ${id}` });
    }
  }
  return out;
}

/** Texts of the tokens of one kind (identifiers, or string, template and regex literals) in a file. */
function tokens(text: string, kind: ts.SyntaxKind | 'literal'): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const out: string[] = [];
  let previous = ts.SyntaxKind.Unknown;
  // Brace depth inside each open `${ ... }` of a template, innermost last.
  const templates: number[] = [];
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    // A `/` where an expression starts is a regular expression literal.
    if (t === ts.SyntaxKind.SlashToken || t === ts.SyntaxKind.SlashEqualsToken) {
      if (startsExpression(previous)) t = scanner.reScanSlashToken();
    }
    if (t === ts.SyntaxKind.OpenBraceToken && templates.length) templates[templates.length - 1]!++;
    if (t === ts.SyntaxKind.CloseBraceToken && templates.length) {
      if (templates[templates.length - 1] === 0) {
        // The `}` that closes a substitution: the template goes on as a literal.
        t = scanner.reScanTemplateToken(false);
        templates.pop();
      } else templates[templates.length - 1]!--;
    }
    if (t === ts.SyntaxKind.TemplateHead || t === ts.SyntaxKind.TemplateMiddle) templates.push(0);
    const literal =
      t === ts.SyntaxKind.StringLiteral ||
      t === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
      t === ts.SyntaxKind.TemplateHead ||
      t === ts.SyntaxKind.TemplateMiddle ||
      t === ts.SyntaxKind.TemplateTail ||
      t === ts.SyntaxKind.RegularExpressionLiteral;
    if (kind === 'literal' ? literal : t === kind)
      out.push(kind === 'literal' ? scanner.getTokenText() : scanner.getTokenValue());
    previous = t;
  }
  return out;
}

function startsExpression(previous: ts.SyntaxKind): boolean {
  return (
    previous === ts.SyntaxKind.Unknown ||
    previous === ts.SyntaxKind.OpenParenToken ||
    previous === ts.SyntaxKind.CommaToken ||
    previous === ts.SyntaxKind.EqualsToken ||
    previous === ts.SyntaxKind.ColonToken ||
    previous === ts.SyntaxKind.OpenBracketToken ||
    previous === ts.SyntaxKind.ExclamationToken ||
    previous === ts.SyntaxKind.AmpersandAmpersandToken ||
    previous === ts.SyntaxKind.BarBarToken ||
    previous === ts.SyntaxKind.QuestionToken ||
    previous === ts.SyntaxKind.ReturnKeyword ||
    previous === ts.SyntaxKind.EqualsGreaterThanToken ||
    previous === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    previous === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    previous === ts.SyntaxKind.QuestionQuestionToken ||
    previous === ts.SyntaxKind.BarToken ||
    previous === ts.SyntaxKind.OpenBraceToken ||
    previous === ts.SyntaxKind.SemicolonToken
  );
}

/**
 * Kernel names (from `vocabulary`) spelled in string, template or regex literals of core files outside
 * core/kernel: kernel knowledge belongs in the core/kernel tables. Comments may name anything.
 */
export function strayKernelNames(sources: Sources, vocabulary: ReadonlySet<string>): Violation[] {
  const out: Violation[] = [];
  for (const [file, text] of sources) {
    if (!file.startsWith('extension/src/core/') || file.startsWith('extension/src/core/kernel/')) continue;
    const found = new Set<string>();
    for (const lit of tokens(text, 'literal'))
      for (const id of lit.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) if (vocabulary.has(id)) found.add(id);
    for (const id of [...found].sort()) out.push({ file, message: `kernel name '${id}' outside core/kernel` });
  }
  return out;
}

const C_LANGUAGE = new Set(['__attribute__', '__typeof__', '__typeof', '__alignof__', '_Alignof', 'NULL', '__asm__']);

/**
 * Kernel names: functions and macros called or defined in the fixture C trees and identifiers the
 * core/kernel tables spell (those with an underscore or a capital, so English words such as `lock` are
 * not taken for kernel names), and the function names of tables whose names may lack both (`kmalloc`).
 */
export function kernelVocabulary(
  fixtureC: Iterable<string>,
  kernelTables: Iterable<string>,
  tableNames: Iterable<string> = [],
): Set<string> {
  const names = new Set<string>(tableNames);
  for (const text of kernelTables)
    for (const lit of tokens(text, 'literal')) {
      // Function-like spellings only: `lower_case_name`, `MACRO_NAME`; not zone names or enum prefixes.
      const m = /^['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]$/.exec(lit);
      if (m && /^(?=.*[a-z])\w*_\w*$|^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(m[1]!) && !m[1]!.endsWith('_'))
        names.add(m[1]!);
    }
  for (const text of fixtureC) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
    for (const m of code.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) if (/_|[A-Z]/.test(m[1]!)) names.add(m[1]!);
  }
  // The C language and the compiler are not the kernel: keywords, builtins, NULL and `_t` types.
  for (const n of names) if (C_LANGUAGE.has(n) || n.startsWith('__builtin_') || /_t$/.test(n)) names.delete(n);
  return names;
}
