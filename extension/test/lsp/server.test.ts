// The language server as Neovim or Emacs runs it: `node dist/lsp.js --stdio`, spoken to with the protocol's
// Node client. It opens the fixture tree, and checks the exact diagnostics of a file, the hover at a call,
// the call hierarchy of a function, a patch review through workspace/executeCommand, and an edit of an
// open buffer (debounced, the buffer over the disk) changing both the diagnostics and the review.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CallHierarchyIncomingCallsRequest,
  CallHierarchyOutgoingCallsRequest,
  CallHierarchyPrepareRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type Diagnostic,
  type InitializeResult,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { ensureBuilt, freshCacheDir, repoRoot, runCli } from '../cli/run-cli.js';
import { startServer, type LspClient } from './client.js';
import { kasanAddHover, memremapDiagnostics } from './expected.js';

const root = join(repoRoot, 'test-fixtures/linux-4.19-shape');
const mbox = join(repoRoot, 'test-fixtures/series/add-device-memory.mbox');
const uriOf = (path: string) => pathToFileURL(join(root, path)).href;
const memremap = uriOf('kernel/memremap.c');
const memremapText = readFileSync(join(root, 'kernel/memremap.c'), 'utf8');

/** What a reviewer reads of a diagnostic: 1-based line, column, severity, rule and message. */
const brief = (d: Diagnostic) => ({
  line: d.range.start.line + 1,
  column: d.range.start.character,
  severity: d.severity,
  code: d.code,
  message: d.message,
});

let cache: string;
let client: LspClient;
let opened: PublishDiagnosticsParams;

beforeAll(async () => {
  ensureBuilt();
  cache = freshCacheDir();
  client = startServer(cache);
  const init: InitializeResult = await client.connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'linux-4.19-shape' }],
    capabilities: {},
  });
  expect(init).toEqual({
    capabilities: {
      textDocumentSync: 2,
      hoverProvider: true,
      callHierarchyProvider: true,
      executeCommandProvider: { commands: ['memhp.reviewPatch'] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'memhp-review-lsp' },
  });
  await client.connection.sendNotification(InitializedNotification.type, {});
  const first = client.diagnostics(memremap);
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: memremap, languageId: 'c', version: 1, text: memremapText },
  });
  opened = await first;
});

afterAll(async () => {
  if (client) expect(await client.stop()).toBe(0);
  rmSync(cache, { recursive: true, force: true });
});

