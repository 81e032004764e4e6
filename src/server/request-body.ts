/**
 * Reading a request body with a size limit: a body over the limit (by its Content-Length, or as it arrives when
 * chunked) rejects with `BodyTooLarge`, which the server answers 413 with the limit, never reading the rest.
 */
import type { IncomingMessage } from 'node:http';

/** The limit on request bodies (POST /api/trace's flow is a few hundred bytes). */
export const MAX_BODY = 64 * 1024;

/** A body over MAX_BODY: answered 413 with the limit, never read further. */
export class BodyTooLarge extends Error {
  constructor() {
    super(`request body too large: the limit is ${MAX_BODY} bytes (64 KiB)`);
  }
}

/** The whole body as UTF-8, or BodyTooLarge. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => {
      resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}
