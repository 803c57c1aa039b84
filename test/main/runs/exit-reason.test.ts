/** What a run's failure says when its engine process ended without a word. */
import { describe, expect, it } from 'vitest';
import { appendTail, describeExit } from '../../../src-main/runs/exit-reason.ts';

describe('describeExit', () => {
  it('names the signal, the code, or why it could not start, with the last line of output', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('the engine process exited with signal SIGKILL');
    expect(describeExit({ code: 3, signal: null }, 'a\n  b  \n\n')).toBe('the engine process exited with code 3 (its last output: b)');
    expect(describeExit({ code: null, signal: null, error: 'spawn ENOENT' })).toBe('the engine process could not be started: spawn ENOENT');
    expect(describeExit({ code: null, signal: null })).toBe('the engine process exited');
  });

  it('keeps only the tail of the output', () => {
    expect(appendTail('abc', 'defg', 5)).toBe('cdefg');
    expect(appendTail('', 'xy', 5)).toBe('xy');
  });
});
