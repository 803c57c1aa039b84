import { describe, expect, it } from 'vitest';
import { Loadable } from './loadable.svelte.ts';

describe('Loadable', () => {
  it('loads once when first shown, again with a new query; only the newest reply lands', async () => {
    const asked: number[] = [];
    const replies: ((v: string) => void)[] = [];
    const part = new Loadable<number, string>((q) => {
      asked.push(q);
      return new Promise((r) => replies.push(r));
    }, 1);
    expect(part.started).toBe(false);
    const first = part.ensure();
    expect(part.ensure()).toBeNull();
    expect(part.loading).toBe(true);
    const second = part.load(2);
    replies[1]!('two');
    await second;
    replies[0]!('one');
    await first;
    expect(asked).toEqual([1, 2]);
    expect(part.value).toBe('two');
    expect(part.query).toBe(2);
    expect(part.loading).toBe(false);
    expect(part.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('a failure says why; reset forgets the value and any reply on its way', async () => {
    let fail = true;
    let release = (): void => {};
    const part = new Loadable<string, string>(
      (q) => (fail ? Promise.reject(new Error(`no ${q}`)) : new Promise((r) => (release = () => r(q)))),
      'a',
    );
    await part.load();
    expect(part.error).toBe('no a');
    expect(part.value).toBeNull();
    fail = false;
    const pending = part.load('b');
    part.reset('c');
    release();
    await pending;
    expect(part.value).toBeNull();
    expect(part.query).toBe('c');
    expect(part.started).toBe(false);
    expect(part.error).toBeNull();
  });
});
