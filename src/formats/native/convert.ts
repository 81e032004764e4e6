/**
 * Convert a schema-checked native document into the model.
 *
 * Names: every resource is a key in a map; names are unique across the file (a duplicate is an error naming both
 * places). References (route targets, SG peers, associations) are resolved by name; a name that resolves to
 * nothing, or to the wrong kind of thing, is an error at the referring field. An instance written with `subnet`/`ip`
 * gets one implicit network interface named `<instance>/eth0`. Embedded text (OS configuration, Suricata rules) is
 * parsed by its own parser with positions mapped back into this file.
 */
import { error, warning, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import { protocolNumber } from '../../model/protocol.js';
import type {
  EniAddress,
  Instance,
  InternetGateway,
  MutableNetwork,
  NatGateway,
  NetworkAcl,
  NetworkAclRule,
  NetworkInterface,
  Route,
  RouteTable,
  RouteTargetKind,
  SecurityGroup,
  SecurityGroupRule,
  SgPeer,
  Subnet,
  VpcEndpoint,
} from '../../model/network.js';
import { newMutableNetwork } from '../../model/network.js';
import type {
  ClientVpnAuthorizationRule,
  ClientVpnEndpoint,
  ClientVpnRoute,
  ClientVpnTargetNetwork,
} from '../../model/clientvpn.js';
import type { FirewallEndpoint, RuleGroup, StatefulRule5Tuple, StatelessRule } from '../../model/firewall.js';
import type { InstanceOs } from '../../model/os.js';
import { defaultOs } from '../../model/os.js';
import { firstFreeAddress } from '../../model/reserved-addresses.js';
import { formatIpv4 } from '../../net/ipv4.js';
import { tryCidr4, tryIpv4 } from '../../net/prefix.js';
import type { Expectation, FlowSpec } from '../../model/expectation.js';
import { UnsupportedReport } from '../build/unsupported.js';
import { mergeOs, parseOsConfig } from '../iptables/index.js';
import { parseSuricataRules } from '../suricata/parse.js';
import type { NativeDocument, NativeExpectation, NativeOs, NativeVpc } from './schema.js';
import { parseNaclRule, parsePorts, parseSgRule } from './rules.js';
import type { SpanIndex } from './yaml-source.js';

type Kind =
  | 'vpc'
  | 'subnet'
  | 'route-table'
  | 'internet-gateway'
  | 'security-group'
  | 'network-acl'
  | 'instance'
  | 'network-interface'
  | 'nat-gateway'
  | 'vpc-endpoint'
  | 'firewall'
  | 'client-vpn'
  | 'vpn-client'
  | 'peering'
  | 'prefix-list'
  | 'firewall-policy'
  | 'rule-group'
  | 'unsupported';

interface Entry {
  readonly kind: Kind;
  readonly vpc?: string | undefined;
  readonly span?: Span | undefined;
  readonly type?: string | undefined;
}

export interface Converted {
  readonly network: MutableNetwork;
  readonly expectations: Expectation[];
  readonly diagnostics: Diagnostic[];
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/** Convert `doc` (schema-valid) read from `raw` (same value, with spans in `spans`). */
export function convertDocument(
  doc: NativeDocument,
  raw: unknown,
  spans: SpanIndex,
  file: string,
): Converted {
  const net = newMutableNetwork();
  const diags: Diagnostic[] = [];
  const names = new Map<string, Entry>();
  const rawRoot = obj(raw);
  const rawVpcs = obj(rawRoot.vpcs);

  const declare = (nm: string, e: Entry): void => {
    const prev = names.get(nm);
    if (prev) {
      diags.push(
        error(
          'DUPLICATE_NAME',
          `name "${nm}" is already used by a ${prev.kind}${prev.span ? ` at ${prev.span.line}:${prev.span.col}` : ''}; names must be unique in the file`,
          e.span,
          { resource: nm },
        ),
      );
      return;
    }
    names.set(nm, e);
  };

  // ---- Pass 1: declare every name -------------------------------------------------------------------------
  for (const [vpcName, v] of Object.entries(doc.vpcs)) {
    const rv = obj(rawVpcs[vpcName]);
    declare(vpcName, { kind: 'vpc', span: spans.keySpan(rawVpcs, vpcName) });
    const igw = v.internetGateway;
    if (igw !== undefined) {
      const igwName = typeof igw === 'string' ? igw : igw.name;
      declare(igwName, {
        kind: 'internet-gateway',
        vpc: vpcName,
        span: spans.valueSpan(rv, 'internetGateway'),
      });
    }
    const sections: [keyof NativeVpc, Kind][] = [
      ['subnets', 'subnet'],
      ['routeTables', 'route-table'],
      ['securityGroups', 'security-group'],
      ['networkAcls', 'network-acl'],
      ['instances', 'instance'],
      ['networkInterfaces', 'network-interface'],
      ['natGateways', 'nat-gateway'],
      ['endpoints', 'vpc-endpoint'],
      ['firewalls', 'firewall'],
      ['clientVpnEndpoints', 'client-vpn'],
    ];
    for (const [sec, kind] of sections) {
      const m = v[sec] as Record<string, unknown> | undefined;
      if (!m) continue;
      const rm = obj(rv[sec]);
      for (const nm of Object.keys(m)) declare(nm, { kind, vpc: vpcName, span: spans.keySpan(rm, nm) });
    }
    for (const [cvName, cv] of Object.entries(v.clientVpnEndpoints ?? {})) {
      const rcv = obj(obj(rv.clientVpnEndpoints)[cvName]);
      for (const cl of Object.keys(cv.clients ?? {}))
        declare(cl, { kind: 'vpn-client', vpc: vpcName, span: spans.keySpan(obj(rcv.clients), cl) });
    }
  }
  const topSections: [keyof NativeDocument, Kind][] = [
    ['peerings', 'peering'],
    ['prefixLists', 'prefix-list'],
    ['firewallPolicies', 'firewall-policy'],
    ['ruleGroups', 'rule-group'],
    ['unsupported', 'unsupported'],
  ];
  for (const [sec, kind] of topSections) {
    const m = doc[sec] as Record<string, { type?: string }> | undefined;
    if (!m) continue;
    const rm = obj(rawRoot[sec]);
    for (const [nm, val] of Object.entries(m))
      declare(nm, { kind, span: spans.keySpan(rm, nm), type: val.type });
  }

  /** Resolve a reference; reports and returns undefined on failure. */
  const ref = (nm: string, kinds: readonly Kind[], at: Span | undefined, what: string): Entry | undefined => {
    const e = names.get(nm);
    if (!e) {
      diags.push(
        error('UNKNOWN_REFERENCE', `${what} "${nm}" is not defined in this file`, at, { resource: nm }),
      );
      return undefined;
    }
    if (!kinds.includes(e.kind)) {
      diags.push(
        error('WRONG_REFERENCE_KIND', `${what} "${nm}" is a ${e.kind}, expected ${kinds.join(' or ')}`, at, {
          resource: nm,
        }),
      );
      return undefined;
    }
    return e;
  };
  const idOf = (nm: string): string => nm;
  /** Position of each network interface in `net.networkInterfaces` (instances fix up device indexes). */
  const eniIndex = new Map<string, number>();
  const pushEni = (e: NetworkInterface): void => {
    eniIndex.set(e.id, net.networkInterfaces.length);
    net.networkInterfaces.push(e);
  };

  // ---- Pass 2: resources --------------------------------------------------------------------------------
  const region = doc.region;
  for (const [vpcName, v] of Object.entries(doc.vpcs)) {
    const rv = obj(rawVpcs[vpcName]);
    const cidrs = v.cidrs ?? (v.cidr !== undefined ? [v.cidr] : []);
    if (cidrs.length === 0)
      diags.push(
        error(
          'VPC_NO_CIDR',
          `VPC ${vpcName} needs "cidr" or "cidrs"; AWS requires an IPv4 CIDR block`,
          spans.keySpan(rawVpcs, vpcName),
          { resource: vpcName },
        ),
      );
    const mainTable = Object.entries(v.routeTables ?? {}).find(([, t]) => t.main === true)?.[0];
    const defaultAcl = Object.entries(v.networkAcls ?? {}).find(([, a]) => a.default === true)?.[0];
    const defaultSg = Object.entries(v.securityGroups ?? {}).find(([, g]) => g.default === true)?.[0];
    net.vpcs.push({
      id: idOf(vpcName),
      awsId: v.id,
      cidrs,
      ipv6Cidrs: v.ipv6Cidr !== undefined ? [v.ipv6Cidr] : undefined,
      region: v.region ?? region,
      accountId: v.account ?? doc.account,
      mainRouteTable: mainTable,
      defaultNetworkAcl: defaultAcl,
      defaultSecurityGroup: defaultSg,
      ...(v.enableDnsSupport === false ? { enableDnsSupport: false } : {}),
      span: spans.keySpan(rawVpcs, vpcName),
      spans: {
        cidr: spans.valueSpan(rv, v.cidr !== undefined ? 'cidr' : 'cidrs') ?? { file, line: 0, col: 0 },
      },
    });

    // Internet gateway (IGW-1, RT-11 edge association comes from the route table's `edge`).
    const edgeOf = new Map<string, string>();
    for (const [rtName, rt] of Object.entries(v.routeTables ?? {})) {
      const edges = rt.edge === undefined ? [] : Array.isArray(rt.edge) ? rt.edge : [rt.edge];
      for (const g of edges) {
        const rrt = obj(obj(rv.routeTables)[rtName]);
        if (ref(g, ['internet-gateway'], spans.valueSpan(rrt, 'edge'), 'edge association gateway')) {
          if (edgeOf.has(g))
            diags.push(
              error(
                'GATEWAY_ROUTE_TABLE_DUPLICATE',
                `internet gateway ${g} is already edge-associated with ${edgeOf.get(g) ?? ''}; a gateway has one edge route table (RT-11)`,
                spans.valueSpan(rrt, 'edge'),
                { resource: rtName },
              ),
            );
          else edgeOf.set(g, rtName);
        }
      }
    }
    if (v.internetGateway !== undefined) {
      const g = v.internetGateway;
      const gName = typeof g === 'string' ? g : g.name;
      const attached = typeof g === 'string' ? true : g.attached !== false;
      const igw: InternetGateway = {
        id: gName,
        vpc: attached ? vpcName : undefined,
        routeTable: edgeOf.get(gName) ?? (typeof g === 'string' ? undefined : g.routeTable),
        span: spans.valueSpan(rv, 'internetGateway'),
      };
      net.internetGateways.push(igw);
    }

    // Subnets
    const rSubnets = obj(rv.subnets);
    for (const [sName, s] of Object.entries(v.subnets ?? {})) {
      const rs = obj(rSubnets[sName]);
      if (s.routeTable !== undefined)
        ref(s.routeTable, ['route-table'], spans.valueSpan(rs, 'routeTable'), 'route table');
      if (s.networkAcl !== undefined)
        ref(s.networkAcl, ['network-acl'], spans.valueSpan(rs, 'networkAcl'), 'network ACL');
      const sub: Subnet = {
        id: sName,
        awsId: s.id,
        vpc: vpcName,
        cidr: s.cidr,
        ipv6Cidr: s.ipv6Cidr,
        az: s.az ?? ((v.region ?? region) ? `${v.region ?? region ?? ''}a` : undefined),
        routeTable: s.routeTable,
        networkAcl: s.networkAcl,
        span: spans.keySpan(rSubnets, sName),
        spans: { cidr: spans.valueSpan(rs, 'cidr') ?? { file, line: 0, col: 0 } },
      };
      net.subnets.push(sub);
    }

    // Security groups
    const rSgs = obj(rv.securityGroups);
    for (const [gName, g] of Object.entries(v.securityGroups ?? {})) {
      const rg = obj(rSgs[gName]);
      const conv = (list: unknown[] | undefined, rawList: unknown, inbound: boolean): SecurityGroupRule[] => {
        const out: SecurityGroupRule[] = [];
        (list ?? []).forEach((r, i) => {
          const at = spans.valueSpan(obj(rawList), i);
          const rule = sgRuleOf(r, inbound, at, gName);
          if (rule) out.push(rule);
        });
        return out;
      };
      const sg: SecurityGroup = {
        id: gName,
        awsId: g.id,
        vpc: vpcName,
        groupName: gName,
        isDefault: g.default,
        inbound: conv(g.inbound, rg.inbound, true),
        // SG-3: a new group has one outbound rule allowing all traffic when none are written.
        outbound:
          g.outbound !== undefined
            ? conv(g.outbound, rg.outbound, false)
            : [{ protocol: -1, peer: { kind: 'cidr', cidr: '0.0.0.0/0' }, description: 'default (SG-3)' }],
        span: spans.keySpan(rSgs, gName),
      };
      net.securityGroups.push(sg);
    }

    // Network ACLs
    const rAcls = obj(rv.networkAcls);
    for (const [aName, a] of Object.entries(v.networkAcls ?? {})) {
      const ra = obj(rAcls[aName]);
      const conv = (list: unknown[] | undefined, rawList: unknown, inbound: boolean): NetworkAclRule[] =>
        (list ?? []).flatMap((r, i) => {
          const rule = naclRuleOf(r, inbound, spans.valueSpan(obj(rawList), i), aName);
          return rule ? [rule] : [];
        });
      const acl: NetworkAcl = {
        id: aName,
        awsId: a.id,
        vpc: vpcName,
        isDefault: a.default,
        inbound: conv(a.inbound, ra.inbound, true),
        outbound: conv(a.outbound, ra.outbound, false),
        span: spans.keySpan(rAcls, aName),
      };
      net.networkAcls.push(acl);
    }

    // Network interfaces and instances
    const rEnis = obj(rv.networkInterfaces);
    const eniOfInstance = new Map<string, string[]>();
    for (const [eName, e] of Object.entries(v.networkInterfaces ?? {})) {
      const re = obj(rEnis[eName]);
      ref(e.subnet, ['subnet'], spans.valueSpan(re, 'subnet'), 'subnet');
      for (const [i, g] of (e.securityGroups ?? []).entries())
        ref(g, ['security-group'], spans.valueSpan(obj(re.securityGroups), i), 'security group');
      if (e.instance !== undefined) {
        if (ref(e.instance, ['instance'], spans.valueSpan(re, 'instance'), 'instance')) {
          const list = eniOfInstance.get(e.instance) ?? [];
          list.push(eName);
          eniOfInstance.set(e.instance, list);
        }
      }
      pushEni({
        id: eName,
        awsId: e.id,
        subnet: e.subnet,
        addresses: addressesOf(e),
        sourceDestCheck: e.sourceDestCheck ?? true,
        securityGroups: e.securityGroups ?? [],
        instance: e.instance,
        deviceIndex: e.deviceIndex,
        owner: e.instance !== undefined ? 'instance' : 'other',
        span: spans.keySpan(rEnis, eName),
        spans: spanFields(spans, re, ['ip', 'ips', 'subnet', 'publicIp']),
      });
    }
    const rInst = obj(rv.instances);
    for (const [iName, inst] of Object.entries(v.instances ?? {})) {
      const ri = obj(rInst[iName]);
      const interfaces: string[] = [];
      if (inst.subnet !== undefined) {
        ref(inst.subnet, ['subnet'], spans.valueSpan(ri, 'subnet'), 'subnet');
        for (const [i, g] of (inst.securityGroups ?? []).entries())
          ref(g, ['security-group'], spans.valueSpan(obj(ri.securityGroups), i), 'security group');
        const eniId = `${iName}/eth0`;
        const eni: NetworkInterface = {
          id: eniId,
          subnet: inst.subnet,
          addresses: addressesOf(inst),
          sourceDestCheck: inst.sourceDestCheck ?? true,
          securityGroups: inst.securityGroups ?? [],
          instance: iName,
          deviceIndex: 0,
          owner: 'instance',
          span: spans.keySpan(rInst, iName),
          spans: spanFields(spans, ri, ['ip', 'ips', 'subnet', 'publicIp']),
          assumed: inst.ip === undefined && inst.ips === undefined ? ['addresses'] : undefined,
        };
        pushEni(eni);
        interfaces.push(eniId);
      } else if (inst.interfaces === undefined) {
        diags.push(
          error(
            'INSTANCE_NO_INTERFACE',
            `instance ${iName} needs "subnet" (one interface) or "interfaces"; AWS launches an instance into a subnet`,
            spans.keySpan(rInst, iName),
            { resource: iName },
          ),
        );
      }
      for (const [i, e] of (inst.interfaces ?? []).entries()) {
        if (ref(e, ['network-interface'], spans.valueSpan(obj(ri.interfaces), i), 'network interface'))
          interfaces.push(e);
      }
      for (const e of eniOfInstance.get(iName) ?? []) if (!interfaces.includes(e)) interfaces.push(e);
      // device index: explicit, else the position in `interfaces`
      interfaces.forEach((e, idx) => {
        const k = eniIndex.get(e) ?? -1;
        const cur = net.networkInterfaces[k];
        if (cur && cur.deviceIndex === undefined)
          net.networkInterfaces[k] = { ...cur, deviceIndex: idx, instance: iName, owner: 'instance' };
        else if (cur && cur.instance === undefined)
          net.networkInterfaces[k] = { ...cur, instance: iName, owner: 'instance' };
      });
      const instance: Instance = {
        id: iName,
        interfaces,
        state: inst.state,
        os: inst.os !== undefined ? osOf(inst.os, obj(ri), iName) : undefined,
        span: spans.keySpan(rInst, iName),
      };
      net.instances.push(instance);
    }

    // NAT gateways (NGW-1)
    let used: Set<string> | undefined;
    const rNat = obj(rv.natGateways);
    for (const [nName, n] of Object.entries(v.natGateways ?? {})) {
      const rn = obj(rNat[nName]);
      ref(n.subnet, ['subnet'], spans.valueSpan(rn, 'subnet'), 'subnet');
      const sub = v.subnets?.[n.subnet];
      const nat: NatGateway = {
        id: nName,
        awsId: n.id,
        subnet: n.subnet,
        connectivity: n.type ?? 'public',
        privateIp: n.ip ?? (sub ? firstUsable(sub.cidr, (used ??= usedIps(v))) : '0.0.0.0'),
        publicIp: n.publicIp,
        state: n.state,
        span: spans.keySpan(rNat, nName),
        spans: spanFields(spans, rn, ['ip', 'publicIp', 'subnet']),
        assumed: n.ip === undefined ? ['privateIp'] : undefined,
      };
      net.natGateways.push(nat);
    }

    // VPC endpoints
    const rEp = obj(rv.endpoints);
    for (const [epName, ep] of Object.entries(v.endpoints ?? {})) {
      const re = obj(rEp[epName]);
      if (ep.subnet !== undefined) ref(ep.subnet, ['subnet'], spans.valueSpan(re, 'subnet'), 'subnet');
      if (ep.prefixList !== undefined)
        ref(ep.prefixList, ['prefix-list'], spans.valueSpan(re, 'prefixList'), 'prefix list');
      const e: VpcEndpoint = {
        id: epName,
        awsId: ep.id,
        vpc: vpcName,
        type: ep.type === 'gwlb' ? 'gateway-load-balancer' : ep.type,
        service: ep.service ?? (ep.type === 'gwlb' ? 'gateway-load-balancer' : 'unknown'),
        prefixList: ep.prefixList,
        routeTables: ep.routeTables,
        subnets: ep.subnet !== undefined ? [ep.subnet] : undefined,
        inspection: ep.inspection,
        span: spans.keySpan(rEp, epName),
      };
      net.vpcEndpoints.push(e);
    }

    // Network Firewall (NFW-1): one endpoint per subnet.
    const rFw = obj(rv.firewalls);
    for (const [fwName, fw] of Object.entries(v.firewalls ?? {})) {
      const rf = obj(rFw[fwName]);
      ref(fw.policy, ['firewall-policy'], spans.valueSpan(rf, 'policy'), 'firewall policy');
      const endpoints: FirewallEndpoint[] = fw.subnets.map((sn, i) => {
        ref(sn, ['subnet'], spans.valueSpan(obj(rf.subnets), i), 'firewall subnet');
        const az = v.subnets?.[sn]?.az;
        const id =
          fw.endpoints?.[sn] ?? (fw.subnets.length === 1 ? `${fwName}-endpoint` : `${fwName}@${az ?? sn}`);
        return { id, subnet: sn, span: spans.valueSpan(obj(rf.subnets), i) };
      });
      net.firewalls.push({
        id: fwName,
        awsId: fw.id,
        vpc: vpcName,
        policy: fw.policy,
        endpoints,
        span: spans.keySpan(rFw, fwName),
      });
      for (const ep of endpoints)
        if (!names.has(ep.id)) names.set(ep.id, { kind: 'firewall', vpc: vpcName, span: ep.span });
    }

    // Client VPN (CVPN-*)
    const rCv = obj(rv.clientVpnEndpoints);
    for (const [cvName, cv] of Object.entries(v.clientVpnEndpoints ?? {})) {
      net.clientVpnEndpoints.push(clientVpnOf(cvName, cv, obj(rCv[cvName]), vpcName));
    }
  }

  // ---- Route tables (after every target is declared) ----------------------------------------------------
  const endpointTypes = new Map(Object.values(doc.vpcs).flatMap((vv) => Object.entries(vv.endpoints ?? {})));
  for (const [vpcName, v] of Object.entries(doc.vpcs)) {
    const rv = obj(rawVpcs[vpcName]);
    const rRts = obj(rv.routeTables);
    for (const [rtName, rt] of Object.entries(v.routeTables ?? {})) {
      const rr = obj(rRts[rtName]);
      const rRoutes = obj(rr.routes);
      const routes: Route[] = [];
      for (const [dest, tgt] of Object.entries(rt.routes ?? {})) {
        const at = spans.valueSpan(rRoutes, dest);
        const targetName = typeof tgt === 'string' ? tgt : tgt.target;
        const state = typeof tgt === 'string' ? undefined : tgt.state;
        const propagated = typeof tgt === 'string' ? false : tgt.propagated === true;
        const isCidr = dest.includes('/');
        if (!isCidr)
          ref(dest, ['prefix-list'], spans.keySpan(rRoutes, dest), 'route destination prefix list');
        const target = routeTargetOf(targetName, at);
        if (!target) continue;
        routes.push({
          destination: isCidr ? dest : undefined,
          destinationPrefixList: isCidr ? undefined : dest,
          target: target.target,
          state: state ?? (target.blackhole ? 'blackhole' : undefined),
          origin: propagated ? 'propagated' : 'static',
          span: spans.keySpan(rRoutes, dest),
        });
      }
      const table: RouteTable = {
        id: rtName,
        awsId: rt.id,
        vpc: vpcName,
        routes,
        main: rt.main,
        propagatingGateways:
          rt.propagation === true ? ['vgw'] : Array.isArray(rt.propagation) ? rt.propagation : undefined,
        span: spans.keySpan(rRts, rtName),
      };
      net.routeTables.push(table);
    }
  }

  // ---- Top level ------------------------------------------------------------------------------------------
  for (const [pName, p] of Object.entries(doc.peerings ?? {})) {
    const rp = obj(obj(rawRoot.peerings)[pName]);
    ref(p.between[0], ['vpc'], spans.valueSpan(obj(rp.between), 0), 'peered VPC');
    ref(p.between[1], ['vpc'], spans.valueSpan(obj(rp.between), 1), 'peered VPC');
    net.peerings.push({
      id: pName,
      awsId: p.id,
      requesterVpc: p.between[0],
      accepterVpc: p.between[1],
      state: p.state,
      span: spans.keySpan(obj(rawRoot.peerings), pName),
    });
  }
  for (const [plName, pl] of Object.entries(doc.prefixLists ?? {})) {
    net.prefixLists.push({
      id: plName,
      awsId: pl.id,
      entries: pl.entries,
      maxEntries: pl.maxEntries,
      span: spans.keySpan(obj(rawRoot.prefixLists), plName),
    });
  }
  // Issue 13 §6: Elastic IPs whose owner is not in this file (attached by a launch template, a script …).
  for (const [eName, e] of Object.entries(doc.elasticIps ?? {})) {
    net.elasticIps.push({
      id: eName,
      publicIp: e.publicIp,
      unresolved: e.description,
      span: spans.keySpan(obj(rawRoot.elasticIps), eName),
    });
  }
  const report = new UnsupportedReport();
  for (const [uName, u] of Object.entries(doc.unsupported ?? {})) {
    report.add(net.unsupported, {
      id: uName,
      type: u.type,
      reason: u.reason,
      span: spans.keySpan(obj(rawRoot.unsupported), uName),
    });
  }
  diags.push(...report.diagnostics());
  const rPol = obj(rawRoot.firewallPolicies);
  for (const [polName, pol] of Object.entries(doc.firewallPolicies ?? {})) {
    const rp = obj(rPol[polName]);
    for (const g of [...(pol.statelessRuleGroups ?? []), ...(pol.statefulRuleGroups ?? [])]) {
      ref(g.ruleGroup, ['rule-group'], spans.keySpan(rPol, polName), 'rule group');
    }
    net.firewallPolicies.push({
      id: polName,
      awsId: pol.id,
      statelessRuleGroups: (pol.statelessRuleGroups ?? []).map((g) => ({
        ruleGroup: g.ruleGroup,
        priority: g.priority,
      })),
      statelessDefaultActions: pol.statelessDefaultActions ?? ['aws:forward_to_sfe'],
      statelessFragmentDefaultActions: pol.statelessFragmentDefaultActions ??
        pol.statelessDefaultActions ?? ['aws:forward_to_sfe'],
      statefulRuleGroups: (pol.statefulRuleGroups ?? []).map((g) => ({
        ruleGroup: g.ruleGroup,
        priority: g.priority,
      })),
      ruleOrder: pol.ruleOrder ?? 'DEFAULT_ACTION_ORDER',
      streamExceptionPolicy: pol.streamExceptionPolicy,
      statefulDefaultActions: pol.statefulDefaultActions ?? [],
      variables: pol.variables ? normVars(pol.variables) : undefined,
      span: spans.keySpan(rPol, polName),
      spans: spanFields(spans, rp, ['statefulDefaultActions', 'ruleOrder']),
    });
  }
  const rRg = obj(rawRoot.ruleGroups);
  for (const [gName, g] of Object.entries(doc.ruleGroups ?? {})) {
    const rg = obj(rRg[gName]);
    let suricataRules: RuleGroup['suricataRules'];
    if (g.suricata !== undefined) {
      const block = spans.get(rg)?.blocks.get('suricata');
      const r = parseSuricataRules(g.suricata, {
        file,
        position: blockPosition(file, block),
        resource: gName,
      });
      diags.push(...r.diagnostics);
      suricataRules = r.rules;
    }
    const statefulRules = g.rules?.flatMap((t, i) => {
      const r = fiveTupleOf(t, spans.valueSpan(obj(rg.rules), i), gName);
      return r ? [r] : [];
    });
    const statelessRules = g.statelessRules?.map((r, i): StatelessRule => ({
      priority: r.priority,
      actions: r.actions,
      sources: r.sources ?? [],
      destinations: r.destinations ?? [],
      sourcePorts: (r.sourcePorts ?? []).flatMap((p) =>
        portsOf(p, spans.valueSpan(obj(rg.statelessRules), i)),
      ),
      destinationPorts: (r.destinationPorts ?? []).flatMap((p) =>
        portsOf(p, spans.valueSpan(obj(rg.statelessRules), i)),
      ),
      protocols: (r.protocols ?? []).map((p) => protocolNumber(p) ?? -1).filter((n) => n >= 0),
      span: spans.valueSpan(obj(rg.statelessRules), i),
    }));
    net.ruleGroups.push({
      id: gName,
      awsId: g.id,
      type: g.type === 'stateless' ? 'STATELESS' : 'STATEFUL',
      capacity: g.capacity,
      ruleOrder: g.ruleOrder,
      variables: g.variables ? normVars(g.variables) : undefined,
      statelessRules,
      statefulRules,
      suricataRules,
      domainList: g.domainList
        ? {
            targets: g.domainList.targets,
            targetTypes: g.domainList.targetTypes ?? ['TLS_SNI', 'HTTP_HOST'],
            generatedRulesType: g.domainList.type,
          }
        : undefined,
      span: spans.keySpan(rRg, gName),
    });
  }

  // ---- Expectations ---------------------------------------------------------------------------------------
  const expectations = (doc.expect ?? []).map((e, i) =>
    expectationOf(e, spans.valueSpan(obj(rawRoot.expect), i), i),
  );

  return { network: net, expectations, diagnostics: diags };

  // ---- helpers (closures over names/diags) ---------------------------------------------------------------
  function routeTargetOf(
    targetName: string,
    at: Span | undefined,
  ): { target: Route['target']; blackhole: boolean } | undefined {
    if (targetName === 'local') return { target: { kind: 'local' }, blackhole: false };
    if (targetName === 'blackhole') return { target: { kind: 'unknown', id: 'blackhole' }, blackhole: true };
    const e = ref(
      targetName,
      [
        'internet-gateway',
        'nat-gateway',
        'instance',
        'network-interface',
        'peering',
        'firewall',
        'vpc-endpoint',
        'unsupported',
      ],
      at,
      'route target',
    );
    if (!e) return undefined;
    const kindMap: Record<string, RouteTargetKind> = {
      'internet-gateway': 'internet-gateway',
      'nat-gateway': 'nat-gateway',
      instance: 'instance',
      'network-interface': 'network-interface',
      peering: 'vpc-peering',
    };
    if (e.kind === 'firewall') {
      const fw = net.firewalls.find(
        (f) => f.id === targetName || f.endpoints.some((ep) => ep.id === targetName),
      );
      if (fw && fw.id === targetName) {
        if (fw.endpoints.length !== 1) {
          diags.push(
            error(
              'FIREWALL_ENDPOINT_AMBIGUOUS',
              `firewall ${targetName} has ${fw.endpoints.length} endpoints; name one (${fw.endpoints.map((x) => x.id).join(', ')})`,
              at,
              { resource: targetName },
            ),
          );
          return undefined;
        }
        return { target: { kind: 'firewall-endpoint', id: fw.endpoints[0]?.id }, blackhole: false };
      }
      return { target: { kind: 'firewall-endpoint', id: targetName }, blackhole: false };
    }
    if (e.kind === 'vpc-endpoint') {
      const ep = endpointTypes.get(targetName);
      return {
        target: { kind: ep?.type === 'gwlb' ? 'gwlb-endpoint' : 'gateway-endpoint', id: targetName },
        blackhole: false,
      };
    }
    if (e.kind === 'unsupported') {
      const t = (e.type ?? '').toLowerCase();
      const kind: RouteTargetKind = t.includes('transit')
        ? 'transit-gateway'
        : t.includes('vpn') || t.includes('virtual')
          ? 'virtual-private-gateway'
          : 'unknown';
      return { target: { kind, id: targetName }, blackhole: false };
    }
    return { target: { kind: kindMap[e.kind] ?? 'unknown', id: targetName }, blackhole: false };
  }

  function peerOf(text: string, at: Span | undefined): SgPeer | undefined {
    if (text.includes('/')) return { kind: 'cidr', cidr: text };
    if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
      diags.push(
        error(
          'SG_RULE_PEER_NOT_CIDR',
          `"${text}" is an address, not a CIDR block; write ${text}/32 (AWS requires a CIDR)`,
          at,
        ),
      );
      return undefined;
    }
    const e = ref(text, ['security-group', 'prefix-list'], at, 'rule peer');
    if (!e) return undefined;
    return e.kind === 'security-group'
      ? { kind: 'security-group', group: text }
      : { kind: 'prefix-list', prefixList: text };
  }

  function sgRuleOf(
    r: unknown,
    inbound: boolean,
    at: Span | undefined,
    group: string,
  ): SecurityGroupRule | undefined {
    if (typeof r === 'string') {
      const p = parseSgRule(r);
      if (!p.ok) {
        diags.push(
          error('SG_RULE_SYNTAX', `security group ${group}: ${p.message} in "${r}"`, shift(at, p.col), {
            resource: group,
          }),
        );
        return undefined;
      }
      if ((p.value.direction === 'from') !== inbound) {
        diags.push(
          error(
            'SG_RULE_DIRECTION',
            `security group ${group}: ${inbound ? 'inbound rules say "from <source>"' : 'outbound rules say "to <destination>"'}`,
            at,
            { resource: group },
          ),
        );
        return undefined;
      }
      const peer = peerOf(p.value.peer, shift(at, p.value.peerCol));
      if (!peer) return undefined;
      return { protocol: p.value.protocol, ports: p.value.ports, icmp: p.value.icmp, peer, span: at };
    }
    const o = r as {
      protocol: string | number;
      ports?: number | string;
      icmpType?: number;
      icmpCode?: number;
      from?: string;
      to?: string;
      description?: string;
    };
    const proto = protocolNumber(o.protocol);
    if (proto === undefined) {
      diags.push(
        error('SG_RULE_SYNTAX', `security group ${group}: unknown protocol "${String(o.protocol)}"`, at, {
          resource: group,
        }),
      );
      return undefined;
    }
    const peerText = inbound ? o.from : o.to;
    if (peerText === undefined) {
      diags.push(
        error(
          'SG_RULE_SYNTAX',
          `security group ${group}: ${inbound ? 'inbound rule needs "from"' : 'outbound rule needs "to"'}`,
          at,
          { resource: group },
        ),
      );
      return undefined;
    }
    const peer = peerOf(peerText, at);
    if (!peer) return undefined;
    const ports = o.ports !== undefined ? parsePorts(String(o.ports)) : undefined;
    if (typeof ports === 'string') {
      diags.push(error('SG_RULE_SYNTAX', `security group ${group}: ${ports}`, at, { resource: group }));
      return undefined;
    }
    return {
      protocol: proto,
      ports,
      icmp: o.icmpType !== undefined ? { type: o.icmpType, code: o.icmpCode ?? -1 } : undefined,
      peer,
      description: o.description,
      span: at,
    };
  }

  function naclRuleOf(
    r: unknown,
    inbound: boolean,
    at: Span | undefined,
    acl: string,
  ): NetworkAclRule | undefined {
    if (typeof r === 'string') {
      const p = parseNaclRule(r);
      if (!p.ok) {
        diags.push(
          error('NACL_RULE_SYNTAX', `network ACL ${acl}: ${p.message} in "${r}"`, shift(at, p.col), {
            resource: acl,
          }),
        );
        return undefined;
      }
      if ((p.value.direction === 'from') !== inbound) {
        diags.push(
          error(
            'NACL_RULE_DIRECTION',
            `network ACL ${acl}: ${inbound ? 'inbound rules say "from <source CIDR>"' : 'outbound rules say "to <destination CIDR>"'} (NACL-3)`,
            at,
            { resource: acl },
          ),
        );
        return undefined;
      }
      return {
        number: p.value.number,
        protocol: p.value.protocol,
        ports: p.value.ports,
        icmp: p.value.icmp,
        cidr: p.value.peer,
        action: p.value.action,
        span: at,
      };
    }
    const o = r as {
      number: number;
      action: 'allow' | 'deny';
      protocol: string | number;
      ports?: number | string;
      icmpType?: number;
      icmpCode?: number;
      cidr: string;
    };
    const proto = protocolNumber(o.protocol);
    const ports = o.ports !== undefined ? parsePorts(String(o.ports)) : undefined;
    if (proto === undefined || typeof ports === 'string') {
      diags.push(
        error(
          'NACL_RULE_SYNTAX',
          `network ACL ${acl}: ${proto === undefined ? `unknown protocol "${String(o.protocol)}"` : (ports as string)}`,
          at,
          { resource: acl },
        ),
      );
      return undefined;
    }
    return {
      number: o.number,
      protocol: proto,
      ports,
      icmp: o.icmpType !== undefined ? { type: o.icmpType, code: o.icmpCode ?? -1 } : undefined,
      cidr: o.cidr,
      action: o.action,
      span: at,
    };
  }

  function osOf(os: NativeOs, ri: Record<string, unknown>, inst: string): InstanceOs {
    const osSpan = spans.valueSpan(ri, 'os');
    if (typeof os === 'string') {
      const block = spans.get(ri)?.blocks.get('os');
      const r = parseOsConfig(os, { file, kind: 'auto', position: blockPosition(file, block) });
      diags.push(...r.diagnostics.map((d) => ({ ...d, resource: d.resource ?? inst })));
      return { ...r.os, span: osSpan };
    }
    const ro = obj(ri.os);
    let result: InstanceOs = { ...defaultOs(), span: osSpan };
    const parts: [string, string | undefined, 'commands' | 'iptables-save' | 'user-data' | 'auto'][] = [
      ['iptables', os.iptables, 'auto'],
      ['iptablesSave', os.iptablesSave, 'iptables-save'],
      ['userData', os.userData, 'user-data'],
    ];
    if (os.sysctl) {
      const lines = Object.entries(os.sysctl)
        .map(([k, v]) => `sysctl -w ${k}=${String(v)}`)
        .join('\n');
      const rs = obj(ro.sysctl);
      const r = parseOsConfig(lines, {
        file,
        kind: 'commands',
        position: (line) =>
          spans.keySpan(rs, Object.keys(os.sysctl ?? {})[line - 1] ?? '') ??
          osSpan ?? { file, line: 0, col: 0 },
      });
      diags.push(...r.diagnostics.map((d) => ({ ...d, resource: d.resource ?? inst })));
      result = mergeOs(result, r.os);
    }
    for (const [key, text, kind] of parts) {
      if (text === undefined) continue;
      const block = spans.get(ro)?.blocks.get(key);
      const r = parseOsConfig(text, { file, kind, position: blockPosition(file, block) });
      diags.push(...r.diagnostics.map((d) => ({ ...d, resource: d.resource ?? inst })));
      result = mergeOs(result, r.os);
    }
    if (os.routes) {
      const text = os.routes.map((r) => `ip route add ${r}`).join('\n');
      const rr = obj(ro.routes);
      const r = parseOsConfig(text, {
        file,
        kind: 'commands',
        position: (line) => spans.valueSpan(rr, line - 1) ?? osSpan ?? { file, line: 0, col: 0 },
      });
      diags.push(...r.diagnostics.map((d) => ({ ...d, resource: d.resource ?? inst })));
      result = mergeOs(result, r.os);
    }
    return result;
  }

  function clientVpnOf(
    cvName: string,
    cv: NativeVpc['clientVpnEndpoints'] extends infer M
      ? M extends Record<string, infer E>
        ? E
        : never
      : never,
    rcv: Record<string, unknown>,
    vpcName: string,
  ): ClientVpnEndpoint {
    for (const [i, g] of (cv.securityGroups ?? []).entries())
      ref(g, ['security-group'], spans.valueSpan(obj(rcv.securityGroups), i), 'security group');
    const targets: ClientVpnTargetNetwork[] = [];
    const rtn = obj(rcv.targetNetworks);
    if (Array.isArray(cv.targetNetworks)) {
      cv.targetNetworks.forEach((sn, i) => {
        ref(sn, ['subnet'], spans.valueSpan(rtn, i), 'target network subnet');
        targets.push({ id: sn, subnet: sn, span: spans.valueSpan(rtn, i) });
      });
    } else {
      for (const [an, t] of Object.entries(cv.targetNetworks)) {
        ref(t.subnet, ['subnet'], spans.valueSpan(obj(rtn[an]), 'subnet'), 'target network subnet');
        targets.push({
          id: an,
          subnet: t.subnet,
          eniIp: t.eniIp,
          eniPublicIp: t.publicIp,
          span: spans.keySpan(rtn, an),
        });
      }
    }
    const rAuth = obj(rcv.authorizationRules);
    const authorizationRules: ClientVpnAuthorizationRule[] = (cv.authorizationRules ?? []).flatMap((r, i) => {
      const at = spans.valueSpan(rAuth, i);
      if (typeof r !== 'string') return [{ destination: r.destination, group: r.group, span: at }];
      const m = /^\s*(\S+)\s*->\s*(all|group\s+(\S+))\s*$/.exec(r);
      if (!m) {
        diags.push(
          error(
            'CLIENT_VPN_RULE_SYNTAX',
            `Client VPN ${cvName}: authorization rule "${r}" must read "<CIDR> -> all" or "<CIDR> -> group <name>"`,
            at,
            { resource: cvName },
          ),
        );
        return [];
      }
      return [{ destination: m[1] ?? '', group: m[3], span: at }];
    });
    const rRoutes = obj(rcv.routes);
    const subnetOfTarget = (t: string): string => targets.find((x) => x.id === t)?.subnet ?? t;
    const routes: ClientVpnRoute[] = (cv.routes ?? []).flatMap((r, i) => {
      const at = spans.valueSpan(rRoutes, i);
      let dest: string;
      let target: string;
      if (typeof r === 'string') {
        const m = /^\s*(\S+)\s*->\s*(\S+)\s*$/.exec(r);
        if (!m) {
          diags.push(
            error(
              'CLIENT_VPN_ROUTE_SYNTAX',
              `Client VPN ${cvName}: route "${r}" must read "<CIDR> -> <target subnet>" or "<CIDR> -> local"`,
              at,
              { resource: cvName },
            ),
          );
          return [];
        }
        dest = m[1] ?? '';
        target = m[2] ?? '';
      } else {
        dest = r.destination;
        target = r.target;
      }
      if (target !== 'local') ref(subnetOfTarget(target), ['subnet'], at, 'Client VPN route target subnet');
      return [
        { destination: dest, targetSubnet: target === 'local' ? 'local' : subnetOfTarget(target), span: at },
      ];
    });
    // CVPN-2: each association adds a route to the VPC's CIDR(s) through that subnet.
    const own = doc.vpcs[vpcName];
    const vpcCidrs = own?.cidrs ?? (own?.cidr !== undefined ? [own.cidr] : []);
    for (const t of targets) {
      for (const c of vpcCidrs) {
        if (!routes.some((r) => r.destination === c && r.targetSubnet === t.subnet))
          routes.push({ destination: c, targetSubnet: t.subnet, span: t.span });
      }
    }
    const rClients = obj(rcv.clients);
    for (const [cl, c] of Object.entries(cv.clients ?? {})) {
      net.vpnClients.push({
        id: cl,
        endpoint: cvName,
        tunnelIp: c.tunnelIp,
        groups: c.groups ?? [],
        span: spans.keySpan(rClients, cl),
      });
    }
    return {
      id: cvName,
      awsId: cv.id,
      vpc: vpcName,
      clientCidr: cv.clientCidr,
      authentication: cv.authentication ?? 'certificate',
      splitTunnel: cv.splitTunnel ?? false,
      transport: cv.transport,
      vpnPort: cv.port,
      securityGroups: cv.securityGroups ?? [],
      targetNetworks: targets,
      authorizationRules,
      routes,
      span: spans.valueSpan(rcv),
      spans: spanFields(spans, rcv, ['clientCidr', 'splitTunnel']),
    };
  }

  function fiveTupleOf(text: string, at: Span | undefined, group: string): StatefulRule5Tuple | undefined {
    const m =
      /^\s*(PASS|DROP|REJECT|ALERT)\s+(\S+)\s+(\S+)\s+(\S+)\s+(->|<>|FORWARD|ANY)\s+(\S+)\s+(\S+)(?:\s+sid:(\d+))?\s*$/i.exec(
        text,
      );
    if (!m) {
      diags.push(
        error(
          'FIVE_TUPLE_SYNTAX',
          `rule group ${group}: "${text}" must read "ACTION PROTOCOL SOURCE SRCPORT -> DESTINATION DSTPORT [sid:N]"`,
          at,
          { resource: group },
        ),
      );
      return undefined;
    }
    const dir = (m[5] ?? '->').toUpperCase();
    return {
      action: (m[1] ?? 'PASS').toUpperCase() as StatefulRule5Tuple['action'],
      protocol: m[2] ?? 'IP',
      source: m[3] ?? 'ANY',
      sourcePort: m[4] ?? 'ANY',
      direction: dir === '<>' || dir === 'ANY' ? 'ANY' : 'FORWARD',
      destination: m[6] ?? 'ANY',
      destinationPort: m[7] ?? 'ANY',
      sid: m[8] !== undefined ? Number(m[8]) : undefined,
      span: at,
    };
  }

  function portsOf(p: number | string, at: Span | undefined): { from: number; to: number }[] {
    const r = parsePorts(String(p));
    if (typeof r === 'string') {
      diags.push(error('PORT_SYNTAX', r, at));
      return [];
    }
    return r ? [r] : [{ from: 0, to: 65535 }];
  }
}

function normVars(v: Record<string, string | string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Array.isArray(x) ? x : [x]]));
}

