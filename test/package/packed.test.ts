/**
 * The package as a user gets it: `npm pack` (whose `prepack` builds dist/ and the web page), the tarball installed
 * into an empty folder, then `vpcsim --help`, a trace and `vpcsim serve` answering a request — with nothing of the
 * repository around it (no tsx, no sources, no vite).
 *
 * Packing builds, so it runs in a copy of the repository's sources (the checkout's own dist/ is never touched while
 * other test files run the CLI). It takes about a minute and needs the npm registry (or its cache, which `npm ci`
 * has just filled), so it runs in CI (`CI=true`, set by .ci/run) or with VPCSIM_TEST_PACKAGE=1, and is skipped
 * otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const enabled = process.env.CI === 'true' || process.env.VPCSIM_TEST_PACKAGE === '1';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What the package build reads; everything else of the repository stays behind. */
const BUILD_INPUTS = [
  'package.json',
  'package-lock.json',
  'README.md',
  'tsconfig.json',
  'tsconfig.build.json',
  'vite.config.ts',
  'bin',
  'schema',
  'scripts',
  'src',
];

function run(cmd: string, args: readonly string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.runIf(enabled)('the packed package, installed into an empty folder', () => {
  const work = mkdtempSync(join(tmpdir(), 'vpcsim-pack-'));
  const app = join(work, 'app');
  let bin = '';

  beforeAll(() => {
    const copy = join(work, 'repo');
    for (const f of BUILD_INPUTS)
      cpSync(join(root, f), join(copy, f), {
        recursive: true,
        filter: (p) => !p.includes(join('src', 'web', 'dist')),
      });
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const pack = run(npm, ['pack', '--silent', '--pack-destination', work], copy);
    expect(pack.stderr).not.toMatch(/npm error/);
    expect(pack.code).toBe(0);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "vpcsim-user", "private": true }\n');
    const install = run(
      npm,
      ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball ?? '')],
      app,
    );
    expect(install.code).toBe(0);
    bin = join(app, 'node_modules', '.bin', 'vpcsim');
    cpSync(join(root, 'examples', 's2-ingress-routing.yaml'), join(app, 's2.yaml'));
  }, 600_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('ships the compiled CLI and the built page, not the TypeScript sources or the dev tools', () => {
    const pkg = join(app, 'node_modules', 'vpcsim');
    expect(existsSync(join(pkg, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(pkg, 'src', 'web', 'dist', 'index.html'))).toBe(true);
    expect(existsSync(join(pkg, 'src', 'cli', 'main.ts'))).toBe(false);
    for (const dev of ['tsx', 'vite', 'typescript', 'vitest'])
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
  });

  it('vpcsim --help prints the commands and exits 0', () => {
    const r = run(bin, ['--help'], app);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: vpcsim');
    for (const c of ['validate', 'trace', 'test', 'diagram', 'serve']) expect(r.stdout).toContain(c);
  });

  it('traces S2 flow 1: reachable through the appliance, exit 0', () => {
    const r = run(
      bin,
      ['trace', 's2.yaml', '--from', '203.0.113.50', '--to', '198.51.100.10', '--port', '443', '--json'],
      app,
    );
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as { verdict: string; forward: { hops: { id: string }[] } };
    expect(t.verdict).toBe('reachable');
    // scenarios.md S2 flow 1: the internet gateway, its edge route table, the appliance, the appliance subnet's
    // route table, the app's security group, the app (other hops, such as NACLs, in between).
    const want = ['igw', 'gateway-rtb', 'appliance', 'appliance-rtb', 'sg-app', 'app'];
    const ids = t.forward.hops.map((h) => h.id);
    expect(ids.filter((id) => want.includes(id))).toEqual(want);
  });

  it('vpcsim serve answers the page and its model API', async () => {
    const srv = spawn(bin, ['serve', 's2.yaml', '--port', '0'], {
      cwd: app,
      env: { ...process.env, NO_COLOR: '1' },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        srv.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m?.[1] !== undefined) resolve(m[1]);
        });
        srv.stderr.on('data', (b: Buffer) => (err += b.toString()));
        srv.on('exit', (code) => {
          reject(new Error(`vpcsim serve exited with ${String(code)}: ${err}`));
        });
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const model = await fetch(`${url}api/model`);
      expect(model.status).toBe(200);
      const body = (await model.json()) as { network?: { vpcs?: { id: string }[] } };
      expect(body.network?.vpcs?.map((v) => v.id)).toEqual(['vpc']);
    } finally {
      srv.kill('SIGTERM');
    }
  });
});
