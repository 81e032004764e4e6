/**
 * `vpcsim pull` with the real AWS SDK for JavaScript v3, pointed (endpoint override) at a local server that answers
 * the EC2 and STS Query protocols and Network Firewall's JSON protocol from recorded responses
 * (test/pull/aws-server.ts, fixtures/aws). The pulled folder must trace the recorded account as the semantics say
 * (helpers.ts EXPECTED), and the server sees only read-only calls.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importDescribe } from '../../src/formats/describe/index.js';
import { isReadOnlyOperation } from '../../src/pull/calls.js';
import { pull } from '../../src/pull/pull.js';
import { loadAwsSdk, MutatingOperationRefused } from '../../src/pull/sdk.js';
import { startAwsServer, type AwsServer } from './aws-server.js';
import {
  ACCESS_KEY,
  ACCOUNT,
  EXPECTED,
  FIXTURES,
  KEYS,
  noWait,
  OTHER_ACCOUNT,
  REGION,
  useTestCredentials,
  withAlice,
  SDK_INSTALLED,
} from './helpers.js';

useTestCredentials();

const out = () => mkdtempSync(join(tmpdir(), 'vpcsim-pull-'));
const regionDir = (dir: string, account = ACCOUNT, region = REGION) => join(dir, 'accounts', account, region);

/** The files one pull of the recorded account writes: one per table row, one per item for `each` rows. */
const FILES = [
  'describe-addresses.json',
  'describe-auto-scaling-groups.json',
  'describe-client-vpn-authorization-rules-cvpn-endpoint-0600000000000cvpn.json',
  'describe-client-vpn-endpoints.json',
  'describe-client-vpn-routes-cvpn-endpoint-0600000000000cvpn.json',
  'describe-client-vpn-target-networks-cvpn-endpoint-0600000000000cvpn.json',
  'describe-customer-gateways.json',
  'describe-egress-only-internet-gateways.json',
  'describe-firewall-policy-s0-policy.json',
  'describe-firewall-s0-fw.json',
  'describe-instances.json',
  'describe-internet-gateways.json',
  'describe-launch-configurations.json',
  'describe-launch-templates.json',
  'describe-load-balancers.json',
  'describe-nat-gateways.json',
  'describe-network-acls.json',
  'describe-network-interfaces.json',
  'describe-prefix-lists.json',
  'describe-route-tables.json',
  'describe-rule-group-allow-domains.json',
  'describe-security-groups.json',
  'describe-subnets.json',
  'describe-target-groups.json',
  'describe-transit-gateway-attachments.json',
  'describe-transit-gateway-peering-attachments.json',
  'describe-transit-gateway-route-tables.json',
  'describe-transit-gateway-vpc-attachments.json',
  'describe-transit-gateways.json',
  'describe-vpc-endpoint-service-configurations.json',
  'describe-vpc-endpoints.json',
  'describe-vpc-peering-connections.json',
  'describe-vpcs.json',
  'describe-vpn-connections.json',
  'describe-vpn-gateways.json',
  'elb-describe-load-balancers.json',
  // Once per transit gateway route table, wrapped with its id (Batfish's layout, read by the describe-* importer).
  'get-transit-gateway-route-table-propagations-tgw-rtb-06000000000000001.json',
  'search-transit-gateway-routes-tgw-rtb-06000000000000001.json',
];

