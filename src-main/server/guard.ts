/**
 * Who may talk to the localhost server: pure checks on a request's Host, Origin and token, so the
 * refusals are testable without sockets. Loopback alone is not enough (any local process and any web
 * page the user opens can reach 127.0.0.1), hence:
 *   - Host must name this server (defeats DNS rebinding),
 *   - Origin, when sent, must be this server (a page elsewhere cannot call the API),
 *   - the random token from the printed URL must come along: as `Authorization: Bearer`, as
 *     `?token=`, or as the cookie the server sets when the page is first opened with the token.
 */
import { timingSafeEqual } from 'node:crypto';

export interface GuardConfig {
  token: string;
  port: number;
}

export type Refusal = { status: 401 | 403; code: 'unauthorized' | 'forbidden'; message: string };

export interface RequestFacts {
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  cookie: string | undefined;
  /** The `token` query parameter, if any. */
  queryToken: string | null;
}

export function tokenCookieName(port: number): string {
  return `mcs_token_${port}`;
}

export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The token the request presents, from the header, the query or the cookie (in that order). */
export function presentedToken(facts: RequestFacts, port: number): string | null {
  const auth = facts.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  if (facts.queryToken) return facts.queryToken;
  return cookieValue(facts.cookie, tokenCookieName(port));
}

/** Null when the request may proceed, else why not. Checks Host, then Origin, then the token. */
export function checkRequest(facts: RequestFacts, config: GuardConfig): Refusal | null {
  const hosts = [`127.0.0.1:${config.port}`, `localhost:${config.port}`];
  if (!facts.host || !hosts.includes(facts.host.toLowerCase())) {
    return {
      status: 403,
      code: 'forbidden',
      message: `Host ${JSON.stringify(facts.host ?? '')} is not this server; allowed: ${hosts.join(', ')}`,
    };
  }
  if (facts.origin !== undefined && !allowedOrigins(config.port).includes(facts.origin)) {
    return {
      status: 403,
      code: 'forbidden',
      message: `Origin ${JSON.stringify(facts.origin)} may not use this server; allowed: ${allowedOrigins(config.port).join(', ')}`,
    };
  }
  const token = presentedToken(facts, config.port);
  if (token === null || !sameSecret(token, config.token)) {
    return {
      status: 401,
      code: 'unauthorized',
      message: `${token === null ? 'missing' : 'wrong'} token: open the URL that \`npm run serve\` printed (it ends in ?token=...)`,
    };
  }
  return null;
}
