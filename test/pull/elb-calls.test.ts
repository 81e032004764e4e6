/**
 * The load-balancer rows of `vpcsim pull` (issue 16 item 6): Elastic Load Balancing pages with Marker/NextMarker, and
 * rules are pulled per listener, listeners per load balancer (an `each` row reading another `each` row's items).
 */
import { describe, expect, it } from 'vitest';
import { PULL_CALLS } from '../../src/pull/calls.js';
import { pullRegion, type ApiObject, type Send } from '../../src/pull/region.js';
import { noWait } from './helpers.js';

const ELB = PULL_CALLS.filter((c) => c.service === 'elbv2' || c.service === 'elb');
const LB1 = 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1';
const LB2 = 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/b/2';
const L1 = 'arn:aws:elasticloadbalancing:us-east-1:1:listener/app/a/1/11';

describe('the Elastic Load Balancing rows of vpcsim pull', () => {
  it('follow NextMarker, and run rules per listener of every load balancer', async () => {
    const asked: string[] = [];
    const send: Send = (service, operation, input: ApiObject) => {
      asked.push(`${service} ${operation} ${JSON.stringify(input)}`);
      if (service === 'elbv2' && operation === 'DescribeLoadBalancers')
        return Promise.resolve(
          input['Marker'] === undefined
            ? { LoadBalancers: [{ LoadBalancerArn: LB1 }], NextMarker: 'm1' }
            : { LoadBalancers: [{ LoadBalancerArn: LB2 }] },
        );
      if (operation === 'DescribeListeners')
        return Promise.resolve({
          Listeners: input['LoadBalancerArn'] === LB1 ? [{ ListenerArn: L1, LoadBalancerArn: LB1 }] : [],
        });
      if (operation === 'DescribeRules')
        return Promise.resolve({ Rules: [{ RuleArn: `${L1}/r`, IsDefault: true }] });
      if (operation === 'DescribeLoadBalancers') return Promise.resolve({ LoadBalancerDescriptions: [] });
      return Promise.resolve({ TargetGroups: [] });
    };
    const r = await pullRegion(send, ELB, noWait());
    expect(r.failures).toEqual([]);
    expect(asked).toContain(`elbv2 DescribeLoadBalancers {"Marker":"m1"}`);
    expect(r.files.get('describe-load-balancers.json')).toEqual({
      LoadBalancers: [{ LoadBalancerArn: LB1 }, { LoadBalancerArn: LB2 }],
    });
    expect(asked.filter((a) => a.includes('DescribeListeners'))).toEqual([
      `elbv2 DescribeListeners {"LoadBalancerArn":"${LB1}"}`,
      `elbv2 DescribeListeners {"LoadBalancerArn":"${LB2}"}`,
    ]);
    expect(asked.filter((a) => a.includes('DescribeRules'))).toEqual([
      `elbv2 DescribeRules {"ListenerArn":"${L1}"}`,
    ]);
    expect([...r.files.keys()].sort()).toEqual([
      'describe-listeners-1.json',
      'describe-listeners-2.json',
      'describe-load-balancers.json',
      'describe-rules-11.json',
      'describe-target-groups.json',
      'elb-describe-load-balancers.json',
    ]);
  });
});
