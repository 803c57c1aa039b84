/**
 * The Electron build's security policy as pure functions (no Electron import), so it is unit
 * tested under plain Node; the glue in security.ts and ipc.ts applies it.
 */

/** The renderer is served from this custom protocol (src-main/electron/protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Whether a URL belongs to our app:// origin. (WHATWG URL gives non-special schemes the origin "null", so compare parts.) */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Requests the window may make: our own files and DevTools. No remote content. */
export function isAllowedRequestUrl(url: string): boolean {
  if (isAppUrl(url)) return true;
  return url.startsWith('devtools://') || url.startsWith('data:') || url.startsWith('blob:app://studio/');
}

export interface SenderFacts {
  /** webContents id of the sender. */
  webContentsId: number;
  /** URL of the frame that sent the message; null when the frame is gone. */
  frameUrl: string | null;
  /** Whether the sending frame is its page's top frame. */
  isMainFrame: boolean;
}

/** An IPC call is accepted only from the top frame of one of our windows showing our app:// page. */
export function isTrustedSender(sender: SenderFacts, ourWebContentsIds: ReadonlySet<number>): boolean {
  return (
    ourWebContentsIds.has(sender.webContentsId) &&
    sender.isMainFrame &&
    sender.frameUrl !== null &&
    isAppUrl(sender.frameUrl)
  );
}

/** In-window navigation is allowed only within our page (a reload, a hash change). */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}
