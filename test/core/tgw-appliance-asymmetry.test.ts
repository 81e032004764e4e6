/**
 * B5.1 on the S5 example (examples/s5-tgw-inspection.yaml) with appliance mode off on att-hub: the request a1 (1a) →
 * b2 (1c) crosses the hub in 1a (vpce-fw-a); the reply enters the gateway from b2 in 1c and, without appliance mode,
 * leaves to the hub in 1c (TGW-24.2) → vpce-fw-c, which never saw the SYN and drops the mid-stream reply (NFW-4).
 * vpcsim reports the flow asymmetric (TGW_ATTACH_VPC_AZ_RESTRICTION) with the fix: appliance mode on att-hub (TGW-5).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hopIds, net, trace } from '../helpers.js';
import type { Network } from '../../src/model/network.js';

const S5 = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 's5-tgw-inspection.yaml'), 'utf8');

function withoutApplianceMode(): Network {
  const n = net(S5);
  return {
    ...n,
    transitGatewayAttachments: (n.transitGatewayAttachments ?? []).map((a) =>
      a.id === 'att-hub' ? { ...a, applianceMode: false } : a,
    ),
  };
}

describe('B5.1: appliance mode off on the inspection attachment (TGW-24.2, TGW-5)', () => {
  it('flow 1 is asymmetric, the reply dropped at vpce-fw-c, with the fix naming att-hub', () => {
    const t = trace(withoutApplianceMode(), { from: 'a1', to: 'b2', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('asymmetric');
    expect(t.asymmetry?.code).toBe('TGW_ATTACH_VPC_AZ_RESTRICTION');
    expect(t.asymmetry?.skipped).toEqual(['vpce-fw-a']);
    expect(t.asymmetry?.extra).toEqual(['vpce-fw-c']);
    expect(t.asymmetry?.divergedAt).toBe('att-hub');
    expect(t.asymmetry?.suggestion).toContain('enable appliance mode on attachment att-hub');
    expect(t.return?.code).toBe('FIREWALL_RULES_RESTRICTION');
    expect(t.return?.droppedAt).toBe('vpce-fw-c');
    // The reply: b2 (1c) → Work-B → att-b ENI in 1c → rt-spoke → att-hub ENI in 1c (the entry AZ) → Hub-TGW-c.
    expect(hopIds(t, 'return').filter((h) => !h.startsWith('network-acl:'))).toEqual([
      'instance:b2',
      'security-group:sg-b',
      'route-table:Work-B',
      'transit-gateway-attachment:att-b',
      'transit-gateway-route-table:rt-spoke',
      'transit-gateway-attachment:att-hub',
      'route-table:Hub-TGW-c',
      'firewall-endpoint:vpce-fw-c',
    ]);
  });

  it('with appliance mode on (the example as written) the same flow is reachable and symmetric', () => {
    const t = trace(net(S5), { from: 'a1', to: 'b2', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('reachable');
    expect(t.asymmetry).toBeUndefined();
  });
});
