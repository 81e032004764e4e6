/** TGW-24: the AZ rule of transit gateway attachments. */
import { describe, expect, it } from 'vitest';
import { egressAz, ingressAz } from './az.js';

describe('TGW AZ affinity (TGW-24)', () => {
  it('TGW-24.1: ingress only through the ENI in the sender AZ', () => {
    expect(ingressAz(['az-a', 'az-c'], 'az-c')).toBe('az-c');
    expect(ingressAz(['az-a'], 'az-c')).toBeUndefined();
  });
  it('TGW-24.2: without appliance mode the packet stays in its entry AZ, else crosses to the first AZ', () => {
    expect(egressAz(['az-a', 'az-c'], false, 'az-c', undefined)).toEqual({
      az: 'az-c',
      crossed: false,
      hashed: false,
    });
    expect(egressAz(['az-a'], false, 'az-c', undefined)).toEqual({
      az: 'az-a',
      crossed: true,
      hashed: false,
    });
    // A pin from appliance mode elsewhere does not apply to an attachment without it.
    expect(egressAz(['az-a', 'az-c'], false, 'az-c', 'az-a')).toEqual({
      az: 'az-c',
      crossed: false,
      hashed: false,
    });
  });
  it('TGW-24.3: appliance mode keeps the flow on one ENI both ways; the first pick is a stated assumption', () => {
    expect(egressAz(['az-a', 'az-c'], true, 'az-a', undefined)).toEqual({
      az: 'az-a',
      crossed: false,
      hashed: true,
    });
    // The reply enters in az-c but is pinned to the request's ENI in az-a.
    expect(egressAz(['az-a', 'az-c'], true, 'az-c', 'az-a')).toEqual({
      az: 'az-a',
      crossed: true,
      hashed: false,
    });
  });
  it('TGW-24.5: a packet from VPN/DX/peering has no entry AZ: the first AZ, no crossing reported', () => {
    expect(egressAz(['az-a', 'az-c'], false, undefined, undefined)).toEqual({
      az: 'az-a',
      crossed: false,
      hashed: false,
    });
    expect(egressAz([], false, 'az-a', undefined)).toBeUndefined();
  });
});
