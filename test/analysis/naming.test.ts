/**
 * Issue 14, "naming things as AWS users do": unknown endpoint names get "did you mean" and the candidates of that
 * kind; instances answer to their AWS id and Name tag (describe-* snapshots name them by id); an alias several
 * resources share is refused with the list; `vpcsim ls` (analysis/inventory.ts) lists what the inputs define.
 */
import { describe, expect, it } from 'vitest';
import { traceFlow, TraceError } from '../../src/analysis/trace.js';
import { inventory } from '../../src/analysis/inventory.js';
import { closestName } from '../../src/diag/did-you-mean.js';
import type { Network } from '../../src/model/network.js';
import { net } from '../helpers.js';

const yaml = `vpcsim: 1
vpcs:
  vpc:
    cidr: 10.0.0.0/16
    subnets:
      s: { cidr: 10.0.1.0/24, routeTable: rt }
    routeTables:
      rt: {}
    securityGroups:
      sg: { inbound: ['all from 10.0.0.0/16'], outbound: ['all to 10.0.0.0/16'] }
    instances:
      web: { subnet: s, ip: 10.0.1.10, securityGroups: [sg] }
      db: { subnet: s, ip: 10.0.1.20, securityGroups: [sg] }
      cache: { subnet: s, ip: 10.0.1.30, securityGroups: [sg] }
`;

function error(n: Network, from: string): string {
  try {
    traceFlow(n, { from, to: '10.0.1.20', protocol: 'tcp', port: 5432 });
  } catch (e) {
    if (e instanceof TraceError) return e.message;
    throw e;
  }
  return 'no error';
}

/** The same network with AWS ids and Name tags on the instances, as a describe-* snapshot has them. */
function tagged(n: Network, names: Record<string, string>): Network {
  return {
    ...n,
    instances: n.instances.map((i) => ({ ...i, awsId: `i-0${i.id}`, name: names[i.id] })),
  };
}

describe('flow endpoints by name', () => {
  it('a misspelt name gets the closest one and the candidates of that kind', () => {
    expect(error(net(yaml), 'wbe')).toBe(
      'endpoint "wbe" names no instance, network interface, VPN client, subnet, gateway or peering connection, and is not an IPv4 or IPv6 address — did you mean web? (instances: web, db, cache)',
    );
  });
  it('a name far from every candidate lists every kind instead of guessing', () => {
    expect(error(net(yaml), 'zzzzzz')).toContain(
      '(instances: web, db, cache; network interfaces: web/eth0, db/eth0, cache/eth0; subnets: s)',
    );
    expect(error(net(yaml), 'zzzzzz')).not.toContain('did you mean');
  });
  it('an instance answers to its AWS id and its Name tag', () => {
    const n = tagged(net(yaml), { web: 'frontend', db: 'postgres' });
    const byTag = traceFlow(n, { from: 'frontend', to: 'postgres', protocol: 'tcp', port: 5432 });
    expect(byTag.verdict).toBe('reachable');
    expect(byTag.forward.hops[0]?.id).toBe('web');
    expect(byTag.forward.hops.at(-1)?.id).toBe('db');
    expect(traceFlow(n, { from: 'i-0web', to: 'i-0db', protocol: 'tcp', port: 5432 }).verdict).toBe(
      'reachable',
    );
  });
  it('a Name tag two instances share is refused with both ids', () => {
    const n = tagged(net(yaml), { web: 'app', cache: 'app' });
    expect(error(n, 'app')).toBe(
      '"app" is the Name tag of 2 resources (cache, web): name one of them by its id',
    );
  });
  it('closestName: case-insensitive edit distance, nothing when more than a third differs', () => {
    expect(closestName('WEB1', ['web', 'db'])).toBe('web');
    expect(closestName('postgres', ['web', 'db'])).toBeUndefined();
  });
});

describe('inventory (vpcsim ls)', () => {
  it('lists every resource by kind with where it sits; endpoints are marked', () => {
    const rows = inventory(net(yaml));
    expect(rows.map((r) => `${r.kind}:${r.id}${r.endpoint ? '*' : ''}`)).toEqual([
      'vpc:vpc',
      'subnet:s*',
      'route-table:rt',
      'instance:web*',
      'instance:db*',
      'instance:cache*',
      'network-interface:web/eth0*',
      'network-interface:db/eth0*',
      'network-interface:cache/eth0*',
      'security-group:sg',
    ]);
    expect(rows[1]?.in).toBe('vpc 10.0.1.0/24');
  });
});
