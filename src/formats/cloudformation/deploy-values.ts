/**
 * Values AWS assigns at deploy time, made explicit as deterministic placeholders (and pinnable with `--assume`):
 *
 * - private IPs of instances, ENIs, NAT gateways, firewall endpoints, Client VPN and interface/GWLB endpoint ENIs:
 *   per subnet, addresses written in the template are reserved first, then every resource without one gets the
 *   first free address after AWS's five reserved ones (ADDR-2: network, +1 router, +2 DNS, +3 future, broadcast),
 *   in template order;
 * - public IPs (Elastic IPs, auto-assigned public IPv4): consecutive addresses from 198.18.0.0/15 (benchmarking
 *   range, never a real host) in template order;
 * - Network Firewall endpoint ids for `Fn::GetAtt Firewall.EndpointIds`: `az:<firewall>@<az>`, so that
 *   `!Select [1, !Split [":", …]]` yields the endpoint id the model's firewall endpoint carries;
 * - a subnet's AZ when the template gives none: the region's first AZ.
 * Pins: `--assume LogicalId.Attribute=value` (e.g. `NatEip.PublicIp=203.0.113.60`, `App.PrivateIp=10.0.1.10`,
 * `Nat.PrivateIp=…`, `Eni.PrimaryPrivateIpAddress=…`, `Fw.EndpointIds=us-east-1a:vpce-1,…`, `Sub.AvailabilityZone=…`).
 * A pinned value is not "assumed". Circular requests (an address that depends on itself) are diagnosed.
 */
import { error, warning } from '../../diag/diagnostic.js';
import { AddressPlan, PublicAddresses } from '../build/placeholders.js';
import { own } from '../../model/name-table.js';
import { prop, type ImportContext, type ResourceRef, type StackInfo } from './context.js';
import { NO_VALUE, type CfnValue } from './cfn-value.js';
import type { CfnNode } from './node.js';
import { asInt, asString, field, isObject, propString, propValue } from './props.js';

interface AddrRequest {
  readonly key: string;
  readonly subnet: string;
  readonly explicit: readonly string[];
  readonly secondary: number;
  readonly ref: ResourceRef;
}

export interface Allocation {
  readonly addresses: readonly string[];
  /** True when the primary address was not given by the template or a pin. */
  readonly assumed: boolean;
}

export class DeployValues {
  private requests: Map<string, AddrRequest> | undefined;
  private registering = false;
  private readonly allocated = new Map<string, Allocation>();
  private readonly subnetsDone = new Set<string>();
  /** Private placeholders per subnet (ADDR-2) and public ones (198.18.0.0/15): the builder's, shared by importers. */
  private readonly addresses = new AddressPlan((subnet) => this.subnetCidr(subnet));
  private readonly publicIps = new PublicAddresses();
  private readonly azCache = new Map<string, { az: string; assumed: boolean }>();
  private readonly azBusy = new Set<string>();
  readonly defaultSgDemand = new Set<string>();
  readonly defaultNaclDemand = new Set<string>();

  constructor(private readonly ctx: ImportContext) {}

  /** The `--assume` keys a resource asked for, so keys that pin nothing can be reported (a misspelling). */
  readonly pinKeysAsked = new Set<string>();

  /** Pinned value for `LogicalId.Attribute` (or `ModelId.Attribute`). */
  pinned(r: ResourceRef, attribute: string): string | undefined {
    const a = this.ctx.opts.assume;
    if (!a) return undefined;
    const byLogical = `${r.decl.logicalId}.${attribute}`;
    const byId = `${r.id}.${attribute}`;
    this.pinKeysAsked.add(byLogical).add(byId);
    return own(a, byLogical) ?? own(a, byId);
  }

  /** A public IPv4 for `key` (deterministic, from 198.18.0.0/15). */
  publicIp(key: string): string {
    return this.publicIps.next(key);
  }

  /** An Elastic IP's address: pinned or assumed. */
  eipAddress(r: ResourceRef): { ip: string; assumed: boolean } {
    const pin = this.pinned(r, 'PublicIp');
    if (pin !== undefined) return { ip: pin, assumed: false };
    return { ip: this.publicIp(`eip:${r.id}`), assumed: true };
  }

  /** The AZ of a subnet (model id): its AvailabilityZone, pinned, or the region's first AZ (assumed). */
  subnetAz(subnetId: string): { az: string; assumed: boolean } {
    const c = this.azCache.get(subnetId);
    if (c) return c;
    const r = this.ctx.resource(subnetId);
    let out: { az: string; assumed: boolean };
    const first = this.ctx.azsOf(this.ctx.region)[0] ?? `${this.ctx.region}a`;
    if (!r || r.decl.type !== 'AWS::EC2::Subnet' || this.azBusy.has(subnetId))
      out = { az: first, assumed: true };
    else {
      this.azBusy.add(subnetId);
      const pin = this.pinned(r, 'AvailabilityZone');
      const az = pin ?? propString(this.ctx, r, 'AvailabilityZone');
      const azId = propString(this.ctx, r, 'AvailabilityZoneId');
      this.azBusy.delete(subnetId);
      if (az !== undefined) out = { az, assumed: false };
      else if (azId !== undefined) out = { az: azId, assumed: false };
      else out = { az: first, assumed: true };
    }
    this.azCache.set(subnetId, out);
    return out;
  }

