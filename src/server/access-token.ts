/**
 * The access token of a server reachable from other machines (issue 21 item 6): `vpcsim serve` binds to a
 * non-loopback address only when asked explicitly, and then every request must prove it knows the token printed at
 * start — as `Authorization: Bearer TOKEN`, as `?token=TOKEN` (the printed URL; the answer sets a cookie so the
 * page's own requests carry it), or as that cookie.
 * Invariants: pure functions of the request's headers and URL; tokens are compared in constant time; a request
 * without a token is 401, one with a wrong token 403.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The cookie that carries the token after the printed URL was opened. */
export const TOKEN_COOKIE = 'vpcsim_token';

export type TokenCheck =
  | { readonly ok: true; readonly setCookie?: string | undefined }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

/** Is `host` an address only this machine can reach (127.0.0.0/8, ::1, localhost)? */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** A fresh token: 24 random bytes, URL-safe. */
export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(cookie: string | undefined): string | undefined {
  for (const part of (cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return undefined;
}

/** Check a request against the server's token. */
export function checkToken(headers: IncomingHttpHeaders, query: URLSearchParams, token: string): TokenCheck {
  const auth = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  const fromQuery = query.get('token') ?? undefined;
  const given = auth ?? fromQuery ?? cookieToken(headers.cookie);
  if (given === undefined)
    return {
      ok: false,
      status: 401,
      reason:
        'this server needs the access token printed when it started: open the printed URL, or send Authorization: Bearer TOKEN',
    };
  if (!sameToken(given, token)) return { ok: false, status: 403, reason: 'wrong access token' };
  return fromQuery !== undefined && auth === undefined
    ? { ok: true, setCookie: `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict` }
    : { ok: true };
}
