// Open C buffers of a kernel root go into its index, debounced: each edit restarts the timer, and when it
// fires the buffers' current texts are laid over the disk and the root is analysed again. A closed buffer
// hands the file back to the disk.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KernelIndex } from './kernel-index.js';

export const DEBOUNCE_MS = 300;

export interface SyncHost {
  /** The open document of a URI, as the client has it now. */
  document(uri: string): TextDocument | undefined;
  /** Analyses the index again and publishes its diagnostics. */
  refresh(index: KernelIndex): Promise<void>;
  /** Publishes the current diagnostics of one document (its text is what the index holds). */
  publish(index: KernelIndex, doc: TextDocument): void;
}

export class DocumentSync {
  private readonly pending = new Map<KernelIndex, Map<string, string>>();
  private readonly timers = new Map<KernelIndex, NodeJS.Timeout>();

  constructor(
    private readonly host: SyncHost,
    private readonly delayMs = DEBOUNCE_MS,
  ) {}

  /** A buffer was opened or edited. */
  changed(index: KernelIndex, doc: TextDocument): void {
    const path = index.pathOf(doc.uri);
    if (!path) return;
    if (index.current && index.textOf(path) === doc.getText()) {
      this.host.publish(index, doc);
      return;
    }
    const list = this.pending.get(index) ?? new Map<string, string>();
    list.set(path, doc.uri);
    this.pending.set(index, list);
    this.schedule(index, this.delayMs);
  }

  /** A buffer was closed: the disk counts again for its file. */
  closed(index: KernelIndex, uri: string): void {
    const path = index.pathOf(uri);
    if (!path) return;
    this.pending.get(index)?.delete(path);
    if (index.restoreDisk(path)) this.schedule(index, 0);
  }

  /** Lays every pending buffer over the disk now (a review reads the tree as the editor has it). */
  flush(index: KernelIndex): void {
    const list = this.pending.get(index);
    this.pending.delete(index);
    for (const [path, uri] of list ?? []) {
      const doc = this.host.document(uri);
      if (doc) index.setBuffer(path, doc.getText());
    }
  }

  /** Flushes and analyses at once, without waiting for the timer (a newly loaded root). */
  async now(index: KernelIndex): Promise<void> {
    this.cancel(index);
    this.flush(index);
    await this.host.refresh(index);
  }

  forget(index: KernelIndex): void {
    this.cancel(index);
    this.pending.delete(index);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private cancel(index: KernelIndex): void {
    const timer = this.timers.get(index);
    if (timer) clearTimeout(timer);
    this.timers.delete(index);
  }

  private schedule(index: KernelIndex, delay: number): void {
    this.cancel(index);
    this.timers.set(
      index,
      setTimeout(() => {
        this.timers.delete(index);
        void this.now(index);
      }, delay),
    );
  }
}
