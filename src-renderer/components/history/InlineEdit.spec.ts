import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import InlineEdit from './InlineEdit.svelte';

function setup() {
  const onCommit = vi.fn();
  const onCancel = vi.fn();
  render(InlineEdit, { value: 'baseline', label: 'New name of baseline', maxlength: 200, testid: 'rename-input', onCommit, onCancel });
  return { input: screen.getByTestId('rename-input') as HTMLInputElement, onCommit, onCancel };
}

describe('InlineEdit', () => {
  it('takes the focus with its text selected, labelled and bounded', () => {
    const { input } = setup();
    expect(document.activeElement).toBe(input);
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 'baseline'.length]);
    expect(input.getAttribute('aria-label')).toBe('New name of baseline');
    expect(input.maxLength).toBe(200);
  });

  it('Enter and leaving the field commit; Escape cancels; other keys only type', async () => {
    const { input, onCommit, onCancel } = setup();
    await fireEvent.keyDown(input, { key: 'a' });
    expect(onCommit).not.toHaveBeenCalled();
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(onCommit).toHaveBeenCalledTimes(1);
    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
    await fireEvent.blur(input);
    expect(onCommit).toHaveBeenCalledTimes(2);
  });
});
