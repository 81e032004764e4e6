/**
 * Native mappers of what holds addresses: network interfaces, instances (one written with `subnet`/`ip` gets one
 * implicit interface named `<instance>/eth0`; device indexes follow the order of `interfaces` unless given), NAT
 * gateways (NGW-1; a private IP not given is the subnet's first free address, ADDR-2, assumed) and VPC endpoints.
 */
import { error } from '../../diag/diagnostic.js';
import type { EniAddress } from '../../model/network.js';
import { AddressPlan } from '../build/placeholders.js';
import { spanFields, type NativeContext, type VpcScope } from './context.js';
import { osOf } from './map-os.js';
import { obj } from './names.js';
import type { NativeVpc } from './schema.js';

const ADDRESS_FIELDS = ['ip', 'ips', 'subnet', 'publicIp', 'ipv6', 'ipv6Ips'];

/** The IPv6 addresses written on an interface or instance (V6-1). */
function ipv6Of(e: { ipv6?: string | undefined; ipv6Ips?: string[] | undefined }): string[] | undefined {
  const all = [...(e.ipv6 !== undefined ? [e.ipv6] : []), ...(e.ipv6Ips ?? [])];
  return all.length > 0 ? all : undefined;
}

function addressesOf(e: {
  ip?: string | undefined;
  ips?: string[] | undefined;
  secondaryIps?: string[] | undefined;
  publicIp?: string | undefined;
  publicIps?: Record<string, string> | undefined;
}): EniAddress[] {
  const privs = [...(e.ips ?? (e.ip !== undefined ? [e.ip] : [])), ...(e.secondaryIps ?? [])];
  return privs.map((p, i) => ({
    private: p,
    public: e.publicIps?.[p] ?? (i === 0 ? e.publicIp : undefined),
  }));
}

export function mapNetworkInterfaces(c: NativeContext, { v, raw }: VpcScope): void {
  const rEnis = obj(raw.networkInterfaces);
  for (const [eName, e] of Object.entries(v.networkInterfaces ?? {})) {
    const re = obj(rEnis[eName]);
    c.names.ref(e.subnet, ['subnet'], c.spans.valueSpan(re, 'subnet'), 'subnet');
    for (const [i, g] of (e.securityGroups ?? []).entries())
      c.names.ref(g, ['security-group'], c.spans.valueSpan(obj(re.securityGroups), i), 'security group');
    if (e.instance !== undefined)
      c.names.ref(e.instance, ['instance'], c.spans.valueSpan(re, 'instance'), 'instance');
    c.b.add('networkInterfaces', {
      id: eName,
      awsId: e.id,
      subnet: e.subnet,
      addresses: addressesOf(e),
      ipv6Addresses: ipv6Of(e),
      sourceDestCheck: e.sourceDestCheck ?? true,
      securityGroups: e.securityGroups ?? [],
      instance: e.instance,
      deviceIndex: e.deviceIndex,
      owner: e.instance !== undefined ? 'instance' : 'other',
      span: c.spans.keySpan(rEnis, eName),
      spans: spanFields(c.spans, re, ADDRESS_FIELDS),
    });
  }
}

export function mapInstances(c: NativeContext, { v, raw }: VpcScope): void {
  const rInst = obj(raw.instances);
  // Interfaces that name their instance (`instance:` on the interface) join it after its own, in the order written.
  const eniOfInstance = new Map<string, string[]>();
  for (const [eName, e] of Object.entries(v.networkInterfaces ?? {}))
    if (e.instance !== undefined && c.names.get(e.instance)?.kind === 'instance')
      eniOfInstance.set(e.instance, [...(eniOfInstance.get(e.instance) ?? []), eName]);
  for (const [iName, inst] of Object.entries(v.instances ?? {})) {
    const ri = obj(rInst[iName]);
    const interfaces: string[] = [];
    if (inst.subnet !== undefined) {
      c.names.ref(inst.subnet, ['subnet'], c.spans.valueSpan(ri, 'subnet'), 'subnet');
      for (const [i, g] of (inst.securityGroups ?? []).entries())
        c.names.ref(g, ['security-group'], c.spans.valueSpan(obj(ri.securityGroups), i), 'security group');
      const eni = c.b.add('networkInterfaces', {
        id: `${iName}/eth0`,
        subnet: inst.subnet,
        addresses: addressesOf(inst),
        ipv6Addresses: ipv6Of(inst),
        sourceDestCheck: inst.sourceDestCheck ?? true,
        securityGroups: inst.securityGroups ?? [],
        instance: iName,
        deviceIndex: 0,
        owner: 'instance',
        span: c.spans.keySpan(rInst, iName),
        spans: spanFields(c.spans, ri, ADDRESS_FIELDS),
        assumed:
          inst.ip === undefined && inst.ips === undefined && ipv6Of(inst) === undefined
            ? ['addresses']
            : undefined,
      });
      interfaces.push(eni.id);
    } else if (inst.interfaces === undefined) {
      c.b.diags.push(
        error(
          'INSTANCE_NO_INTERFACE',
          `instance ${iName} needs "subnet" (one interface) or "interfaces"; AWS launches an instance into a subnet`,
          c.spans.keySpan(rInst, iName),
          { resource: iName },
        ),
      );
    }
    for (const [i, e] of (inst.interfaces ?? []).entries())
      if (
        c.names.ref(e, ['network-interface'], c.spans.valueSpan(obj(ri.interfaces), i), 'network interface')
      )
        interfaces.push(e);
    for (const e of eniOfInstance.get(iName) ?? []) if (!interfaces.includes(e)) interfaces.push(e);
    // Device index: as written, else the position in `interfaces`.
    interfaces.forEach((e, idx) => {
      const eni = c.b.get('networkInterfaces', e);
      if (!eni) return;
      if (eni.deviceIndex === undefined) eni.deviceIndex = idx;
      else if (eni.instance !== undefined) return;
      eni.instance = iName;
      eni.owner = 'instance';
    });
    c.b.add('instances', {
      id: iName,
      interfaces,
      state: inst.state,
      os: inst.os !== undefined ? osOf(c, inst.os, ri, iName) : undefined,
      span: c.spans.keySpan(rInst, iName),
    });
  }
}

