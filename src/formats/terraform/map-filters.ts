/**
 * Terraform mappers of packet filters: aws_security_group (inline ingress/egress), aws_security_group_rule,
 * aws_vpc_security_group_ingress_rule / _egress_rule, aws_network_acl (inline rules, subnet_ids), aws_network_acl_rule
 * and aws_network_acl_association. Rules are read by map-rules.ts.
 *
 * Terraform differs from the console here: AWS creates a new group with an allow-all egress rule, but Terraform
 * deletes it, so a group has only the egress rules the configuration gives (SG-3); a new custom network ACL denies
 * everything until rules are added (NACL-4).
 */
import type { DraftOf } from '../build/drafts.js';
import { bool, nameOf, str, type MapInstance, type TfMapContext } from './map-context.js';
import { blocks, naclRule, sgRuleFromVpcRule, sgRulesFromBlock, strList } from './map-rules.js';
import type { TypeMapper } from './mapper.js';

/** The inline `ingress` / `egress` blocks of a security group (aws_security_group, aws_default_security_group). */
export function inlineSgRules(c: TfMapContext, i: MapInstance, sg: DraftOf<'securityGroups'>): void {
  const rc = { ...c.ruleCtx(i), ref: (x: Parameters<TfMapContext['sgRef']>[0]) => c.sgRef(x) };
  blocks(i.attrs['ingress']).forEach((b, k) =>
    sg.inbound.push(...sgRulesFromBlock(b, rc, i.address, c.span(i, `ingress.${k}`))),
  );
  blocks(i.attrs['egress']).forEach((b, k) =>
    sg.outbound.push(...sgRulesFromBlock(b, rc, i.address, c.span(i, `egress.${k}`))),
  );
}

/** The inline `ingress` / `egress` blocks of a network ACL (aws_network_acl, aws_default_network_acl). */
export function inlineNaclRules(c: TfMapContext, i: MapInstance, n: DraftOf<'networkAcls'>): void {
  const rc = c.ruleCtx(i);
  blocks(i.attrs['ingress']).forEach((b, k) => {
    const r = naclRule(b, rc, c.span(i, `ingress.${k}`));
    if (r) n.inbound.push(r);
  });
  blocks(i.attrs['egress']).forEach((b, k) => {
    const r = naclRule(b, rc, c.span(i, `egress.${k}`));
    if (r) n.outbound.push(r);
  });
}

/** A network ACL's `subnet_ids`: each subnet's ACL (NACL-4). */
export function naclSubnets(c: TfMapContext, i: MapInstance): void {
  const n = c.b.get('networkAcls', i.address);
  if (!n) return;
  for (const s of strList(i.attrs['subnet_ids'], c.ruleCtx(i), 'subnet_ids')) {
    const sub = c.b.get('subnets', c.ref(s));
    if (sub) sub.networkAcl = n.id;
  }
}

const securityGroup: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const v = c.needVpc(i);
      if (!v) continue;
      const sg = c.b.add('securityGroups', {
        id: i.address,
        name: nameOf(i.attrs),
        span: i.span,
        vpc: v.id,
        groupName: str(i.attrs['name']) ?? str(i.attrs['name_prefix']),
        inbound: [],
        outbound: [],
        ...(typeof i.attrs['id'] === 'string' ? { awsId: i.attrs['id'] } : {}),
      });
      inlineSgRules(c, i, sg);
    }
  },
};

/** aws_security_group_rule (`type` ingress|egress) and aws_vpc_security_group_ingress_rule / _egress_rule. */
function sgRule(vpcRule: boolean): TypeMapper {
  return {
    attach(c, list) {
      for (const i of list) {
        const sg = c.b.get('securityGroups', c.sgRef(i.attrs['security_group_id']));
        if (!sg) {
          c.unresolved(i, 'security_group_id', i.attrs['security_group_id']);
          continue;
        }
        const rc = { ...c.ruleCtx(i), ref: (x: Parameters<TfMapContext['sgRef']>[0]) => c.sgRef(x) };
        const rules = vpcRule
          ? sgRuleFromVpcRule(i.attrs, rc, i.span)
          : sgRulesFromBlock(i.attrs, rc, sg.id, i.span);
        const egress = vpcRule ? i.type.endsWith('egress_rule') : str(i.attrs['type']) === 'egress';
        (egress ? sg.outbound : sg.inbound).push(...rules);
      }
    },
  };
}

const networkAcl: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const v = c.needVpc(i);
      if (!v) continue;
      // NACL-4: a new custom NACL denies everything until rules are added.
      const n = c.b.add('networkAcls', {
        id: i.address,
        name: nameOf(i.attrs),
        span: i.span,
        vpc: v.id,
        inbound: [],
        outbound: [],
      });
      inlineNaclRules(c, i, n);
    }
  },
  attach(c, list) {
    for (const i of list) naclSubnets(c, i);
  },
};

const naclRuleResource: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const n = c.networkAcl(i.attrs['network_acl_id']);
      if (!n) {
        c.unresolved(i, 'network_acl_id', i.attrs['network_acl_id']);
        continue;
      }
      const r = naclRule(i.attrs, c.ruleCtx(i), i.span);
      if (r) (bool(i.attrs['egress']) === true ? n.outbound : n.inbound).push(r);
    }
  },
};

const naclAssociation: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const n = c.networkAcl(i.attrs['network_acl_id']);
      const s = c.b.get('subnets', c.ref(i.attrs['subnet_id']));
      if (n && s) s.networkAcl = n.id;
      else c.unresolved(i, 'network_acl_id/subnet_id', i.attrs['network_acl_id']);
    }
  },
};

/** Mappers of packet filters, by resource type. */
export const FILTER_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_security_group: securityGroup,
  aws_security_group_rule: sgRule(false),
  aws_vpc_security_group_ingress_rule: sgRule(true),
  aws_vpc_security_group_egress_rule: sgRule(true),
  aws_network_acl: networkAcl,
  aws_network_acl_rule: naclRuleResource,
  aws_network_acl_association: naclAssociation,
};
