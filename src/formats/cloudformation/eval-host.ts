/**
 * The evaluator host of one stack (cfn-value.ts `EvalHost`): what `Ref`, `Fn::GetAtt` and `Fn::ImportValue` yield
 * for the resources of the loaded templates — ids, deploy-time placeholders from deploy-values.ts (addresses,
 * public IPs, AZs, firewall endpoint ids, pinned with `--assume`), the ids of a VPC's default security group and
 * network ACL (SG-4, NACL-4), and the exports of the other loaded stacks (or `--import`). A value that asks for
 * itself (a cycle the static checks report) is not known, so evaluation ends.
 */
import { warning } from '../../diag/diagnostic.js';
import { own } from '../../model/name-table.js';
import { NO_VALUE, type CfnValue, type EvalHost } from './cfn-value.js';
import type { ImportContext, ResourceRef, StackInfo } from './context.js';
import type { DeployValues } from './deploy-values.js';
import type { Pos } from './node.js';
import { propString, propStrings } from './props.js';

/** The evaluator host of one stack: Ref/GetAtt of resources and ImportValue. */
export function makeHost(ctx: ImportContext, stackRef: () => StackInfo, deploy: DeployValues): EvalHost {
  const exportsBusy = new Set<string>();
  // Values being computed: asking for one again is a cycle (`VpcId: !GetAtt Sg.VpcId` on Sg itself, two resources
  // reading each other's attributes). The static checks report it as CIRCULAR_DEPENDENCY at the resource; here the
  // value is simply not known, so evaluation ends instead of recursing without end.
  const busy = new Set<string>();
  const once = (key: string, compute: () => CfnValue | undefined): CfnValue | undefined => {
    if (busy.has(key)) return undefined;
    busy.add(key);
    try {
      return compute();
    } finally {
      busy.delete(key);
    }
  };
  return {
    refResource(logicalId: string): CfnValue | undefined {
      const stack = stackRef();
      const id = stack.idOf(logicalId);
      const r = ctx.resource(id);
      if (r?.decl.type === 'AWS::EC2::EIP') return once(`${id}|Ref`, () => deploy.eipAddress(r).ip);
      return id;
    },
    getAtt(logicalId: string, attribute: string): CfnValue | undefined {
      const stack = stackRef();
      const id = stack.idOf(logicalId);
      const r = ctx.resource(id);
      if (!r) return `${id}.${attribute}`;
      const pin = deploy.pinned(r, attribute);
      if (pin !== undefined && attribute !== 'EndpointIds') return pin.includes(',') ? pin.split(',') : pin;
      return once(`${id}|${attribute}`, () => getAtt(ctx, deploy, r, attribute));
    },
    importValue(name: string, pos: Pos): CfnValue | undefined {
      const stack = stackRef();
      // `Fn::ImportValue: constructor` is an export name like any other (own entries only, issue 21 item 4).
      const given = own(ctx.opts.imports, name);
      if (given !== undefined) return given;
      for (const other of ctx.stacks) {
        for (const o of other.template.outputs.values()) {
          if (!o.exportName || !o.value) continue;
          const key = `${other.index}/${o.name}`;
          if (exportsBusy.has(key)) continue;
          exportsBusy.add(key);
          const exportName = other.ev.text(o.exportName);
          if (exportName === name) {
            const v = other.ev.value(o.value);
            exportsBusy.delete(key);
            return v === NO_VALUE ? undefined : v;
          }
          exportsBusy.delete(key);
        }
      }
      ctx.diags.push(
        warning(
          'IMPORT_VALUE_UNRESOLVED',
          `Fn::ImportValue "${name}": no loaded stack exports it and no --import value was given; using a placeholder`,
          ctx.span(stack, pos),
        ),
      );
      return `<import:${name}>`;
    },
  };
}

