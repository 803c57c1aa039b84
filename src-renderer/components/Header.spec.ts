import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Header from './Header.svelte';

const info = { name: 'Microcircuit Studio', version: '0.1.0', engineName: 'microcircuit-engine', engineVersion: '0.1.0', transport: 'web' as const, platform: 'linux' };

describe('Header', () => {
  it('shows the app name, the engine version and the transport', () => {
    render(Header, { info, transport: 'web' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Microcircuit Studio');
    expect(screen.getByTestId('engine-version').textContent).toBe('microcircuit-engine 0.1.0');
    expect(screen.getByTestId('transport').textContent).toBe('Browser (localhost)');
  });

  it('names the IPC transport inside Electron', () => {
    render(Header, { info: { ...info, transport: 'ipc' }, transport: 'ipc' });
    expect(screen.getByTestId('transport').textContent).toBe('Desktop (IPC)');
  });
});
