/**
 * Instances: interfaces exist and belong to the instance, one subnet AZ for all its ENIs, device indexes unique;
 * lint: an instance that receives routed traffic (a route targets it) but whose OS does not forward (NATI-3).
 */
import { error, warning, type Diagnostic } from '../diag/diagnostic.js';
import type { Network } from '../model/network.js';

export function validateInstances(net: Network): Diagnostic[] {
  const out: Diagnostic[] = [];
  const eniById = new Map(net.networkInterfaces.map((e) => [e.id, e]));
  const azOf = new Map(net.subnets.map((s) => [s.id, s.az]));
  for (const inst of net.instances) {
    if (inst.interfaces.length === 0) {
      out.push(
        error('INSTANCE_NO_INTERFACE', `instance ${inst.id} has no network interface`, inst.span, {
          resource: inst.id,
        }),
      );
      continue;
    }
    // A handful of interfaces per instance: arrays, not two Sets per instance (100,000 instances on huge).
    const azs: (string | undefined)[] = [];
    const idx: number[] = [];
    for (const id of inst.interfaces) {
      const e = eniById.get(id);
      if (!e) {
        out.push(
          error('UNKNOWN_REFERENCE', `instance ${inst.id} uses unknown network interface ${id}`, inst.span, {
            resource: inst.id,
          }),
        );
        continue;
      }
      const az = azOf.get(e.subnet);
      if (!azs.includes(az)) azs.push(az);
      const d = e.deviceIndex ?? 0;
      if (idx.includes(d))
        out.push(
          error(
            'DEVICE_INDEX_IN_USE',
            `instance ${inst.id}: two network interfaces use device index ${d}`,
            e.span ?? inst.span,
            { resource: inst.id },
          ),
        );
      idx.push(d);
    }
    if (azs.length > 1)
      out.push(
        error(
          'INSTANCE_ENIS_AZ',
          `instance ${inst.id}: all its network interfaces must be in subnets of one Availability Zone`,
          inst.span,
          { resource: inst.id },
        ),
      );
  }
  const instOf = new Map<string, (typeof net.instances)[number]>();
  for (const i of net.instances) {
    instOf.set(i.id, i);
    for (const e of i.interfaces) instOf.set(e, i);
  }
  const targeted = new Set<string>();
  for (const rt of net.routeTables) {
    for (const r of rt.routes) {
      if (
        (r.target.kind === 'instance' || r.target.kind === 'network-interface') &&
        r.target.id !== undefined
      ) {
        const inst = instOf.get(r.target.id);
        if (inst) targeted.add(inst.id);
      }
    }
  }
  for (const id of targeted) {
    const inst = instOf.get(id);
    if (inst && (inst.state ?? 'running') !== 'terminated' && !(inst.os?.ipForward ?? false)) {
      out.push(
        warning(
          'APPLIANCE_IP_FORWARDING_DISABLED',
          `routes send traffic to instance ${id}, but its OS does not forward packets (net.ipv4.ip_forward is not 1) (NATI-3)`,
          inst.os?.span ?? inst.span,
          {
            resource: id,
            ref: 'NATI-3',
          },
        ),
      );
    }
  }
  return out;
}
