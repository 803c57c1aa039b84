import { describe, expect, it, vi } from 'vitest';
import { contract } from '../../src-main/contract.ts';
import { createDispatcher, type Handlers } from '../../src-main/services/dispatch.ts';
import { StudioError } from '../../src-main/services/errors.ts';
import { createServices } from '../../src-main/services/services.ts';
import { ENGINE_VERSION } from '../../engine/api.ts';
import { PRESET_NAMES, presetParams } from '../../engine/params/presets.ts';

const services = createServices({ identity: { name: 'Microcircuit Studio', version: '9.9.9' }, dataDir: '/nonexistent' });

describe('dispatch through the contract', () => {
  it('app.info names the app, the engine and the transport of the call', async () => {
    const r = await services.dispatch('app.info', {}, { transport: 'web' });
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({ name: 'Microcircuit Studio', version: '9.9.9', engineVersion: ENGINE_VERSION, transport: 'web' }),
    });
    const viaIpc = await services.dispatch('app.info', undefined, { transport: 'ipc' });
    expect(viaIpc.ok && (viaIpc.value as { transport: string }).transport).toBe('ipc');
  });

  it('params.presets lists every preset with its description', async () => {
    const r = await services.dispatch('params.presets', {}, { transport: 'ipc' });
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.value as { name: string }[]).map((p) => p.name)).toEqual([...PRESET_NAMES]);
  });

  it('params.defaults returns the preset parameter set', async () => {
    for (const preset of PRESET_NAMES) {
      const r = await services.dispatch('params.defaults', { preset }, { transport: 'ipc' });
      expect(r).toEqual({ ok: true, value: presetParams(preset) });
    }
  });

  it('refuses a bad payload with the field, the value and what is allowed', async () => {
    const r = await services.dispatch('params.defaults', { preset: 'huge' }, { transport: 'web' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'bad-request',
        message: `preset: got "huge", allowed: one of 'default', 'full'`,
        field: 'preset',
        got: '"huge"',
        allowed: "one of 'default', 'full'",
      },
    });
  });

  it('refuses unknown methods, including inherited property names', async () => {
    for (const m of ['runs.nope', 'toString', '__proto__', 'constructor']) {
      const r = await services.dispatch(m, {}, { transport: 'web' });
      expect(r.ok ? null : r.error.code, m).toBe('unknown-method');
    }
  });

  it('passes a StudioError through typed, and hides anything else as internal', async () => {
    const failing = {
      ...Object.fromEntries(Object.keys(contract).map((m) => [m, () => ({})])),
      'params.presets': () => {
        throw new StudioError('not-found', 'no such preset list');
      },
      'params.defaults': () => {
        throw new TypeError('boom');
      },
    } as unknown as Handlers;
    const onInternal = vi.fn();
    const dispatch = createDispatcher(failing, onInternal);
    expect(await dispatch('params.presets', {}, { transport: 'ipc' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no such preset list' },
    });
    const r = await dispatch('params.defaults', { preset: 'default' }, { transport: 'ipc' });
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'params.defaults failed: boom' } });
    expect(onInternal).toHaveBeenCalledOnce();
  });

  it('logs an internal failure on one line of its own text, control characters escaped (issue 13 item 4)', async () => {
    const failing = {
      ...Object.fromEntries(Object.keys(contract).map((m) => [m, () => ({})])),
      'params.defaults': () => {
        throw new Error('spike_recorder-1-0.dat line 3: got "\u001b[2J\u001b]0;pwned\u0007\u202e"');
      },
    } as unknown as Handlers;
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await createDispatcher(failing)('params.defaults', { preset: 'default' }, { transport: 'web' });
      expect(log).toHaveBeenCalledOnce();
      const logged = log.mock.calls[0].map(String).join(' ');
      // eslint-disable-next-line no-control-regex
      expect(logged).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      expect(logged).toContain('params.defaults failed: Error: spike_recorder-1-0.dat line 3: got "\\u001b[2J\\u001b]0;pwned\\u0007\\u202e"');
    } finally {
      log.mockRestore();
    }
  });

  it('every contract entry has a doc line and a payload schema', () => {
    for (const [name, spec] of Object.entries(contract)) {
      expect(spec.doc.length, name).toBeGreaterThan(10);
      expect(typeof spec.payload.parse, name).toBe('function');
    }
  });
});
