/**
 * Diagram benchmarks (issue 8 §4): the CLI path for a 200-subnet network (DOT text + Graphviz WASM → SVG, as
 * `vpcsim diagram` does, Graphviz start-up included), and the web page with a 1,000-subnet network in headless
 * chromium (median of five loads from navigation to the frame after the graph is drawn, the layout alone, and
 * zoom/pan frames as responsiveness figures).
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
    // Five loads in fresh pages; the median is reported (one load on a shared machine is noisy).
    const LOADS = 5;
    const drawn: number[] = [];
    const busyMs: number[] = [];
    const layout: number[] = [];
    let interaction: { nodes: number; zoomMs: number; zoomInMs: number; panMs: number } | undefined;
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
      // The renderer's main-thread busy time (CDP TaskDuration): robust when the machine is shared.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const busy = async (): Promise<number> => {
        const m = await cdp.send('Performance.getMetrics');
        return m.metrics.find((x) => x.name === 'TaskDuration')?.value ?? Number.NaN;
      };
      const b0 = await busy();
      await page.goto(srv.url);
      await page.waitForSelector('#graph[data-ready]', { timeout: 300_000 });
      busyMs.push(((await busy()) - b0) * 1000);
      // drawnMs: navigation start → the frame after cytoscape drew the graph (measured by the page itself).
      const t = await page.evaluate<{ drawnMs: number; layoutMs: number }>(
        `({ drawnMs: window.vpcsim.drawnMs, layoutMs: window.vpcsim.layoutMs })`,
      );
      drawn.push(t.drawnMs);
      layout.push(t.layoutMs);
      if (i === 0) {
        // A string, not a function: the TS loader would wrap named inner functions in a helper the page lacks.
        interaction = await page.evaluate<{
          nodes: number;
          zoomMs: number;
          zoomInMs: number;
          panMs: number;
        }>(`(async () => {
          const cy = window.vpcsim.cy;
          const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
          await frames();
          let t = performance.now();
          cy.zoom(cy.zoom() * 1.5);
          await frames();
          const zoomMs = performance.now() - t;
          // Into one VPC: crosses the zoom at which labels are switched on (after a 100 ms debounce).
          t = performance.now();
          cy.fit(cy.getElementById('vpc:vpc0'), 10);
          await new Promise((r) => setTimeout(r, 120));
          await frames();
          const zoomInMs = performance.now() - t - 120;
          t = performance.now();
          cy.panBy({ x: 200, y: 0 });
          await frames();
          const panMs = performance.now() - t;
          return { nodes: cy.nodes().length, zoomMs, zoomInMs, panMs };
        })()`);
      }
      await page.close();
    }
    const med = (xs: number[]): number =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    return [
      {
        name: `1,000-subnet page: load to graph drawn (${String(interaction?.nodes ?? 0)} nodes, headless chromium, median of ${String(LOADS)})`,
        value: med(drawn),
        unit: 'ms',
      },
      {
        name: '1,000-subnet page: load to graph drawn, main-thread busy time (median)',
        value: med(busyMs),
        unit: 'ms',
      },
      {
        name: '1,000-subnet page: graph build + layout in the page (median)',
        value: med(layout),
        unit: 'ms',
      },
      {
        name: 'page with 1000 subnets: one zoom step to next frame',
        value: interaction?.zoomMs ?? Number.NaN,
        unit: 'ms',
      },
      {
        name: 'page with 1000 subnets: zoom into one VPC (labels switched on) to next frame',
        value: interaction?.zoomInMs ?? Number.NaN,
        unit: 'ms',
      },
      {
        name: 'page with 1000 subnets: pan to next frame',
        value: interaction?.panMs ?? Number.NaN,
        unit: 'ms',
      },
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
