// Bundles the CLI (and later the extension and webview) with esbuild and copies the two wasm files beside them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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
  { in: 'extension/src/surfaces/vscode/extension.ts', out: 'extension.js', external: ['vscode'] },
];
for (const e of entries) {
  if (!existsSync(join(root, e.in))) continue;
  await build({
    ...common,
    entryPoints: [e.in],
    outfile: join(dist, e.out),
    external: e.external ?? [],
    banner: e.banner ? { js: e.banner } : undefined,
  });
}
copyFileSync(join(root, 'node_modules/web-tree-sitter/tree-sitter.wasm'), join(dist, 'tree-sitter.wasm'));
copyFileSync(join(root, 'node_modules/tree-sitter-c/tree-sitter-c.wasm'), join(dist, 'tree-sitter-c.wasm'));
