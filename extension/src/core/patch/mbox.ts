// Splits a patch file into mails (git format-patch mbox, b4 .mbx, or a single patch) and reads the
// subject and [PATCH vN m/n] numbering of each, so a series can be ordered.

export interface PatchMail {
  /** 1-based line of the mail's first line in the file it came from. */
  line: number;
  subject: string;
  messageId?: string;
  from?: string;
  version: number;
  index: number;
  total: number;
  isCover: boolean;
  /** Everything after the headers. */
  body: string;
  /** 1-based line in the source file where body starts. */
  bodyLine: number;
}

const FROM_LINE = /^From \S+ +\S{3} \S{3} +\d+ \d\d:\d\d:\d\d \d{4}\s*$/;

export function splitMails(text: string): PatchMail[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (FROM_LINE.test(l)) starts.push(i);
  });
  if (starts.length === 0) starts.push(0);
  const mails: PatchMail[] = [];
  starts.forEach((start, k) => {
    const end = starts[k + 1] ?? lines.length;
    mails.push(readMail(lines.slice(start, end), start + 1));
  });
  return mails;
}

function readMail(lines: string[], firstLine: number): PatchMail {
  let i = FROM_LINE.test(lines[0] ?? '') ? 1 : 0;
  const headers = new Map<string, string>();
  const looksLikeHeaders = /^[A-Za-z-]+:/.test(lines[i] ?? '');
  if (looksLikeHeaders) {
    let last = '';
    for (; i < lines.length && lines[i] !== ''; i++) {
      const l = lines[i]!;
      if (/^\s/.test(l) && last) headers.set(last, `${headers.get(last)} ${l.trim()}`);
      else {
        const m = /^([A-Za-z-]+):\s*(.*)$/.exec(l);
        if (!m) break;
        last = m[1]!.toLowerCase();
        headers.set(last, m[2]!);
      }
    }
    if (lines[i] === '') i++;
  }
  const subject = headers.get('subject') ?? '';
  const numbering = /\[(?:[^\]]*?\s)?PATCH(?:\s+v(\d+))?(?:\s+(\d+)\/(\d+))?[^\]]*\]/i.exec(subject);
  const index = numbering?.[2] ? Number(numbering[2]) : 1;
  const total = numbering?.[3] ? Number(numbering[3]) : 1;
  const mail: PatchMail = {
    line: firstLine,
    subject,
    version: numbering?.[1] ? Number(numbering[1]) : 1,
    index,
    total,
    isCover: numbering?.[2] !== undefined && index === 0,
    body: lines.slice(i).join('\n'),
    bodyLine: firstLine + i,
  };
  const id = headers.get('message-id');
  if (id) mail.messageId = id;
  const from = headers.get('from');
  if (from) mail.from = from;
  return mail;
}

/** Mails in series order: by version, then m of [PATCH m/n], then position in the file. */
export function orderSeries(mails: PatchMail[]): PatchMail[] {
  return mails
    .map((m, pos) => ({ m, pos }))
    .sort((a, b) => a.m.version - b.m.version || a.m.index - b.m.index || a.pos - b.pos)
    .map((x) => x.m);
}
