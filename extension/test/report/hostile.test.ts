// Hostile input through every review output: control characters, ANSI escapes, bidi overrides and line
// breaks from subjects, messages and patch lines must never reach the output raw.
import { describe, expect, it } from 'vitest';
import { formatReviewEmail } from '../../src/core/report/email.js';
import { formatReviewJson } from '../../src/core/report/review-json.js';
import { formatReviewText } from '../../src/core/report/review-text.js';
import { formatReviewSarif } from '../../src/core/report/sarif.js';
import { fixtureSources, fixtureTree, reviewWith } from '../patch/tree.js';
import { findingFingerprint, type Finding } from '../../src/core/model/finding.js';
import type { ReviewReport } from '../../src/core/patch/review-report.js';

// eslint-disable-next-line no-control-regex -- the point is to find raw control characters
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function outputs(report: ReviewReport): Record<string, string> {
  return {
    text: formatReviewText(report),
    email: formatReviewEmail(report),
    json: formatReviewJson(report),
    sarif: formatReviewSarif(report, { rules: [], toolVersion: '0.1.0' }),
  };
}

describe('hostile input in review outputs', () => {
  it('the hostile fixture patch: ESC bytes and markup stay inert in every format', async () => {
    const tree = await fixtureTree();
    const r = await reviewWith(tree, fixtureSources('series/variants/hostile.patch'), (s) => ({
      findings: s.files.get('mm/memory_hotplug.c')?.facts.functions.some((f) => f.name === 'memhp_describe_range')
        ? [hostileFinding('mm/memory_hotplug.c', 94, 'memhp_describe_range', 'bad \u001b[31m red \u202e and\nBcc: x@y')]
        : [],
      paths: [],
    }));
    expect(r.hunks.map((h) => h.status)).toEqual(['clean']);
    for (const [format, text] of Object.entries(outputs(r))) {
      expect(RAW_CONTROL.test(text), format).toBe(false);
    }
    const email = formatReviewEmail(r);
    expect(
      email
        .split('\n')
        .filter(
          (l) =>
            /^[A-Za-z-]+: /.test(l) &&
            !l.startsWith('Subject:') &&
            !l.startsWith('In-Reply-To:') &&
            !l.startsWith('References:'),
        ),
    ).toEqual([]);
    expect(email).toContain('\\x1b[31m');
  });

  it('a subject with an encoded line break cannot add a mail header', () => {
    const report: ReviewReport = {
      mails: [
        {
          seq: 0,
          at: { file: 'x.patch', line: 1 },
          subject: '[PATCH] x\nBcc: victim@example.org',
          title: 'x',
          tags: [],
          version: 1,
          index: 1,
          total: 1,
          isCover: false,
          isReply: false,
          references: [],
          messageId: '<a@b>',
          message: '',
          author: 'A\u001b]0;pwn\u0007',
          diffs: [
            {
              oldPath: 'a.c',
              newPath: 'a.c',
              kind: 'modify',
              binary: false,
              header: 'diff --git a/a.c b/a.c',
              at: { file: 'x.patch', line: 5 },
              hunks: [
                {
                  number: 1,
                  header: '@@ -1 +1 @@',
                  section: '',
                  at: { file: 'x.patch', line: 8 },
                  oldStart: 1,
                  oldLines: 1,
                  newStart: 1,
                  newLines: 1,
                  oldNoNewline: false,
                  newNoNewline: false,
                  lines: [
                    { op: '-', text: 'a', at: { file: 'x.patch', line: 9 } },
                    { op: '+', text: 'b\u001b[2J', at: { file: 'x.patch', line: 10 } },
                  ],
                },
              ],
            },
          ],
        },
      ],
      problems: [],
      hunks: [],
      files: [],
      paths: { added: [], removed: [] },
      reviewed: true,
      findings: [
        {
          status: 'new',
          finding: hostileFinding('a.c', 1, 'f', 'm'),
          patch: {
            mail: 0,
            path: 'a.c',
            hunk: 1,
            at: { file: 'x.patch', line: 10 },
            sign: '+',
            via: 'location',
            file: 'a.c',
            line: 1,
          },
        },
      ],
    };
    const email = formatReviewEmail(report);
    expect(email.split('\n').slice(0, 4)).toEqual([
      'Subject: Re: [PATCH] x\\nBcc: victim@example.org',
      'In-Reply-To: <a@b>',
      'References: <a@b>',
      '',
    ]);
    expect(email).toContain('A\\x1b]0;pwn\\x07 wrote:');
    expect(email).toContain('> +b\\x1b[2J');
    for (const text of Object.values(outputs(report))) expect(RAW_CONTROL.test(text)).toBe(false);
  });
});

function hostileFinding(file: string, line: number, fn: string, message: string): Finding {
  return {
    ruleId: 'requires-lock',
    severity: 'error',
    messageId: 'notHeld',
    message,
    location: { file, line, column: 0 },
    function: fn,
    entry: fn,
    chain: [],
    locks: [],
    related: [],
    scenario: 'default',
    fingerprint: findingFingerprint('requires-lock', fn, [], message),
  };
}