  /** Addresses of an address consumer (`Instance.eth0`, an ENI id, a NAT gateway id, `Fw@Subnet` …). */
  allocation(key: string): Allocation | undefined {
    const have = this.allocated.get(key);
    if (have) return have;
    const reqs = this.registerAll();
    const req = reqs?.get(key);
    if (!req) return undefined;
    if (reqs) this.allocateSubnet(req.subnet, reqs);
    return this.allocated.get(key);
  }

  private registerAll(): Map<string, AddrRequest> | undefined {
    if (this.requests) return this.requests;
    if (this.registering) {
      this.ctx.diags.push(
        error(
          'CIRCULAR_REFERENCE',
          'an address placeholder depends on itself (a SubnetId or PrivateIpAddress refers to a deploy-time address)',
        ),
      );
      return undefined;
    }
    this.registering = true;
    const out = new Map<string, AddrRequest>();
    const add = (
      ref: ResourceRef,
      key: string,
      subnet: string | undefined,
      explicit: string[],
      secondary: number,
    ) => {
      if (subnet === undefined) return;
      out.set(key, { key, subnet, explicit, secondary, ref });
    };
    for (const stack of this.ctx.stacks) {
      for (const decl of stack.template.resources.values()) {
        const ref = this.ctx.resource(stack.idOf(decl.logicalId));
        if (!ref || !stack.ev.resourceEnabled(decl.logicalId)) continue;
        const subnetOf = (node: CfnNode | undefined) => (node ? asString(val(stack, node)) : undefined);
        switch (decl.type) {
          case 'AWS::EC2::Instance': {
            const nis = val(stack, prop(decl, 'NetworkInterfaces'));
            if (Array.isArray(nis) && nis.length > 0) {
              for (const ni of nis as readonly CfnValue[]) {
                if (!isObject(ni) || field(ni, 'NetworkInterfaceId') !== undefined) continue;
                const idx = asInt(ni['DeviceIndex']) ?? 0;
                const explicit = explicitIps(ni['PrivateIpAddress'], ni['PrivateIpAddresses']);
                const pin = idx === 0 ? this.pinned(ref, 'PrivateIp') : undefined;
                if (pin !== undefined) explicit.unshift(pin);
                add(
                  ref,
                  `${ref.id}.eth${idx}`,
                  field(ni, 'SubnetId'),
                  explicit,
                  asInt(ni['SecondaryPrivateIpAddressCount']) ?? 0,
                );
              }
            } else {
              const explicit = explicitIps(val(stack, prop(decl, 'PrivateIpAddress')), undefined);
              const pin = this.pinned(ref, 'PrivateIp');
              if (pin !== undefined) explicit.unshift(pin);
              // An instance has no SecondaryPrivateIpAddressCount of its own (only its NetworkInterfaces items and
              // AWS::EC2::NetworkInterface do): CloudFormation refuses it there, PROPERTY_UNKNOWN says so.
              add(ref, `${ref.id}.eth0`, subnetOf(prop(decl, 'SubnetId')), explicit, 0);
            }
            break;
          }
          case 'AWS::EC2::NetworkInterface': {
            const explicit = explicitIps(
              val(stack, prop(decl, 'PrivateIpAddress')),
              val(stack, prop(decl, 'PrivateIpAddresses')),
            );
            const pin = this.pinned(ref, 'PrimaryPrivateIpAddress') ?? this.pinned(ref, 'PrivateIp');
            if (pin !== undefined) explicit.unshift(pin);
            const sec = asInt(val(stack, prop(decl, 'SecondaryPrivateIpAddressCount'))) ?? 0;
            add(ref, ref.id, subnetOf(prop(decl, 'SubnetId')), explicit, sec);
            break;
          }
          case 'AWS::EC2::NatGateway': {
            const explicit = explicitIps(val(stack, prop(decl, 'PrivateIpAddress')), undefined);
            const pin = this.pinned(ref, 'PrivateIp');
            if (pin !== undefined) explicit.unshift(pin);
            add(ref, ref.id, subnetOf(prop(decl, 'SubnetId')), explicit, 0);
            break;
          }
          case 'AWS::NetworkFirewall::Firewall': {
            const maps = val(stack, prop(decl, 'SubnetMappings'));
            if (Array.isArray(maps)) {
              for (const m of maps as readonly CfnValue[]) {
                const s = isObject(m) ? field(m, 'SubnetId') : undefined;
                if (s !== undefined) add(ref, `${ref.id}@${s}`, s, [], 0);
              }
            }
            break;
          }
          case 'AWS::EC2::ClientVpnTargetNetworkAssociation': {
            const pin = this.pinned(ref, 'PrivateIp');
            add(ref, ref.id, subnetOf(prop(decl, 'SubnetId')), pin === undefined ? [] : [pin], 0);
            break;
          }
          case 'AWS::EC2::VPCEndpoint': {
            const t = (asString(val(stack, prop(decl, 'VpcEndpointType'))) ?? 'Gateway').toLowerCase();
            if (t === 'gateway') break;
            const subnets = val(stack, prop(decl, 'SubnetIds'));
            if (Array.isArray(subnets)) {
              for (const s of subnets as readonly CfnValue[]) {
                const sid = asString(s);
                if (sid !== undefined) add(ref, `${ref.id}@${sid}`, sid, [], 0);
              }
            }
            break;
          }
          default:
            break;
        }
      }
    }
    this.requests = out;
    this.registering = false;
    return out;
  }

