/**
 * describe-* mappers of packet filters: SecurityGroups (SG-4: the group named `default` is its VPC's default group)
 * and NetworkAcls (NACL-4: `IsDefault`; `Associations` tie subnets to the ACL), rules read by rules.ts.
 */
import type { DescribeContext } from './context.js';
import { bool, nameTag, objs, str } from '../json-source.js';
import { naclRules, sgRules } from './rules.js';

export function mapSecurityGroups(c: DescribeContext): void {
  for (const r of c.recs('SecurityGroups')) {
    const id = str(r.item, 'GroupId');
    const vpc = str(r.item, 'VpcId');
    if (!id || !vpc) {
      c.missing(r, 'SecurityGroups', 'GroupId/VpcId');
      continue;
    }
    if (!c.unique(id)) continue;
    const span = c.spanOf(r, 'GroupId', id);
    const own = str(r.item, 'OwnerId') ?? r.accountId;
    const groupName = str(r.item, 'GroupName');
    const isDefault = groupName === 'default';
    c.b.add('securityGroups', {
      id,
      name: nameTag(r.item) ?? groupName,
      span,
      vpc,
      groupName,
      inbound: sgRules(objs(r.item, 'IpPermissions'), span, id, c.b.diags, own),
      outbound: sgRules(objs(r.item, 'IpPermissionsEgress'), span, id, c.b.diags, own),
      ...(isDefault ? { isDefault } : {}),
    });
    const v = c.b.get('vpcs', vpc);
    if (isDefault && v) v.defaultSecurityGroup = id;
  }
}

export function mapNetworkAcls(c: DescribeContext): void {
  for (const r of c.recs('NetworkAcls')) {
    const id = str(r.item, 'NetworkAclId');
    const vpc = str(r.item, 'VpcId');
    if (!id || !vpc) {
      c.missing(r, 'NetworkAcls', 'NetworkAclId/VpcId');
      continue;
    }
    if (!c.unique(id)) continue;
    const span = c.spanOf(r, 'NetworkAclId', id);
    const isDefault = bool(r.item, 'IsDefault') === true;
    const rules = naclRules(objs(r.item, 'Entries'), span, id, c.b.diags);
    c.b.add('networkAcls', {
      id,
      name: nameTag(r.item),
      span,
      vpc,
      ...(isDefault ? { isDefault } : {}),
      inbound: rules.inbound,
      outbound: rules.outbound,
    });
    const v = c.b.get('vpcs', vpc);
    if (isDefault && v) v.defaultNetworkAcl = id;
    for (const a of objs(r.item, 'Associations')) {
      const s = c.b.get('subnets', str(a, 'SubnetId'));
      if (s) s.networkAcl = id;
    }
  }
}
