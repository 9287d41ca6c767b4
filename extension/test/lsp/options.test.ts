// The language server's contract at its edges: its command line, a workspace folder that is not a kernel
// tree, and initialization options (the editor's memhp.* settings): each bad one named, good ones applied.

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
} from 'vscode-languageserver-protocol/node';
import { ensureBuilt, freshCacheDir, repoRoot, writeTree } from '../cli/run-cli.js';
import { startServer } from './client.js';
import { readSettings } from '../../src/surfaces/lsp/settings.js';
import { DEFAULT_SETTINGS } from '../../src/core/analysis/settings.js';

const made: string[] = [];
beforeAll(() => ensureBuilt());
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function initialized(root: string, initializationOptions?: unknown) {
  const cache = freshCacheDir();
  made.push(cache);
  const client = startServer(cache);
  await client.connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: null,
    capabilities: {},
    initializationOptions,
  });
  await client.connection.sendNotification(InitializedNotification.type, {});
  return client;
}

describe('memhp-review-lsp', () => {
  it('says how to start it when no transport is given, and exits 2', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'dist/lsp.js')], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe('memhp-review-lsp: say how to talk: --stdio (a client starts it so)');
  });

  it('names a workspace folder that is not a kernel tree', async () => {
    const root = writeTree({ 'src/a.c': 'int a(void) { return 0; }\n' });
    made.push(root);
    const client = await initialized(root);
    expect(await client.untilMessages(1)).toEqual([
      `memhp-review-lsp: ${root} has no mm/memory_hotplug.c: not a kernel tree, so nothing is checked there`,
    ]);
    expect(await client.stop()).toBe(0);
  });

  it('applies rule levels from the initialization options and names the options it cannot use', async () => {
    const root = join(repoRoot, 'test-fixtures/linux-4.19-shape');
    const client = await initialized(root, {
      scenario: 'sideways',
      rules: { 'unbalanced-teardown': 'off', 'kasan-under-hotplug-lock': 'error', 'no-such-rule': 'warning' },
      paths: { maxDepth: 0 },
    });
    const uri = pathToFileURL(join(root, 'kernel/memremap.c')).href;
    const published = client.diagnostics(uri);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'c', version: 1, text: readFileSync(join(root, 'kernel/memremap.c'), 'utf8') },
    });
    const diagnostics = (await published).diagnostics;
    expect(diagnostics.map((d) => [d.range.start.line + 1, d.severity, d.code])).toEqual([
      [124, 1, 'kasan-under-hotplug-lock'],
      [211, 1, 'kasan-under-hotplug-lock'],
      [242, 2, 'inconsistent-lock-context'],
    ]);
    const messages = await client.untilMessages(3);
    expect(messages.slice(0, 3)).toEqual([
      'memhp-review-lsp: memhp.paths.maxDepth: expected a whole number from 1 to 40; using 12',
      'memhp-review-lsp: memhp.scenario: expected one of default, altmap, device-private, unaligned; using default',
      expect.stringMatching(
        /^memhp-review-lsp: memhp\.rules: no rule no-such-rule \(rules: kasan-under-hotplug-lock, /,
      ),
    ]);
    expect(await client.stop()).toBe(0);
  });
});

describe('readSettings', () => {
  it('reads the editor-shaped settings and keeps the defaults for what is absent', () => {
    expect(readSettings({ arch: 'arm64', index: { exclude: ['mm/hmm.c'] }, scenario: 'altmap' })).toEqual({
      settings: { ...DEFAULT_SETTINGS, arch: 'arm64', exclude: ['mm/hmm.c'], scenario: 'altmap', rules: {} },
      problems: [],
    });
  });

  it('names every option it cannot use', () => {
    expect(
      readSettings({ arch: '../x', index: { include: [] }, paths: 3, rules: { 'double-lock': 'loud' } }).problems,
    ).toEqual([
      'memhp.index.include: expected a list of strings; using the default',
      'memhp.paths: expected an object; using the defaults',
      'memhp.arch: expected an architecture name such as x86 or arm64; using x86',
      'memhp.rules.double-lock: expected off, info, warning or error',
    ]);
    expect(readSettings('x86').problems).toEqual(['memhp settings: expected an object; using the defaults']);
  });
});