describe.skipIf(!SDK_INSTALLED)('vpcsim pull against a local AWS', () => {
  let server: AwsServer;
  let dir: string;
  const delays: number[] = [];
  const lines: string[] = [];
  beforeAll(async () => {
    // The first two DescribeRouteTables (EC2) and the first ListFirewalls (JSON protocol) are throttled.
    server = await startAwsServer({
      fixtures: FIXTURES,
      keys: KEYS,
      throttle: { DescribeRouteTables: 2, ListFirewalls: 1 },
    });
    dir = out();
    const r = await pull({
      out: dir,
      regions: [REGION],
      endpoint: server.url,
      retry: noWait(delays),
      progress: (l) => lines.push(l),
    });
    expect([r.failed, r.accountFailures]).toEqual([0, []]);
  });
  afterAll(() => server.close());

  it('writes one file per call into accounts/<id>/<region>/, pages merged, without NextToken or $metadata', () => {
    expect(readdirSync(regionDir(dir)).sort()).toEqual(FILES);
    const subnets = JSON.parse(readFileSync(join(regionDir(dir), 'describe-subnets.json'), 'utf8')) as Record<
      string,
      { SubnetId: string }[]
    >;
    expect(Object.keys(subnets)).toEqual(['Subnets']);
    expect(subnets['Subnets']?.map((s) => s.SubnetId)).toEqual([
      'subnet-0600000000000010a',
      'subnet-0600000000000020a',
      'subnet-0600000000000030a',
    ]);
    const subnetCalls = server.requests.filter((q) => q.action === 'DescribeSubnets');
    expect(subnetCalls.map((q) => q.params['NextToken'])).toEqual([
      undefined,
      'eyJ2IjoiMiIsImMiOiJzdWJuZXRzIn0=',
    ]);
  });

  it('retries throttled calls with backoff (EC2 RequestLimitExceeded, Network Firewall ThrottlingException)', () => {
    expect(server.requests.filter((q) => q.action === 'DescribeRouteTables')).toHaveLength(3);
    expect(server.requests.filter((q) => q.action === 'ListFirewalls')).toHaveLength(2);
    // Three waits, each within its doubling ceiling (full jitter: 0 ≤ delay < 500·2^(n−1) ms).
    expect(delays).toHaveLength(3);
    expect(lines.filter((l) => l.includes('throttled'))).toHaveLength(3);
  });

  it('sends only read-only operations, all signed by the credentials of the standard chain, for the Region asked', () => {
    const actions = [...new Set(server.requests.map((q) => q.action))];
    expect(actions.filter((a) => !isReadOnlyOperation(a))).toEqual([]);
    expect(new Set(server.requests.map((q) => `${q.accessKey} ${q.region}`))).toEqual(
      new Set([`${ACCESS_KEY} ${REGION}`]),
    );
  });

  it('reports progress on each call, and the folder written', () => {
    expect(lines[0]).toBe(`vpcsim pull: account ${ACCOUNT} as arn:aws:iam::${ACCOUNT}:user/vpcsim-test`);
    expect(lines).toContain(`  ${ACCOUNT} ${REGION} ec2 DescribeSubnets: 3 (2 pages)`);
    expect(lines.at(-1)).toBe(`  ${ACCOUNT} ${REGION}: wrote ${regionDir(dir)} (${FILES.length} files)`);
  });

  it("reads each transit gateway route table's propagations and static routes (TGW-2, TGW-19, TGW-20), wrapped with its id", async () => {
    const search = server.requests.filter((q) => q.action === 'SearchTransitGatewayRoutes');
    expect(search.map((q) => q.params)).toEqual([
      {
        TransitGatewayRouteTableId: 'tgw-rtb-06000000000000001',
        'Filter.1.Name': 'type',
        'Filter.1.Value.1': 'static',
        'Filter.2.Name': 'state',
        'Filter.2.Value.1': 'active',
        'Filter.2.Value.2': 'blackhole',
      },
    ]);
    const r = await importDescribe(dir, {});
    const t = (r.network.transitGatewayRouteTables ?? []).find((x) => x.id === 'tgw-rtb-06000000000000001');
    // The recording (fixtures/aws/111122223333/…/ec2): the VPC's attachment is associated and propagates; one
    // blackhole and one static route.
    expect([t?.associations, t?.propagations]).toEqual([
      ['tgw-attach-06000000000000001'],
      ['tgw-attach-06000000000000001'],
    ]);
    expect(
      t?.routes.map((x) => [x.destination, x.attachment ?? null, x.blackhole ?? false, x.origin]),
    ).toEqual([
      ['10.99.0.0/16', null, true, 'static'],
      ['192.168.0.0/16', 'tgw-attach-06000000000000001', false, 'static'],
    ]);
  });

  it('the pulled folder imports without a diagnostic and traces the recorded account as the semantics say', async () => {
    const r = await importDescribe(dir, {});
    expect(r.diagnostics).toEqual([]);
    expect(r.network.vpcs.map((v) => [v.id, v.accountId, v.region])).toEqual([
      ['vpc-0600000000000000a', ACCOUNT, REGION],
    ]);
    const net = withAlice(r.network);
    for (const e of EXPECTED) {
      const t = traceFlow(net, e.flow);
      expect([t.verdict, t.forward.code ?? null, t.forward.hops.map((h) => `${h.id}/${h.action}`)]).toEqual([
        e.verdict,
        e.code,
        e.forward,
      ]);
      expect(t.uncertain).toBe(false);
    }
  });
});

