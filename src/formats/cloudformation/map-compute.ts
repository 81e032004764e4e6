/**
 * Mapping of instances and their interfaces: Instance (NetworkInterfaces, SubnetId, PrivateIpAddress,
 * SecondaryPrivateIpAddressCount, SecurityGroupIds/SecurityGroups, SourceDestCheck, UserData), NetworkInterface,
 * NetworkInterfaceAttachment, EIP (with InstanceId) and EIPAssociation.
 *
 * An instance's inline interfaces become ENIs named `<Instance>.eth<N>`. Addresses come from `deploy-values.ts`
 * (explicit, pinned, or the first free address, marked assumed). An ENI without security groups gets its VPC's
 * default group (SG-4). A public IPv4 is assumed for `AssociatePublicIpAddress: true`, or for eth0 in a subnet with
 * `MapPublicIpOnLaunch: true` (IGW-2). `SourceDestCheck` defaults to true (ENI-1); on the instance it applies to
 * its primary interface. UserData (after Fn::Base64 and Fn::Sub) and `Metadata.vpcsim.os` are read with the
 * iptables/sysctl parser; what it does not understand it reports.
 */
import { warning } from '../../diag/diagnostic.js';
import type { EniAddress, Instance, NetworkInterface } from '../../model/network.js';
import type { InstanceOs } from '../../model/os.js';
import { mergeOs, parseOsConfig } from '../iptables/index.js';
import { prop, propSpan, type Draft, type ImportContext, type ResourceRef } from './context.js';
import { ensureDefaultSg } from './map-security.js';
import { child, scalarText, type CfnNode, type Pos } from './node.js';
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
} from './props.js';

function sgIds(ctx: ImportContext, r: ResourceRef): string[] | undefined {
  const ids = propStrings(ctx, r, 'SecurityGroupIds');
  if (ids && ids.length > 0) return ids;
  const names = propStrings(ctx, r, 'SecurityGroups');
  if (names && names.length > 0)
    return names.map((n) => ctx.net.securityGroups.find((g) => g.groupName === n || g.id === n)?.id ?? n);
  return undefined;
}

/** Give an ENI without security groups its VPC's default group, once all subnets exist. */
function deferDefaultSg(ctx: ImportContext, eni: Draft<NetworkInterface>): void {
  ctx.deferred.push(() => {
    if (eni.securityGroups.length > 0) return;
    const vpc = ctx.index.subnet.get(eni.subnet)?.vpc;
    if (vpc !== undefined && vpc !== '') eni.securityGroups.push(ensureDefaultSg(ctx, vpc).id);
  });
}

function makeEni(
  ctx: ImportContext,
  r: ResourceRef,
  key: string,
  subnet: string,
  sgs: string[] | undefined,
  sourceDestCheck: boolean,
  publicIp: boolean | undefined,
  deviceIndex: number | undefined,
): Draft<NetworkInterface> {
  const alloc = ctx.deploy.allocation(key);
  const assumed: string[] = [];
  if (alloc?.assumed ?? true) assumed.push('addresses');
  const addresses: EniAddress[] = (alloc?.addresses ?? []).map((a) => ({ private: a }));
  const wantsPublic = publicIp ?? (deviceIndex === 0 && (ctx.mapPublicIp.get(subnet) ?? false));
  if (wantsPublic && addresses[0]) {
    const pin = deviceIndex === 0 ? ctx.deploy.pinned(r, 'PublicIp') : undefined;
    addresses[0] = { private: addresses[0].private, public: pin ?? ctx.deploy.publicIp(`public:${key}`) };
    if (pin === undefined && !assumed.includes('addresses')) assumed.push('addresses');
  }
  const eni: Draft<NetworkInterface> = {
    id: key,
    subnet,
    addresses,
    sourceDestCheck,
    securityGroups: sgs ?? [],
    instance: deviceIndex === undefined ? undefined : r.id,
    deviceIndex,
    owner: deviceIndex === undefined ? 'other' : 'instance',
    span: propSpan(ctx, r),
    assumed: assumed.length > 0 ? assumed : undefined,
  };
  ctx.net.networkInterfaces.push(eni);
  ctx.index.eni.set(eni.id, eni);
  if (!sgs || sgs.length === 0) deferDefaultSg(ctx, eni);
  return eni;
}

/** The text and position of a UserData property: decoded from Fn::Base64, positioned at the literal text. */
function userDataText(ctx: ImportContext, r: ResourceRef): { text: string; pos: Pos } | undefined {
  const node = prop(r.decl, 'UserData');
  if (!node) return undefined;
  const v = r.stack.ev.value(node);
  if (typeof v !== 'string') return undefined;
  let text = v;
  const decoded = Buffer.from(v, 'base64').toString('utf8');
  // CloudFormation passes UserData as base64; accept plain text written without Fn::Base64 too.
  if (
    /^[A-Za-z0-9+/=\s]+$/.test(v) &&
    Buffer.from(decoded, 'utf8').toString('base64').replace(/=+$/, '') ===
      v.replace(/\s/g, '').replace(/=+$/, '')
  )
    text = decoded;
  return { text, pos: literalPos(node) };
}

