/**
 * The bridge from the network model to the Linux stack: an Instance's ENIs (in device-index order) become
 * `eth0`, `eth1` … with every private IP of the ENI (primary first) and its IPv6 addresses, on the ENI's subnet
 * (and its /64); the instance's
 * `os` config is compiled onto them.
 *
 * Model: `instance.interfaces` lists ENI ids in device-index order (eth0 first), as the model states. An ENI id
 * that is not in the network, an unparsable address or subnet CIDR is skipped here (validation reports it);
 * the interface keeps its place so `ethN` still matches device index N. `enis[k]` is the ENI id of interface k,
 * so the data plane can map "arrived on ENI X" to `inIf` and "leaves by interface k" back to an ENI.
 */
import type { Instance, Network } from '../../model/network.js';
import { tryIpv4, tryCidr, tryCidr4, prefix4, type Prefix6 } from '../../net/prefix.js';
import { parseIpv6 } from '../../net/ipv6.js';
import { compileOs, type CompiledOs, type OsInterface } from './compile.js';

export interface InstanceStack {
  readonly os: CompiledOs;
  /** ENI id of each interface index (eth0 = 0). */
  readonly enis: readonly string[];
}

/** `compileInstanceOs(network, network.instances[0])` → the instance's compiled stack and its ENI order. */
export function compileInstanceOs(network: Network, instance: Instance): InstanceStack {
  const byId = new Map(network.networkInterfaces.map((e) => [e.id, e]));
  const subnets = new Map(network.subnets.map((s) => [s.id, s]));
  const ifaces: OsInterface[] = [];
  const enis: string[] = [];
  instance.interfaces.forEach((eniId, k) => {
    const eni = byId.get(eniId);
    const subnet = eni ? subnets.get(eni.subnet) : undefined;
    const prefix = subnet ? tryCidr4(subnet.cidr ?? '') : null;
    const addresses: number[] = [];
    for (const a of eni?.addresses ?? []) {
      const v = tryIpv4(a.private);
      if (v !== null) addresses.push(v);
    }
    const addresses6: bigint[] = [];
    for (const a of eni?.ipv6Addresses ?? []) {
      const v = parseIpv6(a);
      if (v.ok) addresses6.push(v.value);
    }
    const p6 = subnet?.ipv6Cidr !== undefined ? tryCidr(subnet.ipv6Cidr) : null;
    const subnet6: Prefix6 | undefined = p6?.family === 6 ? p6 : undefined;
    ifaces.push({
      name: `eth${k}`,
      addresses,
      subnet: prefix ?? prefix4(addresses[0] ?? 0, 32),
      addresses6,
      subnet6,
    });
    enis.push(eniId);
  });
  return { os: compileOs(instance.id, instance.os, ifaces), enis };
}

/** Interface index of an ENI on the instance, or -1. */
export function interfaceIndexOf(stack: InstanceStack, eniId: string): number {
  return stack.enis.indexOf(eniId);
}
