import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import WindowFields from './WindowFields.svelte';

describe('WindowFields', () => {
  it('shows the window in ms under the test ids of its form', () => {
    render(WindowFields, { from: 500, to: 1500, testid: 'x' });
    expect((screen.getByTestId('x-from') as HTMLInputElement).value).toBe('500');
    expect((screen.getByTestId('x-to') as HTMLInputElement).value).toBe('1500');
    expect(screen.getByLabelText(/From/)).toBe(screen.getByTestId('x-from'));
  });
});
