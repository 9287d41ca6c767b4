// Feature: Simulate Function: replays the function at the cursor under the configured scenario and opens
// the step trace (calls, locks, model changes, exits per path) as a plain-text document.

import * as vscode from 'vscode';
import { analyze, resolveScenario } from '../../core/analysis/analyze.js';
import { defaultConfig } from '../../core/kernel/config.js';
import { formatTrace, TraceRecorder } from '../../core/report/trace.js';
import { functionAt } from '../../core/views/call-hierarchy.js';
import type { Ctx } from './ctx.js';

export interface Simulate {
  simulateFunction(): Promise<void>;
}

export function register(ctx: Ctx): Simulate {
  return {
    simulateFunction: async () => {
      const editor = vscode.window.activeTextEditor;
      const analysis = editor && ctx.roots.forUri(editor.document.uri);
      const state = analysis?.current;
      const path = editor && analysis?.pathOf(editor.document.uri);
      const word = editor?.document.getWordRangeAtPosition(editor.selection.active, /[A-Za-z_][A-Za-z0-9_]*/);
      const graph = state && path && word ? analysis.graph() : undefined;
      const snapshot = graph && analysis!.snapshot();
      const fn = graph
        ? functionAt(graph, path!, editor!.selection.active.line + 1, editor!.document.getText(word!))
        : undefined;
      if (!analysis || !state || !fn || !snapshot) {
        void vscode.window.showInformationMessage('Place the cursor on a function name in an indexed C file.');
        return;
      }
      const settings = analysis.settings();
      const scenario = resolveScenario(settings.scenario);
      const recorder = new TraceRecorder();
      const result = analyze(snapshot, {
        scenario,
        entries: [fn.name],
        trace: false,
        tap: recorder,
        memoize: false,
        config: defaultConfig(settings.arch),
        rules: settings.rules,
      });
      const text = formatTrace(fn.name, scenario, recorder.paths(scenario), result.findings, result.truncations);
      const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: text });
      await vscode.window.showTextDocument(doc, { preview: false });
    },
  };
}