function shift(at: Span | undefined, col: number): Span | undefined {
  // Rule strings are usually plain or quoted scalars on one line: the column inside maps directly.
  return at ? { ...at, col: at.col + col + (at.col > 0 ? 0 : 0) } : undefined;
}

function spanFields(
  spans: SpanIndex,
  o: Record<string, unknown>,
  fields: readonly string[],
): Record<string, Span> {
  const out: Record<string, Span> = {};
  for (const f of fields) {
    if (!(f in o)) continue;
    const s = spans.valueSpan(o, f);
    if (s) out[f] = s;
  }
  return out;
}

/** Map a line/column inside embedded text to the file (block scalars: line offset, indentation). */
function blockPosition(
  file: string,
  block: { line: number; col: number; block: boolean } | undefined,
): ((line: number, col: number) => Span) | undefined {
  if (!block) return undefined;
  return (line, col) => ({
    file,
    line: block.line + line - 1,
    col: line === 1 || block.block ? block.col + col - 1 : col,
  });
}

function addressesOf(e: {
  ip?: string | undefined;
  ips?: string[] | undefined;
  secondaryIps?: string[] | undefined;
  publicIp?: string | undefined;
  publicIps?: Record<string, string> | undefined;
  subnet?: string | undefined;
}): EniAddress[] {
  const privs = [...(e.ips ?? (e.ip !== undefined ? [e.ip] : [])), ...(e.secondaryIps ?? [])];
  return privs.map((p, i) => ({
    private: p,
    public: e.publicIps?.[p] ?? (i === 0 ? e.publicIp : undefined),
  }));
}

