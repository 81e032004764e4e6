/**
 * CloudFormation mappers of AWS Network Firewall: AWS::NetworkFirewall::Firewall (VPC-attached) and
 * AWS::NetworkFirewall::FirewallPolicy, to model/firewall.ts.
 *
 * Firewall endpoints: one per `SubnetMappings` entry (NFW-1), id `<Firewall>@<az>` unless pinned (the same id that
 * `Fn::GetAtt Firewall.EndpointIds` yields, so routes built with Select/Split target it), address from the
 * subnet's first free IP (assumed). A firewall attached to a transit gateway (`TransitGatewayId`, no VpcId) is its
 * network function attachment (TGW-15), with endpoints in its AvailabilityZoneMappings. Rule groups are map-rule-groups.ts's; a policy's AWS-managed rule groups
 * (ARNs) are kept as references and warned about (their rules are not known offline).
 */
import { warning } from '../../diag/diagnostic.js';
import type { RuleGroupReference } from '../../model/firewall.js';
import { propSpan, type ImportContext, type ResourceRef } from './context.js';
import type { CfnValue } from './cfn-value.js';
import type { CfnMapper } from './mapper.js';
import { obj, objs, variables } from './map-rule-groups.js';
import { asInt, field, fieldList, nameTag, propString, propValue } from './props.js';

function refs(ctx: ImportContext, r: ResourceRef, v: CfnValue | undefined): RuleGroupReference[] {
  const span = propSpan(ctx, r, 'FirewallPolicy');
  return objs(v).flatMap((o) => {
    const rg = field(o, 'ResourceArn');
    if (rg === undefined) return [];
    if (rg.startsWith('arn:') && ctx.resource(rg) === undefined) {
      ctx.diags.push(
        warning(
          'NFW_MANAGED_RULE_GROUP',
          `${r.decl.logicalId} references rule group ${rg}, whose rules are not known offline; verdicts that depend on it are uncertain`,
          span,
          { resource: r.id },
        ),
      );
    }
    return [{ ruleGroup: rg, priority: asInt(o['Priority']), span }];
  });
}

const firewall: CfnMapper = {
  create(ctx, r) {
    const vpc = propString(ctx, r, 'VpcId');
    if (vpc === undefined) {
      tgwAttachedFirewall(ctx, r);
      return;
    }
    const eps = ctx.deploy.firewallEndpoints(r);
    const endpoints = eps.map((e) => {
      const alloc = ctx.deploy.allocation(`${r.id}@${e.subnet}`);
      return {
        id: e.id,
        subnet: e.subnet,
        ip: alloc?.addresses[0],
        span: propSpan(ctx, r, 'SubnetMappings'),
      };
    });
    ctx.b.add('firewalls', {
      id: r.id,
      name: propString(ctx, r, 'FirewallName') ?? nameTag(r),
      vpc,
      policy: propString(ctx, r, 'FirewallPolicyArn') ?? '',
      endpoints,
      span: propSpan(ctx, r),
      assumed: eps.length > 0 ? ['endpoints'] : undefined,
    });
  },
};

/** `use1-az1` (an AZ ID, as `Fn::GetAtt Subnet.AvailabilityZoneId` yields it here) → `us-east-1a`; names pass. */
function azName(ctx: ImportContext, az: string): string {
  const m = /-az([0-9]+)$/.exec(az);
  return m ? `${ctx.region}${String.fromCharCode(96 + Number(m[1]))}` : az;
}

/**
 * TGW-15: a firewall with `TransitGatewayId` is attached to the gateway as a network function attachment, with
 * endpoints in its `AvailabilityZoneMappings`; the attachment is `<firewall>.TransitGatewayAttachmentId`, what
 * `Fn::GetAtt Firewall.TransitGatewayAttachmentId` yields (an assumed id).
 */
function tgwAttachedFirewall(ctx: ImportContext, r: ResourceRef): void {
  const tgw = propString(ctx, r, 'TransitGatewayId') ?? '';
  const azs = objs(propValue(r, 'AvailabilityZoneMappings'))
    .map((o) => field(o, 'AvailabilityZone'))
    .filter((a): a is string => a !== undefined)
    .map((a) => azName(ctx, a));
  ctx.b.add('firewalls', {
    id: r.id,
    name: propString(ctx, r, 'FirewallName') ?? nameTag(r),
    policy: propString(ctx, r, 'FirewallPolicyArn') ?? '',
    endpoints: [],
    transitGateway: tgw,
    availabilityZones: azs,
    span: propSpan(ctx, r),
    assumed: ['availabilityZones'],
  });
  ctx.b.add('transitGatewayAttachments', {
    id: `${r.id}.TransitGatewayAttachmentId`,
    name: `${r.decl.logicalId} network function attachment (assumed id)`,
    span: propSpan(ctx, r, 'TransitGatewayId'),
    transitGateway: tgw,
    kind: 'network-function',
    firewall: r.id,
    assumed: ['id'],
  });
}

const firewallPolicy: CfnMapper = {
  create(ctx, r) {
    const fp = obj(propValue(r, 'FirewallPolicy')) ?? {};
    const engine = obj(fp['StatefulEngineOptions']);
    const order = field(engine, 'RuleOrder');
    const sep = field(engine, 'StreamExceptionPolicy');
    ctx.b.add('firewallPolicies', {
      id: r.id,
      name: propString(ctx, r, 'FirewallPolicyName') ?? nameTag(r),
      span: propSpan(ctx, r),
      statelessRuleGroups: refs(ctx, r, fp['StatelessRuleGroupReferences']),
      statelessDefaultActions: fieldList(fp, 'StatelessDefaultActions') ?? [],
      statelessFragmentDefaultActions: fieldList(fp, 'StatelessFragmentDefaultActions') ?? [],
      statelessCustomActions: objs(fp['StatelessCustomActions']).map((o) => {
        const dims = objs(obj(obj(o['ActionDefinition'])?.['PublishMetricAction'])?.['Dimensions']);
        const dimension = field(dims[0], 'Value');
        return dimension === undefined
          ? { name: field(o, 'ActionName') ?? '' }
          : { name: field(o, 'ActionName') ?? '', dimension };
      }),
      statefulRuleGroups: refs(ctx, r, fp['StatefulRuleGroupReferences']),
      // NFW-9: DEFAULT_ACTION_ORDER is the API default.
      ruleOrder: order === 'STRICT_ORDER' ? 'STRICT_ORDER' : 'DEFAULT_ACTION_ORDER',
      streamExceptionPolicy: sep === 'DROP' || sep === 'CONTINUE' || sep === 'REJECT' ? sep : undefined,
      statefulDefaultActions: fieldList(fp, 'StatefulDefaultActions') ?? [],
      variables: variables(obj(fp['PolicyVariables'])?.['RuleVariables']),
    });
  },
};

export const FIREWALL_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::NetworkFirewall::Firewall': firewall,
  'AWS::NetworkFirewall::FirewallPolicy': firewallPolicy,
};
