import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../test-support/fake-transport.ts';
import { pickTransport } from './pick-transport.ts';
import { WebTransport } from './web-transport.ts';

describe('pickTransport', () => {
  const location = { origin: 'http://127.0.0.1:4000', search: '?token=abc' };

  it("uses the preload's window.studio inside Electron", () => {
    const studio = new FakeTransport({}, 'ipc');
    expect(pickTransport({ studio, location })).toEqual({ ok: true, transport: studio });
  });

  it('uses the localhost transport with the token from the URL in a browser', () => {
    const choice = pickTransport({ location });
    expect(choice.ok && choice.transport).toBeInstanceOf(WebTransport);
    expect(choice.ok && choice.transport.kind).toBe('web');
  });

  it('explains a missing token', () => {
    const choice = pickTransport({ location: { ...location, search: '' } });
    expect(choice).toMatchObject({ ok: false, reason: expect.stringContaining('npm run serve') });
  });
});
