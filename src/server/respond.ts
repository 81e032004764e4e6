/**
 * JSON answers of the page server: every API response is JSON, never cached, never sniffed; an error is
 * `{ error: message }` with its status (and never a stack).
 */
import type { ServerResponse } from 'node:http';
import type { ErrorResponse } from './api-types.js';

/** Answer `status` with `body` as JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

/** Answer `status` with `{ error: message }`. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message } satisfies ErrorResponse);
}
