// End-to-end harness: installs the packaged extension into code-server 4.99.4 (extension/scripts/e2e/setup.sh),
// serves a copy of a fixture tree on a free loopback port and drives Debian's chromium with playwright-core.
// Waits on process output, selectors and events only; screenshots go to test-output/screenshots/.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const repoRoot = join(__dirname, '../../..');
export const outputDir = join(repoRoot, 'test-output');
export const screenshotDir = join(outputDir, 'screenshots');

export interface Session {
  page: Page;
  workspace: string;
  close(): Promise<void>;
}

/**
 * Packages dist/ as it is into a .vsix (MEMHP_E2E_VSIX names a ready one instead). It does not rebuild
 * dist/ (npm test and npm run test:e2e build first), so tests running beside it never see dist/ rewritten.
 */
export function packagedExtension(): string {
  const given = process.env.MEMHP_E2E_VSIX;
  if (given && existsSync(given)) return given;
  for (const bundle of ['extension.js', 'webview.js', 'cli.js', 'tree-sitter.wasm', 'tree-sitter-c.wasm']) {
    if (!existsSync(join(repoRoot, 'dist', bundle)))
      throw new Error(`dist/${bundle} is missing: run npm run build first`);
  }
  const out = join(outputDir, 'e2e', 'memhp-review.vsix');
  mkdirSync(join(outputDir, 'e2e'), { recursive: true });
  execFileSync(
    join(repoRoot, 'node_modules/.bin/vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--out', out],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return out;
}

export function codeServerEntry(): string {
  const out = execFileSync('bash', [join(repoRoot, 'extension/scripts/e2e/setup.sh')], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').at(-1)!;
}

/** A fresh copy of a fixture tree plus extra files (tree-relative path -> source path). */
export function prepareWorkspace(name: string, fixture: string, extra: Record<string, string> = {}): string {
  const dir = join(outputDir, 'e2e', name, 'workspace');
  rmSync(join(outputDir, 'e2e', name), { recursive: true, force: true });
  cpSync(join(repoRoot, fixture), dir, { recursive: true });
  for (const [rel, source] of Object.entries(extra)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    cpSync(join(repoRoot, source), join(dir, rel));
  }
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves when `child` prints a line matching `pattern`; rejects if it exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, log: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log.push(text);
      if (pattern.test(text)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`code-server exited (${code}) before it was ready:\n${log.join('')}`)),
    );
  });
}

export interface Keybinding {
  key: string;
  command: string;
  args?: unknown;
}

/**
 * `workspace`: a folder, or a `.code-workspace` file for a multi-root window. `keybindings` go to the user's
 * keybindings.json: the way a test runs a command the palette does not list (the extension's test hooks).
 */
export async function startSession(
  name: string,
  workspace: string,
  vsix: string,
  entry: string,
  settings: Record<string, unknown> = {},
  keybindings: readonly Keybinding[] = [],
): Promise<Session> {
  const base = join(outputDir, 'e2e', name);
  const userData = join(base, 'user-data');
  const extensions = join(base, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'security.workspace.trust.enabled': false,
        'chat.commandCenter.enabled': false,
        'workbench.colorTheme': 'Default Dark Modern',
        'editor.minimap.enabled': false,
        'window.commandCenter': false,
        'git.enabled': false,
        'git.openRepositoryInParentFolders': 'never',
        // The web workbench saves after a delay by default; the real-tree cases open Debian's trees in place, and
        // typed edits must stay in the buffer (the extension analyses buffers), never reach the files.
        'files.autoSave': 'off',
        ...settings,
      },
      null,
      2,
    ),
  );
  writeFileSync(join(userData, 'User', 'keybindings.json'), JSON.stringify(keybindings, null, 2));
  writeFileSync(join(base, 'config.yaml'), 'auth: none\n');
  const common = ['--config', join(base, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(process.execPath, [entry, ...common, '--install-extension', vsix], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const port = await freePort();
  const log: string[] = [];
  const server = spawn(
    process.execPath,
    [
      entry,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspace,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForOutput(server, /HTTP server listening on/, log);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const open = workspace.endsWith('.code-workspace') ? 'workspace' : 'folder';
    await page.goto(`http://127.0.0.1:${port}/?${open}=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor();
    const opened = browser;
    return {
      page,
      workspace,
      close: async () => {
        await opened.close();
        server.kill('SIGTERM');
      },
    };
  } catch (err) {
    await browser?.close();
    server.kill('SIGTERM');
    throw err;
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Runs a command from the command palette by its full title ("MM Hotplug: Show Call Graph"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens a workspace file through Quick Open and waits for its editor tab to be active. */
export async function openFile(page: Page, relPath: string): Promise<void> {
  const base = relPath.split('/').at(-1)!;
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(relPath);
  const dir = relPath.includes('/') ? relPath.slice(0, relPath.lastIndexOf('/')) : '';
  // Click the row of this very file: the highlighted first row may be a recently opened other file.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).filter({ hasText: dir }).first().click();
  await page.locator(`.tab.active[data-resource-name="${base}"]`).waitFor();
}

/** The call-graph webview's document (two nested iframes deep). */
export function graphFrame(page: Page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** Moves the cursor of the active editor to a 1-based line through Go to Line. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input.input').fill(`:${line}`);
  await page.locator('.quick-input-widget', { hasText: `line ${line}` }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col \\d+$`) }).waitFor();
}

/** Opens the Problems view with its filter set to `filter` (empty: no filter). */
export async function showProblems(page: Page, filter: string): Promise<void> {
  // Ctrl+Shift+M toggles: press it only while the view is not already showing.
  if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
  const input = page.locator('.markers-panel-container .viewpane-filter input, .panel .viewpane-filter input').first();
  await input.waitFor();
  await input.fill(filter);
}
