/**
 * GET /api/exposure and GET /api/matrix?by= (issue 17 §4): the backend's network-wide answer with the inputs'
 * version, or 400 with the engine's message (a matrix too large, an unknown --by), as [status, body].
 */
import type { Backend } from './backend.js';
import type { Network } from '../model/network.js';
import type { ErrorResponse, NetworkWideResponse } from './api-types.js';
import type { NetworkWideQuery } from './network-wide.js';

export async function answerNetworkWide(
  backend: Backend,
  net: Network,
  path: '/api/exposure' | '/api/matrix',
  query: URLSearchParams,
  version: number,
): Promise<[number, NetworkWideResponse | ErrorResponse]> {
  const q: NetworkWideQuery =
    path === '/api/exposure' ? { kind: 'exposure' } : { kind: 'matrix', by: query.get('by') ?? 'subnet' };
  try {
    if (!backend.networkWide) throw new Error('network-wide answers are not available from this server');
    return [200, { version, ...(await backend.networkWide(net, q)) }];
  } catch (e) {
    return [400, { error: e instanceof Error ? e.message : String(e) }];
  }
}
