/**
 * Issue 13 "also check": an expectation whose trace is uncertain never counts as a pass, however well verdict and
 * code match — the unmodelled part (here a transit gateway, which vpcsim lists as unsupported) could change it.
 */
import { describe, expect, it } from 'vitest';
import { net } from '../helpers.js';
import { checkExpectation } from '../../src/analysis/expectations.js';

const y = `vpcsim: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.0.0.0/16
    subnets:
      s: { cidr: 10.0.0.0/24, routeTable: rt }
    routeTables:
      rt: { routes: { 10.9.0.0/16: tgw-1 } }
    instances:
      app: { subnet: s, ip: 10.0.0.10 }
unsupported:
  tgw-1: { type: AWS::EC2::TransitGateway }
`;

describe('uncertain results in expectations', () => {
  it('a matching verdict and code on an uncertain trace is not a pass: unknown, with the reason first', () => {
    const o = checkExpectation(net(y), {
      name: 'app to the other VPC',
      flow: { from: 'app', to: '10.9.0.5', protocol: 'tcp', port: 443 },
      verdict: 'unreachable',
      code: 'UNSUPPORTED_COMPONENT',
    });
    expect(o.trace?.uncertain).toBe(true);
    expect(o.passed).toBe(false);
    expect(o.unknown).toBe(true);
    expect(o.failures[0]).toMatch(/^UNKNOWN — the result is uncertain: .*tgw-1/);
  });

  it('a certain trace still passes', () => {
    const o = checkExpectation(net(y), {
      name: 'app to itself',
      flow: { from: 'app', to: '10.0.0.10', protocol: 'tcp', port: 22 },
      verdict: 'reachable',
    });
    expect(o.passed).toBe(true);
    expect(o.unknown).toBeUndefined();
  });
});