describe.skipIf(!SDK_INSTALLED)('vpcsim pull: guards, roles, Regions, failures', () => {
  let server: AwsServer;
  beforeAll(async () => {
    server = await startAwsServer({
      fixtures: FIXTURES,
      keys: KEYS,
      deny: ['DescribeVpnGateways', 'ListFirewalls'],
    });
  });
  afterAll(() => server.close());

  it('the SDK middleware refuses a mutating operation before anything is sent', async () => {
    const session = await loadAwsSdk(server.url);
    try {
      const send = session.sender(session.baseCredentials(), REGION);
      const before = server.requests.length;
      for (const [service, op] of [
        ['ec2', 'CreateVpc'],
        ['ec2', 'TerminateInstances'],
        ['network-firewall', 'DeleteFirewall'],
      ] as const)
        await expect(send(service, op, {})).rejects.toBeInstanceOf(MutatingOperationRefused);
      expect(server.requests.slice(before)).toEqual([]);
      // A read-only one goes through the same sender.
      await expect(send('ec2', 'DescribeVpcs', {})).resolves.toHaveProperty('Vpcs');
    } finally {
      session.close();
    }
  });

  it('--role-arn: each role is assumed (STS AssumeRole) and its account written to its own folder', async () => {
    const dir = out();
    const before = server.requests.length;
    const r = await pull({
      out: dir,
      regions: [REGION],
      roleArns: [`arn:aws:iam::${ACCOUNT}:role/VpcsimRead`, `arn:aws:iam::${OTHER_ACCOUNT}:role/VpcsimRead`],
      endpoint: server.url,
      retry: noWait(),
    });
    expect(r.accounts.map((a) => [a.accountId, a.arn])).toEqual([
      [ACCOUNT, `arn:aws:iam::${ACCOUNT}:user/vpcsim-test`],
      [OTHER_ACCOUNT, `arn:aws:iam::${OTHER_ACCOUNT}:user/vpcsim-test`],
    ]);
    const mine = server.requests.slice(before);
    expect(
      mine
        .filter((q) => q.action === 'AssumeRole')
        .map((q) => [q.params['RoleArn'], q.params['RoleSessionName']]),
    ).toEqual([
      [`arn:aws:iam::${ACCOUNT}:role/VpcsimRead`, 'vpcsim-pull'],
      [`arn:aws:iam::${OTHER_ACCOUNT}:role/VpcsimRead`, 'vpcsim-pull'],
    ]);
    // Every describe call of the second account is signed with that role's temporary key.
    const other = mine.filter((q) => q.accessKey === `ASIA${OTHER_ACCOUNT}` && q.service !== 'sts');
    expect(other.length).toBeGreaterThan(10);
    const vpcs = JSON.parse(
      readFileSync(join(regionDir(dir, OTHER_ACCOUNT), 'describe-vpcs.json'), 'utf8'),
    ) as unknown;
    expect(vpcs).toEqual({
      Vpcs: [expect.objectContaining({ VpcId: 'vpc-0700000000000000b', OwnerId: OTHER_ACCOUNT })],
    });
    const net = (await importDescribe(dir, {})).network;
    expect(net.vpcs.map((v) => [v.id, v.accountId]).sort()).toEqual([
      ['vpc-0600000000000000a', ACCOUNT],
      ['vpc-0700000000000000b', OTHER_ACCOUNT],
    ]);
  });

  it('a denied call is named with the IAM action it lacks, what depends on it is skipped, and the rest is written', async () => {
    const dir = out();
    // A file of an earlier pull that this one does not write is removed; a file that is not vpcsim's is kept.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(regionDir(dir), { recursive: true });
    writeFileSync(join(regionDir(dir), 'describe-vpn-gateways.json'), '{"VpnGateways":[]}');
    writeFileSync(join(regionDir(dir), 'notes.txt'), 'mine');
    const lines: string[] = [];
    const r = await pull({
      out: dir,
      regions: [REGION],
      endpoint: server.url,
      retry: noWait(),
      progress: (l) => lines.push(l),
    });
    const failures = r.accounts[0]?.regions[0]?.failures ?? [];
    expect(failures.map((f) => [f.call.operation, f.error.name, f.hint])).toEqual([
      [
        'DescribeVpnGateways',
        'UnauthorizedOperation',
        'the credentials lack ec2:DescribeVpnGateways (the IAM policy is in docs/describe.md)',
      ],
      [
        'ListFirewalls',
        'AccessDeniedException',
        'the credentials lack network-firewall:ListFirewalls (the IAM policy is in docs/describe.md)',
      ],
      ['DescribeFirewall', 'Skipped', undefined],
    ]);
    expect(r.failed).toBe(3);
    const files = readdirSync(regionDir(dir));
    expect(files).not.toContain('describe-vpn-gateways.json');
    expect(files).not.toContain('describe-firewall-s0-fw.json');
    expect(files).toContain('notes.txt');
    expect(files).toContain('describe-firewall-policy-s0-policy.json');
    expect(lines).toContain(
      `  ${ACCOUNT} ${REGION} ec2 DescribeVpnGateways failed: UnauthorizedOperation: You are not authorized to perform this operation. — the credentials lack ec2:DescribeVpnGateways (the IAM policy is in docs/describe.md)`,
    );
  });

  it('--regions all reads the Regions enabled for the account (EC2 DescribeRegions)', async () => {
    const dir = out();
    process.env['AWS_REGION'] = REGION; // where DescribeRegions is asked
    const r = await pull({ out: dir, regions: 'all', endpoint: server.url, retry: noWait() });
    delete process.env['AWS_REGION'];
    expect(r.accounts[0]?.regions.map((x) => x.region)).toEqual(['ap-northeast-1', 'eu-west-1']);
    expect(existsSync(join(regionDir(dir, ACCOUNT, 'eu-west-1'), 'describe-vpcs.json'))).toBe(true);
  });
});
