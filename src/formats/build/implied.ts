/**
 * Resources every VPC has without the input declaring them, made explicit in the network an importer builds when
 * the input refers to them (a Terraform `aws_vpc.x.default_route_table_id`, an interface launched without a
 * security group): the main route table (RT-9), the default network ACL (NACL-4) and the default security group
 * (SG-4). Their shape is the associations layer's (associations/implied.ts), so a default an importer makes
 * explicit is exactly the one the data plane, validation and the diagram would imply; only the id is the input's.
 * Each is created once under that id and recorded as the VPC's main / default.
 */
import {
  impliedDefaultNetworkAcl as defaultNetworkAclOf,
  impliedDefaultSecurityGroup as defaultSecurityGroupOf,
  impliedMainRouteTable as mainRouteTableOf,
} from '../../associations/implied.js';
import type { DraftOf } from './drafts.js';
import type { NetworkBuilder } from './network-builder.js';

/** The VPC's default security group, created under `id` if it does not exist yet (SG-4). */
export function impliedDefaultSecurityGroup(
  b: NetworkBuilder,
  vpcId: string,
  id: string,
): DraftOf<'securityGroups'> | undefined {
  const have = b.get('securityGroups', id);
  const vpc = b.get('vpcs', vpcId);
  if (have || !vpc) return have;
  vpc.defaultSecurityGroup = id;
  const sg = defaultSecurityGroupOf(vpc, id);
  return b.add('securityGroups', { ...sg, inbound: [...sg.inbound], outbound: [...sg.outbound] });
}

/** The VPC's default network ACL, created under `id` if it does not exist yet (NACL-4: allow all). */
export function impliedDefaultNetworkAcl(
  b: NetworkBuilder,
  vpcId: string,
  id: string,
): DraftOf<'networkAcls'> | undefined {
  const have = b.get('networkAcls', id);
  const vpc = b.get('vpcs', vpcId);
  if (have || !vpc) return have;
  vpc.defaultNetworkAcl = id;
  // Own arrays: the importer adds rules to them (the associations layer's ACL shares one list both ways).
  const acl = defaultNetworkAclOf(vpc, id);
  return b.add('networkAcls', { ...acl, inbound: [...acl.inbound], outbound: [...acl.outbound] });
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
  const table = mainRouteTableOf(vpc, id);
  return b.add('routeTables', { ...table, routes: [...table.routes] });
}
