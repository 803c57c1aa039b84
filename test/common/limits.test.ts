// The limits page and services share (src-main/common/limits.ts) are the ones the contract's
// payload schemas enforce: a request at the limit passes, one past it is refused naming the field.
import { describe, expect, it } from 'vitest';
import { MAX_COMPARED_RUNS, MAX_NAME_LENGTH, MAX_TAG_LENGTH } from '../../src-main/common/limits.ts';
import { contract } from '../../src-main/contract.ts';
import { checkName, checkTag } from '../../src-main/store/rows.ts';

const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('shared limits', () => {
  it('runs.compare takes MAX_COMPARED_RUNS runs and refuses one more', () => {
    expect(contract['runs.compare'].payload.parse({ ids: ids(MAX_COMPARED_RUNS) }).ok).toBe(true);
    const over = contract['runs.compare'].payload.parse({ ids: ids(MAX_COMPARED_RUNS + 1) });
    expect(over).toMatchObject({ ok: false, issue: { field: 'ids', allowed: expect.stringContaining(`2..${MAX_COMPARED_RUNS} items`) } });
  });

  it('names and tags: the contract and the store refuse one character past the limit', () => {
    const name = 'n'.repeat(MAX_NAME_LENGTH);
    expect(contract['runs.rename'].payload.parse({ id: 1, name }).ok).toBe(true);
    expect(contract['runs.rename'].payload.parse({ id: 1, name: `${name}n` })).toMatchObject({ ok: false, issue: { field: 'name' } });
    expect(checkName(name)).toBe(name);
    expect(() => checkName(`${name}n`)).toThrow(`at most ${MAX_NAME_LENGTH} characters`);

    const tag = 't'.repeat(MAX_TAG_LENGTH);
    expect(contract['runs.tag'].payload.parse({ id: 1, tag }).ok).toBe(true);
    expect(contract['runs.tag'].payload.parse({ id: 1, tag: `${tag}t` })).toMatchObject({ ok: false, issue: { field: 'tag' } });
    expect(() => checkTag(`${tag}t`)).toThrow(`at most ${MAX_TAG_LENGTH} characters`);
  });
});
