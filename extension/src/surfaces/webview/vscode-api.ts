// The webview's handle on VS Code (acquireVsCodeApi, a global the webview host defines), typed for the
// panel's messages and saved state. Browser-only.

import type { PanelState, WebviewToHost } from '../../core/views/panel-protocol.js';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): PanelState;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscodeApi: VsCodeApi = acquireVsCodeApi();
