// Colours for the graph, read from the VS Code theme's CSS variables at render time and written into the
// SVG as attributes, so an exported SVG looks the same outside the editor. Browser-only.

import type { EdgeKind } from '../../core/model/call.js';
import type { Severity } from '../../core/model/finding.js';

export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  border: string;
  entry: string;
  target: string;
  selected: string;
  added: string;
  removed: string;
  severity: Record<Severity, string>;
  font: string;
}

function themeColor(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  return {
    background: themeColor(style, '--vscode-editor-background', '#ffffff'),
    foreground: themeColor(style, '--vscode-editor-foreground', '#1f1f1f'),
    muted: themeColor(style, '--vscode-descriptionForeground', '#6f6f6f'),
    border: themeColor(style, '--vscode-editorWidget-border', '#8a8a8a'),
    entry: themeColor(style, '--vscode-charts-blue', '#1a73e8'),
    target: themeColor(style, '--vscode-charts-purple', '#9334e6'),
    selected: themeColor(style, '--vscode-focusBorder', '#0090f1'),
    added: themeColor(style, '--vscode-charts-green', '#1e8e3e'),
    removed: themeColor(style, '--vscode-charts-red', '#d93025'),
    severity: {
      error: themeColor(style, '--vscode-editorError-foreground', '#e51400'),
      warning: themeColor(style, '--vscode-editorWarning-foreground', '#bf8803'),
      info: themeColor(style, '--vscode-editorInfo-foreground', '#1a85ff'),
    },
    font: themeColor(style, '--vscode-editor-font-family', 'monospace'),
  };
}

/** Dash pattern per edge kind; the legend shows the same. */
export const EDGE_DASH: Readonly<Record<EdgeKind, string>> = {
  direct: '',
  registered: '7 4',
  callback: '2 3',
  ops: '9 3 2 3',
  address: '1 5',
};