/** Where the literal text inside Fn::Base64 / Fn::Sub starts. */
function literalPos(node: CfnNode): Pos {
  let n: CfnNode | undefined = node;
  for (let i = 0; i < 5 && n; i++) {
    if (n.kind === 'scalar') return n.textPos;
    if (n.kind === 'fn') n = n.arg.kind === 'seq' && n.name === 'Fn::Sub' ? n.arg.items[0] : n.arg;
    else break;
  }
  return node.pos;
}

function readOs(ctx: ImportContext, r: ResourceRef): InstanceOs | undefined {
  let os: InstanceOs | undefined;
  const file = r.stack.template.file;
  const parse = (text: string, pos: Pos, kind: 'user-data' | 'auto') => {
    const res = parseOsConfig(text, {
      file,
      kind,
      position: (line, col) => ({
        file,
        line: pos.line + line - 1,
        col: line === 1 ? pos.col + col - 1 : pos.col + col - 1,
      }),
    });
    for (const d of res.diagnostics) ctx.diags.push(d.resource === undefined ? { ...d, resource: r.id } : d);
    os = os ? mergeOs(os, res.os) : res.os;
  };
  const ud = userDataText(ctx, r);
  if (ud) parse(ud.text, ud.pos, 'user-data');
  const osNode = child(child(r.decl.metadata, 'vpcsim'), 'os');
  const osText = scalarText(osNode);
  if (osNode && osText !== undefined)
    parse(osText, osNode.kind === 'scalar' ? osNode.textPos : osNode.pos, 'auto');
  // A script that configures nothing network-related leaves the instance an ordinary host (os absent).
  if (
    os &&
    !os.ipForward &&
    Object.keys(os.sysctl).length === 0 &&
    Object.keys(os.netfilter.tables).length === 0 &&
    os.routes.length === 0
  )
    return undefined;
  return os;
}

/** Pass 1. */
export function createComputeObject(ctx: ImportContext, r: ResourceRef): boolean {
  switch (r.decl.type) {
    case 'AWS::EC2::Instance': {
      const interfaces: string[] = [];
      const sdc = propBool(ctx, r, 'SourceDestCheck') ?? true;
      const nis = propValue(r, 'NetworkInterfaces');
      if (Array.isArray(nis) && nis.length > 0) {
        const items = nis.filter(isObject).map((o) => ({ o, idx: asInt(o['DeviceIndex']) ?? 0 }));
        items.sort((a, b) => a.idx - b.idx);
        for (const { o, idx } of items) {
          const existing = field(o, 'NetworkInterfaceId');
          if (existing !== undefined) {
            interfaces.push(existing);
            ctx.deferred.push(() => {
              const eni = ctx.index.eni.get(existing);
              if (eni) {
                eni.instance = r.id;
                eni.deviceIndex = idx;
                eni.owner = 'instance';
              }
            });
            continue;
          }
          const subnet = field(o, 'SubnetId') ?? '';
          const groups = fieldList(o, 'GroupSet');
          const eni = makeEni(
            ctx,
            r,
            `${r.id}.eth${idx}`,
            subnet,
            groups && groups.length > 0 ? groups : sgIds(ctx, r),
            idx === 0 ? sdc : true,
            asBool(o['AssociatePublicIpAddress']),
            idx,
          );
          interfaces.push(eni.id);
        }
      } else {
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
        } else {
          interfaces.push(makeEni(ctx, r, `${r.id}.eth0`, subnet, sgIds(ctx, r), sdc, undefined, 0).id);
        }
      }
      const inst: Draft<Instance> = {
        id: r.id,
        name: nameTag(r),
        interfaces,
        state: 'running',
        span: propSpan(ctx, r),
        os: readOs(ctx, r),
      };
      ctx.net.instances.push(inst);
      ctx.index.instance.set(r.id, inst);
      return true;
    }
    case 'AWS::EC2::NetworkInterface': {
      const subnet = propString(ctx, r, 'SubnetId') ?? '';
      const eni = makeEni(
        ctx,
        r,
        r.id,
        subnet,
        propStrings(ctx, r, 'GroupSet'),
        propBool(ctx, r, 'SourceDestCheck') ?? true,
        undefined,
        undefined,
      );
      eni.name = nameTag(r) ?? propString(ctx, r, 'Description');
      const v6 = propValue(r, 'Ipv6Addresses');
      if (Array.isArray(v6))
        eni.ipv6Addresses = v6
          .filter(isObject)
          .map((o) => field(o, 'Ipv6Address'))
          .filter((x): x is string => x !== undefined);
      return true;
    }
    default:
      return false;
  }
}

