// What every feature receives: the extension context, the log and the kernel roots (one analysis each, with
// its folder's settings). Features push their disposables here and set context keys only through setContext.

import * as vscode from 'vscode';
import { KernelRoots } from './roots.js';
import type { ContextKey } from './ids.js';
import { HostPerf } from './perf.js';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly roots: KernelRoots;
  /** The host thread's blocks and the edits' latency (memhp._hostPerf). */
  readonly perf: HostPerf;
  subscribe(...disposables: vscode.Disposable[]): void;
  setContext(key: ContextKey, value: unknown): Thenable<unknown>;
}

export function createCtx(extension: vscode.ExtensionContext): Ctx {
  const log = vscode.window.createOutputChannel('MM Hotplug Review', { log: true });
  const perf = new HostPerf();
  const roots = new KernelRoots(perf.blocks);
  extension.subscriptions.push(log, roots, perf);
  return {
    extension,
    log,
    roots,
    perf,
    subscribe: (...disposables) => extension.subscriptions.push(...disposables),
    setContext: (key, value) => vscode.commands.executeCommand('setContext', key, value),
  };
}
