// The page's check of tags and names (src-renderer/lib/run-fields.ts) is the services' rule: what the
// page lets through, the contract's payload schema and the store both take; what it refuses, one of
// them refuses. Candidates cover every kind of white space and control character JavaScript knows.
import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH, MAX_TAG_LENGTH } from '../../src-main/common/limits.ts';
import { contract } from '../../src-main/contract.ts';
import { checkName, checkTag } from '../../src-main/store/rows.ts';
import { nameProblem, tagProblem } from '../../src-renderer/lib/run-fields.ts';

const ODD = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2003', '\u2028', '\u202f', '\u3000', '\ufeff', '\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\u200b', '-', '_', '.', 'é', '😀'];
const candidates = (max: number): string[] => [
  'baseline',
  'a'.repeat(max),
  'a'.repeat(max + 1),
  ...ODD.flatMap((c) => [`a${c}b`, `${c}`, `x${c}`]),
];

function accepted(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

describe('the page checks tags and names as the services do', () => {
  it('tags', () => {
    for (const raw of candidates(MAX_TAG_LENGTH)) {
      const sent = raw.trim();
      if (sent === '') continue; // the page sends nothing
      const services = contract['runs.tag'].payload.parse({ id: 1, tag: sent }).ok && accepted(() => checkTag(sent));
      expect(tagProblem(raw) === null, JSON.stringify(raw)).toBe(services);
    }
  });

  it('names', () => {
    for (const raw of candidates(MAX_NAME_LENGTH)) {
      const sent = raw.trim();
      if (sent === '') continue;
      const services = contract['runs.rename'].payload.parse({ id: 1, name: sent }).ok && accepted(() => checkName(sent));
      expect(nameProblem(raw) === null, JSON.stringify(raw)).toBe(services);
    }
  });
});
