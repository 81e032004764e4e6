/**
 * Issue 21 item 6: `vpcsim serve` loads, traces and tests in worker threads (src/server/worker-backend.ts), so a
 * large reload in progress does not hold other requests. Asserted by order, never by time: requests sent after the
 * reload started are answered — from the previous load — before the reload finishes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { workerBackend } from '../../src/server/worker-backend.js';
import type { ModelResponse, TraceResponse } from '../../src/server/api-types.js';

const SMALL = `vpcsim: 1
region: us-east-1
vpcs:
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      a: { cidr: 10.0.1.0/24, az: us-east-1a }
    securityGroups:
      sg:
        inbound: [tcp 443 from 10.0.0.0/16]
        outbound: [all to 0.0.0.0/0]
    instances:
      app: { subnet: a, ip: 10.0.1.10, securityGroups: [sg] }
      web: { subnet: a, ip: 10.0.1.20, securityGroups: [sg] }
`;

/** The same network with 8,192 more subnets (about 0.5 MB): a reload that takes a while. */
function large(): string {
  const lines = [SMALL.trimEnd()];
  for (let v = 1; v <= 2; v++) {
    lines.push(`  vpc${v}:`, `    cidr: 10.${v}.0.0/16`, '    subnets:');
    for (let i = 0; i < 4096; i++)
      lines.push(`      s${v}-${i}: { cidr: 10.${v}.${i >> 4}.${(i & 15) << 4}/28, az: us-east-1a }`);
  }
  return `${lines.join('\n')}\n`;
}

function send(port: number, path: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
        });
      },
    );
    r.on('error', reject);
    r.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('vpcsim serve: loads and traces off the event loop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-worker-'));
  const file = join(dir, 'net.yaml');
  let srv: RunningServer;
  beforeAll(async () => {
    writeFileSync(file, SMALL);
    srv = await startServer({
      backend: workerBackend([file]),
      webRoot: mkdtempSync(join(tmpdir(), 'vpcsim-web-')),
      watchEnabled: false,
    });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('traces in the worker: the real engine’s answer, and 400 for an endpoint it refuses', async () => {
    const t = await send(srv.port, '/api/trace', { from: 'app', to: 'web', port: 443 });
    expect(t.status).toBe(200);
    const r = JSON.parse(t.body) as TraceResponse;
    expect(r.trace.verdict).toBe('reachable');
    expect(r.trace.forward.hops.map((h) => h.id)).toEqual(['app', 'sg', 'a', 'sg', 'web']);
    const bad = await send(srv.port, '/api/trace', { from: 'nobody', to: 'web', port: 443 });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('nobody');
    expect((await send(srv.port, '/api/validate')).status).toBe(200);
  });

  it('answers the page’s network-wide views in the worker (issue 17 §4)', async () => {
    // By hand: app and web share subnet a and sg (tcp 443 from 10.0.0.0/16, all out): both ordered pairs reach
    // each other on tcp 443; no internet gateway, so nothing is exposed.
    const m = await send(srv.port, '/api/matrix?by=subnet');
    expect(m.status).toBe(200);
    const matrix = JSON.parse(m.body) as {
      kind: string;
      groups: string[];
      cells: { pairs: number; reachable: number; services: string[] }[][];
    };
    expect(matrix.kind).toBe('matrix');
    expect(matrix.groups).toEqual(['a']);
    expect(matrix.cells[0]?.[0]).toMatchObject({ pairs: 2, reachable: 2, services: ['tcp 443'] });
    const e = await send(srv.port, '/api/exposure');
    expect(e.status).toBe(200);
    expect((JSON.parse(e.body) as { rows: unknown[] }).rows).toEqual([]);
    const bad = await send(srv.port, '/api/matrix?by=colour');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('colour');
  });

  it('answers a trace and the model while a large reload is in progress', async () => {
    writeFileSync(file, large());
    const order: string[] = [];
    const reloading = srv.reload().then(() => order.push('reload done'));
    const [trace, model] = await Promise.all([
      send(srv.port, '/api/trace', { from: 'app', to: 'web', port: 443 }).then((r) => {
        order.push('trace answered');
        return r;
      }),
      send(srv.port, '/api/model').then((r) => {
        order.push('model answered');
        return r;
      }),
    ]);
    expect(order.slice().sort()).toEqual(['model answered', 'trace answered']);
    // Both answered from the previous load, before the reload finished.
    expect((JSON.parse(trace.body) as TraceResponse).version).toBe(1);
    expect((JSON.parse(trace.body) as TraceResponse).trace.verdict).toBe('reachable');
    expect((JSON.parse(model.body) as ModelResponse).network.subnets).toHaveLength(1);
    await reloading;
    expect(order[2]).toBe('reload done');
    const after = JSON.parse((await send(srv.port, '/api/model')).body) as ModelResponse;
    expect(after.version).toBe(2);
    expect(after.network.subnets).toHaveLength(1 + 2 * 4096);
    // The new load traces too (in its own worker; the previous one has ended).
    const again = JSON.parse(
      (await send(srv.port, '/api/trace', { from: 'app', to: 'web', port: 443 })).body,
    ) as TraceResponse;
    expect(again.version).toBe(2);
    expect(again.trace.verdict).toBe('reachable');
  }, 240_000);
});
