/**
 * What the page server serves: the last load of the inputs, a version bumped on every reload, and the base network
 * or one variant (`?variant=`) with its diagram graph, built when first asked for. Bad input never stops the
 * server: an importer that throws becomes a `LOAD_FAILED` diagnostic on an empty network.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { emptyNetwork, type Network } from '../model/network.js';
import { buildTopology, type TopologyGraph } from '../render/diagram/topology.js';
import type { Backend, LoadedInputs } from './backend.js';

/** The network, expectations and diagnostics of the base inputs or of one variant. */
export interface View {
  readonly variant: string | null;
  readonly network: Network;
  readonly expectations: LoadedInputs['expectations'];
  readonly diagnostics: readonly Diagnostic[];
  readonly graph: TopologyGraph;
}

interface Loaded {
  readonly version: number;
  readonly loaded: LoadedInputs;
  /** Diagram graphs by variant name ('' = base). */
  readonly graphs: Map<string, TopologyGraph>;
}

export class ServedInputs {
  private constructor(
    private readonly backend: Backend,
    private current: Loaded,
  ) {}

  /** The first load (version 1). */
  static async load(backend: Backend): Promise<ServedInputs> {
    return new ServedInputs(backend, await loadVersion(backend, 1));
  }

  get version(): number {
    return this.current.version;
  }

  get loaded(): LoadedInputs {
    return this.current.loaded;
  }

  /** Load the inputs again under the next version. */
  async reload(): Promise<void> {
    this.current = await loadVersion(this.backend, this.current.version + 1);
  }

  /** The base inputs (name undefined or empty) or the variant of that name; undefined when there is none. */
  view(name: string | undefined): View | undefined {
    const { loaded, graphs } = this.current;
    if (name === undefined || name === '') {
      return {
        variant: null,
        network: loaded.network,
        expectations: loaded.expectations,
        diagnostics: loaded.diagnostics,
        graph: graphFor(graphs, '', loaded.network),
      };
    }
    const v = (loaded.variants ?? []).find((x) => x.name === name);
    if (!v) return undefined;
    return {
      variant: v.name,
      network: v.network,
      expectations: v.expectations,
      diagnostics: v.diagnostics,
      graph: graphFor(graphs, name, v.network),
    };
  }

  /** "no variant named …" with the names there are, for a 404. */
  noVariant(name: string): string {
    const names = (this.current.loaded.variants ?? []).map((x) => x.name).join(', ');
    return `no variant named "${name}" (variants: ${names || 'none'})`;
  }
}

function graphFor(graphs: Map<string, TopologyGraph>, name: string, net: Network): TopologyGraph {
  let g = graphs.get(name);
  if (!g) graphs.set(name, (g = buildTopology(net)));
  return g;
}

async function loadVersion(backend: Backend, version: number): Promise<Loaded> {
  let loaded: LoadedInputs;
  try {
    loaded = await backend.load();
  } catch (e) {
    // Importers should never throw; if one does, show it as a diagnostic rather than failing.
    const d: Diagnostic = {
      severity: 'error',
      code: 'LOAD_FAILED',
      message: `could not read the inputs: ${e instanceof Error ? e.message : String(e)}`,
    };
    loaded = { network: emptyNetwork(), expectations: [], diagnostics: [d], files: [] };
  }
  return { version, loaded, graphs: new Map([['', buildTopology(loaded.network)]]) };
}
