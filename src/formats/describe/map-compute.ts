/**
 * describe-* mappers of what holds addresses: NetworkInterfaces (a NAT gateway's own interface is the NatGateway,
 * not a second owner; an interface attached to a terminated instance is gone), Reservations (instances: terminated
 * and shutting-down ones are gone, stopped ones stay; interfaces known only from the instance are added, and the
 * instance's SourceDestCheck applies to them, ENI-1) and Addresses (an Elastic IP association gives a private IP its
 * public address, IGW-2).
 */
import type { EniAddress, EniOwner } from '../../model/network.js';
import type { DraftOf } from '../build/drafts.js';
import type { DescribeContext, DescribeRecord } from './context.js';
import { bool, nameTag, num, obj, objs, str, type JsonObject } from '../json-source.js';

type Eni = DraftOf<'networkInterfaces'>;

/** Who owns an interface, from its InterfaceType (and Description, for Client VPN). */
function ownerOf(e: JsonObject, instance: string | undefined): EniOwner {
  const t = str(e, 'InterfaceType') ?? 'interface';
  if (t === 'nat_gateway') return 'nat-gateway';
  if (t === 'gateway_load_balancer_endpoint') return 'gwlb-endpoint';
  if (t === 'vpc_endpoint' || t === 'interface')
    return instance ? 'instance' : t === 'vpc_endpoint' ? 'interface-endpoint' : 'other';
  if (t === 'lambda') return 'lambda';
  if (t === 'client_vpn' || t === 'client-vpn' || /^ClientVPN/i.test(str(e, 'Description') ?? ''))
    return 'client-vpn';
  return 'other';
}

function addressesOf(e: JsonObject): EniAddress[] {
  const sorted = [...objs(e, 'PrivateIpAddresses')].sort(
    (a, b) => Number(bool(b, 'Primary') === true) - Number(bool(a, 'Primary') === true),
  );
  const addresses: EniAddress[] = sorted
    .map((p) => {
      const priv = str(p, 'PrivateIpAddress');
      const pub = str(obj(p, 'Association'), 'PublicIp');
      return priv ? { private: priv, ...(pub ? { public: pub } : {}) } : undefined;
    })
    .filter((a): a is EniAddress => !!a);
  if (addresses.length === 0) {
    const priv = str(e, 'PrivateIpAddress');
    const pub = str(obj(e, 'Association'), 'PublicIp');
    if (priv) addresses.push({ private: priv, ...(pub ? { public: pub } : {}) });
  }
  return addresses;
}

/** An interface as describe-network-interfaces (or an instance's NetworkInterfaces) writes it. */
function eniFrom(
  c: DescribeContext,
  e: JsonObject,
  r: DescribeRecord,
  instanceId: string | undefined,
): Eni | undefined {
  const id = str(e, 'NetworkInterfaceId');
  const subnet = str(e, 'SubnetId');
  if (!id || !subnet) return undefined;
  const v6 = objs(e, 'Ipv6Addresses')
    .map((a) => str(a, 'Ipv6Address'))
    .filter((a): a is string => !!a);
  const att = obj(e, 'Attachment');
  const inst = instanceId ?? str(att, 'InstanceId');
  const live = inst && c.instances().has(inst) ? inst : undefined;
  return {
    id,
    name: nameTag(e) ?? (str(e, 'Description') || undefined),
    span: c.spanOf(r, 'NetworkInterfaceId', id),
    subnet,
    addresses: addressesOf(e),
    ...(v6.length ? { ipv6Addresses: v6 } : {}),
    // ENI-1: on unless describe says otherwise.
    sourceDestCheck: bool(e, 'SourceDestCheck') ?? true,
    securityGroups: objs(e, 'Groups')
      .map((g) => str(g, 'GroupId'))
      .filter((g): g is string => !!g),
    ...(live ? { instance: live, deviceIndex: num(att, 'DeviceIndex') ?? 0 } : {}),
    owner: inst && !live ? 'other' : ownerOf(e, inst),
  };
}

function describesLoadBalancers(c: DescribeContext): boolean {
  return c.described('LoadBalancers') || c.described('LoadBalancerDescriptions');
}

