import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import RunsArea from './RunsArea.svelte';

describe('RunsArea', () => {
  it('holds the places where runs and plots will appear', () => {
    render(RunsArea, { presetName: 'default' });
    expect(screen.getByTestId('runs-placeholder').textContent).toMatch(/^Runs will appear here/);
    expect(screen.getByTestId('plots-placeholder').textContent).toMatch(/will appear here/);
  });
});
