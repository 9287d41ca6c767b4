import { describe, expect, it } from 'vitest';
import { compareFindings, comparePaths } from '../../src/core/patch/compare.js';
import type { Finding } from '../../src/core/model/finding.js';

function f(fingerprint: string, file: string, line: number): Finding {
  return {
    ruleId: fingerprint.split('|')[0]!,
    severity: 'warning',
    messageId: 'm',
    message: fingerprint,
    location: { file, line, column: 0 },
    function: 'fn',
    entry: 'e',
    chain: [],
    locks: [],
    related: [],
    scenario: 'default',
    fingerprint,
  };
}

describe('compareFindings', () => {
  it('matches by fingerprint whatever the line, and splits New / Fixed / Old', () => {
    const moved = (file: string, line: number) => ({ path: file, line: line + 10 });
    const out = compareFindings(
      [f('a|x', 'm.c', 5), f('gone|y', 'm.c', 7)],
      [f('a|x', 'm.c', 40), f('new|z', 'n.c', 3)],
      moved,
    );
    expect(
      out.map(
        (c) =>
          `${c.status} ${c.finding.fingerprint} ${c.finding.location.line}${c.before ? ` was ${c.before.location.line}` : ''}`,
      ),
    ).toEqual(['new new|z 3', 'fixed gone|y 7', 'old a|x 40 was 5']);
  });

  it('pairs repeated fingerprints by where the old line went, the rest in order', () => {
    const map = (file: string, line: number) =>
      line === 10 ? { path: file, line: 30 } : line === 20 ? undefined : { path: file, line };
    const out = compareFindings(
      [f('r|s', 'a.c', 10), f('r|s', 'a.c', 20)],
      [f('r|s', 'a.c', 25), f('r|s', 'a.c', 30), f('r|s', 'a.c', 50)],
      map,
    );
    expect(
      out.map((c) => `${c.status} ${c.finding.location.line}${c.before ? `<-${c.before.location.line}` : ''}`),
    ).toEqual(['new 50', 'old 25<-20', 'old 30<-10']);
  });
});

describe('comparePaths', () => {
  it('lists paths only after and only before', () => {
    expect(comparePaths(['a -> b', 'c -> d'], ['a -> b', 'e -> f'])).toEqual({
      added: ['e -> f'],
      removed: ['c -> d'],
    });
  });
});
