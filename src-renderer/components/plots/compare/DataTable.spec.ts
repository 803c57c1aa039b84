import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import DataTable from './DataTable.svelte';

describe('DataTable', () => {
  it('puts the rows in a table named for tests, inside a wrapper that scrolls sideways', () => {
    const children = createRawSnippet(() => ({ render: () => '<tbody><tr><td>cell</td></tr></tbody>' }));
    render(DataTable, { testid: 'compare-params', children });
    const table = screen.getByTestId('compare-params');
    expect(table.tagName).toBe('TABLE');
    expect(table.querySelector('td')?.textContent).toBe('cell');
    expect(table.parentElement?.classList.contains('table-wrap')).toBe(true);
  });
});