function usedIps(v: NativeVpc): Set<string> {
  const s = new Set<string>();
  for (const i of Object.values(v.instances ?? {}))
    for (const a of [i.ip, ...(i.ips ?? []), ...(i.secondaryIps ?? [])]) if (a !== undefined) s.add(a);
  for (const e of Object.values(v.networkInterfaces ?? {}))
    for (const a of [e.ip, ...(e.ips ?? []), ...(e.secondaryIps ?? [])]) if (a !== undefined) s.add(a);
  for (const n of Object.values(v.natGateways ?? {})) if (n.ip !== undefined) s.add(n.ip);
  return s;
}

/** First address of a subnet after AWS's reserved ones (ADDR-2) not in `used`; deterministic placeholder. */
function firstUsable(cidr: string, used: Set<string>): string {
  const p = tryCidr4(cidr);
  if (!p) return '0.0.0.0';
  const taken = new Set([...used].map(tryIpv4).filter((x): x is number => x !== null));
  const ip = firstFreeAddress(p, taken);
  return ip === null ? '0.0.0.0' : formatIpv4(ip);
}

const FLOW_RE = /^\s*(tcp|udp|icmp|all|\d+)(?:\/(\d+))?\s*$/i;

/** Convert a native expectation (flow shorthand `tcp/443`). */
export function expectationOf(e: NativeExpectation, span: Span | undefined, index: number): Expectation {
  let protocol = e.protocol !== undefined ? String(e.protocol) : undefined;
  let port = e.port;
  if (e.flow !== undefined) {
    const m = FLOW_RE.exec(e.flow);
    if (m) {
      protocol = m[1]?.toLowerCase();
      if (m[2] !== undefined) port = Number(m[2]);
    }
  }
  const flow: FlowSpec = {
    from: e.from,
    to: e.to,
    protocol: protocol ?? 'tcp',
    port,
    srcPort: e.srcPort,
    icmpType: e.icmpType,
    icmpCode: e.icmpCode,
    sni: e.sni,
    host: e.host,
  };
  return {
    name: e.name ?? `expectation ${index + 1}: ${e.from} -> ${e.to}`,
    flow,
    verdict: e.verdict,
    code: e.code,
    hops: e.hops,
    returnHops: e.returnHops,
    notHops: e.notHops,
    droppedAt: e.droppedAt,
    failsOn: e.failsOn,
    seenAtDestination: e.seenAtDestination,
    seenAtSource: e.seenAtSource,
    mentions: e.mentions,
    span,
  };
}

/** Flow-shorthand errors are reported by the loader. */
export function flowShorthandError(e: NativeExpectation): string | undefined {
  if (e.flow === undefined || FLOW_RE.test(e.flow)) return undefined;
  return `flow "${e.flow}" must read like "tcp/443", "udp/53", "icmp" or "tcp" with "port"`;
}

export { warning };
