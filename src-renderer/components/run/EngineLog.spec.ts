import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import EngineLog from './EngineLog.svelte';

describe('EngineLog', () => {
  it('folds the lines under their count, each marked with its level', () => {
    const { container } = render(EngineLog, {
      logs: [
        { level: 'info', line: 'building the network' },
        { level: 'warn', line: 'engine output: x' },
      ],
    });
    expect(screen.getByText('Engine log (2 lines)').tagName).toBe('SUMMARY');
    expect(Array.from(container.querySelectorAll('li')).map((li) => `${li.className.split(' ')[0]}: ${li.textContent}`)).toEqual(['info: building the network', 'warn: engine output: x']);
  });

  it('one line is a line', () => {
    render(EngineLog, { logs: [{ level: 'error', line: 'stopped' }] });
    expect(screen.getByText('Engine log (1 line)')).toBeTruthy();
  });
});
