import { describe, expect, it } from 'vitest';
import { InlineEdits, type EditedField } from './inline-edits.svelte.ts';

function editor(answer: (text: string) => boolean, check?: (field: EditedField, text: string) => string | null) {
  const saved: [number, EditedField, string][] = [];
  const edits = new InlineEdits((id, field, text) => {
    saved.push([id, field, text]);
    return Promise.resolve(answer(text) ? null : `Not saved: ${text} was refused`);
  }, check);
  return { edits, saved };
}

/** An editor that accepts everything, after run 1 ('baseline') was renamed to `draft` (Enter). */
async function renamed(draft: string): Promise<ReturnType<typeof editor>> {
  const e = editor(() => true);
  e.edits.start(1, 'name', 'baseline');
  e.edits.draft = draft;
  await e.edits.commit(1, 'name');
  return e;
}

describe('InlineEdits', () => {
  it('one editor at a time: opening a tag editor closes the rename of another run', () => {
    const { edits } = editor(() => true);
    edits.start(1, 'name', 'baseline');
    expect(edits.isOpen(1, 'name')).toBe(true);
    expect(edits.draft).toBe('baseline');
    edits.start(2, 'tag');
    expect(edits.isOpen(1, 'name')).toBe(false);
    expect(edits.isOpen(2, 'tag')).toBe(true);
    expect(edits.draft).toBe('');
  });

  it('saves the trimmed draft once: a blur after Enter saves nothing more', async () => {
    const { edits, saved } = await renamed('  baseline seed 55 ');
    await edits.commit(1, 'name');
    expect(saved).toEqual([[1, 'name', 'baseline seed 55']]);
    expect(edits.open).toBeNull();
  });

  it('an empty or unchanged draft, or Escape, saves nothing', async () => {
    const { edits, saved } = await renamed('baseline ');
    edits.start(1, 'tag');
    edits.draft = '   ';
    await edits.commit(1, 'tag');
    edits.start(1, 'tag');
    edits.draft = 'keep';
    edits.cancel();
    await edits.commit(1, 'tag');
    expect(saved).toEqual([]);
  });

  it('a refused save reopens the editor with what was typed; the same text is then still a change', async () => {
    let accept = false;
    const { edits, saved } = editor(() => accept);
    edits.start(3, 'tag');
    edits.draft = 'two words';
    await edits.commit(3, 'tag');
    expect(edits.isOpen(3, 'tag')).toBe(true);
    expect(edits.draft).toBe('two words');
    // the reason stays at the field while the text is the one refused
    expect(edits.error).toBe('Not saved: two words was refused');
    edits.draft = 'two-words';
    expect(edits.error).toBeNull();
    edits.draft = 'two words';
    expect(edits.error).toBe('Not saved: two words was refused');
    accept = true;
    edits.start(4, 'name', 'old');
    edits.draft = 'new';
    await edits.commit(4, 'name');
    expect(saved).toEqual([
      [3, 'tag', 'two words'],
      [4, 'name', 'new'],
    ]);
  });

  it("the page's check shows as the text is typed; a text it refuses is not sent and the editor stays open", async () => {
    const { edits, saved } = editor(
      () => true,
      (field, text) => (field === 'tag' && /\s/.test(text) ? 'A tag is one word' : null),
    );
    edits.start(3, 'tag');
    edits.draft = 'low';
    expect(edits.error).toBeNull();
    edits.draft = 'low rate';
    expect(edits.error).toBe('A tag is one word');
    await edits.commit(3, 'tag');
    await edits.commit(3, 'tag'); // the blur after Enter
    expect(saved).toEqual([]);
    expect(edits.isOpen(3, 'tag')).toBe(true);
    expect(edits.draft).toBe('low rate');
    edits.draft = 'low-rate';
    expect(edits.error).toBeNull();
    await edits.commit(3, 'tag');
    expect(saved).toEqual([[3, 'tag', 'low-rate']]);
    expect(edits.open).toBeNull();
    expect(edits.error).toBeNull();
  });
});
