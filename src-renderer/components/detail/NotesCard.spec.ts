import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { MAX_NOTES_LENGTH } from '../../../src-main/common/limits.ts';
import NotesCard from './NotesCard.svelte';

describe('NotesCard', () => {
  it('Ctrl+Enter saves an edit; nothing to save, nothing sent', async () => {
    const onSave = vi.fn(async () => true);
    render(NotesCard, { notes: 'old', saving: false, error: null, onSave });
    const input = screen.getByTestId('notes-input') as HTMLTextAreaElement;
    expect(input.value).toBe('old');
    await fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true });
    expect(onSave).not.toHaveBeenCalled();
    await fireEvent.input(input, { target: { value: 'new text' } });
    await fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true });
    expect(onSave).toHaveBeenCalledWith('new text');
  });

  it('too long a text is refused before it is sent; a refusal of the services is shown', async () => {
    const onSave = vi.fn(async () => false);
    const { rerender } = render(NotesCard, { notes: '', saving: false, error: null, onSave });
    await fireEvent.input(screen.getByTestId('notes-input'), { target: { value: 'x'.repeat(MAX_NOTES_LENGTH + 1) } });
    expect((screen.getByTestId('notes-save') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toMatch(/at most 20,000/);
    await rerender({ notes: '', saving: false, error: 'runs.setNotes: database is locked', onSave });
    await fireEvent.input(screen.getByTestId('notes-input'), { target: { value: 'ok' } });
    await waitFor(() => expect(screen.getByTestId('notes-error').textContent).toBe('Not saved: runs.setNotes: database is locked'));
  });
});
