/**
 * CloudFormation mappers of instances and their interfaces: AWS::EC2::Instance (NetworkInterfaces and their
 * SecondaryPrivateIpAddressCount, SubnetId, PrivateIpAddress, SecurityGroupIds/SecurityGroups, SourceDestCheck,
 * UserData),
 * AWS::EC2::NetworkInterface and AWS::EC2::NetworkInterfaceAttachment.
 *
 * An instance's inline interfaces become ENIs named `<Instance>.eth<N>`. Addresses come from `deploy-values.ts`
 * (explicit, pinned, or the first free address, marked assumed, ADDR-2). An ENI without security groups gets its
 * VPC's default group (SG-4) once every subnet exists. A public IPv4 is assumed for `AssociatePublicIpAddress:
 * true`, or for eth0 in a subnet with `MapPublicIpOnLaunch: true` (IGW-2). `SourceDestCheck` defaults to true
 * (ENI-1); on the instance it applies to its primary interface. The OS configuration is instance-os.ts's.
 */
import { warning } from '../../diag/diagnostic.js';
import type { EniAddress } from '../../model/network.js';
import type { DraftOf } from '../build/drafts.js';
import { propSpan, referenceNotFound, type ImportContext, type ResourceRef } from './context.js';
import { readOs } from './instance-os.js';
import type { CfnMapper } from './mapper.js';
import { defaultSecurityGroup } from './map-security-groups.js';
import {
  asBool,
  asInt,
  field,
  fieldList,
  isObject,
  nameTag,
  propBool,
  propString,
  propStrings,
  propValue,
  type CfnObject,
} from './props.js';

function sgIds(ctx: ImportContext, r: ResourceRef): string[] | undefined {
  const ids = propStrings(ctx, r, 'SecurityGroupIds');
  if (ids && ids.length > 0) return ids;
  const names = propStrings(ctx, r, 'SecurityGroups');
  if (names && names.length > 0)
    return names.map((n) => ctx.b.net.securityGroups.find((g) => g.groupName === n || g.id === n)?.id ?? n);
  return undefined;
}

/** Give an ENI without security groups its VPC's default group, once all subnets exist (SG-4). */
function deferDefaultSg(ctx: ImportContext, eni: DraftOf<'networkInterfaces'>): void {
  ctx.deferred.push(() => {
    if (eni.securityGroups.length > 0) return;
    const vpc = ctx.b.get('subnets', eni.subnet)?.vpc;
    if (vpc !== undefined && vpc !== '') eni.securityGroups.push(defaultSecurityGroup(ctx, vpc).id);
  });
}

/** How an interface is made: its subnet and groups, and what it is to its instance (none: a free-standing ENI). */
interface EniSpec {
  readonly subnet: string;
  readonly sgs: string[] | undefined;
  readonly sourceDestCheck: boolean;
  readonly publicIp?: boolean | undefined;
  readonly deviceIndex?: number | undefined;
}

function makeEni(
  ctx: ImportContext,
  r: ResourceRef,
  key: string,
  spec: EniSpec,
): DraftOf<'networkInterfaces'> {
  const { subnet, sgs, deviceIndex } = spec;
  const alloc = ctx.deploy.allocation(key);
  const assumed: string[] = [];
  if (alloc?.assumed ?? true) assumed.push('addresses');
  const addresses: EniAddress[] = (alloc?.addresses ?? []).map((a) => ({ private: a }));
  const wantsPublic = spec.publicIp ?? (deviceIndex === 0 && (ctx.mapPublicIp.get(subnet) ?? false));
  if (wantsPublic && addresses[0]) {
    const pin = deviceIndex === 0 ? ctx.deploy.pinned(r, 'PublicIp') : undefined;
    addresses[0] = { private: addresses[0].private, public: pin ?? ctx.deploy.publicIp(`public:${key}`) };
    if (pin === undefined && !assumed.includes('addresses')) assumed.push('addresses');
  }
  const eni = ctx.b.add('networkInterfaces', {
    id: key,
    subnet,
    addresses,
    sourceDestCheck: spec.sourceDestCheck,
    securityGroups: sgs ?? [],
    instance: deviceIndex === undefined ? undefined : r.id,
    deviceIndex,
    owner: deviceIndex === undefined ? 'other' : 'instance',
    span: propSpan(ctx, r),
    assumed: assumed.length > 0 ? assumed : undefined,
  });
  if (!sgs || sgs.length === 0) deferDefaultSg(ctx, eni);
  return eni;
}

