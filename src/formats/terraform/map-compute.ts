/**
 * Terraform mappers of what holds addresses: aws_network_interface (+ _attachment, _sg_attachment), aws_instance
 * (its primary interface `<address>.primary_network_interface` unless it lists `network_interface` blocks; user data
 * read as its OS, user-data.ts), aws_nat_gateway (NGW-1), aws_eip and aws_eip_association (IGW-2).
 *
 * Addresses the configuration leaves open are assigned in addresses.ts once every interface exists; until then the
 * extra private IPs, Elastic IPs and wanted public IPs wait in the context's maps. Without security groups, an
 * interface gets its VPC's default group (SG-4).
 */
import { natConnectivityOf } from '../build/vocabulary.js';
import { bool, nameOf, str, type MapInstance, type TfMapContext } from './map-context.js';
import { blocks, numOf, strList } from './map-rules.js';
import type { TypeMapper } from './mapper.js';
import { userDataOs } from './user-data.js';

const networkInterface: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      const sid = c.ref(a['subnet_id']);
      const sub = c.b.get('subnets', sid);
      if (!sid || !sub) {
        c.unresolved(i, 'subnet_id', a['subnet_id']);
        continue;
      }
      const ips = strList(a['private_ips'], c.ruleCtx(i), 'private_ips');
      const primary = str(a['private_ip']);
      if (primary !== undefined) {
        if (ips.includes(primary)) ips.splice(ips.indexOf(primary), 1);
        ips.unshift(primary);
      }
      const e = c.b.add('networkInterfaces', {
        id: i.address,
        name: nameOf(a) ?? str(a['description']),
        span: i.span,
        subnet: sid,
        addresses: ips.map((p) => ({ private: p })),
        ...ipv6Of(c, i),
        // ENI-1: on unless the configuration turns it off.
        sourceDestCheck: bool(a['source_dest_check']) ?? true,
        securityGroups: strList(a['security_groups'], c.ruleCtx(i), 'security_groups').map(
          (g) => c.sgRef(g) ?? g,
        ),
      });
      const extra = numOf(a['private_ips_count']);
      if (extra) c.extraIps.set(i.address, extra);
      for (const att of blocks(a['attachment'])) {
        const inst = c.ref(att['instance']);
        if (inst) {
          e.instance = inst;
          e.deviceIndex = numOf(att['device_index']) ?? 1;
        }
      }
      if (e.securityGroups.length === 0) e.securityGroups = [c.defaultSg(sub.vpc)];
    }
  },
};

/** `ipv6_addresses` of an interface or instance (V6-1), when the configuration gives them. */
function ipv6Of(c: TfMapContext, i: MapInstance): { ipv6Addresses?: string[] } {
  const v6 = strList(i.attrs['ipv6_addresses'], c.ruleCtx(i), 'ipv6_addresses');
  return v6.length > 0 ? { ipv6Addresses: v6 } : {};
}

/** An instance launched into a subnet: its primary interface (ENI-1, SG-4, IGW-2 for a public IP). */
function primaryInterface(c: TfMapContext, i: MapInstance, sid: string): string {
  const a = i.attrs;
  const rc = c.ruleCtx(i);
  const sgIds = [
    ...strList(a['vpc_security_group_ids'], rc, 'vpc_security_group_ids'),
    ...strList(a['security_groups'], rc, 'security_groups'),
  ].map((g) => c.sgRef(g) ?? g);
  const vpc = c.b.get('subnets', sid)?.vpc;
  // SG-4: without security groups the instance gets the VPC's default SG.
  if (sgIds.length === 0 && vpc !== undefined && c.b.has('vpcs', vpc)) sgIds.push(c.defaultSg(vpc));
  const ips = [
    str(a['private_ip']),
    ...strList(a['secondary_private_ips'], rc, 'secondary_private_ips'),
  ].filter((x): x is string => !!x);
  const eni = c.b.add('networkInterfaces', {
    id: `${i.address}.primary_network_interface`,
    span: i.span,
    subnet: sid,
    addresses: ips.map((p) => ({ private: p })),
    ...ipv6Of(c, i),
    sourceDestCheck: bool(a['source_dest_check']) ?? true,
    securityGroups: sgIds,
    instance: i.address,
    deviceIndex: 0,
    owner: 'instance',
    ...(typeof a['primary_network_interface_id'] === 'string'
      ? { awsId: a['primary_network_interface_id'] }
      : {}),
  });
  const pub = str(a['public_ip']);
  const wantsPublic = bool(a['associate_public_ip_address']);
  const first = eni.addresses[0];
  if (pub && first) eni.addresses[0] = { ...first, public: pub };
  else if (wantsPublic === true || (wantsPublic === undefined && c.mapPublicIp.has(sid)))
    c.wantsPublic.add(eni.id);
  return eni.id;
}

