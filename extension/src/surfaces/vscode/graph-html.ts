// The call-graph panel's static HTML shell: strict CSP with a fresh nonce, the webview script and styles
// from the extension's own dist/ and media/. No data is ever written into this HTML.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'graph-panel.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Hotplug Call Graph</title>
</head>
<body>
<header class="toolbar">
  <span class="title" id="title"></span>
  <button type="button" id="clear-focus" hidden>Whole tree</button>
  <label>Entry <select id="filter-entry"><option value="">all</option></select></label>
  <label>Target <select id="filter-target"><option value="">all</option></select></label>
  <label>Rule <select id="filter-rule"><option value="">all</option></select></label>
  <span class="side" id="side" hidden>
    <button type="button" id="side-before">Before</button><button type="button" id="side-after">After</button>
  </span>
  <label><input type="checkbox" id="show-locks" checked> Locks</label>
  <span class="spacer"></span>
  <button type="button" id="zoom-out" title="Zoom out">−</button>
  <button type="button" id="zoom-fit" title="Fit to window">Fit</button>
  <button type="button" id="zoom-in" title="Zoom in">+</button>
  <button type="button" id="export-svg">Export SVG</button>
  <button type="button" id="export-dot">Export DOT</button>
</header>
<div class="legend" id="legend"></div>
<main id="canvas" tabindex="-1"></main>
<footer class="status" id="status"></footer>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
