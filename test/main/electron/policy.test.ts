import { describe, expect, it } from 'vitest';
import { APP_URL, isAllowedNavigation, isAllowedRequestUrl, isAppUrl, isTrustedSender } from '../../../src-main/electron/policy.ts';

describe('Electron security policy', () => {
  it('recognises our app:// origin only', () => {
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl('app://studio/assets/x.js')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://studio/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('loads no remote content', () => {
    expect(isAllowedRequestUrl('app://studio/assets/index.js')).toBe(true);
    expect(isAllowedRequestUrl('devtools://devtools/bundled/x.html')).toBe(true);
    for (const url of ['https://example.com/x.js', 'http://127.0.0.1:1/', 'file:///etc/passwd', 'ws://127.0.0.1:1/ws']) {
      expect(isAllowedRequestUrl(url), url).toBe(false);
    }
  });

  it('navigation stays on our page', () => {
    expect(isAllowedNavigation('app://studio/index.html#runs')).toBe(true);
    expect(isAllowedNavigation('https://example.com')).toBe(false);
  });

  it('accepts IPC only from the top frame of our window showing our page', () => {
    const ours = new Set([7]);
    const good = { webContentsId: 7, frameUrl: 'app://studio/index.html', isMainFrame: true };
    expect(isTrustedSender(good, ours)).toBe(true);
    expect(isTrustedSender({ ...good, webContentsId: 8 }, ours)).toBe(false);
    expect(isTrustedSender({ ...good, isMainFrame: false }, ours)).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: 'https://evil.example/' }, ours)).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: null }, ours)).toBe(false);
  });
});