  private subnetCidr(subnetId: string): string | undefined {
    const r = this.ctx.resource(subnetId);
    if (!r || r.decl.type !== 'AWS::EC2::Subnet') return undefined;
    return propString(this.ctx, r, 'CidrBlock');
  }

  private allocateSubnet(subnet: string, reqs: Map<string, AddrRequest>): void {
    if (this.subnetsDone.has(subnet)) return;
    this.subnetsDone.add(subnet);
    const mine = [...reqs.values()].filter((r) => r.subnet === subnet);
    // Addresses the template gives are reserved across the whole subnet before any placeholder is chosen.
    for (const r of mine) for (const e of r.explicit) this.addresses.reserve(subnet, e);
    let warnedFull = false;
    const take = (r: AddrRequest): string | undefined => {
      // ADDR-2: the first four addresses and the last are reserved.
      const ip = this.addresses.take(subnet);
      if (ip === undefined && !warnedFull) {
        warnedFull = true;
        const cidr = this.subnetCidr(subnet);
        this.ctx.diags.push(
          this.addresses.known(subnet)
            ? error(
                'SUBNET_FULL',
                `subnet ${subnet} (${cidr ?? '?'}) has no free address left for ${r.ref.decl.logicalId} (ADDR-2)`,
                this.ctx.span(r.ref.stack, r.ref.decl.pos),
                { resource: r.ref.id, ref: 'ADDR-2' },
              )
            : warning(
                'ADDRESS_UNKNOWN',
                `cannot assign an address to ${r.ref.decl.logicalId}: subnet ${subnet} has no known IPv4 CIDR`,
                this.ctx.span(r.ref.stack, r.ref.decl.pos),
                { resource: r.ref.id },
              ),
        );
      }
      return ip;
    };
    for (const r of mine) {
      const addrs: string[] = [...r.explicit];
      const assumed = r.explicit.length === 0;
      if (assumed) {
        const a = take(r);
        if (a !== undefined) addrs.push(a);
      }
      for (let i = 0; i < r.secondary; i++) {
        const a = take(r);
        if (a !== undefined) addrs.push(a);
      }
      this.allocated.set(r.key, { addresses: addrs, assumed });
    }
  }

  /** Endpoint ids of a VPC-attached firewall, as `Fn::GetAtt Firewall.EndpointIds` returns them (`az:id`). */
  firewallEndpoints(r: ResourceRef): { subnet: string; az: string; id: string; assumed: boolean }[] {
    const pin = this.pinned(r, 'EndpointIds');
    const pins = new Map<string, string>();
    if (pin !== undefined) {
      for (const item of pin.split(',')) {
        const i = item.indexOf(':');
        if (i > 0) pins.set(item.slice(0, i).trim(), item.slice(i + 1).trim());
      }
    }
    const out: { subnet: string; az: string; id: string; assumed: boolean }[] = [];
    const maps = propValue(r, 'SubnetMappings');
    if (!Array.isArray(maps)) return out;
    for (const m of maps as readonly CfnValue[]) {
      const s = isObject(m) ? field(m, 'SubnetId') : undefined;
      if (s === undefined) continue;
      const az = this.subnetAz(s).az;
      const pinnedId = pins.get(az);
      out.push({ subnet: s, az, id: pinnedId ?? `${r.id}@${az}`, assumed: pinnedId === undefined });
    }
    return out;
  }
}

function val(stack: StackInfo, node: CfnNode | undefined): CfnValue | undefined {
  if (!node) return undefined;
  const v = stack.ev.value(node);
  return v === NO_VALUE ? undefined : v;
}

function explicitIps(primary: CfnValue | undefined, list: CfnValue | undefined): string[] {
  const out: string[] = [];
  const p = asString(primary);
  if (p !== undefined) out.push(p);
  if (Array.isArray(list)) {
    const items = (list as readonly CfnValue[]).filter(isObject);
    // The entry marked Primary goes first.
    items.sort(
      (a, b) =>
        Number(asString(b['Primary']) === 'true' || b['Primary'] === true) -
        Number(asString(a['Primary']) === 'true' || a['Primary'] === true),
    );
    for (const it of items) {
      const ip = field(it, 'PrivateIpAddress');
      if (ip !== undefined && !out.includes(ip)) out.push(ip);
    }
  }
  return out;
}
