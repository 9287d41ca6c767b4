// What every feature receives: the extension context, the log and the kernel roots (one analysis each, with
// its folder's settings). Features push their disposables here and set context keys only through setContext.

import * as vscode from 'vscode';
import { KernelRoots } from './roots.js';
import type { ContextKey } from './ids.js';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly roots: KernelRoots;
  subscribe(...disposables: vscode.Disposable[]): void;
  setContext(key: ContextKey, value: unknown): Thenable<unknown>;
}

export function createCtx(extension: vscode.ExtensionContext): Ctx {
  const log = vscode.window.createOutputChannel('MM Hotplug Review', { log: true });
  const roots = new KernelRoots();
  extension.subscriptions.push(log, roots);
  return {
    extension,
    log,
    roots,
    subscribe: (...disposables) => extension.subscriptions.push(...disposables),
    setContext: (key, value) => vscode.commands.executeCommand('setContext', key, value),
  };
}
