// Reads the series position out of a patch subject: `[PATCH v3 2/7]`, `[RFC PATCH net-next v2 02/10]`,
// `[RFC][PATCH 1/2]`, `Re: [PATCH 2/5]`. Pure string work; knows nothing of mail headers.

import type { SubjectInfo } from './types.js';

const REPLY_PREFIX = /^\s*((re|aw|sv|fwd?)\s*(\[\d+\])?\s*:\s*)+/i;
const LEADING_GROUP = /^\s*\[([^\]]*)\]/;

export function parseSubject(subject: string): SubjectInfo {
  const replyMatch = REPLY_PREFIX.exec(subject);
  const isReply = replyMatch !== null && /^\s*re/i.test(replyMatch[0]);
  let rest = replyMatch ? subject.slice(replyMatch[0].length) : subject;
  const words: string[] = [];
  for (let m = LEADING_GROUP.exec(rest); m; m = LEADING_GROUP.exec(rest)) {
    words.push(...m[1]!.split(/\s+/).filter((w) => w !== ''));
    rest = rest.slice(m[0].length);
  }
  let version = 1;
  let index = 1;
  let total = 1;
  let numbered = false;
  const tags: string[] = [];
  for (const word of words) {
    const v = /^v(\d+)$/i.exec(word);
    const n = /^(\d+)\/(\d+)$/.exec(word);
    if (v) version = Number(v[1]);
    else if (n) {
      index = Number(n[1]);
      total = Number(n[2]);
      numbered = true;
    } else if (!/^patch$/i.test(word)) tags.push(word);
  }
  return { title: rest.trim(), tags, version, index, total, isCover: numbered && index === 0, isReply };
}
