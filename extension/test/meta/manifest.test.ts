// Manifest parity: package.json commands, settings, context keys, views and files agree with the code
// (ids.ts, config.ts, core defaults), and the packaged file list is exactly the whitelist.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COMMAND_IDS,
  CONTEXT_KEYS,
  GRAPH_PANEL_TYPE,
  PATCH_LANGUAGE_ID,
  PATHS_VIEW_ID,
  SETTING_KEYS,
  VIEW_CONTAINER_ID,
} from '../../src/surfaces/vscode/ids.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../src/core/kernel/scope.js';
import { EVERY_RULE } from '../../src/core/patch/all-rules.js';
import { SHIPPED_SCENARIOS } from '../../src/core/kernel/scenarios.js';

const root = join(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const vscodeDir = join(root, 'extension/src/surfaces/vscode');
const sources = readdirSync(vscodeDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(vscodeDir, f), 'utf8') }));

function whenClauses(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(whenClauses);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => (k === 'when' && typeof v === 'string' ? [v] : whenClauses(v)));
  return [];
}

describe('package.json and the code agree', () => {
  it('declares exactly the commands the extension registers', () => {
    const declared = contributes.commands.map((c: { command: string }) => c.command);
    expect(new Set(declared).size).toBe(declared.length);
    expect([...declared].sort()).toEqual([...COMMAND_IDS].sort());
    const table = sources.find((s) => s.file === 'commands.ts')!.text;
    const handled = [...table.matchAll(/^\s+'(memhp\.[A-Za-z]+)':/gm)].map((m) => m[1]);
    expect(handled.sort()).toEqual([...COMMAND_IDS].sort());
    const menuCommands = Object.values(contributes.menus as Record<string, { command: string }[]>)
      .flat()
      .map((m) => m.command);
    for (const id of menuCommands) expect(COMMAND_IDS).toContain(id);
  });

  it('declares every setting the extension reads, and reads every setting it declares', () => {
    const declared = contributes.configuration.flatMap(
      (section: { title: string; properties: Record<string, unknown> }) => {
        expect(section.title).toBeTruthy();
        return Object.keys(section.properties);
      },
    );
    expect([...declared].sort()).toEqual([...SETTING_KEYS].sort());
    const config = sources.find((s) => s.file === 'config.ts')!.text;
    for (const key of SETTING_KEYS) expect(config).toContain(`'${key}'`);
    for (const s of sources) if (s.file !== 'config.ts') expect(s.text, s.file).not.toContain('getConfiguration(');
  });

  it('defaults the index scope to the CLI scope', () => {
    const props = Object.assign({}, ...contributes.configuration.map((s: { properties: object }) => s.properties));
    expect(props['memhp.index.include'].default).toEqual(DEFAULT_INCLUDE);
    expect(props['memhp.index.exclude'].default).toEqual(DEFAULT_EXCLUDE);
  });

  it('offers the shipped scenarios by name and a severity for every rule', () => {
    const props = Object.assign({}, ...contributes.configuration.map((s: { properties: object }) => s.properties));
    expect(props['memhp.scenario'].enum).toEqual(SHIPPED_SCENARIOS.map((s) => s.name));
    expect(props['memhp.scenario'].default).toBe(SHIPPED_SCENARIOS[0]!.name);
    expect(Object.keys(props['memhp.rules'].properties)).toEqual(EVERY_RULE.map((r) => r.id));
    for (const rule of Object.values(props['memhp.rules'].properties) as { enum: string[] }[])
      expect(rule.enum).toEqual(['off', 'info', 'warning', 'error']);
  });

  it('uses in when-clauses only the context keys the code sets, and sets them only through ctx', () => {
    const used = new Set(
      whenClauses(contributes).flatMap((w) => [...w.matchAll(/\bmemhp\.[A-Za-z.]+/g)].map((m) => m[0])),
    );
    const viewIds = new Set([PATHS_VIEW_ID]);
    for (const key of used) if (!viewIds.has(key)) expect(CONTEXT_KEYS as readonly string[]).toContain(key);
    for (const key of CONTEXT_KEYS) expect([...used]).toContain(key);
    for (const s of sources) if (s.file !== 'ctx.ts') expect(s.text, s.file).not.toContain("'setContext'");
  });

  it('names the view container, view, panel and language the code uses', () => {
    expect(contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id)).toEqual([VIEW_CONTAINER_ID]);
    expect(contributes.views[VIEW_CONTAINER_ID].map((v: { id: string }) => v.id)).toEqual([PATHS_VIEW_ID]);
    expect(manifest.activationEvents).toContain(`onWebviewPanel:${GRAPH_PANEL_TYPE}`);
    expect(contributes.languages.map((l: { id: string }) => l.id)).toEqual([PATCH_LANGUAGE_ID]);
    expect(contributes.grammars.map((g: { language: string }) => g.language)).toEqual([PATCH_LANGUAGE_ID]);
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe(true);
    const referenced = [
      ...contributes.grammars.map((g: { path: string }) => g.path),
      ...contributes.languages.map((l: { configuration: string }) => l.configuration),
      ...contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon),
    ];
    for (const path of referenced) expect(existsSync(join(root, path)), path).toBe(true);
  });
});

describe('the .vsix', () => {
  it('holds exactly the bundles (the parse and analysis workers included), both wasm files, the grammar and the panel media', () => {
    execFileSync(process.execPath, [join(root, 'extension/scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
    const listed = execFileSync(join(root, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
    const expected = [
      'dist/analysis-worker.js',
      'dist/extension.js',
      'dist/parse-worker.js',
      'dist/tree-sitter-c.wasm',
      'dist/tree-sitter.wasm',
      'dist/webview.js',
      'media/graph-panel.css',
      'media/memhp.svg',
      'package.json',
      'syntaxes/patch-email.language-configuration.json',
      'syntaxes/patch-email.tmLanguage.json',
    ];
    const optional = ['README.md', 'CHANGELOG.md', 'LICENSE'];
    // Rule pages are linked from each diagnostic's code, so every one that exists is shipped.
    const ruleDocs = EVERY_RULE.map((r) => `extension/docs/rules/${r.id}.md`).filter((f) => existsSync(join(root, f)));
    expect(listed.filter((f) => !optional.includes(f))).toEqual([...expected, ...ruleDocs].sort());
  });
});

describe('the panel shell and webview stay inert', () => {
  const webviewDir = join(root, 'extension/src/surfaces/webview');
  const webview = readdirSync(webviewDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: readFileSync(join(webviewDir, f), 'utf8') }));

  it('has a strict CSP with a per-load nonce and no inline or eval allowances', () => {
    const html = sources.find((s) => s.file === 'graph-html.ts')!.text;
    expect(html).toContain('"default-src \'none\'"');
    expect(html).toContain("`script-src 'nonce-${nonce}'`");
    expect(html).toContain('randomBytes(16)');
    expect(html).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('never writes markup from data: no innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
    for (const s of [...webview, ...sources])
      expect(s.text, s.file).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/);
  });
});
