// Test helpers: patch sources from inline text, and format-patch style mails built from parts.

import type { PatchSource } from '../../src/core/patch/types.js';

export function source(name: string, text: string | Uint8Array): PatchSource {
  return { name, bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text };
}

export function rows(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export interface MailParts {
  subject: string;
  id?: string;
  from?: string;
  date?: string;
  inReplyTo?: string;
  references?: string;
  message?: string;
  diff?: string;
}

/** One `git format-patch` mail: separator line, headers, message, `---`, the diff, signature. */
export function formatPatch(parts: MailParts): string {
  const headers = [
    'From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001',
    `From: ${parts.from ?? 'Oscar Salvador <osalvador@example.org>'}`,
    `Date: ${parts.date ?? 'Mon, 15 Oct 2018 17:30:31 +0200'}`,
    `Subject: ${parts.subject}`,
  ];
  if (parts.id) headers.push(`Message-Id: ${parts.id}`);
  if (parts.inReplyTo) headers.push(`In-Reply-To: ${parts.inReplyTo}`);
  if (parts.references) headers.push(`References: ${parts.references}`);
  const body = [parts.message ?? 'A change.', '', '---'];
  return `${headers.join('\n')}\n\n${body.join('\n')}\n${parts.diff ?? ''}-- \n2.17.1\n\n`;
}
