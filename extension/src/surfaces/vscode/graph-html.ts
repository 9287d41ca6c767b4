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
  <input type="search" id="search" list="function-names" placeholder="Find function (/)" aria-label="Find a function by name; Enter focuses it" spellcheck="false" autocomplete="off">
  <datalist id="function-names"></datalist>
  <span class="lens" id="lens" hidden>
    Focus <strong id="lens-name"></strong>
    <button type="button" id="hops-less" title="One hop fewer (-)">−</button><span id="hops"></span> hops<button type="button" id="hops-more" title="One hop more (+)">+</button>
    <button type="button" id="unfocus" title="Show every function (Esc)">All functions</button>
  </span>
  <label><span class="word">Entry</span> <select id="filter-entry" aria-label="Entry" title="Entry"><option value="">all entries</option></select></label>
  <label><span class="word">Target</span> <select id="filter-target" aria-label="Target" title="Target"><option value="">all targets</option></select></label>
  <label><span class="word">Rule</span> <select id="filter-rule" aria-label="Rule" title="Rule"><option value="">all rules</option></select></label>
  <span class="side" id="side" hidden>
    <button type="button" id="side-before">Before</button><button type="button" id="side-after">After</button>
  </span>
  <span class="spacer"></span>
  <button type="button" id="zoom-out" title="Zoom out (Ctrl+wheel)">−</button>
  <span id="zoom-level" class="zoom-level" title="Zoom: Ctrl+wheel or the buttons; scroll or drag to move"></span>
  <button type="button" id="zoom-fit" title="Fit to the window, not below a readable size">Fit</button>
  <button type="button" id="zoom-in" title="Zoom in (Ctrl+wheel)">+</button>
  <button type="button" id="export-svg" title="Export SVG"><span class="word">Export </span>SVG</button>
  <button type="button" id="export-dot" title="Export DOT"><span class="word">Export </span>DOT</button>
</header>
<div class="legend" id="legend"></div>
<main id="canvas" tabindex="-1"></main>
<section class="detail" id="detail" aria-live="polite"></section>
<footer class="status" id="status"></footer>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
