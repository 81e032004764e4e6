/**
 * The one place that reports resources of kinds vpcsim does not model: each is listed in `network.unsupported`
 * (never dropped silently), and each type gets one UNSUPPORTED_RESOURCE_TYPE warning naming its resources — however
 * many files, stacks, modules or region folders list them. Every importer reports through this; validation does not
 * report them again.
 */
import { warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type { UnsupportedResource } from '../../model/network.js';

/** How many resource names one warning lists before "… (N)". */
const LISTED = 8;

interface TypeEntry {
  /** What the type is, in words (`transit gateway (TGW-1…TGW-6 not modelled)`), when the type name is not enough. */
  readonly what: string | undefined;
  /** Where the warning points: the first resource, or a position the importer chose (a describe file's key). */
  readonly at: Span | undefined;
  readonly ids: string[];
}

export class UnsupportedReport {
  private readonly types = new Map<string, TypeEntry>();

  /**
   * Report one resource of an unsupported type; `into` receives its `network.unsupported` entry. The first report of
   * a type decides where its warning points (`at`, else the resource's span) and its description.
   */
  add(
    into: UnsupportedResource[],
    resource: UnsupportedResource,
    type?: { readonly what?: string | undefined; readonly at?: Span | undefined },
  ): void {
    into.push(resource);
    let t = this.types.get(resource.type);
    if (!t) {
      t = { what: type?.what, at: type?.at ?? resource.span, ids: [] };
      this.types.set(resource.type, t);
    }
    t.ids.push(resource.id);
  }

  /** Has any resource of this type been reported? */
  has(type: string): boolean {
    return this.types.has(type);
  }

  /** One warning per type, in the order the types were first reported. */
  diagnostics(): Diagnostic[] {
    return [...this.types].map(([type, t]) => {
      const n = t.ids.length;
      const listed = `${t.ids.slice(0, LISTED).join(', ')}${n > LISTED ? `, … (${n})` : ''}`;
      return warning(
        'UNSUPPORTED_RESOURCE_TYPE',
        `${type}: ${n} resource${n > 1 ? 's' : ''}${t.what ? ` (${t.what})` : ''} not modelled by vpcsim — ${listed}; paths through ${n > 1 ? 'them' : 'it'} are not simulated`,
        t.at,
        { resource: t.ids[0] },
      );
    });
  }
}
