/**
 * Apply a FixChange to a network model, returning a new model (the input is not changed). Resources AWS implies
 * (a VPC's main route table or default security group that the input does not write) are taken from the
 * associations layer and added to the model with the change, flagged as the default they are.
 */
import type { Network, NetworkAcl, RouteTable, SecurityGroup } from '../../model/network.js';
import { resolveAssociations } from '../../associations/resolve.js';
import type { FixChange } from './change.js';

function replaceOrAdd<T extends { readonly id: string }>(xs: readonly T[], old: T, next: T): T[] {
  const i = xs.indexOf(old);
  return i >= 0 ? xs.map((x, k) => (k === i ? next : x)) : [...xs, next];
}

/** `net` with `change` made. Unknown resources leave the network as it is. */
export function applyFix(net: Network, change: FixChange): Network {
  const assoc = resolveAssociations(net);
  switch (change.kind) {
    case 'add-route': {
      const rt = assoc.routeTables.get(change.routeTable);
      if (!rt) return net;
      const implied = !net.routeTables.includes(rt);
      const next: RouteTable = {
        ...rt,
        routes: [...rt.routes, change.route],
        ...(implied ? { main: true } : {}),
      };
      return { ...net, routeTables: replaceOrAdd(net.routeTables, rt, next) };
    }
    case 'add-security-group-rule': {
      const g = assoc.securityGroups.get(change.group);
      if (!g) return net;
      const implied = !net.securityGroups.includes(g);
      const next: SecurityGroup = {
        ...g,
        [change.direction]: [...g[change.direction], change.rule],
        ...(implied ? { isDefault: true } : {}),
      };
      return { ...net, securityGroups: replaceOrAdd(net.securityGroups, g, next) };
    }
    case 'add-network-acl-rule': {
      const acl = assoc.networkAcls.get(change.networkAcl);
      if (!acl) return net;
      const implied = !net.networkAcls.includes(acl);
      const next: NetworkAcl = {
        ...acl,
        [change.direction]: [...acl[change.direction], change.rule],
        ...(implied ? { isDefault: true } : {}),
      };
      return { ...net, networkAcls: replaceOrAdd(net.networkAcls, acl, next) };
    }
    case 'disable-source-dest-check':
      return {
        ...net,
        networkInterfaces: net.networkInterfaces.map((e) =>
          e.id === change.networkInterface || e.awsId === change.networkInterface
            ? { ...e, sourceDestCheck: false }
            : e,
        ),
      };
    case 'enable-ip-forwarding':
      return {
        ...net,
        instances: net.instances.map((i) =>
          (i.id === change.instance || i.awsId === change.instance) && i.os
            ? {
                ...i,
                os: { ...i.os, ipForward: true, sysctl: { ...i.os.sysctl, 'net.ipv4.ip_forward': '1' } },
              }
            : i,
        ),
      };
  }
}
