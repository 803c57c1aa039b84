import { describe, expect, it } from 'vitest';
import { StudioClient, StudioRequestError } from './client.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';

describe('StudioClient', () => {
  it('returns the value of a good reply and sends {} for an empty payload', async () => {
    const t = new FakeTransport({ 'params.presets': () => ({ ok: true, value: [{ name: 'default', description: 'd' }] }) });
    const client = new StudioClient(t);
    expect(await client.call('params.presets')).toEqual([{ name: 'default', description: 'd' }]);
    expect(t.calls).toEqual([{ method: 'params.presets', payload: {} }]);
  });

  it('throws the typed error of a failed reply', async () => {
    const t = new FakeTransport({
      'params.defaults': () => ({ ok: false, error: { code: 'bad-request', message: 'preset: got "x"', field: 'preset' } }),
    });
    const error = await new StudioClient(t).call('params.defaults', { preset: 'default' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioRequestError);
    expect((error as StudioRequestError).info).toMatchObject({ code: 'bad-request', field: 'preset' });
    expect((error as Error).message).toBe('params.defaults: preset: got "x"');
  });
});