/** One entry of an instance's NetworkInterfaces: an existing ENI attached at its device index, or a new one. */
function inlineInterface(
  ctx: ImportContext,
  r: ResourceRef,
  o: CfnObject,
  idx: number,
  sourceDestCheck: boolean,
): string {
  const existing = field(o, 'NetworkInterfaceId');
  if (existing !== undefined) {
    ctx.deferred.push(() => {
      const eni = ctx.b.get('networkInterfaces', existing);
      if (eni) {
        eni.instance = r.id;
        eni.deviceIndex = idx;
        eni.owner = 'instance';
      }
    });
    return existing;
  }
  const groups = fieldList(o, 'GroupSet');
  return makeEni(ctx, r, `${r.id}.eth${idx}`, {
    subnet: field(o, 'SubnetId') ?? '',
    sgs: groups && groups.length > 0 ? groups : sgIds(ctx, r),
    sourceDestCheck: idx === 0 ? sourceDestCheck : true,
    publicIp: asBool(o['AssociatePublicIpAddress']),
    deviceIndex: idx,
  }).id;
}

/** An instance's interfaces, in device-index order. */
function instanceInterfaces(ctx: ImportContext, r: ResourceRef): string[] {
  const sourceDestCheck = propBool(ctx, r, 'SourceDestCheck') ?? true;
  const nis = propValue(r, 'NetworkInterfaces');
  if (Array.isArray(nis) && nis.length > 0) {
    const items = nis.filter(isObject).map((o) => ({ o, idx: asInt(o['DeviceIndex']) ?? 0 }));
    items.sort((a, b) => a.idx - b.idx);
    return items.map(({ o, idx }) => inlineInterface(ctx, r, o, idx, sourceDestCheck));
  }
  const subnet = propString(ctx, r, 'SubnetId');
  if (subnet === undefined) {
    ctx.diags.push(
      warning(
        'INSTANCE_NO_SUBNET',
        `instance ${r.decl.logicalId} has no SubnetId or NetworkInterfaces (default VPC); it has no interface in the model`,
        propSpan(ctx, r),
        { resource: r.id },
      ),
    );
    return [];
  }
  return [
    makeEni(ctx, r, `${r.id}.eth0`, { subnet, sgs: sgIds(ctx, r), sourceDestCheck, deviceIndex: 0 }).id,
  ];
}

const instance: CfnMapper = {
  create(ctx, r) {
    const interfaces = instanceInterfaces(ctx, r);
    ctx.b.add('instances', {
      id: r.id,
      name: nameTag(r),
      interfaces,
      state: 'running',
      span: propSpan(ctx, r),
      os: readOs(ctx, r),
    });
  },
};

const networkInterface: CfnMapper = {
  create(ctx, r) {
    const eni = makeEni(ctx, r, r.id, {
      subnet: propString(ctx, r, 'SubnetId') ?? '',
      sgs: propStrings(ctx, r, 'GroupSet'),
      sourceDestCheck: propBool(ctx, r, 'SourceDestCheck') ?? true,
    });
    eni.name = nameTag(r) ?? propString(ctx, r, 'Description');
    const v6 = propValue(r, 'Ipv6Addresses');
    if (Array.isArray(v6))
      eni.ipv6Addresses = v6
        .filter(isObject)
        .map((o) => field(o, 'Ipv6Address'))
        .filter((x): x is string => x !== undefined);
  },
};

const interfaceAttachment: CfnMapper = {
  attach(ctx, r) {
    const inst = propString(ctx, r, 'InstanceId');
    const eniId = propString(ctx, r, 'NetworkInterfaceId');
    const idx = asInt(propValue(r, 'DeviceIndex') ?? undefined) ?? 1;
    const i = ctx.b.get('instances', inst);
    const eni = ctx.b.get('networkInterfaces', eniId);
    if (!i || !eni) {
      referenceNotFound(ctx, r, 'instance', `${inst ?? '?'} or interface ${eniId ?? '?'}`, undefined);
      return;
    }
    eni.instance = i.id;
    eni.deviceIndex = idx;
    eni.owner = 'instance';
    // Keep interfaces in device-index order.
    const others = i.interfaces.filter((x) => x !== eni.id);
    const pos = others.findIndex((x) => (ctx.b.get('networkInterfaces', x)?.deviceIndex ?? 0) > idx);
    if (pos < 0) others.push(eni.id);
    else others.splice(pos, 0, eni.id);
    i.interfaces.length = 0;
    i.interfaces.push(...others);
  },
};

export const INSTANCE_MAPPERS: Readonly<Record<string, CfnMapper>> = {
  'AWS::EC2::Instance': instance,
  'AWS::EC2::NetworkInterface': networkInterface,
  'AWS::EC2::NetworkInterfaceAttachment': interfaceAttachment,
};
