/**
 * Diagram benchmarks (issue 8 §4): the CLI path for a 200-subnet network (DOT text + Graphviz WASM → SVG, as
 * `vpcsim diagram` does, Graphviz start-up included), and the web page with a 1,000-subnet network in headless
 * chromium (from navigation to the graph drawn, the layout alone, and one zoom frame as a responsiveness figure).
 *
 * Model: networks come from bench/generate.ts with fixed seeds; the page is served by the real server over a
 * backend that returns the generated network. The browser part is skipped (reported by name, not failed) when
 * /usr/bin/chromium is missing or the page cannot be built. Wall-clock figures: run on a quiet machine.
 */
import { existsSync } from 'node:fs';
import { generateNetwork, type GenParams } from './generate.js';
import { networkToDot } from '../src/render/diagram/dot.js';
import { createDotRenderer } from '../src/render/diagram/svg.js';
import type { Network } from '../src/model/network.js';

interface Result {
  name: string;
  value: number;
  unit: string;
}

const CHROMIUM = '/usr/bin/chromium';

function params(vpcs: number, subnetsPerVpc: number, seed: number): GenParams {
  return {
    seed,
    vpcs,
    subnetsPerVpc,
    enisPerSubnet: 2,
    sgRulesPerVpc: 20,
    naclRulesPerDirection: 2,
    peerings: Math.floor(vpcs / 2),
  };
}

/** 200 subnets (20 VPCs × 10): DOT generation and the full DOT → SVG render. */
async function cli200(): Promise<Result[]> {
  const { network } = generateNetwork(params(20, 10, 11), 'diagram-200');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const dot = networkToDot(network);
  const t1 = performance.now();
  const renderer = await createDotRenderer();
  const svg = renderer.svg(dot);
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  if (!svg.includes('<svg')) throw new Error('Graphviz produced no SVG');
  return [
    { name: '200-subnet DOT generation', value: t1 - t0, unit: 'ms' },
    {
      name: '200-subnet SVG render (DOT + Graphviz WASM, start-up included), wall clock',
      value: t2 - t0,
      unit: 'ms',
    },
    // CPU time of this process: what the render costs whatever else the machine is doing.
    { name: '200-subnet SVG render, CPU time', value: (cpu.user + cpu.system) / 1000, unit: 'ms' },
  ];
}

/** 1,000 subnets (100 VPCs × 10) in the web page. */
async function page1000(): Promise<Result[]> {
  if (!existsSync(CHROMIUM)) {
    console.warn(`diagram bench: ${CHROMIUM} missing, page figures skipped`);
    return [];
  }
  const { ensureWebBuilt } = await import('../src/server/web-build.js');
  const built = await ensureWebBuilt();
  if (!built.ok) {
    console.warn(`diagram bench: ${built.message}`);
    return [];
  }
  const { startServer } = await import('../src/server/server.js');
  const { chromium } = await import('playwright-core');
  const { network } = generateNetwork(params(100, 10, 12), 'diagram-1000');
  const net: Network = network;
  const srv = await startServer({
    webRoot: built.dist,
    watchEnabled: false,
    backend: {
      load: () =>
        Promise.resolve({
          network: net,
          expectations: [],
          diagnostics: [],
          files: ['synthetic-1000-subnets'],
        }),
      validate: () => [],
      trace: () => {
        throw new Error('not traced in the benchmark');
      },
      test: () => [],
    },
  });
  const browser = await chromium.launch({
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
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    // The renderer's main-thread busy time (CDP TaskDuration): robust when the machine is shared.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async (): Promise<number> => {
      const m = await cdp.send('Performance.getMetrics');
      return m.metrics.find((x) => x.name === 'TaskDuration')?.value ?? Number.NaN;
    };
    const b0 = await busy();
    const t0 = performance.now();
    await page.goto(srv.url);
    await page.waitForSelector('#graph[data-ready]', { timeout: 300_000 });
    const ready = performance.now() - t0;
    const readyCpu = ((await busy()) - b0) * 1000;
    // A string, not a function: the TS loader would wrap named inner functions in a helper the page lacks.
    const inPage = await page.evaluate<{ layoutMs: number; zoomMs: number; nodes: number }>(`(async () => {
      const v = window.vpcsim;
      await new Promise((r) => requestAnimationFrame(() => r()));
      const z0 = performance.now();
      v.cy.zoom(v.cy.zoom() * 1.5);
      await new Promise((r) => requestAnimationFrame(() => r()));
      await new Promise((r) => requestAnimationFrame(() => r()));
      return { layoutMs: v.layoutMs, zoomMs: performance.now() - z0, nodes: v.cy.nodes().length };
    })()`);
    return [
      {
        name: `1,000-subnet page: load to graph drawn (${inPage.nodes} nodes, headless chromium)`,
        value: ready,
        unit: 'ms',
      },
      { name: '1,000-subnet page: load to graph drawn, main-thread busy time', value: readyCpu, unit: 'ms' },
      { name: '1,000-subnet page: graph build + layout in the page', value: inPage.layoutMs, unit: 'ms' },
      { name: 'page with 1000 subnets: one zoom step to next frame', value: inPage.zoomMs, unit: 'ms' },
    ];
  } finally {
    await browser.close();
    await srv.close();
  }
}

/** The diagram figures for `npm run bench`. */
export async function benchDiagram(): Promise<Result[]> {
  return [...(await cli200()), ...(await page1000())];
}

if (process.argv[1]?.endsWith('diagram.bench.ts')) {
  benchDiagram().then(
    (r) => {
      console.log(JSON.stringify(r, null, 2));
    },
    (e: unknown) => {
      console.error(e);
    },
  );
}
