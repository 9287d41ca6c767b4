// What every feature receives: the extension context, the log, the analysis host and the settings.
// Features push their disposables here and set context keys only through setContext.

import * as vscode from 'vscode';
import { Analysis } from './analysis.js';
import { readSettings, type Settings } from './config.js';
import type { ContextKey } from './ids.js';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly analysis: Analysis;
  settings(): Settings;
  subscribe(...disposables: vscode.Disposable[]): void;
  setContext(key: ContextKey, value: unknown): Thenable<unknown>;
}

export function createCtx(extension: vscode.ExtensionContext): Ctx {
  const log = vscode.window.createOutputChannel('MM Hotplug Review', { log: true });
  const settings = () => readSettings(vscode.workspace.workspaceFolders?.[0]?.uri);
  const analysis = new Analysis(settings);
  extension.subscriptions.push(log, analysis);
  return {
    extension,
    log,
    analysis,
    settings,
    subscribe: (...disposables) => extension.subscriptions.push(...disposables),
    setContext: (key, value) => vscode.commands.executeCommand('setContext', key, value),
  };
}
