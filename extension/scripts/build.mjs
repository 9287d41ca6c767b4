// Bundles the CLI, the language server, the extension host and the call-graph webview with esbuild, and copies the two wasm
// files beside them (the build fails loudly when either is missing).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

const entries = [
  { in: 'extension/src/surfaces/cli/main.ts', out: 'cli.js', banner: '#!/usr/bin/env node' },
  { in: 'extension/src/surfaces/lsp/main.ts', out: 'lsp.js', banner: '#!/usr/bin/env node' },
  // The CLI's parse pool runs this in each worker thread.
  { in: 'extension/src/surfaces/node/parse-worker.ts', out: 'parse-worker.js' },
  // The editor's analysis runs in this worker thread.
  { in: 'extension/src/surfaces/node/analysis-worker.ts', out: 'analysis-worker.js' },
  { in: 'extension/src/surfaces/vscode/extension.ts', out: 'extension.js', external: ['vscode'] },
  { in: 'extension/eval/run.ts', out: 'eval.js' },
  // The fuzzer (npm run fuzz); not shipped: .vscodeignore lists only the extension's files.
  { in: 'extension/scripts/fuzz/main.ts', out: 'fuzz.js' },
  // The whole-tree front-end run (npm run stress:tree); not shipped either.
  { in: 'extension/scripts/stress/main.ts', out: 'stress.js' },
];
for (const e of entries) {
  if (!existsSync(join(root, e.in))) continue;
  await build({
    ...common,
    entryPoints: [e.in],
    outfile: join(dist, e.out),
    external: e.external ?? [],
    // ESM dependencies read import.meta.url; in a CJS bundle it is this file's URL.
    define: { 'import.meta.url': '__memhpImportMetaUrl' },
    banner: {
      js: `${e.banner ? `${e.banner}\n` : ''}const __memhpImportMetaUrl = require('node:url').pathToFileURL(__filename).href;`,
    },
  });
}
// The call-graph panel runs in the browser sandbox: one IIFE, no Node built-ins, no tree-sitter.
await build({
  entryPoints: ['extension/src/surfaces/webview/main.ts'],
  outfile: join(dist, 'webview.js'),
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
  absWorkingDir: root,
});
copyFileSync(join(root, 'node_modules/web-tree-sitter/tree-sitter.wasm'), join(dist, 'tree-sitter.wasm'));
copyFileSync(join(root, 'node_modules/tree-sitter-c/tree-sitter-c.wasm'), join(dist, 'tree-sitter-c.wasm'));
