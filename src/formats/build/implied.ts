/**
 * Resources every VPC has without the input declaring them, made explicit in the network an importer builds when
 * the input refers to them (a Terraform `aws_vpc.x.default_route_table_id`, an interface launched without a
 * security group): the main route table (RT-9), the default network ACL (NACL-4) and the default security group
 * (SG-4). Their shape is the associations layer's (associations/implied.ts), so a default an importer makes
 * explicit is exactly the one the data plane, validation and the diagram would imply; only the id is the input's.
 * Each is created once under that id and recorded as the VPC's main / default. A VPC outside the input (a
 * CloudFormation subnet in a VPC given as a parameter) gets its default security group and network ACL all the
 * same, so what is launched in it is filtered as AWS would; only its id is known.
 */
import {
  impliedDefaultNetworkAcl as defaultNetworkAclOf,
  impliedDefaultSecurityGroup as defaultSecurityGroupOf,
  impliedMainRouteTable as mainRouteTableOf,
} from '../../associations/implied.js';
import type { Vpc } from '../../model/network.js';
import type { DraftOf } from './drafts.js';
import type { NetworkBuilder } from './network-builder.js';

/** A VPC the input names but does not define: only its id is known. */
const outside = (id: string): Vpc => ({ id, cidrs: [] });

/** The VPC's default security group, created under `id` if it does not exist yet (SG-4). */
export function impliedDefaultSecurityGroup(
  b: NetworkBuilder,
  vpcId: string,
  id: string,
): DraftOf<'securityGroups'> {
  const have = b.get('securityGroups', id);
  if (have) return have;
  const vpc = b.get('vpcs', vpcId);
  if (vpc) vpc.defaultSecurityGroup = id;
  // The associations layer's objects are fresh (own rule lists): the draft is the object itself.
  return b.add('securityGroups', defaultSecurityGroupOf(vpc ?? outside(vpcId), id));
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
  if (vpc) vpc.defaultNetworkAcl = id;
  return b.add('networkAcls', defaultNetworkAclOf(vpc ?? outside(vpcId), id));
}

/** The VPC's main route table, created under `id` if it does not exist yet (RT-9: only the local routes). */
export function impliedMainRouteTable(
  b: NetworkBuilder,
  vpcId: string,
  id: string,
): DraftOf<'routeTables'> | undefined {
  const have = b.get('routeTables', id);
  const vpc = b.get('vpcs', vpcId);
  if (have || !vpc) return have;
  vpc.mainRouteTable = id;
  return b.add('routeTables', mainRouteTableOf(vpc, id));
}