const instance: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      const nis = blocks(a['network_interface']);
      const sid = c.ref(a['subnet_id']);
      if (nis.length === 0 && (!sid || !c.b.has('subnets', sid))) {
        c.unresolved(i, 'subnet_id', a['subnet_id']);
        continue;
      }
      const interfaces = nis.length === 0 && sid ? [primaryInterface(c, i, sid)] : [];
      for (const ni of nis) {
        const e = c.b.get('networkInterfaces', c.ref(ni['network_interface_id']));
        if (!e) {
          c.unresolved(i, 'network_interface.network_interface_id', ni['network_interface_id']);
          continue;
        }
        e.instance = i.address;
        e.deviceIndex = numOf(ni['device_index']) ?? 0;
        e.owner = 'instance';
      }
      c.b.add('instances', {
        id: i.address,
        name: nameOf(a),
        span: i.span,
        interfaces,
        state: str(a['instance_state']) === 'stopped' ? 'stopped' : 'running',
        ...(typeof a['id'] === 'string' ? { awsId: a['id'] } : {}),
        os: userDataOs(c, i),
      });
    }
  },
};

const interfaceAttachment: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const e = c.b.get('networkInterfaces', c.ref(i.attrs['network_interface_id']));
      const inst = c.ref(i.attrs['instance_id']);
      if (!e || !inst) {
        c.unresolved(
          i,
          'network_interface_id/instance_id',
          e ? i.attrs['instance_id'] : i.attrs['network_interface_id'],
        );
        continue;
      }
      e.instance = inst;
      e.deviceIndex = numOf(i.attrs['device_index']) ?? 1;
      e.owner = 'instance';
    }
  },
};

const sgAttachment: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const e = c.b.get('networkInterfaces', c.ref(i.attrs['network_interface_id']));
      const g = c.sgRef(i.attrs['security_group_id']);
      if (e && g) {
        // The default SG was only there because none was given; an attachment replaces it.
        e.securityGroups = [...e.securityGroups.filter((x) => !x.endsWith('.default_security_group')), g];
      } else c.unresolved(i, 'network_interface_id/security_group_id', i.attrs['network_interface_id']);
    }
  },
};

/** After every interface is attached: each instance's interfaces in device-index order. */
export function linkInstances(c: TfMapContext): void {
  const byInstance = new Map<
    string,
    { id: string; deviceIndex?: number | undefined; owner?: string | undefined }[]
  >();
  for (const e of c.b.net.networkInterfaces)
    if (e.instance !== undefined) byInstance.set(e.instance, [...(byInstance.get(e.instance) ?? []), e]);
  for (const inst of c.b.net.instances) {
    const list = (byInstance.get(inst.id) ?? []).sort((x, y) => (x.deviceIndex ?? 0) - (y.deviceIndex ?? 0));
    inst.interfaces = list.map((e) => e.id);
    for (const e of list) e.owner ??= 'instance';
  }
}

