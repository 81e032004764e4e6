/**
 * The names of a native document: every resource is a key in a map, and names are unique across the file (a
 * duplicate is an error naming both places). `declareNames` reads every name first, so references (route targets,
 * SG peers, associations) resolve whatever the order they are written in; `ref` resolves one and reports a name
 * that is not defined, or that names the wrong kind of thing, at the referring field.
 */
import { error, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type { NativeDocument, NativeVpc } from './schema.js';
import type { SpanIndex } from './yaml-source.js';

export type Kind =
  | 'vpc'
  | 'subnet'
  | 'route-table'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
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
  | 'load-balancer'
  | 'target-group'
  | 'endpoint-service'
  | 'transit-gateway'
  | 'transit-gateway-attachment'
  | 'transit-gateway-route-table'
  | 'virtual-private-gateway'
  | 'customer-gateway'
  | 'vpn-connection'
  | 'direct-connect-gateway'
  | 'on-premises'
  | 'on-premises-host'
  | 'unsupported';

export interface Entry {
  readonly kind: Kind;
  readonly vpc?: string | undefined;
  readonly span?: Span | undefined;
  readonly type?: string | undefined;
}

export function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/** The sections of a VPC whose keys are names, and the kind each names. */
const VPC_SECTIONS: readonly (readonly [keyof NativeVpc, Kind])[] = [
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
  ['loadBalancers', 'load-balancer'],
  ['targetGroups', 'target-group'],
];

/** The top-level sections whose keys are names. */
const TOP_SECTIONS: readonly (readonly [keyof NativeDocument, Kind])[] = [
  ['peerings', 'peering'],
  ['prefixLists', 'prefix-list'],
  ['firewallPolicies', 'firewall-policy'],
  ['ruleGroups', 'rule-group'],
  ['endpointServices', 'endpoint-service'],
  ['transitGateways', 'transit-gateway'],
  ['customerGateways', 'customer-gateway'],
  ['vpnConnections', 'vpn-connection'],
  ['directConnectGateways', 'direct-connect-gateway'],
  ['onPremises', 'on-premises'],
  ['unsupported', 'unsupported'],
];

export class NameTable {
  private readonly names = new Map<string, Entry>();

  constructor(private readonly diags: Diagnostic[]) {}

  /** Declare a name; a second use of it is DUPLICATE_NAME. */
  declare(nm: string, e: Entry): void {
    const prev = this.names.get(nm);
    if (prev) {
      this.diags.push(
        error(
          'DUPLICATE_NAME',
          `name "${nm}" is already used by a ${prev.kind}${prev.span ? ` at ${prev.span.line}:${prev.span.col}` : ''}; names must be unique in the file`,
          e.span,
          { resource: nm },
        ),
      );
      return;
    }
    this.names.set(nm, e);
  }

  /** Declare a name unless it is taken (names the importer derives, such as firewall endpoints). */
  declareIfFree(nm: string, e: Entry): void {
    if (!this.names.has(nm)) this.names.set(nm, e);
  }

  get(nm: string): Entry | undefined {
    return this.names.get(nm);
  }

  /** Resolve a reference to one of `kinds`; reports and returns undefined on failure. */
  ref(nm: string, kinds: readonly Kind[], at: Span | undefined, what: string): Entry | undefined {
    const e = this.names.get(nm);
    if (!e) {
      this.diags.push(
        error('UNKNOWN_REFERENCE', `${what} "${nm}" is not defined in this file`, at, { resource: nm }),
      );
      return undefined;
    }
    if (!kinds.includes(e.kind)) {
      this.diags.push(
        error('WRONG_REFERENCE_KIND', `${what} "${nm}" is a ${e.kind}, expected ${kinds.join(' or ')}`, at, {
          resource: nm,
        }),
      );
      return undefined;
    }
    return e;
  }

  /** Pass 1: declare every name of the document. */
  declareAll(doc: NativeDocument, rawRoot: Record<string, unknown>, spans: SpanIndex): void {
    const rawVpcs = obj(rawRoot.vpcs);
    for (const [vpcName, v] of Object.entries(doc.vpcs)) {
      const rv = obj(rawVpcs[vpcName]);
      this.declare(vpcName, { kind: 'vpc', span: spans.keySpan(rawVpcs, vpcName) });
      const vgw = v.virtualPrivateGateway;
      if (vgw !== undefined) {
        this.declare(typeof vgw === 'string' ? vgw : vgw.name, {
          kind: 'virtual-private-gateway',
          vpc: vpcName,
          span: spans.valueSpan(rv, 'virtualPrivateGateway'),
        });
      }
      const igw = v.internetGateway;
      if (igw !== undefined) {
        const igwName = typeof igw === 'string' ? igw : igw.name;
        this.declare(igwName, {
          kind: 'internet-gateway',
          vpc: vpcName,
          span: spans.valueSpan(rv, 'internetGateway'),
        });
      }
      const eigw = v.egressOnlyInternetGateway;
      if (eigw !== undefined)
        this.declare(typeof eigw === 'string' ? eigw : eigw.name, {
          kind: 'egress-only-internet-gateway',
          vpc: vpcName,
          span: spans.valueSpan(rv, 'egressOnlyInternetGateway'),
        });
      for (const [sec, kind] of VPC_SECTIONS) {
        const m = v[sec] as Record<string, unknown> | undefined;
        if (!m) continue;
        const rm = obj(rv[sec]);
        for (const nm of Object.keys(m))
          this.declare(nm, { kind, vpc: vpcName, span: spans.keySpan(rm, nm) });
      }
      for (const [cvName, cv] of Object.entries(v.clientVpnEndpoints ?? {})) {
        const rcv = obj(obj(rv.clientVpnEndpoints)[cvName]);
        for (const cl of Object.keys(cv.clients ?? {}))
          this.declare(cl, { kind: 'vpn-client', vpc: vpcName, span: spans.keySpan(obj(rcv.clients), cl) });
      }
    }
    for (const [sec, kind] of TOP_SECTIONS) {
      const m = doc[sec] as Record<string, { type?: string }> | undefined;
      if (!m) continue;
      const rm = obj(rawRoot[sec]);
      for (const [nm, val] of Object.entries(m))
        this.declare(nm, { kind, span: spans.keySpan(rm, nm), type: val.type });
    }
    this.declareTransit(doc, rawRoot, spans);
  }

  /** Attachments and route tables inside each transit gateway; hosts inside each on-premises network. */
  private declareTransit(doc: NativeDocument, rawRoot: Record<string, unknown>, spans: SpanIndex): void {
    const rTgws = obj(rawRoot.transitGateways);
    for (const [tgwName, tgw] of Object.entries(doc.transitGateways ?? {})) {
      const rt = obj(rTgws[tgwName]);
      for (const [sec, kind] of [
        ['attachments', 'transit-gateway-attachment'],
        ['routeTables', 'transit-gateway-route-table'],
      ] as const) {
        const rm = obj(rt[sec]);
        for (const nm of Object.keys(tgw[sec] ?? {})) this.declare(nm, { kind, span: spans.keySpan(rm, nm) });
      }
    }
    const rOnPrem = obj(rawRoot.onPremises);
    for (const [onName, o] of Object.entries(doc.onPremises ?? {})) {
      const rh = obj(obj(rOnPrem[onName]).hosts);
      for (const h of Object.keys(o.hosts ?? {}))
        this.declare(h, { kind: 'on-premises-host', span: spans.keySpan(rh, h) });
    }
  }
}