function setPublic(
  ctx: ImportContext,
  eniId: string | undefined,
  privateIp: string | undefined,
  publicIp: string,
  assumed: boolean,
): boolean {
  const eni = eniId === undefined ? undefined : ctx.index.eni.get(eniId);
  if (!eni) return false;
  let i = privateIp === undefined ? 0 : eni.addresses.findIndex((a) => a.private === privateIp);
  if (i < 0) i = 0;
  const a = eni.addresses[i];
  if (!a) return false;
  eni.addresses[i] = { private: a.private, public: publicIp };
  // Only the public address is a placeholder here; the private one keeps its own mark.
  if (assumed && !(eni.assumed ?? []).includes('addresses.public'))
    eni.assumed = [...(eni.assumed ?? []), 'addresses.public'];
  return true;
}

/** Pass 2. */
export function attachComputeObject(ctx: ImportContext, r: ResourceRef): boolean {
  switch (r.decl.type) {
    case 'AWS::EC2::EIP': {
      const inst = propString(ctx, r, 'InstanceId');
      const a = ctx.deploy.eipAddress(r);
      let unresolved: string | undefined;
      if (inst !== undefined) {
        const primary = ctx.index.instance.get(inst)?.interfaces[0];
        if (!setPublic(ctx, primary, undefined, a.ip, a.assumed)) {
          unresolved = `its InstanceId ${inst} is not defined in the loaded templates`;
          ctx.diags.push(
            warning(
              'REFERENCE_NOT_FOUND',
              `${r.decl.logicalId}: instance ${inst} is not defined in the loaded templates`,
              propSpan(ctx, r, 'InstanceId'),
              { resource: r.id },
            ),
          );
        }
      }
      // Issue 13 §6: every declared Elastic IP is listed, so one whose owner is not in the templates is never
      // taken for an internet host.
      ctx.net.elasticIps.push({
        id: r.id,
        publicIp: a.ip,
        span: propSpan(ctx, r),
        ...(a.assumed ? { assumed: ['publicIp'] } : {}),
        ...(unresolved !== undefined ? { unresolved } : {}),
      });
      return true;
    }
    case 'AWS::EC2::EIPAssociation': {
      const allocId = propString(ctx, r, 'AllocationId');
      const eipText = propString(ctx, r, 'EIP');
      let ip: { ip: string; assumed: boolean } | undefined;
      const eipRes = allocId !== undefined ? ctx.resource(allocId) : undefined;
      if (eipRes?.decl.type === 'AWS::EC2::EIP') ip = ctx.deploy.eipAddress(eipRes);
      else if (eipText !== undefined) ip = { ip: eipText, assumed: false };
      else if (allocId !== undefined) ip = { ip: ctx.deploy.publicIp(`alloc:${allocId}`), assumed: true };
      if (!ip) return true;
      const inst = propString(ctx, r, 'InstanceId');
      const eniId =
        propString(ctx, r, 'NetworkInterfaceId') ??
        (inst !== undefined ? ctx.index.instance.get(inst)?.interfaces[0] : undefined);
      if (!setPublic(ctx, eniId, propString(ctx, r, 'PrivateIpAddress'), ip.ip, ip.assumed)) {
        ctx.diags.push(
          warning(
            'REFERENCE_NOT_FOUND',
            `${r.decl.logicalId}: the instance or network interface it associates with is not defined in the loaded templates`,
            propSpan(ctx, r),
            { resource: r.id },
          ),
        );
      }
      return true;
    }
    case 'AWS::EC2::NetworkInterfaceAttachment': {
      const inst = propString(ctx, r, 'InstanceId');
      const eniId = propString(ctx, r, 'NetworkInterfaceId');
      const idx = asInt(propValue(r, 'DeviceIndex') ?? undefined) ?? 1;
      const i = inst === undefined ? undefined : ctx.index.instance.get(inst);
      const eni = eniId === undefined ? undefined : ctx.index.eni.get(eniId);
      if (!i || !eni) {
        ctx.diags.push(
          warning(
            'REFERENCE_NOT_FOUND',
            `${r.decl.logicalId}: instance ${inst ?? '?'} or interface ${eniId ?? '?'} is not defined in the loaded templates`,
            propSpan(ctx, r),
            { resource: r.id },
          ),
        );
        return true;
      }
      eni.instance = i.id;
      eni.deviceIndex = idx;
      eni.owner = 'instance';
      // Keep interfaces in device-index order.
      const others = i.interfaces.filter((x) => x !== eni.id);
      const pos = others.findIndex((x) => (ctx.index.eni.get(x)?.deviceIndex ?? 0) > idx);
      if (pos < 0) others.push(eni.id);
      else others.splice(pos, 0, eni.id);
      i.interfaces.length = 0;
      i.interfaces.push(...others);
      return true;
    }
    default:
      return false;
  }
}
