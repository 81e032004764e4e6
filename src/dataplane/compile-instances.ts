/**
 * Instances compiled: their interfaces by device index (eth0, eth1 …), running or not, and the OS network
 * configuration (routes, netfilter) compiled against those interfaces' addresses (dataplane/os).
 */
import type { Network } from '../model/network.js';
import type { CEni, CInstance } from './compiled.js';
import { compileOs } from './os/index.js';

/** Instances by id and AWS id; each interface learns its instance. */
export function compileInstances(net: Network, eniById: ReadonlyMap<string, CEni>): Map<string, CInstance> {
  const instances = new Map<string, CInstance>();
  for (const inst of net.instances) {
    const ienis = inst.interfaces
      .map((id) => eniById.get(id))
      .filter((x): x is CEni => !!x)
      .sort((a, b) => a.deviceIndex - b.deviceIndex);
    const ci: CInstance = {
      id: inst.id,
      model: inst,
      enis: ienis,
      running: (inst.state ?? 'running') === 'running',
      os: undefined,
      hasOs: inst.os !== undefined,
      index: instances.size,
    };
    for (const e of ienis) e.instance = ci;
    ci.os = compileOs(
      inst.id,
      inst.os,
      ienis.map((e) => ({
        name: `eth${e.deviceIndex}`,
        addresses: e.addrs,
        subnet: e.subnet.prefix,
        addresses6: e.addrs6,
        subnet6: e.subnet.prefix6,
      })),
    );
    instances.set(inst.id, ci);
    if (inst.awsId) instances.set(inst.awsId, ci);
  }
  return instances;
}