describe('memhp-review-lsp over stdio', () => {
  it('publishes the findings of an open C file, one per site, with rule, line and message', () => {
    expect(opened.version).toBe(1);
    expect(opened.diagnostics.map(brief)).toEqual(memremapDiagnostics);
    const kasan = opened.diagnostics[1]!;
    expect(kasan.source).toBe('memhp');
    expect(kasan.codeDescription).toEqual({
      href: pathToFileURL(join(repoRoot, 'extension/docs/rules/kasan-under-hotplug-lock.md')).href,
    });
    expect(kasan.relatedInformation).toEqual([
      {
        location: { uri: memremap, range: { start: { line: 141, character: 0 }, end: { line: 141, character: 0 } } },
        message: 'device.mutex taken here (caller (driver probe holds device_lock()))',
      },
      {
        location: { uri: memremap, range: { start: { line: 209, character: 1 }, end: { line: 209, character: 1 } } },
        message: 'cpu_hotplug_lock taken here via mem_hotplug_begin()',
      },
      {
        location: { uri: memremap, range: { start: { line: 209, character: 1 }, end: { line: 209, character: 1 } } },
        message: 'mem_hotplug_lock taken here via mem_hotplug_begin()',
      },
    ]);
  });

  it('hovers a call with the editor hover: chains, locks and where taken, the zone model, the findings there', async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: memremap },
      position: { line: 210, character: 12 },
    });
    expect(hover).toEqual({
      contents: {
        kind: 'markdown',
        value: kasanAddHover,
      },
      range: { start: { line: 210, character: 9 }, end: { line: 210, character: 30 } },
    });
    // Between words (the blank before the callee) there is nothing to show.
    expect(
      await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: memremap },
        position: { line: 210, character: 8 },
      }),
    ).toBeNull();
  });

  it('answers the call hierarchy from the call graph, registered callbacks included', async () => {
    const items = await client.connection.sendRequest(CallHierarchyPrepareRequest.type, {
      textDocument: { uri: memremap },
      position: { line: 103, character: 14 },
    });
    expect(items?.map(({ name, detail, uri, selectionRange }) => ({ name, detail, uri, selectionRange }))).toEqual([
      {
        name: 'devm_memremap_pages_release',
        detail: 'static · kernel/memremap.c:104',
        uri: memremap,
        selectionRange: { start: { line: 103, character: 12 }, end: { line: 103, character: 39 } },
      },
    ]);
    const incoming = await client.connection.sendRequest(CallHierarchyIncomingCallsRequest.type, { item: items![0]! });
    expect(incoming?.map((c) => [c.from.name, c.from.detail, c.fromRanges])).toEqual([
      [
        'devm_memremap_pages',
        'kernel/memremap.c:142 · registered callback (devm_add_action)',
        [{ start: { line: 236, character: 22 }, end: { line: 236, character: 49 } }],
      ],
    ]);
    const outgoing = await client.connection.sendRequest(CallHierarchyOutgoingCallsRequest.type, { item: items![0]! });
    expect(outgoing?.map((c) => [c.to.name, c.to.uri, c.fromRanges[0]!.start.line + 1])).toEqual([
      ['resource_size', uriOf('include/linux/ioport.h'), 118],
      ['mem_hotplug_begin', uriOf('mm/memory_hotplug.c'), 121],
      ['arch_remove_memory', uriOf('arch/x86/mm/init_64.c'), 122],
      ['mem_hotplug_done', uriOf('mm/memory_hotplug.c'), 125],
      ['pgmap_radix_release', memremap, 128],
    ]);
  });

  it('reviews a series through memhp.reviewPatch: the CLI report as text, New and Fixed on the patch lines', async () => {
    const marked = client.diagnostics(pathToFileURL(mbox).href);
    const text = await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'memhp.reviewPatch',
      arguments: [mbox],
    });
    const cli = runCli(['check', '--tree', root, '--patch', mbox], cache);
    expect(cli.code).toBe(0);
    expect(`${text as string}\n`).toBe(cli.stdout);
    const newLine = (line: number, message: string, code = 'kasan-under-hotplug-lock') => ({
      line,
      column: 0,
      severity: 2,
      code,
      message: `New: ${message}`,
    });
    const fixedLine = (line: number, message: string, code = 'kasan-under-hotplug-lock') => ({
      line,
      column: 0,
      severity: 3,
      code,
      message: `Fixed by this series: ${message}`,
    });
    expect((await marked).diagnostics.map(brief)).toEqual([
      newLine(
        154,
        'kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:209 via mem_hotplug_begin()): it allocates page tables and may sleep; could it run before mem_hotplug_begin()?',
      ),
      newLine(
        159,
        'kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:209 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
      ),
      newLine(
        200,
        'kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:121 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
      ),
      fixedLine(
        239,
        'kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:121 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
      ),
      fixedLine(
        249,
        'kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:210 via mem_hotplug_begin()): it allocates page tables and may sleep; could it run before mem_hotplug_begin()?',
      ),
      fixedLine(
        268,
        'kasan_remove_zero_shadow() is called here without mem_hotplug_lock, but with mem_hotplug_lock held at kernel/memremap.c:124 (reached from the same entry, devm_memremap_pages())',
        'inconsistent-lock-context',
      ),
    ]);
  });

  it('re-analyses an edited buffer (debounced, over the disk): its findings and the review follow the buffer', async () => {
    const edited = client.diagnostics(memremap, (p) => p.version === 2);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: memremap, version: 2 },
      contentChanges: [
        {
          range: { start: { line: 209, character: 0 }, end: { line: 211, character: 0 } },
          text: '\terror = kasan_add_zero_shadow(__va(align_start), align_size);\n\tmem_hotplug_begin();\n',
        },
      ],
    });
    // The kasan_add_zero_shadow() call now runs before mem_hotplug_begin(): its finding is gone.
    expect((await edited).diagnostics.map(brief)).toEqual(opened.diagnostics.map(brief).filter((d) => d.line !== 211));
    const text = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'memhp.reviewPatch',
      arguments: [{ path: mbox }],
    })) as string;
    // The review reads the buffer, not the disk: the series' hunk over those lines no longer applies.
    expect(text.split('\n').filter((l) => l.startsWith('  kernel/memremap.c hunk #2'))).toEqual([
      '  kernel/memremap.c hunk #2: FAILED: context mismatch at line 209: the hunk expects "\tmem_hotplug_begin();" (patch line 248), the file has "\terror = kasan_add_zero_shadow(__va(align_start), align_size);", nor at any offset or with fuzz 2',
    ]);
  });

  it('hands a closed buffer back to the disk and clears its diagnostics', async () => {
    const cleared = client.diagnostics(memremap);
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri: memremap },
    });
    expect((await cleared).diagnostics).toEqual([]);
    const text = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'memhp.reviewPatch',
      arguments: [pathToFileURL(mbox).href],
    })) as string;
    expect(text.split('\n').filter((l) => l.startsWith('  kernel/memremap.c hunk #2'))).toEqual([
      '  kernel/memremap.c hunk #2: applied cleanly at line 207',
    ]);
  });

  it('refuses a patch that is not there with a message naming it', async () => {
    await expect(
      client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: 'memhp.reviewPatch',
        arguments: ['/nonexistent/series.mbox'],
      }),
    ).rejects.toThrow('memhp.reviewPatch: /nonexistent/series.mbox: no such file');
  });
});