const natGateway: TypeMapper = {
  create(c, list) {
    for (const i of list) {
      const a = i.attrs;
      const sid = c.ref(a['subnet_id']);
      if (!sid || !c.b.has('subnets', sid)) {
        c.unresolved(i, 'subnet_id', a['subnet_id']);
        continue;
      }
      c.b.add('natGateways', {
        id: i.address,
        name: nameOf(a),
        span: i.span,
        subnet: sid,
        connectivity: natConnectivityOf(str(a['connectivity_type'])),
        privateIp: str(a['private_ip']) ?? '',
        state: 'available',
        ...(typeof a['id'] === 'string' ? { awsId: a['id'] } : {}),
        ...(str(a['public_ip']) ? { publicIp: str(a['public_ip']) } : {}),
      });
      const alloc = c.ref(a['allocation_id']);
      if (alloc) c.natAllocation.set(i.address, alloc);
    }
  },
  attach(c) {
    for (const n of c.b.net.natGateways) {
      if (n.publicIp || n.connectivity === 'private') continue;
      const alloc = c.natAllocation.get(n.id);
      const p = alloc ? c.eipPublic.get(alloc) : undefined;
      // NGW-1: a public NAT gateway has an Elastic IP; placeholder when it is not known.
      n.publicIp = p?.ip ?? c.b.publicIps.next();
      if (!p || p.assumed) n.assumed = [...(n.assumed ?? []), 'publicIp'];
    }
  },
};

/** An Elastic IP's public address waits for its interface (addresses.ts gives it to the right private IP). */
function associate(
  c: TfMapContext,
  i: MapInstance,
  eip: string,
  eniId: string | undefined,
  instId: string | undefined,
  priv: string | undefined,
): void {
  const p = c.eipPublic.get(eip);
  if (!p) return;
  const eni =
    c.b.get('networkInterfaces', eniId) ??
    c.b.get('networkInterfaces', c.b.get('instances', instId)?.interfaces[0]);
  if (!eni) {
    const a = i.attrs;
    c.unresolved(
      i,
      'network_interface/instance',
      a['network_interface'] ?? a['instance'] ?? a['network_interface_id'] ?? a['instance_id'],
    );
    return;
  }
  c.eipsOf.set(eni.id, [...(c.eipsOf.get(eni.id) ?? []), { ...(priv ? { priv } : {}), ...p }]);
}

const eip: TypeMapper = {
  attach(c, list) {
    // Placeholders in address order, so they do not depend on the order files are read.
    const sorted = [...list].sort((x, y) => x.address.localeCompare(y.address));
    for (const i of sorted) {
      const pub = str(i.attrs['public_ip']);
      const p = pub ? { ip: pub, assumed: false } : { ip: c.b.publicIps.next(), assumed: true };
      c.eipPublic.set(i.address, p);
      // Issue 13 §6: every declared Elastic IP is listed; one whose owner is not in the configuration is uncertain.
      c.b.add('elasticIps', {
        id: i.address,
        publicIp: p.ip,
        span: i.span,
        ...(p.assumed ? { assumed: ['publicIp'] } : {}),
      });
    }
    for (const i of sorted) {
      const eniId = c.ref(i.attrs['network_interface']);
      const instId = c.ref(i.attrs['instance']);
      if (eniId || instId)
        associate(c, i, i.address, eniId, instId, str(i.attrs['associate_with_private_ip']));
    }
  },
};

const eipAssociation: TypeMapper = {
  attach(c, list) {
    for (const i of list) {
      const id = c.ref(i.attrs['allocation_id']);
      if (!id || !c.eipPublic.has(id)) {
        c.unresolved(i, 'allocation_id', i.attrs['allocation_id']);
        continue;
      }
      const a = i.attrs;
      associate(
        c,
        i,
        id,
        c.ref(a['network_interface_id']),
        c.ref(a['instance_id']),
        str(a['private_ip_address']),
      );
    }
  },
};

/** Mappers of interfaces, instances, NAT gateways and Elastic IPs, by resource type. */
export const COMPUTE_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_network_interface: networkInterface,
  aws_instance: instance,
  aws_network_interface_attachment: interfaceAttachment,
  aws_network_interface_sg_attachment: sgAttachment,
};

/** Elastic IPs, then the NAT gateways that take theirs (pass 2 order). */
export const EIP_MAPPERS: Readonly<Record<string, TypeMapper>> = {
  aws_eip: eip,
  aws_eip_association: eipAssociation,
  aws_nat_gateway: natGateway,
};
