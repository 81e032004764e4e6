/// <reference lib="dom" />
/**
 * The web page in a real browser (Debian's chromium, headless, driven by playwright-core): S0 flow 1 with both
 * paths highlighted, B0.1's asymmetric verdict, and the diagnostics panel on an unreadable input. The server runs
 * on hand-made backends (fixtures/backend.ts) so the expected answers are the scenario's, written by hand.
 * Screenshots go to test-artifacts/. Skipped, with a message, when /usr/bin/chromium is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { ensureWebBuilt, repoRoot } from '../../src/server/web-build.js';
import type { Backend } from '../../src/server/backend.js';
import { b01Backend, invalidBackend, largeBackend, s0Backend } from './fixtures/backend.js';
import { defaultBackend } from '../../src/server/default-backend.js';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} not found (apt-get install chromium)`);
const ARTIFACTS = join(repoRoot(), 'test-artifacts');

interface PageState {
  highlighted: { forward: string[]; return: string[]; drop: string[] };
  layoutMs: number;
}

describe.skipIf(!hasChromium)('web page in chromium', () => {
  let browser: Browser;
  let dist = '';
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    const built = await ensureWebBuilt();
    if (!built.ok) throw new Error(built.message);
    dist = built.dist;
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 240_000);
  afterAll(async () => {
    await (browser as Browser | undefined)?.close();
    for (const s of servers) await s.close();
  });

  async function open(backend: Backend): Promise<Page> {
    const srv = await startServer({ backend, webRoot: dist, watchEnabled: false });
    servers.push(srv);
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(srv.url);
    await page.waitForSelector('#graph[data-ready]', { timeout: 30_000 }).catch(() => {
      throw new Error(`the page did not draw the graph; page errors: ${errors.join(' | ') || 'none'}`);
    });
    return page;
  }
  const state = (page: Page): Promise<PageState> =>
    page.evaluate(() => {
      const v = (window as unknown as { vpcsim: PageState }).vpcsim;
      return { highlighted: v.highlighted, layoutMs: v.layoutMs };
    });

  async function typeFlow(
    page: Page,
    f: { from: string; to: string; port: string; sni?: string },
  ): Promise<void> {
    await page.fill('[data-testid=from]', f.from);
    await page.fill('[data-testid=to]', f.to);
    await page.selectOption('[data-testid=protocol]', 'tcp');
    await page.fill('[data-testid=port]', f.port);
    if (f.sni) await page.fill('[data-testid=sni]', f.sni);
    await page.click('[data-testid=trace]');
    await page.waitForSelector('[data-testid=verdict]:not([hidden])');
  }

  it('S0 flow 1: reachable, both paths highlighted through the firewall endpoint', async () => {
    const page = await open(s0Backend());
    await typeFlow(page, { from: 'app', to: '142.250.196.100', port: '443', sni: 'www.google.com' });
    expect(await page.getAttribute('[data-testid=verdict]', 'data-verdict')).toBe('reachable');
    const s = await state(page);
    // Scenario S0 flow 1: forward app → Private-RTB → endpoint → FW-RTB → NAT GW → NATGW-RTB → IGW → internet.
    expect(s.highlighted.forward).toEqual([
      'inst:app',
      'router:PrivateSubnet',
      'fwe:vpce-fw-1a',
      'router:FirewallSubnet',
      'nat:NATGW',
      'router:NatGwSubnet',
      'igw:IGW',
      'internet',
    ]);
    // Return: IGW → NAT GW → NATGW-RTB → endpoint (same flow) → FW-RTB → app.
    expect(s.highlighted.return).toEqual([
      'igw:IGW',
      'nat:NATGW',
      'router:NatGwSubnet',
      'fwe:vpce-fw-1a',
      'router:FirewallSubnet',
      'inst:app',
    ]);
    // The graph itself carries the classes (what the user sees coloured).
    const classes = await page.evaluate(() => {
      const cy = (
        window as unknown as {
          vpcsim: { cy: { $: (s: string) => { map: (f: (e: { id: () => string }) => string) => string[] } } };
        }
      ).vpcsim.cy;
      return {
        fwdEdges: cy.$('edge.path.fwd').map((e) => e.id()),
        retEdges: cy.$('edge.path.ret').map((e) => e.id()),
        fwe: cy.$('node.fwd.ret').map((e) => e.id()),
      };
    });
    expect(classes.fwdEdges).toHaveLength(7);
    expect(classes.retEdges).toHaveLength(5);
    expect(classes.fwe).toContain('fwe:vpce-fw-1a');
    // Hop table: the NAT gateway row shows the packet before and after translation.
    const natRow = page.locator('[data-testid=hops-fwd] tbody.hop', { hasText: 'nat-gateway NATGW' });
    await expect(natRow.textContent()).resolves.toContain('tcp 10.60.30.10:40312 → 142.250.196.100:443');
    await expect(natRow.textContent()).resolves.toContain('tcp 10.60.20.10:1024 → 142.250.196.100:443');
    await page.screenshot({ path: join(ARTIFACTS, 's0-flow1.png') });
  });

  it('B0.1: the asymmetric verdict is shown with the skipped endpoint and the fix', async () => {
    const page = await open(b01Backend());
    await typeFlow(page, { from: 'app', to: '142.250.196.100', port: '443', sni: 'www.google.com' });
    expect(await page.getAttribute('[data-testid=verdict]', 'data-verdict')).toBe('asymmetric');
    await expect(page.textContent('[data-testid=notes]')).resolves.toContain(
      '10.60.30.0/24 → vpce-fw-1a in NATGW-RTB',
    );
    const s = await state(page);
    expect(s.highlighted.return).not.toContain('fwe:vpce-fw-1a');
    expect(s.highlighted.forward).toContain('fwe:vpce-fw-1a');
    await page.screenshot({ path: join(ARTIFACTS, 's0-b01.png') });
  });

  it('expectations list pass/fail and open their traces; a drop is marked', async () => {
    const page = await open(s0Backend());
    await page.waitForSelector('[data-testid=expectations] li.exp');
    const items = await page.locator('[data-testid=expectations] li.exp').allTextContents();
    expect(items).toHaveLength(2);
    expect(items[1]).toContain('PASS');
    await page.click('[data-testid=expectations] li[data-name^="flow 3"]');
    expect(await page.getAttribute('[data-testid=verdict]', 'data-verdict')).toBe('unreachable');
    expect((await state(page)).highlighted.drop).toEqual(['fwe:vpce-fw-1a']);
    await expect(page.textContent('[data-testid=hops-fwd]')).resolves.toContain('FIREWALL_RULES_RESTRICTION');
  });

  it('clicking two nodes fills the flow', async () => {
    const page = await open(s0Backend());
    const pos = await page.evaluate(() => {
      const cy = (
        window as unknown as {
          vpcsim: {
            cy: { getElementById: (id: string) => { renderedPosition: () => { x: number; y: number } } };
          };
        }
      ).vpcsim.cy;
      return {
        app: cy.getElementById('inst:app').renderedPosition(),
        nat: cy.getElementById('nat:NATGW').renderedPosition(),
      };
    });
    const box = await page.locator('#graph').boundingBox();
    if (!box) throw new Error('no graph box');
    await page.mouse.click(box.x + pos.app.x, box.y + pos.app.y);
    await page.mouse.click(box.x + pos.nat.x, box.y + pos.nat.y);
    expect(await page.inputValue('[data-testid=from]')).toBe('app');
    expect(await page.inputValue('[data-testid=to]')).toBe('NATGW');
  });

  it('an unreadable input shows its diagnostics with file:line:col, linked to the resource', async () => {
    const page = await open(invalidBackend());
    await page.waitForSelector('[data-testid=diagnostics] li.diag.error');
    const texts = await page.locator('[data-testid=diagnostics] li.diag').allTextContents();
    expect(texts.join('\n')).toContain('YAML_SYNTAX');
    expect(texts.join('\n')).toContain('broken.yaml:7:12');
    await page.click('[data-testid=diagnostics] li[data-code=SUBNET_OUTSIDE_VPC]');
    const selected = await page.evaluate(() => {
      const cy = (
        window as unknown as {
          vpcsim: { cy: { $: (s: string) => { map: (f: (e: { id: () => string }) => string) => string[] } } };
        }
      ).vpcsim.cy;
      return cy.$(':selected').map((e) => e.id());
    });
    expect(selected.sort()).toEqual(['router:subnet-a', 'subnet:subnet-a']);
    // A flow the engine refuses shows its message instead of failing.
    await typeFlow(page, { from: 'x', to: 'y', port: '22' });
    expect(await page.getAttribute('[data-testid=verdict]', 'data-verdict')).toBe('error');
    await expect(page.textContent('[data-testid=verdict]')).resolves.toContain('unknown endpoint');
    await page.screenshot({ path: join(ARTIFACTS, 'invalid-diagnostics.png') });
  });

  // The same checks through the real loader and engine, on the bundled example (examples/s0-firewall-natgw.yaml).
  const S0_EXAMPLE = join(repoRoot(), 'examples', 's0-firewall-natgw.yaml');
  const realNodes = (ids: readonly string[], wanted: readonly string[]): string[] =>
    ids.filter((id) => wanted.includes(id));

  it.skipIf(!existsSync(S0_EXAMPLE))(
    'real engine, S0 example: flow 1 reachable through the firewall both ways; B0.1 asymmetric',
    async () => {
      const page = await open(defaultBackend([S0_EXAMPLE]));
      await typeFlow(page, { from: 'app', to: '142.250.196.100', port: '443', sni: 'www.google.com' });
      expect(await page.getAttribute('[data-testid=verdict]', 'data-verdict')).toBe('reachable');
      let s = await state(page);
      // scenarios.md S0 flow 1, in the example's names: app → Private-RTB → endpoint → FW-RTB → NAT GW → NATGW-RTB → IGW.
      const fwd = [
        'inst:app',
        'router:private-subnet',
        'fwe:vpce-nfw-1a',
        'router:fw-subnet',
        'nat:natgw',
        'router:natgw-subnet',
        'igw:igw',
        'internet',
      ];
      expect(realNodes(s.highlighted.forward, fwd)).toEqual(fwd);
      expect(s.highlighted.return).toContain('fwe:vpce-nfw-1a');
      expect(s.highlighted.return.at(-1)).toBe('inst:app');
      await page.screenshot({ path: join(ARTIFACTS, 'real-s0-flow1.png') });

      // B0.1 is a variant of the same file: pick it and trace again.
      await page.selectOption('[data-testid=variant]', 'B0.1-no-return-route');
      await page.waitForFunction(
        () =>
          document.body.dataset.version !== undefined &&
          (document.querySelector('[data-testid=variant]') as HTMLSelectElement).value ===
            'B0.1-no-return-route',
      );
      await page.waitForSelector('[data-testid=verdict]:not([hidden])');
      await page.waitForFunction(
        () => document.querySelector('[data-testid=verdict]')?.getAttribute('data-verdict') === 'asymmetric',
        undefined,
        { timeout: 30_000 },
      );
      s = await state(page);
      expect(s.highlighted.forward).toContain('fwe:vpce-nfw-1a');
      expect(s.highlighted.return).not.toContain('fwe:vpce-nfw-1a');
      await expect(page.textContent('[data-testid=notes]')).resolves.toContain('vpce-nfw-1a');
      await page.screenshot({ path: join(ARTIFACTS, 'real-s0-b01.png') });
    },
  );

  it('a large network (200 subnets) is drawn as nested boxes, labelled when zoomed in, with traces on subnet boxes', async () => {
    const page = await open(largeBackend());
    // Geometry as the user sees it: every subnet box inside its AZ box, every AZ box inside its VPC box; clusters
    // are plain boxes (no compound nodes) in this mode.
    const shape = JSON.parse(
      await page.evaluate<string>(`(() => {
        const cy = window.vpcsim.cy;
        const inside = (a, b) => a.x1 >= b.x1 && a.y1 >= b.y1 && a.x2 <= b.x2 && a.y2 <= b.y2;
        const bb = (n) => n.boundingBox({ includeLabels: false, includeOverlays: false });
        const model = window.vpcsim.model.graph;
        const parent = new Map([...model.clusters, ...model.nodes].map((x) => [x.id, x.parent]));
        const outside = [];
        for (const n of cy.nodes('.leaf, .box')) {
          const p = parent.get(n.id());
          const pn = p === undefined ? undefined : cy.getElementById(p);
          if (pn && pn.length === 1 && !inside(bb(n), bb(pn))) outside.push(n.id());
        }
        return JSON.stringify({
          compound: cy.nodes(':parent').length,
          vpcs: cy.nodes('.box.vpc').length,
          azs: cy.nodes('.box.az').length,
          subnets: cy.nodes('.leaf').filter((n) => n.id().startsWith('subnet:')).length,
          outside,
          label: cy.getElementById('subnet:vpc0-sn0').style('label'),
          zoom: cy.zoom(),
        });
      })()`),
    ) as {
      compound: number;
      vpcs: number;
      azs: number;
      subnets: number;
      outside: string[];
      label: string;
      zoom: number;
    };
    expect(shape.compound).toBe(0);
    expect(shape.vpcs).toBe(20);
    expect(shape.subnets).toBe(200);
    expect(shape.azs).toBeGreaterThanOrEqual(20);
    expect(shape.outside).toEqual([]);
    // Fitted to the page, labels would be unreadable: they are off until zoomed in.
    expect(shape.zoom).toBeLessThan(0.8);
    expect(shape.label).toBe('');
    await page.evaluate(
      `void window.vpcsim.cy.zoom({ level: 1.2, position: window.vpcsim.cy.getElementById('subnet:vpc0-sn0').position() })`,
    );
    await page.waitForFunction(
      () =>
        (
          window as unknown as {
            vpcsim: { cy: { getElementById: (id: string) => { style: (p: string) => string } } };
          }
        ).vpcsim.cy
          .getElementById('subnet:vpc0-sn0')
          .style('label')
          .startsWith('subnet vpc0-sn0\n10.0.0.0/24'),
      undefined,
      { timeout: 10_000 },
    );
    await page.screenshot({ path: join(ARTIFACTS, 'large-network-zoomed.png') });

    // A trace between two subnets: the instance (vpc0-sn1-i0) and 10.0.0.5 (vpc0-sn0-eni1, in vpc0-sn0) are
    // hidden inside their subnet boxes, so the path is drawn through those boxes.
    await typeFlow(page, { from: 'vpc0-sn1-i0', to: '10.0.0.5', port: '443' });
    const backend = largeBackend();
    const expected = await backend.trace((await backend.load()).network, {
      from: 'vpc0-sn1-i0',
      to: '10.0.0.5',
      protocol: 'tcp',
      port: 443,
    });
    expect(await page.getAttribute('[data-testid=verdict]', 'data-verdict')).toBe(expected.verdict);
    const drawn = JSON.parse(
      await page.evaluate<string>(`(() => {
        const v = window.vpcsim;
        const model = v.model.graph;
        const parent = new Map(model.nodes.map((x) => [x.id, x.parent]));
        const subnets = new Set(model.clusters.filter((c) => c.kind === 'subnet').map((c) => c.id));
        // Independently of the page's alias table: a node inside a subnet cluster is drawn as that subnet.
        const shown = (id) => (subnets.has(parent.get(id)) ? parent.get(id) : id);
        const want = [...new Set(v.trace.overlay.forward.nodes.map(shown))];
        const missing = [...v.highlighted.forward, ...v.highlighted.return].filter((id) => v.cy.getElementById(id).length !== 1);
        return JSON.stringify({ forward: v.highlighted.forward, want, missing, pathEdges: v.cy.edges('.path').length });
      })()`),
    ) as { forward: string[]; want: string[]; missing: string[]; pathEdges: number };
    expect(drawn.forward).toEqual(drawn.want);
    expect(drawn.forward).toContain('subnet:vpc0-sn1');
    expect(drawn.forward).toContain('subnet:vpc0-sn0');
    expect(drawn.missing).toEqual([]);
    expect(drawn.pathEdges).toBeGreaterThan(0);
    await page.evaluate(`void window.vpcsim.cy.fit(window.vpcsim.cy.elements('.path, .fwd, .ret'), 60)`);
    await page.screenshot({ path: join(ARTIFACTS, 'large-network-trace.png') });
  });

  it('real loader, a file that cannot be parsed: the diagnostics panel says where and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-bad-'));
    const file = join(dir, 'broken.yaml');
    // Line 4 opens a flow mapping that never closes: a YAML syntax error.
    writeFileSync(file, 'vpcsim: 1\nregion: ap-northeast-1\nvpcs:\n  vpc: { cidr: 10.0.0.0/16\n');
    const page = await open(defaultBackend([file]));
    await page.waitForSelector('[data-testid=diagnostics] li.diag.error');
    const text = (await page.locator('[data-testid=diagnostics] li.diag.error').allTextContents()).join('\n');
    expect(text).toContain(`${file}:`);
    await page.screenshot({ path: join(ARTIFACTS, 'real-broken-yaml.png') });
  });

  it.skipIf(!existsSync(S0_EXAMPLE))('real loader: editing the input file reloads the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-reload-'));
    const file = join(dir, 's0.yaml');
    const original = readFileSync(S0_EXAMPLE, 'utf8');
    writeFileSync(file, original);
    const srv = await startServer({ backend: defaultBackend([file]), webRoot: dist, watch: [file] });
    servers.push(srv);
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(srv.url);
    await page.waitForSelector('#graph[data-ready="1"]', { timeout: 30_000 });
    const hasStray = (): Promise<boolean> =>
      page.evaluate(() =>
        (
          window as unknown as { vpcsim: { model: { graph: { nodes: { id: string }[] } } } }
        ).vpcsim.model.graph.nodes.some((n) => n.id === 'inst:stray'),
      );
    expect(await hasStray()).toBe(false);
    // Add an instance (as variant B0.3 does) by editing the file: the server reloads and the page redraws with it.
    writeFileSync(
      file,
      original.replace(
        '      app: { subnet: private-subnet, ip: 10.60.30.10, securityGroups: [sg-app] }',
        '      app: { subnet: private-subnet, ip: 10.60.30.10, securityGroups: [sg-app] }\n      stray: { subnet: fw-subnet, ip: 10.60.10.20, securityGroups: [sg-app] }',
      ),
    );
    await page.waitForSelector('#graph[data-ready="2"]', { timeout: 30_000 });
    expect(await hasStray()).toBe(true);
  });
});
