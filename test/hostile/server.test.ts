/**
 * Issue 21 item 6, over loopback: an oversized body is answered 413 with the limit (it used to be cut by a
 * connection reset), two Host headers are refused, and event streams are capped.
 */
import { connect, type Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/server/backend.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { emptyNetwork } from '../../src/model/network.js';

/** Send raw bytes and collect the reply until the server closes (or `until` matches). */
function raw(port: number, text: string | Buffer, until?: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      s.destroy();
      resolve(got);
    };
    s.on('data', (c: Buffer) => {
      got += c.toString('utf8');
      if (until?.test(got)) done();
    });
    s.on('error', done);
    s.on('close', done);
    s.write(text);
  });
}

describe('vpcsim serve under hostile requests', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    const backend: Backend = {
      load: () =>
        Promise.resolve({
          network: emptyNetwork(),
          expectations: [],
          diagnostics: [],
          files: [],
          variants: [],
        }),
      validate: () => [],
      trace: () => {
        throw new Error('not traced here');
      },
      test: () => [],
    };
    srv = await startServer({
      backend,
      webRoot: mkdtempSync(`${tmpdir()}/vpcsim-web-`),
      watchEnabled: false,
    });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('a body over 64 KiB is answered 413 with the limit, by its Content-Length', async () => {
    const body = 'x'.repeat(100_000);
    const r = await raw(
      srv.port,
      `POST /api/trace HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      /\r\n\r\n\{.*\}/s,
    );
    expect(r).toMatch(/^HTTP\/1\.1 413 /);
    expect(r).toContain('{"error":"request body too large: the limit is 65536 bytes (64 KiB)"}');
  });

  it('a chunked body over 64 KiB is answered 413 too', async () => {
    const chunk = 'x'.repeat(16_000);
    const chunks = Array.from({ length: 6 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const r = await raw(
      srv.port,
      `POST /api/trace HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`,
      /\r\n\r\n(?:[0-9a-f]+\r\n)?\{.*\}/s,
    );
    expect(r).toMatch(/^HTTP\/1\.1 413 /);
    expect(r).toContain('the limit is 65536 bytes');
  });

  it('a request with two Host headers is refused', async () => {
    const r = await raw(
      srv.port,
      `GET /api/model HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
    );
    expect(r).toMatch(/^HTTP\/1\.1 403 /);
    expect(r).toContain('two Host headers');
  });

  it('event streams are capped at 64: the 65th is 503 while they are held', async () => {
    const request = `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n\r\n`;
    const held = await Promise.all(
      Array.from(
        { length: 64 },
        () =>
          new Promise<Socket>((resolve) => {
            const s = connect(srv.port, '127.0.0.1');
            s.on('data', (c: Buffer) => {
              if (c.toString().includes('event: hello')) resolve(s);
            });
            s.write(request);
          }),
      ),
    );
    try {
      const r = await raw(srv.port, request, /\r\n\r\n\{.*\}/s);
      expect(r).toMatch(/^HTTP\/1\.1 503 /);
      expect(r).toContain('too many open event streams (the limit is 64)');
    } finally {
      for (const s of held) s.destroy();
    }
  });
});
