/** TGW route tables: longest prefix, same-prefix priority (TGW-3), blackhole (TGW-20), prefix lists (TGW-21). */
import { describe, expect, it } from 'vitest';
import { mustParseCidr, type Prefix, type Prefix4 } from '../../net/prefix.js';
import { mustParseAddr } from '../../net/addr.js';
import { mustParseIpv4 as ip } from '../../net/ipv4.js';
import { compileTgwRoutes, lookupTgwRoute, type TgwRouteInput } from './route-table.js';

const p = (t: string): Prefix4 => mustParseCidr(t) as Prefix4;
const att = (id: string): { id: string } => ({ id });
type R = TgwRouteInput<{ id: string }>;

describe('TGW route table lookup', () => {
  it('TGW-3: longest prefix wins over a static default route; the less specific one is named', () => {
    const rt = compileTgwRoutes('rt', [
      { dest: p('0.0.0.0/0'), attachment: att('att-hub'), origin: 'static' },
      { dest: p('10.2.0.0/16'), attachment: att('att-b'), origin: 'vpc' },
    ] satisfies R[]);
    const r = lookupTgwRoute(rt, ip('10.2.2.20'), true);
    expect(r.route?.attachment?.id).toBe('att-b');
    expect(r.lessSpecific).toEqual(['0.0.0.0/0 -> att-hub (static)']);
    expect(lookupTgwRoute(rt, ip('8.8.8.8'), true).route?.attachment?.id).toBe('att-hub');
  });

  it('TGW-3: same prefix — static > prefix list > VPC > DX gateway > Connect > VPN, whatever the input order', () => {
    const d = p('192.168.0.0/16');
    const rt = compileTgwRoutes('rt', [
      { dest: d, attachment: att('vpn'), origin: 'vpn' },
      { dest: d, attachment: att('connect'), origin: 'connect' },
      { dest: d, attachment: att('dx'), origin: 'direct-connect-gateway' },
      { dest: d, attachment: att('vpc'), origin: 'vpc' },
    ] satisfies R[]);
    const r = lookupTgwRoute(rt, ip('192.168.1.1'), true);
    expect(r.route?.attachment?.id).toBe('vpc');
    expect(r.route?.shadowed).toEqual([
      '192.168.0.0/16 -> dx (propagated, direct-connect-gateway)',
      '192.168.0.0/16 -> connect (propagated, connect)',
      '192.168.0.0/16 -> vpn (propagated, vpn)',
    ]);
    const withStatic = compileTgwRoutes('rt', [
      { dest: d, attachment: att('vpc'), origin: 'vpc' },
      { dest: d, attachment: att('pl'), origin: 'prefix-list', destText: 'pl-1 (192.168.0.0/16)' },
      { dest: d, attachment: att('static'), origin: 'static' },
    ] satisfies R[]);
    const w = lookupTgwRoute(withStatic, ip('192.168.1.1'), true).route;
    expect(w?.attachment?.id).toBe('static');
    expect(w?.shadowed).toEqual([
      'pl-1 (192.168.0.0/16) -> pl (prefix list)',
      '192.168.0.0/16 -> vpc (propagated, vpc)',
    ]);
  });

  it('TGW-20: a blackhole route takes part in longest-prefix match and is not fallen through', () => {
    const rt = compileTgwRoutes('rt', [
      { dest: p('10.0.0.0/8'), attachment: att('att-hub'), origin: 'static' },
      { dest: p('10.9.0.0/16'), attachment: null, origin: 'static' },
    ] satisfies R[]);
    const r = lookupTgwRoute(rt, ip('10.9.1.1'), false);
    expect(r.route?.attachment).toBeNull();
    expect(r.route?.text).toBe('10.9.0.0/16 -> blackhole (static)');
    expect(lookupTgwRoute(rt, ip('10.8.1.1'), false).route?.attachment?.id).toBe('att-hub');
  });

  it('TGW-29: no matching route gives no route (TGW_RTB_CANNOT_ROUTE)', () => {
    const rt = compileTgwRoutes('rt', [{ dest: p('10.1.0.0/16'), attachment: att('a'), origin: 'vpc' }]);
    expect(lookupTgwRoute(rt, ip('10.2.0.1'), true)).toEqual({ route: undefined, lessSpecific: [] });
  });

  it('V6-11, RT-1: IPv4 and IPv6 routes share a table but never match the other family; 0.0.0.0/0 and ::/0 both stay', () => {
    const q = (t: string): Prefix => mustParseCidr(t);
    const rt = compileTgwRoutes('rt', [
      { dest: q('0.0.0.0/0'), attachment: att('att-v4'), origin: 'static' },
      { dest: q('::/0'), attachment: att('att-v6'), origin: 'static' },
      { dest: q('2001:db8:2::/56'), attachment: att('att-b'), origin: 'vpc' },
    ]);
    expect(rt.routes.map((r) => r.text)).toEqual([
      '0.0.0.0/0 -> att-v4 (static)',
      '2001:db8:2::/56 -> att-b (propagated, vpc)',
      '::/0 -> att-v6 (static)',
    ]);
    expect(lookupTgwRoute(rt, ip('10.2.0.1'), true).route?.attachment?.id).toBe('att-v4');
    const r6 = lookupTgwRoute(rt, mustParseAddr('2001:db8:2:2::20'), true);
    expect(r6.route?.attachment?.id).toBe('att-b');
    expect(r6.lessSpecific).toEqual(['::/0 -> att-v6 (static)']);
    expect(lookupTgwRoute(rt, mustParseAddr('2001:db8:ffff::1'), false).route?.attachment?.id).toBe('att-v6');
  });
});
