/**
 * `validateNetwork(net)`: every diagnostic about a network — what the AWS API would refuse (errors) and what AWS
 * accepts but is almost always a mistake (warnings) — sorted canonically. Pure: model in, diagnostics out.
 */
import { sortDiagnostics, warning, type Diagnostic } from '../diag/diagnostic.js';
import type { Network } from '../model/network.js';
import { validateAddressing } from './addressing.js';
import { validateClientVpn } from './clientvpn.js';
import { validateFilters } from './filters.js';
import { validateFirewalls } from './firewall.js';
import { validateInstances } from './instances.js';
import { validatePeerings } from './peering.js';
import { validateRoutes } from './routes.js';
import { validateRoutingLoops } from './routing-loops.js';

/** All diagnostics for `net`. `validateNetwork(net).some(d => d.severity === 'error')` = AWS would refuse it. */
export function validateNetwork(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [
    ...validateAddressing(net),
    ...validateRoutes(net),
    ...validateRoutingLoops(net),
    ...validateFilters(net),
    ...validatePeerings(net),
    ...validateInstances(net),
    ...validateFirewalls(net),
    ...validateClientVpn(net),
  ];
  const types = new Map<string, string[]>();
  for (const u of net.unsupported) {
    const list = types.get(u.type) ?? [];
    list.push(u.id);
    types.set(u.type, list);
  }
  for (const [type, ids] of types) {
    const first = net.unsupported.find((u) => u.type === type);
    out.push(
      warning(
        'UNSUPPORTED_RESOURCE_TYPE',
        `${type} is not modelled (${ids.join(', ')}); paths through it are reported as unknown`,
        first?.span,
        {
          resource: ids[0],
        },
      ),
    );
  }
  return sortDiagnostics(dedupe(out));
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}|${d.message}|${d.span?.file ?? ''}:${d.span?.line ?? 0}:${d.span?.col ?? 0}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
