/**
 * `terraform show -json` plan and state documents (test/fixtures/terraform/plan/, written by hand in the shape
 * Terraform 1.9 prints). Unknown values come from `after_unknown`; references are reconnected through
 * `configuration…expressions.*.references`.
 */
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importTerraform, isTerraformPath } from '../../src/formats/terraform/index.js';
import { errorsOf, hopIds, inOrder } from './helpers.js';

const PLAN = 'test/fixtures/terraform/plan/plan.json';
const STATE = 'test/fixtures/terraform/plan/state.json';

describe('plan JSON', () => {
  it('is recognised and imports without errors', async () => {
    expect(await isTerraformPath(PLAN)).toBe(true);
    const r = await importTerraform([PLAN], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.network.vpcs.map((v) => [v.id, v.region])).toEqual([['aws_vpc.main', 'us-east-1']]);
  });

  it('unknown references become the referenced addresses (count.index picks the same index)', async () => {
    const { network: n } = await importTerraform([PLAN], {});
    expect(n.subnets.map((s) => [s.id, s.vpc, s.routeTable])).toEqual([
      ['aws_subnet.private[0]', 'aws_vpc.main', 'aws_route_table.private'],
      ['aws_subnet.private[1]', 'aws_vpc.main', 'aws_route_table.private'],
      ['aws_subnet.public', 'aws_vpc.main', undefined],
    ]);
    expect(n.routeTables[0]?.routes.map((r) => r.target)).toEqual([
      { kind: 'nat-gateway', id: 'aws_nat_gateway.nat' },
    ]);
    expect(n.networkInterfaces[0]?.securityGroups).toEqual(['aws_security_group.app']);
  });

  it('deploy-time values are placeholders listed in assumed (ADDR-2 first free address, 198.18.0.0/15 for EIPs)', async () => {
    const { network: n } = await importTerraform([PLAN], {});
    const nat = n.natGateways[0];
    expect([nat?.privateIp, nat?.publicIp]).toEqual(['10.20.0.4', '198.18.0.1']);
    expect(nat?.assumed).toEqual(expect.arrayContaining(['privateIp', 'publicIp']));
    expect(n.networkInterfaces[0]?.addresses).toEqual([{ private: '10.20.1.4' }]);
  });

  it('the planned network traces: app → internet through the NAT gateway (the public subnet uses the main table, which has no IGW route)', async () => {
    // aws_subnet.public has no association → main table, local routes only (RT-9): the NAT gateway's packet to the
    // internet finds no route. This is the plan as written, and vpcsim must say so.
    const { network: n } = await importTerraform([PLAN], {});
    const t = traceFlow(n, { from: 'aws_instance.app', to: '192.0.2.10', protocol: 'tcp', port: 443 });
    expect(t.verdict).toBe('unreachable');
    expect(
      inOrder(hopIds(t), [
        'instance:aws_instance.app',
        'route-table:aws_route_table.private',
        'nat-gateway:aws_nat_gateway.nat',
      ]),
    ).toBe(true);
    expect(t.forward.code).toBe('NO_ROUTE_TO_DESTINATION');
  });
});

describe('state JSON', () => {
  it('AWS ids are kept as awsId and references written as AWS ids resolve to addresses', async () => {
    const r = await importTerraform([STATE], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const n = r.network;
    expect(n.subnets.map((s) => [s.id, s.awsId, s.vpc])).toEqual([
      ['aws_subnet.public', 'subnet-0aaaaaaaaaaaaaaaa', 'aws_vpc.main'],
    ]);
    const eni = n.networkInterfaces[0];
    expect([eni?.id, eni?.awsId, eni?.securityGroups, eni?.addresses]).toEqual([
      'aws_instance.web.primary_network_interface',
      'eni-0ddddddddddddddddd',
      ['aws_security_group.web'],
      [{ private: '10.20.0.10', public: '54.0.0.10' }],
    ]);
    // State values are what AWS holds: no egress rule at all (Terraform removed the default one, SG-3).
    expect(n.securityGroups[0]?.outbound).toEqual([]);
  });
});
