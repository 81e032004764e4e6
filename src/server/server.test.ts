import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend, LoadedInputs } from './backend.js';
import { startServer, type RunningServer } from './server.js';
import type { ModelResponse, TestResponse, TraceResponse, ValidateResponse } from './api-types.js';
import { s0B01Trace, s0Flow1Trace, s0Network } from '../../test/browser/fixtures/s0.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function req(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    r.on('error', reject);
    if (opts.body !== undefined) r.write(opts.body);
    r.end();
  });
}

async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('vpcsim serve: HTTP API', () => {
  let srv: RunningServer;
  let loads = 0;
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-serve-'));
  const web = join(dir, 'web');
  const input = join(dir, 'net.yaml');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>vpcsim</title>');
  writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  writeFileSync(input, 'v1');

  const backend: Backend = {
    load: (): Promise<LoadedInputs> => {
      loads++;
      return Promise.resolve({
        network: s0Network(),
        expectations: [
          {
            name: 'flow 1',
            flow: { from: 'app', to: '142.250.196.100', port: 443, sni: 'www.google.com' },
            verdict: 'reachable',
          },
        ],
        diagnostics: [
          {
            severity: 'warning',
            code: 'ROUTE_TABLE_UNUSED',
            message: 'from reading',
            span: { file: input, line: 3, col: 5 },
            resource: 'app',
          },
        ],
        files: [input],
        variants: [
          {
            name: 'B0.1-no-return-route',
            description: 'no return route',
            network: s0Network({ returnRoute: false }),
            expectations: [],
            diagnostics: [],
          },
        ],
      });
    },
    validate: () => [
      {
        severity: 'error',
        code: 'BLACKHOLE_ROUTE',
        message: 'bad route',
        span: { file: input, line: 1, col: 1 },
        resource: 'NATGW-RTB',
      },
    ],
    trace: (net, flow) => {
      if (flow.from !== 'app') throw new Error(`unknown endpoint "${flow.from}"`);
      const hasReturnRoute = net.routeTables.some((r) =>
        r.routes.some((x) => x.destination === '10.60.30.0/24'),
      );
      return hasReturnRoute ? s0Flow1Trace() : s0B01Trace();
    },
    test: () => [
      {
        name: 'flow 1',
        passed: true,
        flow: { from: 'app', to: '142.250.196.100' },
        expected: 'reachable',
        actual: 'reachable',
        failures: [],
        trace: s0Flow1Trace(),
      },
    ],
  };

  beforeAll(async () => {
    srv = await startServer({ backend, webRoot: web, port: 0 });
  });
  afterAll(async () => {
    await srv.close();
  });
  const own = () => ({ host: `127.0.0.1:${srv.port}` });

  it('binds to 127.0.0.1 by default', () => {
    expect(srv.host).toBe('127.0.0.1');
    expect(srv.url).toBe(`http://127.0.0.1:${srv.port}/`);
  });

  it('GET /api/model returns the network and its diagram graph', async () => {
    const r = await req(srv.port, '/api/model', { headers: own() });
    expect(r.status).toBe(200);
    const m = JSON.parse(r.body) as ModelResponse;
    expect(m.graph.nodes.map((n) => n.id)).toContain('fwe:vpce-fw-1a');
    expect(m.network.vpcs[0]?.id).toBe('S0-VPC');
    expect(m.expectations[0]?.name).toBe('flow 1');
    expect(m.diagnostics[0]?.code).toBe('ROUTE_TABLE_UNUSED');
  });

  it('GET /api/validate merges reading and validation diagnostics, sorted by position', async () => {
    const r = await req(srv.port, '/api/validate', { headers: own() });
    const v = JSON.parse(r.body) as ValidateResponse;
    expect(v.diagnostics.map((d) => d.code)).toEqual(['BLACKHOLE_ROUTE', 'ROUTE_TABLE_UNUSED']);
  });

  it('POST /api/trace returns the trace and its overlay', async () => {
    const r = await req(srv.port, '/api/trace', {
      method: 'POST',
      headers: { ...own(), 'content-type': 'application/json', origin: `http://127.0.0.1:${srv.port}` },
      body: JSON.stringify({
        from: 'app',
        to: '142.250.196.100',
        protocol: 'tcp',
        port: 443,
        sni: 'www.google.com',
      }),
    });
    expect(r.status).toBe(200);
    const t = JSON.parse(r.body) as TraceResponse;
    expect(t.trace.verdict).toBe('reachable');
    expect(t.overlay.forward.steps).toHaveLength(7);
    expect(t.flow).toEqual({
      from: 'app',
      to: '142.250.196.100',
      protocol: 'tcp',
      port: 443,
      sni: 'www.google.com',
    });
  });

  it('POST /api/trace: bad bodies and flows the engine refuses are 400 with a message', async () => {
    const post = (body: string, type = 'application/json') =>
      req(srv.port, '/api/trace', { method: 'POST', headers: { ...own(), 'content-type': type }, body });
    expect((await post('{')).status).toBe(400);
    const unknownField = await post(JSON.stringify({ from: 'app', to: 'x', dstPort: 443 }));
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toContain('dstPort');
    expect((await post(JSON.stringify({ from: 'app', to: 'x', port: 70000 }))).body).toContain('0–65535');
    const refused = await post(JSON.stringify({ from: 'nobody', to: 'x' }));
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toEqual({ error: 'unknown endpoint "nobody"' });
    expect((await post('{}', 'text/plain')).status).toBe(415);
  });

  it('GET /api/test lists expectation outcomes with their overlays', async () => {
    const r = await req(srv.port, '/api/test', { headers: own() });
    const t = JSON.parse(r.body) as TestResponse;
    expect(t.results[0]?.passed).toBe(true);
    expect(t.results[0]?.overlay?.forward.steps.length).toBe(7);
  });

  it('serves a variant by name: its network, graph and traces; an unknown name is 404', async () => {
    const m = JSON.parse(
      (await req(srv.port, '/api/model?variant=B0.1-no-return-route', { headers: own() })).body,
    ) as ModelResponse;
    expect(m.variant).toBe('B0.1-no-return-route');
    expect(m.variants).toEqual([{ name: 'B0.1-no-return-route', description: 'no return route' }]);
    // B0.1 deletes NATGW-RTB's 10.60.30.0/24 route, so the graph has no route edge from that subnet to the endpoint.
    expect(m.graph.edges.some((e) => e.from === 'router:NatGwSubnet' && e.to === 'fwe:vpce-fw-1a')).toBe(
      false,
    );
    const base = JSON.parse((await req(srv.port, '/api/model', { headers: own() })).body) as ModelResponse;
    expect(base.variant).toBeNull();
    expect(base.graph.edges.some((e) => e.from === 'router:NatGwSubnet' && e.to === 'fwe:vpce-fw-1a')).toBe(
      true,
    );
    const t = await req(srv.port, '/api/trace', {
      method: 'POST',
      headers: { ...own(), 'content-type': 'application/json' },
      body: JSON.stringify({
        from: 'app',
        to: '142.250.196.100',
        port: 443,
        variant: 'B0.1-no-return-route',
      }),
    });
    expect((JSON.parse(t.body) as TraceResponse).trace.verdict).toBe('asymmetric');
    const missing = await req(srv.port, '/api/model?variant=nope', { headers: own() });
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('B0.1-no-return-route');
  });

  it('refuses other Hosts (DNS rebinding) and other Origins with 403', async () => {
    expect(
      (await req(srv.port, '/api/model', { headers: { host: `evil.example:${srv.port}` } })).status,
    ).toBe(403);
    expect(
      (await req(srv.port, '/api/model', { headers: { ...own(), origin: 'http://evil.example' } })).status,
    ).toBe(403);
    expect(
      (await req(srv.port, '/api/model', { headers: { ...own(), 'sec-fetch-site': 'cross-site' } })).status,
    ).toBe(403);
    const post = await req(srv.port, '/api/trace', {
      method: 'POST',
      headers: { ...own(), 'content-type': 'application/json', origin: 'http://localhost:1' },
      body: '{"from":"app","to":"x"}',
    });
    expect(post.status).toBe(403);
    expect((await req(srv.port, '/api/model', { headers: { host: `localhost:${srv.port}` } })).status).toBe(
      200,
    );
  });

  it('serves the page assets and nothing else', async () => {
    const index = await req(srv.port, '/', { headers: own() });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect((await req(srv.port, '/assets/app.js', { headers: own() })).body).toBe('console.log(1)');
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/net.yaml',
      '/etc/passwd',
      '/assets/../../secret.txt',
    ]) {
      const r = await req(srv.port, p, { headers: own() });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('do not serve');
    }
  });

  it('reloads when an input file changes and tells the page over SSE', async () => {
    const before = loads;
    const events: string[] = [];
    const sse = httpRequest(
      { host: '127.0.0.1', port: srv.port, path: '/api/events', headers: own() },
      (res) => {
        res.on('data', (c: Buffer) => events.push(c.toString('utf8')));
      },
    );
    sse.end();
    await until(() => events.join('').includes('event: hello'), 'the SSE hello');
    writeFileSync(input, 'v2');
    await until(() => events.join('').includes('event: reload'), 'the reload event');
    expect(loads).toBeGreaterThan(before);
    const m = JSON.parse((await req(srv.port, '/api/model', { headers: own() })).body) as ModelResponse;
    expect(m.version).toBeGreaterThan(1);
    sse.destroy();
  });
});