/** Addresses written anywhere in the VPC: a NAT gateway's assumed address avoids them (ADDR-2). */
function writtenAddresses(v: NativeVpc): string[] {
  const out: string[] = [];
  for (const x of [...Object.values(v.instances ?? {}), ...Object.values(v.networkInterfaces ?? {})])
    for (const a of [x.ip, ...(x.ips ?? []), ...(x.secondaryIps ?? [])]) if (a !== undefined) out.push(a);
  for (const n of Object.values(v.natGateways ?? {})) if (n.ip !== undefined) out.push(n.ip);
  // Load-balancer nodes and interface-endpoint ENIs hold addresses too (NLB-1, PL-1).
  for (const lb of Object.values(v.loadBalancers ?? {}))
    for (const n of Object.values(lb.nodes ?? {})) {
      const a = typeof n === 'string' ? n : n.ip;
      if (a !== undefined) out.push(a);
    }
  for (const ep of Object.values(v.endpoints ?? {})) out.push(...Object.values(ep.addresses ?? {}));
  return out;
}

export function mapNatGateways(c: NativeContext, { v, raw }: VpcScope): void {
  const rNat = obj(raw.natGateways);
  // NGW-1 needs an address: the subnet's first one after AWS's reserved five (ADDR-2) that the file does not use
  // and no other NAT gateway was given.
  const plan = new AddressPlan((s) => v.subnets?.[s]?.cidr);
  const written = writtenAddresses(v);
  const planned = new Set<string>();
  for (const [nName, n] of Object.entries(v.natGateways ?? {})) {
    const rn = obj(rNat[nName]);
    c.names.ref(n.subnet, ['subnet'], c.spans.valueSpan(rn, 'subnet'), 'subnet');
    let privateIp = n.ip;
    if (privateIp === undefined) {
      if (!planned.has(n.subnet)) for (const a of written) plan.reserve(n.subnet, a);
      planned.add(n.subnet);
      privateIp = plan.take(n.subnet) ?? '0.0.0.0';
    }
    c.b.add('natGateways', {
      id: nName,
      awsId: n.id,
      subnet: n.subnet,
      connectivity: n.type ?? 'public',
      privateIp,
      publicIp: n.publicIp,
      state: n.state,
      span: c.spans.keySpan(rNat, nName),
      spans: spanFields(c.spans, rn, ['ip', 'publicIp', 'subnet']),
      assumed: n.ip === undefined ? ['privateIp'] : undefined,
    });
  }
}

export function mapEndpoints(c: NativeContext, { name, v, raw }: VpcScope): void {
  const rEp = obj(raw.endpoints);
  for (const [epName, ep] of Object.entries(v.endpoints ?? {})) {
    const re = obj(rEp[epName]);
    if (ep.subnet !== undefined)
      c.names.ref(ep.subnet, ['subnet'], c.spans.valueSpan(re, 'subnet'), 'subnet');
    if (ep.prefixList !== undefined)
      c.names.ref(ep.prefixList, ['prefix-list'], c.spans.valueSpan(re, 'prefixList'), 'prefix list');
    // Interface endpoints (PL-1, PL-2): subnets, security groups, addresses and the service by name.
    for (const s of ep.subnets ?? []) c.names.ref(s, ['subnet'], c.spans.valueSpan(re, 'subnets'), 'subnet');
    for (const g of ep.securityGroups ?? [])
      c.names.ref(g, ['security-group'], c.spans.valueSpan(re, 'securityGroups'), 'security group');
    c.b.add('vpcEndpoints', {
      id: epName,
      awsId: ep.id,
      vpc: name,
      type: ep.type === 'gwlb' ? 'gateway-load-balancer' : ep.type,
      service: ep.service ?? (ep.type === 'gwlb' ? 'gateway-load-balancer' : 'unknown'),
      prefixList: ep.prefixList,
      routeTables: ep.routeTables,
      subnets: ep.subnets ?? (ep.subnet !== undefined ? [ep.subnet] : undefined),
      inspection: ep.inspection,
      securityGroups: ep.securityGroups,
      addresses: ep.addresses,
      state: ep.state,
      span: c.spans.keySpan(rEp, epName),
    });
  }
}
