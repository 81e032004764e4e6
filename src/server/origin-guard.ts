/**
 * DNS-rebinding and cross-origin protection for the local server.
 *
 * Model: a page on another site can make the browser send requests to 127.0.0.1 (directly, or through a DNS
 * name it re-points at 127.0.0.1). Both carry something the server can check: the `Host` header names the
 * attacker's host name, and the `Origin` header (sent on every POST and on cross-origin GETs) names the attacker's
 * origin. So: `Host` must be one of the server's own `host:port` names, and `Origin`, when present, must be
 * `http://` + one of them. `Sec-Fetch-Site: cross-site` is refused too. A server with an access token
 * (access-token.ts) accepts any Host, since other machines may name it in any way; its Origin must still be the
 * request's own Host (the token, not the name, keeps other sites out).
 * Invariants: pure function of the headers and the allowed names; anything unexpected is refused.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type GuardResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The `host:port` names a server bound to `host` on `port` answers to. */
export function allowedHosts(host: string, port: number): string[] {
  const names = new Set<string>([`${host}:${port}`]);
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '0.0.0.0' || host === '::') {
    names.add(`127.0.0.1:${port}`);
    names.add(`localhost:${port}`);
    names.add(`[::1]:${port}`);
  }
  if (host.includes(':') && !host.startsWith('[')) names.add(`[${host}]:${port}`);
  return [...names].sort();
}

/** Check a request's Host / Origin / Sec-Fetch-Site against the server's own names. */
export function checkRequest(
  headers: IncomingHttpHeaders,
  allowed: readonly string[],
  rawHeaders: readonly string[] = [],
  anyHost = false,
): GuardResult {
  // Node keeps the first of two Host headers; a proxy in front may have read the other: refuse the request.
  if (rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'host').length > 1)
    return { ok: false, reason: 'two Host headers' };
  const host = (headers.host ?? '').toLowerCase();
  if (anyHost ? host === '' : !allowed.includes(host))
    return { ok: false, reason: `Host "${host}" is not this server (${allowed.join(', ')})` };
  // With an access token (a server other machines reach) the Host may be any name of it; the Origin must match it.
  const origins = anyHost ? [host] : allowed;
  const origin = headers.origin;
  if (origin !== undefined && !origins.some((a) => origin.toLowerCase() === `http://${a}`)) {
    return { ok: false, reason: `Origin "${origin}" is not this server` };
  }
  if (headers['sec-fetch-site'] === 'cross-site') return { ok: false, reason: 'cross-site request refused' };
  return { ok: true };
}
