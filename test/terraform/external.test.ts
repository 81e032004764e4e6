/**
 * The external Terraform fixture (../shared/fixtures/external/terraform/nat-instance-module, int128/terraform-aws-
 * nat-instance): it must import without errors, and every network-relevant resource must be modelled or named.
 *
 * What is honest here: the example's VPC comes from a registry module (terraform-aws-modules/vpc/aws) that cannot
 * be read offline, so every resource placed in it is reported, not invented; the NAT instance itself is launched
 * by an autoscaling group from a launch template whose user data templates shell scripts that are not included
 * (runonce.sh, snat.sh) — so its iptables configuration (MASQUERADE per the README) is reported as unknown rather
 * than modelled from the README's prose — into the registry module's public subnet, so the group is reported
 * (TF_REFERENCE_UNRESOLVED) and its template named as launching nothing vpcsim models (ASG_LAUNCH_TEMPLATE_UNUSED).
 */
import { describe, expect, it } from 'vitest';
import { importTerraform } from '../../src/formats/terraform/index.js';
import { EXTERNAL_REL } from '../external-fixtures.js';
import { codesOf, errorsOf } from './helpers.js';

const ROOT = `${EXTERNAL_REL}/terraform/nat-instance-module`;

describe('nat-instance-module', () => {
  it('the example imports without errors; the registry module, unknown count and missing scripts are warned', async () => {
    const r = await importTerraform([`${ROOT}/example`], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const codes = codesOf(r.diagnostics);
    expect(codes).toEqual(
      expect.arrayContaining([
        'TF_MODULE_NOT_LOCAL',
        'TF_COUNT_UNKNOWN',
        'TF_FILE_MISSING',
        'ASG_LAUNCH_TEMPLATE_UNUSED',
      ]),
    );
    expect(r.diagnostics.find((d) => d.code === 'TF_FILE_MISSING')?.message).toContain('runonce.sh');
    expect(r.diagnostics.find((d) => d.code === 'TF_COUNT_UNKNOWN')?.message).toContain(
      'module.nat.aws_route.this',
    );
  });

  it('every network-relevant resource of the module and the example is modelled or named in a diagnostic', async () => {
    const r = await importTerraform([`${ROOT}/example`], {});
    const named = new Set<string>([
      ...r.network.unsupported.map((u) => u.id),
      ...r.diagnostics.map((d) => d.resource ?? ''),
      ...r.diagnostics.flatMap((d) => d.message.match(/(module\.[\w.]+|aws_[\w.]+)/g) ?? []),
    ]);
    const modelled = new Set<string>(
      [...r.network.securityGroups, ...r.network.networkInterfaces, ...r.network.instances].map((x) => x.id),
    );
    const expected = [
      'module.nat.aws_security_group.this',
      'module.nat.aws_security_group_rule.egress',
      'module.nat.aws_security_group_rule.ingress_any',
      'module.nat.aws_network_interface.this',
      'module.nat.aws_route.this',
      'module.nat.aws_launch_template.this',
      'module.nat.aws_autoscaling_group.this',
      'aws_eip.nat',
      'aws_security_group_rule.dnat_http',
      'aws_instance.private_instance',
      'aws_security_group.private_instance',
    ];
    for (const id of expected) expect(modelled.has(id) || named.has(id), id).toBe(true);
  });

  it('the module on its own: required variables unset are warnings; with them given, the ENI and SG are modelled in the given network', async () => {
    const bare = await importTerraform([ROOT], {});
    expect(errorsOf(bare.diagnostics)).toEqual([]);
    expect(codesOf(bare.diagnostics)).toContain('TF_VARIABLE_NOT_SET');
    // The module refers to a VPC and subnet by id; ids of resources outside the configuration are not invented.
    const given = await importTerraform([ROOT], {
      vars: {
        name: 'x',
        vpc_id: 'vpc-0123456789abcdef0',
        public_subnet: 'subnet-0123456789abcdef0',
        private_subnets_cidr_blocks: '["10.0.1.0/24"]',
      },
    });
    expect(errorsOf(given.diagnostics)).toEqual([]);
    expect(
      given.diagnostics.filter((d) => d.code === 'TF_REFERENCE_UNRESOLVED').map((d) => d.resource),
    ).toEqual(expect.arrayContaining(['aws_security_group.this', 'aws_network_interface.this']));
  });
});
