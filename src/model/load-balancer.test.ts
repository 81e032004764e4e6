import { describe, expect, it } from 'vitest';
import { defaultCrossZone, defaultPreserveClientIp } from './load-balancer.js';

describe('defaults (NLB-3, ELB-2)', () => {
  it('client IP preservation: instance and alb on; ip on for UDP/TCP_UDP/QUIC, off for TCP/TLS', () => {
    expect(defaultPreserveClientIp({ targetType: 'instance', protocol: 'TCP' })).toBe(true);
    expect(defaultPreserveClientIp({ targetType: 'alb', protocol: 'TCP' })).toBe(true);
    expect(defaultPreserveClientIp({ targetType: 'ip', protocol: 'TCP' })).toBe(false);
    expect(defaultPreserveClientIp({ targetType: 'ip', protocol: 'TLS' })).toBe(false);
    expect(defaultPreserveClientIp({ targetType: 'ip', protocol: 'UDP' })).toBe(true);
    expect(defaultPreserveClientIp({ targetType: 'ip', protocol: 'TCP_UDP' })).toBe(true);
  });
  it('cross-zone: on for ALB only', () => {
    expect(['application', 'network', 'gateway', 'classic'].map((t) => defaultCrossZone(t as never))).toEqual(
      [true, false, false, false],
    );
  });
});
