/**
 * Issue 21 item 6, over loopback: a server other machines could reach needs an explicit option and an access
 * token (every request without it is refused: 401, a wrong one 403), and a watched folder that is deleted and made
 * again (as build outputs are) is watched again.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Backend } from '../../src/server/backend.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { emptyNetwork } from '../../src/model/network.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
function get(port: number, path: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const r = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        });
      });
    });
    r.on('error', reject);
    r.end();
  });
}

/** Wait (polling, with a generous give-up) until `cond` holds: ordering, not timing, is what is asserted. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function counting(): { backend: Backend; loads: () => number } {
  let n = 0;
  const backend: Backend = {
    load: () => {
      n++;
      return Promise.resolve({ network: emptyNetwork(), expectations: [], diagnostics: [], files: [] });
    },
    validate: () => [],
    trace: () => {
      throw new Error('not traced here');
    },
    test: () => [],
  };
  return { backend, loads: () => n };
}

const web = mkdtempSync(join(tmpdir(), 'vpcsim-web-'));

describe('vpcsim serve on an address other machines can reach', () => {
  it('is refused without an access token (the server) and without --allow-remote (the CLI)', async () => {
    await expect(
      startServer({ backend: counting().backend, webRoot: web, host: '0.0.0.0', watchEnabled: false }),
    ).rejects.toThrow(
      'refusing to listen on 0.0.0.0, which other machines can reach, without an access token',
    );
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
      stderr += String(c);
      return true;
    });
    let code: number;
    try {
      code = await run(['serve', 'examples/s1-nat-instance.yaml', '--host', '0.0.0.0', '--port', '0']);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(2);
    expect(stderr).toContain('vpcsim: --host 0.0.0.0 can be reached from other machines');
    expect(stderr).toContain('add --allow-remote');
  });

  describe('with an access token', () => {
    let srv: RunningServer;
    const token = 'test-token-0123456789';
    beforeAll(async () => {
      srv = await startServer({
        backend: counting().backend,
        webRoot: web,
        host: '0.0.0.0',
        accessToken: token,
        watchEnabled: false,
      });
    });
    afterAll(async () => {
      await srv.close();
    });
    const host = () => ({ host: `127.0.0.1:${srv.port}` });

    it('prints the token in its URL', () => {
      expect(srv.url).toBe(`http://0.0.0.0:${srv.port}/?token=${token}`);
    });

    it('refuses a request without the token (401) or with a wrong one (403)', async () => {
      const none = await get(srv.port, '/api/model', host());
      expect(none.status).toBe(401);
      expect(none.body).toContain('needs the access token printed when it started');
      expect((await get(srv.port, '/api/model', { ...host(), authorization: 'Bearer nope' })).status).toBe(
        403,
      );
      expect((await get(srv.port, '/api/model?token=nope', host())).status).toBe(403);
      expect((await get(srv.port, '/api/model', { ...host(), cookie: 'vpcsim_token=nope' })).status).toBe(
        403,
      );
      expect((await get(srv.port, '/', host())).status).toBe(401);
    });

    it('answers with the token as a bearer, in the URL (which sets the cookie) and as the cookie', async () => {
      const bearer = await get(srv.port, '/api/model', { ...host(), authorization: `Bearer ${token}` });
      expect(bearer.status).toBe(200);
      expect(bearer.headers['set-cookie']).toBeUndefined();
      const url = await get(srv.port, `/api/model?token=${token}`, host());
      expect(url.status).toBe(200);
      expect(url.headers['set-cookie']).toEqual([`vpcsim_token=${token}; Path=/; HttpOnly; SameSite=Strict`]);
      const cookie = await get(srv.port, '/api/model', { ...host(), cookie: `a=b; vpcsim_token=${token}` });
      expect(cookie.status).toBe(200);
    });

    it('accepts any name for itself with the token, but still refuses a foreign Origin', async () => {
      const auth = { authorization: `Bearer ${token}` };
      expect((await get(srv.port, '/api/model', { host: `vpcsim.lan:${srv.port}`, ...auth })).status).toBe(
        200,
      );
      const foreign = await get(srv.port, '/api/model', {
        host: `vpcsim.lan:${srv.port}`,
        origin: 'http://evil.example',
        ...auth,
      });
      expect(foreign.status).toBe(403);
    });
  });
});

describe('vpcsim serve: a watched folder deleted and made again', () => {
  it('is watched again: changes after the re-creation still reload', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vpcsim-rewatch-'));
    const out = join(root, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'main.tf'), 'v1');
    const { backend, loads } = counting();
    const srv = await startServer({ backend, webRoot: web, watch: [out] });
    try {
      expect(loads()).toBe(1);
      rmSync(out, { recursive: true });
      await until(() => loads() >= 2, 'the reload after the folder was deleted');
      mkdirSync(out);
      writeFileSync(join(out, 'main.tf'), 'v2');
      const afterRecreate = loads();
      await until(() => loads() > afterRecreate, 'the reload after the folder was made again');
      // The new folder is watched: a later change reloads again.
      await new Promise((r) => setTimeout(r, 300));
      const before = loads();
      writeFileSync(join(out, 'main.tf'), 'v3');
      await until(() => loads() > before, 'the reload after a change in the re-created folder');
    } finally {
      await srv.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a watched file whose folder is deleted and made again is watched again', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vpcsim-rewatch-'));
    const out = join(root, 'build');
    const file = join(out, 'template.json');
    mkdirSync(out);
    writeFileSync(file, '{}');
    const { backend, loads } = counting();
    const srv = await startServer({ backend, webRoot: web, watch: [file] });
    try {
      rmSync(out, { recursive: true });
      mkdirSync(out);
      writeFileSync(file, '{"a":1}');
      await until(() => loads() >= 2, 'the reload after the folder was made again');
      await new Promise((r) => setTimeout(r, 1500));
      const before = loads();
      writeFileSync(file, '{"a":2}');
      await until(() => loads() > before, 'the reload after a change in the re-created folder');
    } finally {
      await srv.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
