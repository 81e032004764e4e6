/**
 * The call table of `vpcsim pull` (src/pull/calls.ts): read-only operations only, every top-level key the describe-*
 * importer models has the call that writes it, and the IAM policy in docs/describe.md grants exactly what the
 * table calls. The per-request guard is tested against the SDK in pull.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELLED_KEYS, READ_WITH_KEYS } from '../../src/formats/describe/build.js';
import { cliCommand, fileName, iamAction, isReadOnlyOperation, PULL_CALLS } from '../../src/pull/calls.js';

describe('the call table of vpcsim pull', () => {
  it('holds only read-only operations (Describe, List, Get, Search)', () => {
    expect(PULL_CALLS.map((c) => c.operation).filter((op) => !isReadOnlyOperation(op))).toEqual([]);
  });

  it('isReadOnlyOperation refuses every mutating verb, also one that starts like a read-only one', () => {
    for (const op of [
      'CreateVpc',
      'DeleteFirewall',
      'ModifyInstanceAttribute',
      'AssociateRouteTable',
      'RunInstances',
      'TerminateInstances',
      'AuthorizeSecurityGroupIngress',
      'PutResourcePolicy',
      'UpdateFirewallPolicy',
      'Describe', // no object
      'Listen',
      'Getaway',
    ])
      expect([op, isReadOnlyOperation(op)]).toEqual([op, false]);
    expect(isReadOnlyOperation('GetCallerIdentity')).toBe(true);
  });

  it('writes every top-level key the describe-* importer models (add a row to src/pull/calls.ts for a new one)', () => {
    const written = PULL_CALLS.filter((c) => c.write).map((c) => c.keys[0]);
    // READ_WITH_KEYS: per-table transit gateway calls, read by the route tables' mapper.
    const read: readonly (string | undefined)[] = [...MODELLED_KEYS, ...READ_WITH_KEYS];
    expect(read.filter((k) => !written.includes(k))).toEqual([]);
    expect(written.filter((k) => !read.includes(k))).toEqual([]);
  });

  it('runs an `each` row after the row whose results it reads, and that row exists', () => {
    for (const [i, c] of PULL_CALLS.entries()) {
      if (!c.each) continue;
      const j = PULL_CALLS.findIndex((x) => x.operation === c.each?.of);
      expect([c.operation, j >= 0 && j < i]).toEqual([c.operation, true]);
    }
  });

  it('names files and commands as the AWS CLI does', () => {
    const vpcs = PULL_CALLS.find((c) => c.operation === 'DescribeVpcs');
    const fw = PULL_CALLS.find((c) => c.operation === 'DescribeFirewall');
    const routes = PULL_CALLS.find((c) => c.operation === 'DescribeClientVpnRoutes');
    expect(vpcs && [cliCommand(vpcs), fileName(vpcs)]).toEqual([
      'aws ec2 describe-vpcs',
      'describe-vpcs.json',
    ]);
    expect(fw && cliCommand(fw)).toBe('aws network-firewall describe-firewall');
    expect(fw && fileName(fw, 'arn:aws:network-firewall:us-east-1:111122223333:firewall/edge')).toBe(
      'describe-firewall-edge.json',
    );
    // Two rule groups of one name (stateful and stateless) are told apart by their whole resource part.
    const rg = PULL_CALLS.find((c) => c.operation === 'DescribeRuleGroup');
    expect(rg && fileName(rg, 'arn:aws:network-firewall:us-east-1:1:stateful-rulegroup/allow', true)).toBe(
      'describe-rule-group-stateful-rulegroup_allow.json',
    );
    expect(routes && fileName(routes, 'cvpn-endpoint-0abc')).toBe(
      'describe-client-vpn-routes-cvpn-endpoint-0abc.json',
    );
  });

  it('docs/describe.md documents an IAM policy granting exactly the calls vpcsim pull makes', () => {
    const md = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'describe.md'), 'utf8');
    const block = /<!-- doc-test: skip — the IAM policy[^\n]*-->\s*```json\n([\s\S]*?)```/.exec(md)?.[1];
    expect(block).toBeDefined();
    const policy = JSON.parse(block ?? '{}') as { Statement: { Effect: string; Action: string[] }[] };
    const actions = policy.Statement.flatMap((s) => (s.Effect === 'Allow' ? s.Action : [])).sort();
    const needed = [
      ...new Set([...PULL_CALLS.map(iamAction), 'ec2:DescribeRegions', 'sts:GetCallerIdentity']),
    ].sort();
    expect(actions).toEqual(needed);
  });
});