export function mapNetworkInterfaces(c: DescribeContext): void {
  c.instances(); // which instances are gone is known before their interfaces are read
  for (const r of c.recs('NetworkInterfaces')) {
    // A NAT gateway's own ENI is the NatGateway resource (its address and EIP are on it): not a second owner.
    if (str(r.item, 'InterfaceType') === 'nat_gateway') continue;
    // A load-balancer node's ENI (`ELB net/…`) is the node of the described load balancer (B14, ELB-1).
    if (/^ELB /.test(str(r.item, 'Description') ?? '') && describesLoadBalancers(c)) continue;
    const inst = str(obj(r.item, 'Attachment'), 'InstanceId');
    if (inst && c.gone.has(inst)) continue; // detached with a terminated instance
    const e = eniFrom(c, r.item, r, undefined);
    if (!e) {
      c.missing(r, 'NetworkInterfaces', 'NetworkInterfaceId/SubnetId');
      continue;
    }
    if (!c.unique(e.id)) continue;
    c.b.add('networkInterfaces', e);
  }
}

export function mapInstances(c: DescribeContext): void {
  const byInstance = new Map<string, Eni[]>();
  for (const e of c.b.net.networkInterfaces)
    if (e.instance) byInstance.set(e.instance, [...(byInstance.get(e.instance) ?? []), e]);
  for (const { id, r, item, state } of c.instances().values()) {
    const list: { id: string; idx: number }[] = [];
    for (const ni of objs(item, 'NetworkInterfaces')) {
      const eniId = str(ni, 'NetworkInterfaceId');
      if (!eniId) continue;
      if (!c.b.has('networkInterfaces', eniId)) {
        const e = eniFrom(c, ni, r, id);
        if (e) {
          if (bool(item, 'SourceDestCheck') === false) e.sourceDestCheck = false;
          c.b.add('networkInterfaces', e);
          c.seen.add(eniId);
        }
      }
      const e = c.b.get('networkInterfaces', eniId);
      if (e && !e.instance) {
        e.instance = id;
        e.owner = 'instance';
      }
      const idx = num(obj(ni, 'Attachment'), 'DeviceIndex');
      list.push({ id: eniId, idx: idx ?? e?.deviceIndex ?? 0 });
      if (e) e.deviceIndex = idx ?? e.deviceIndex ?? 0;
    }
    for (const e of byInstance.get(id) ?? [])
      if (!list.some((l) => l.id === e.id)) list.push({ id: e.id, idx: e.deviceIndex ?? 0 });
    c.b.add('instances', {
      id,
      name: nameTag(item),
      span: c.spanOf(r, 'InstanceId', id),
      interfaces: list.sort((a, b) => a.idx - b.idx).map((l) => l.id),
      state: state === 'stopped' || state === 'stopping' ? 'stopped' : 'running',
    });
  }
}

/** Elastic IPs (IGW-2): an association gives the private IP its public address. */
export function mapAddresses(c: DescribeContext): void {
  // A NAT gateway's ENIs are not in describe-network-interfaces' interfaces vpcsim models: an Elastic IP on one is
  // the NAT gateway's public address (NGW-1), resolved, not an unknown interface.
  const natEnis = new Set<string>();
  for (const r of c.recs('NatGateways'))
    for (const a of objs(r.item, 'NatGatewayAddresses')) {
      const id = str(a, 'NetworkInterfaceId');
      if (id) natEnis.add(id);
    }
  for (const r of c.recs('Addresses')) {
    const eni = str(r.item, 'NetworkInterfaceId');
    const priv = str(r.item, 'PrivateIpAddress');
    const pub = str(r.item, 'PublicIp');
    // Issue 13 §6: every Elastic IP of the snapshot is listed; one whose interface is not in it stays uncertain.
    if (pub) {
      const id = str(r.item, 'AllocationId') ?? pub;
      c.b.add('elasticIps', {
        id,
        publicIp: pub,
        span: c.spanOf(r, 'PublicIp', pub),
        ...(eni === undefined && str(r.item, 'InstanceId') === undefined
          ? { unresolved: 'the snapshot shows it associated with no network interface' }
          : eni !== undefined && !c.b.has('networkInterfaces', eni) && !natEnis.has(eni)
            ? { unresolved: `its network interface ${eni} is not in the snapshot` }
            : {}),
      });
    }
    if (!eni || !pub) continue;
    const e = c.b.get('networkInterfaces', eni);
    if (!e) continue;
    e.addresses = e.addresses.map((a) =>
      a.private === (priv ?? e.addresses[0]?.private) && !a.public ? { ...a, public: pub } : a,
    );
  }
}
