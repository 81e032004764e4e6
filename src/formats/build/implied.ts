/**
 * Resources every VPC has without the input declaring them, made explicit when the input refers to them (a
 * CloudFormation `Fn::GetAtt Vpc.DefaultSecurityGroup`, a Terraform `aws_vpc.x.default_route_table_id`, an
 * interface launched without a security group):
 *
 * - the default security group (SG-4): all inbound from members of the group, all outbound (IPv4, and IPv6 when the
 *   VPC has an IPv6 block);
 * - the default network ACL (NACL-4): rule 100 allows everything both ways (101 for IPv6);
 * - the main route table (RT-9): only the local routes, which the model implies (RT-2).
 *
 * Each is created once under the id the input's reference gives it and recorded as the VPC's default / main.
 */
import type { NetworkAclRule, SecurityGroupRule } from '../../model/network.js';
import type { DraftOf } from './drafts.js';
import type { NetworkBuilder } from './network-builder.js';

/** The VPC's default security group, created under `id` if it does not exist yet (SG-4). */
export function impliedDefaultSecurityGroup(
  b: NetworkBuilder,
  vpcId: string,
  id: string,
): DraftOf<'securityGroups'> {
  const have = b.get('securityGroups', id);
  if (have) return have;
  const vpc = b.get('vpcs', vpcId);
  const outbound: SecurityGroupRule[] = [{ protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }];
  if ((vpc?.ipv6Cidrs?.length ?? 0) > 0)
    outbound.push({ protocol: -1, peer: { kind: 'cidr', cidr: '::/0' } });
  const sg = b.add('securityGroups', {
    id,
    name: 'default',
    groupName: 'default',
    vpc: vpcId,
    isDefault: true,
    inbound: [
      {
        protocol: -1,
        peer: { kind: 'security-group', group: id },
        description: 'SG-4: all from members of the default group',
      },
    ],
    outbound,
    span: vpc?.span,
  });
  if (vpc) vpc.defaultSecurityGroup = id;
  return sg;
}

/** The VPC's default network ACL, created under `id` if it does not exist yet (NACL-4: allow all). */
export function impliedDefaultNetworkAcl(
  b: NetworkBuilder,
  vpcId: string,
  id: string,
): DraftOf<'networkAcls'> {
  const have = b.get('networkAcls', id);
  if (have) return have;
  const vpc = b.get('vpcs', vpcId);
  const all = (cidr: string, number: number): NetworkAclRule => ({
    number,
    protocol: -1,
    cidr,
    action: 'allow',
  });
  const v6 = (vpc?.ipv6Cidrs?.length ?? 0) > 0;
  const acl = b.add('networkAcls', {
    id,
    name: 'default',
    vpc: vpcId,
    isDefault: true,
    inbound: v6 ? [all('0.0.0.0/0', 100), all('::/0', 101)] : [all('0.0.0.0/0', 100)],
    outbound: v6 ? [all('0.0.0.0/0', 100), all('::/0', 101)] : [all('0.0.0.0/0', 100)],
    span: vpc?.span,
  });
  if (vpc) vpc.defaultNetworkAcl = id;
  return acl;
}

/** The VPC's main route table, created under `id` if it does not exist yet (RT-9: only the local routes). */
export function impliedMainRouteTable(b: NetworkBuilder, vpcId: string, id: string): DraftOf<'routeTables'> {
  const have = b.get('routeTables', id);
  if (have) return have;
  const vpc = b.get('vpcs', vpcId);
  const table = b.add('routeTables', {
    id,
    name: 'main',
    vpc: vpcId,
    routes: [],
    main: true,
    span: vpc?.span,
  });
  if (vpc) vpc.mainRouteTable = id;
  return table;
}
