import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import DetailSection from './DetailSection.svelte';

const html = (text: string) => createRawSnippet(() => ({ render: () => text }));

describe('DetailSection', () => {
  it('a card named by its title, with what it covers after it', () => {
    render(DetailSection, { title: 'Distributions', unit: 'over the analysis window', children: html('<p>content</p>') });
    const region = screen.getByRole('region', { name: 'Distributions over the analysis window' });
    expect(region.classList.contains('card')).toBe(true);
    expect(region.querySelector('h3')?.textContent).toBe('Distributions over the analysis window');
    expect(region.lastElementChild?.textContent).toBe('content');
  });

  it('controls sit on the title line', () => {
    render(DetailSection, { title: 'Raster', controls: html('<form aria-label="window"></form>'), children: html('<p>plot</p>') });
    const head = screen.getByRole('heading', { name: 'Raster' }).parentElement!;
    expect(head.classList.contains('section-head')).toBe(true);
    expect(head.querySelector('form')?.getAttribute('aria-label')).toBe('window');
  });
});