function getAtt(
  ctx: ImportContext,
  deploy: DeployValues,
  r: ResourceRef,
  attribute: string,
): CfnValue | undefined {
  const id = r.id;
  switch (r.decl.type) {
    case 'AWS::EC2::EIP':
      if (attribute === 'AllocationId') return id;
      if (attribute === 'PublicIp') return deploy.eipAddress(r).ip;
      break;
    case 'AWS::EC2::Instance': {
      const primary = deploy.allocation(`${id}.eth0`);
      if (attribute === 'PrivateIp') return primary?.addresses[0] ?? `${id}.PrivateIp`;
      if (attribute === 'PublicIp') return deploy.publicIp(`public:${id}.eth0`);
      if (attribute === 'PrivateDnsName')
        return `ip-${(primary?.addresses[0] ?? '0.0.0.0').replace(/\./g, '-')}.ec2.internal`;
      if (attribute === 'AvailabilityZone') {
        const s = propString(ctx, r, 'SubnetId');
        return s === undefined ? ctx.azsOf(ctx.region)[0] : deploy.subnetAz(s).az;
      }
      break;
    }
    case 'AWS::EC2::NetworkInterface': {
      const a = deploy.allocation(id);
      if (attribute === 'PrimaryPrivateIpAddress') return a?.addresses[0] ?? `${id}.PrimaryPrivateIpAddress`;
      if (attribute === 'SecondaryPrivateIpAddresses') return [...(a?.addresses.slice(1) ?? [])];
      if (attribute === 'Id') return id;
      break;
    }
    case 'AWS::EC2::NatGateway':
      if (attribute === 'NatGatewayId') return id;
      break;
    case 'AWS::EC2::Subnet':
      if (attribute === 'AvailabilityZone') return deploy.subnetAz(id).az;
      if (attribute === 'AvailabilityZoneId') {
        // Placeholder in AWS's style (us-east-1a → use1-az1); the real mapping differs per account.
        const az = deploy.subnetAz(id).az;
        const m = /^([a-z]+)-([a-z])[a-z]*-([0-9]+)([a-z])$/.exec(az);
        return m ? `${m[1]}${m[2]}${m[3]}-az${(m[4] ?? 'a').charCodeAt(0) - 96}` : az;
      }
      if (attribute === 'CidrBlock') return propString(ctx, r, 'CidrBlock');
      if (attribute === 'VpcId') return propString(ctx, r, 'VpcId');
      if (attribute === 'SubnetId') return id;
      break;
    case 'AWS::EC2::VPC':
      if (attribute === 'CidrBlock') return propString(ctx, r, 'CidrBlock');
      if (attribute === 'VpcId') return id;
      if (attribute === 'DefaultSecurityGroup') {
        deploy.defaultSgDemand.add(id);
        return defaultSgId(id);
      }
      if (attribute === 'DefaultNetworkAcl') {
        deploy.defaultNaclDemand.add(id);
        return defaultNaclId(id);
      }
      if (attribute === 'CidrBlockAssociations') return [`${id}.CidrBlockAssociation`];
      break;
    case 'AWS::EC2::SecurityGroup':
      if (attribute === 'GroupId') return id;
      if (attribute === 'VpcId') return propString(ctx, r, 'VpcId');
      break;
    case 'AWS::NetworkFirewall::Firewall':
      if (attribute === 'EndpointIds') return deploy.firewallEndpoints(r).map((e) => `${e.az}:${e.id}`);
      if (attribute === 'FirewallArn' || attribute === 'FirewallId') return id;
      break;
    case 'AWS::NetworkFirewall::FirewallPolicy':
    case 'AWS::NetworkFirewall::RuleGroup':
      return id;
    case 'AWS::EC2::VPCEndpoint':
      if (attribute === 'Id') return id;
      break;
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
    case 'AWS::ElasticLoadBalancing::LoadBalancer':
      // A deploy-time DNS name (placeholder); the ARN and names are the model id (B14).
      if (attribute === 'DNSName') return `${id.toLowerCase()}.elb.${ctx.region}.amazonaws.com`;
      if (attribute === 'SecurityGroups') return propStrings(ctx, r, 'SecurityGroups') ?? [];
      return id;
    case 'AWS::ElasticLoadBalancingV2::TargetGroup':
    case 'AWS::ElasticLoadBalancingV2::Listener':
      return id;
    case 'AWS::EC2::VPCEndpointService':
      if (attribute === 'ServiceId') return id;
      break;
    default:
      break;
  }
  return `${id}.${attribute}`;
}

/** Id given to a VPC's default security group when the template refers to it (SG-4). */
export function defaultSgId(vpcId: string): string {
  return `${vpcId}.DefaultSecurityGroup`;
}

/** Id given to a VPC's default network ACL when the template refers to it (NACL-4). */
export function defaultNaclId(vpcId: string): string {
  return `${vpcId}.DefaultNetworkAcl`;
}
