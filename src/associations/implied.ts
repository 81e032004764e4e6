/**
 * The resources AWS creates with every VPC whether or not the input lists them: the main route table with only
 * local routes (RT-9), the default network ACL allowing everything (NACL-4, V6-8), and the default security group
 * admitting its own members and sending anywhere (SG-4). When the input does not name them, vpcsim implies them
 * under the ids below, so a trace, a lint finding and a diagram can all speak of `vpc:main-rtb` or
 * `vpc:default-sg` and mean the same thing. When the input names a default (`Vpc.defaultSecurityGroup: sg-1`) but
 * does not define it, the implied resource takes that name.
 */
import type { NetworkAcl, NetworkAclRule, RouteTable, SecurityGroup, Vpc } from '../model/network.js';

/** Id of the main route table AWS creates for a VPC when the input names none (RT-9). */
export const impliedMainRouteTableId = (vpc: string): string => `${vpc}:main-rtb`;
/** Id of the default network ACL of a VPC when the input names none (NACL-4). */
export const impliedDefaultNaclId = (vpc: string): string => `${vpc}:default-acl`;
/** Id of the default security group of a VPC when the input names none (SG-4). */
export const impliedDefaultSgId = (vpc: string): string => `${vpc}:default-sg`;

const hasIpv6 = (vpc: Vpc): boolean => (vpc.ipv6Cidrs?.length ?? 0) > 0;

/** RT-9: a new VPC's main route table contains only the local routes (added by the data plane, RT-2). */
export function impliedMainRouteTable(vpc: Vpc, id = impliedMainRouteTableId(vpc.id)): RouteTable {
  return { id, vpc: vpc.id, routes: [], main: true, span: vpc.span };
}

/** NACL-4: the default NACL allows all in and out — rule 100 for IPv4, rule 101 for IPv6 when the VPC has it (V6-8). */
export function impliedDefaultNetworkAcl(vpc: Vpc, id = impliedDefaultNaclId(vpc.id)): NetworkAcl {
  const all = (cidr: string, number: number): NetworkAclRule => ({
    number,
    protocol: -1,
    cidr,
    action: 'allow',
  });
  const rules = (): NetworkAclRule[] =>
    hasIpv6(vpc) ? [all('0.0.0.0/0', 100), all('::/0', 101)] : [all('0.0.0.0/0', 100)];
  // Each direction its own list: an importer that makes the default explicit adds rules to one direction only.
  return {
    id,
    vpc: vpc.id,
    name: 'default',
    isDefault: true,
    inbound: rules(),
    outbound: rules(),
    span: vpc.span,
  };
}

/** SG-4: inbound all from members of the group itself; outbound all to 0.0.0.0/0, and ::/0 when the VPC has IPv6. */
export function impliedDefaultSecurityGroup(vpc: Vpc, id = impliedDefaultSgId(vpc.id)): SecurityGroup {
  return {
    id,
    vpc: vpc.id,
    groupName: 'default',
    isDefault: true,
    inbound: [{ protocol: -1, peer: { kind: 'security-group', group: id } }],
    outbound: [
      { protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } },
      ...(hasIpv6(vpc) ? [{ protocol: -1, peer: { kind: 'cidr' as const, cidr: '::/0' } }] : []),
    ],
    span: vpc.span,
  };
}
