// memhp-review-lsp: the language server over stdio (`memhp-review-lsp --stdio`; --node-ipc and --socket=N
// work too, as vscode-languageserver reads them). Nothing but the protocol goes to stdout.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createCParser } from '../../core/syntax/parser.js';
import { DiskFactsCache } from '../node/cache.js';
import { readWasm } from '../node/wasm.js';
import { startServer } from './server.js';

const USAGE = `usage: memhp-review-lsp --stdio

The MM Hotplug Review language server: diagnostics, hover and call hierarchy on the C files of a kernel
tree (a workspace folder holding mm/memory_hotplug.c), and the command memhp.reviewPatch.
`;

const TRANSPORTS = /^--(stdio|node-ipc|socket(=\d+)?|pipe(=.+)?)$/;

function main(argv: readonly string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  if (!argv.some((a) => TRANSPORTS.test(a))) {
    process.stderr.write(`memhp-review-lsp: say how to talk: --stdio (a client starts it so)\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const parser = createCParser(readWasm(__dirname));
  const docs = [join(__dirname, '../extension/docs/rules'), join(__dirname, '../../../docs/rules')];
  startServer(createConnection(ProposedFeatures.all), {
    parser: () => parser,
    cache: () => {
      const cache = new DiskFactsCache();
      return { cache, save: () => cache.save() };
    },
    docsDir: docs.find((d) => existsSync(d)) ?? docs[0]!,
  });
}

main(process.argv.slice(2));
