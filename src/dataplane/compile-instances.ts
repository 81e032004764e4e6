/**
 * Instances compiled: their interfaces by device index (eth0, eth1 …), running or not, and the OS network
 * configuration (routes, netfilter) compiled against those interfaces' addresses (dataplane/os).
 *
 * An instance without an OS configuration (`hasOs` false: an ordinary host, NATI-3) gets its default stack
 * compiled on first use, not up front: the walk never reads it (it delivers to the host or drops with
 * INSTANCE_IP_FORWARDING_DISABLED), and at estate scale (100,000 instances) the default stacks were half of what
 * compilation allocated. Whoever reads `os` (the predicate boundaries, a caller) gets the same stack as before.
 */
import type { Instance, Network } from '../model/network.js';
import type { CEni, CInstance } from './compiled.js';
import { compileOs, type CompiledOs, type OsInterface } from './os/index.js';

function osInterfaces(enis: readonly CEni[]): OsInterface[] {
  return enis.map((e) => ({
    name: `eth${e.deviceIndex}`,
    addresses: e.addrs,
    subnet: e.subnet.prefix,
    addresses6: e.addrs6,
    subnet6: e.subnet.prefix6,
  }));
}

/** One compiled instance; its OS stack is compiled when first read (at once when the input configures one). */
class CompiledInstance implements CInstance {
  #os: CompiledOs | undefined = undefined;
  #osCompiled = false;

  constructor(
    readonly id: string,
    readonly model: Instance,
    readonly enis: CEni[],
    readonly running: boolean,
    readonly hasOs: boolean,
    readonly index: number,
  ) {}

  get os(): CompiledOs | undefined {
    if (!this.#osCompiled) {
      this.#os = compileOs(this.id, this.model.os, osInterfaces(this.enis));
      this.#osCompiled = true;
    }
    return this.#os;
  }

  set os(v: CompiledOs | undefined) {
    this.#os = v;
    this.#osCompiled = true;
  }
}

/** Instances by id and AWS id; each interface learns its instance. */
export function compileInstances(net: Network, eniById: ReadonlyMap<string, CEni>): Map<string, CInstance> {
  const instances = new Map<string, CInstance>();
  for (const inst of net.instances) {
    const ienis = inst.interfaces
      .map((id) => eniById.get(id))
      .filter((x): x is CEni => !!x)
      .sort((a, b) => a.deviceIndex - b.deviceIndex);
    const ci = new CompiledInstance(
      inst.id,
      inst,
      ienis,
      (inst.state ?? 'running') === 'running',
      inst.os !== undefined,
      instances.size,
    );
    for (const e of ienis) e.instance = ci;
    // A configured stack is compiled now (its diagnostics and cost belong to compilation).
    if (ci.hasOs) ci.os = compileOs(inst.id, inst.os, osInterfaces(ienis));
    instances.set(inst.id, ci);
    if (inst.awsId) instances.set(inst.awsId, ci);
  }
  return instances;
}
