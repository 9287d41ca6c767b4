// Test helper: starts `node dist/lsp.js --stdio` as an editor would and talks to it with the protocol's
// own Node client (vscode-languageserver-protocol over vscode-jsonrpc stream framing). Collects what the
// server pushes: diagnostics by URI, messages and log lines.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../cli/run-cli.js';

export interface LspClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** window/showMessage texts so far. */
  messages: string[];
  logs: string[];
  /** Resolves once the server has shown `count` messages, with all of them. */
  untilMessages(count: number): Promise<string[]>;
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  /** Every diagnostics notification so far, in order. */
  published: PublishDiagnosticsParams[];
  stderr(): string;
  /** shutdown + exit; resolves with the server's exit code. */
  stop(): Promise<number | null>;
}

export function startServer(cacheDir: string, args: readonly string[] = ['--stdio']): LspClient {
  const child = spawn(process.execPath, [join(repoRoot, 'dist/lsp.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, MEMHP_CACHE_DIR: cacheDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const published: PublishDiagnosticsParams[] = [];
  const waiters: {
    uri: string;
    accept: (p: PublishDiagnosticsParams) => boolean;
    done: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  const messages: string[] = [];
  const logs: string[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (const w of [...waiters])
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(p);
      }
  });
  const messageWaiters: { count: number; done: (m: string[]) => void }[] = [];
  connection.onNotification(ShowMessageNotification.type, (p) => {
    messages.push(p.message);
    for (const w of [...messageWaiters])
      if (messages.length >= w.count) {
        messageWaiters.splice(messageWaiters.indexOf(w), 1);
        w.done([...messages]);
      }
  });
  connection.onNotification(LogMessageNotification.type, (p) => void logs.push(p.message));
  connection.listen();
  return {
    connection,
    process: child,
    messages,
    logs,
    untilMessages: (count) =>
      new Promise((done) => {
        if (messages.length >= count) done([...messages]);
        else messageWaiters.push({ count, done });
      }),
    published,
    diagnostics: (uri, accept = () => true) =>
      new Promise((done) => {
        waiters.push({ uri, accept, done });
      }),
    stderr: () => stderr,
    stop: async () => {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
