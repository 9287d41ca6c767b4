// Escaping for review outputs: one-line fields (subjects, names, messages) that must not break a line or
// a mail header, and JSON whose text holds no raw C1 or bidi control characters.

import { terminalSafe } from './escape.js';

/** Control characters made visible, and line breaks too: for a text that must stay on one line. */
export function oneLine(text: string): string {
  return terminalSafe(text).replace(/\r?\n/g, '\\n');
}

/**
 * JSON text of a value. JSON.stringify escapes C0 controls; DEL, C1, line/paragraph separators and bidi
 * overrides it leaves raw, so they are escaped here too. The data is unchanged; only its spelling is.
 */
export function jsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
