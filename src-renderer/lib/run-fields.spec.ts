import { describe, expect, it } from 'vitest';
import { MAX_TAG_LENGTH } from '../../src-main/common/limits.ts';
import { nameProblem, tagProblem } from './run-fields.ts';

describe('run fields', () => {
  it('a tag is one word: a space, a tab or a no-break space is refused in words, with a suggestion', () => {
    expect(tagProblem('low rate')).toBe('A tag is one word, without spaces: join the words with a dash, e.g. “low-rate”.');
    expect(tagProblem('  a \t b  ')).toBe('A tag is one word, without spaces: join the words with a dash, e.g. “a-b”.');
    expect(tagProblem('x\u00a0y')).toMatch(/^A tag is one word/);
    expect(tagProblem(`${'a'.repeat(MAX_TAG_LENGTH)} b`)).toBe('A tag is one word, without spaces.');
    expect(tagProblem('bell\u0007')).toMatch(/control characters/);
    expect(tagProblem('t'.repeat(MAX_TAG_LENGTH + 1))).toBe(`A tag has at most ${MAX_TAG_LENGTH} characters (this one has ${MAX_TAG_LENGTH + 1}).`);
  });

  it('takes one word, trimmed, and says nothing of an empty text (nothing is saved)', () => {
    for (const ok of ['baseline', ' paper-fig3 ', 'N=0.1', 'ümlaut', 't'.repeat(MAX_TAG_LENGTH), '', '   ']) expect(tagProblem(ok), ok).toBeNull();
  });

  it('a name may have spaces but no control characters', () => {
    expect(nameProblem('half scale, seed 7')).toBeNull();
    expect(nameProblem('two\nlines')).toMatch(/line breaks/);
  });
});
