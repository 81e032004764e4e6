/**
 * The state stateful components keep while one flow is traced forward and then back: security-group connection
 * tracking per ENI (SG-2), the NAT gateway translation table (NGW-2), Linux conntrack per instance (NATI-5),
 * firewall flow tables per endpoint (NFW-4), GWLB endpoint flows (GWLB-3), Client VPN source NAT (CVPN-3), and the
 * port ranges translating devices chose from (NACL-6). One `TraceState` per traced flow; nothing is global.
 */
import type { Addr } from '../net/addr.js';
import { SgConntrack } from './security-group.js';
import { Conntrack } from './os/index.js';
import { FirewallFlows } from './firewall/index.js';
import { ClientVpnNat } from './clientvpn/index.js';
import type { Packet } from './packet.js';
import type { CEigw } from './compiled.js';
import type { LbDecision, LbFlow } from './load-balancer/flows.js';

/** A port chosen from a range by a device; NACLs that admit only part of the range are reported. */
export interface PortChoice {
  readonly from: number;
  readonly to: number;
  /** Who chose it, e.g. `NAT gateway natgw (1024–65535)`. */
  readonly by: string;
}

export interface NatGwEntry {
  readonly original: Packet;
  readonly translated: Packet;
}

/** Numeric key of an address and port (fits in 48 bits). */
export function portKey(ip: Addr, port: number): number | string {
  return typeof ip === 'number' ? ip * 65536 + port : `${ip}:${port}`;
}

export class TraceState {
  readonly sg: (SgConntrack | undefined)[] = [];
  readonly os: (Conntrack | undefined)[] = [];
  readonly natgw: (Map<string, NatGwEntry> | undefined)[] = [];
  readonly gwlb: (Set<string> | undefined)[] = [];
  /** Port choices keyed by `portKey(ip, port)` as the reply will carry them in its destination. */
  readonly ports = new Map<number | string, PortChoice>();
  /** The first load balancer's choice of target on this trace (for the per-target report). */
  lbDecision: LbDecision | undefined;
  /** Force the first load balancer to pick this target (id), to trace each target in turn. */
  lbForce: string | undefined;
  // The tables below are made on first use: most flows meet no firewall, egress-only gateway, Client VPN, transit
  // gateway or load balancer, and a trace should not pay for the features it cannot meet (issue 18, issue 19).
  #fw: Map<string, FirewallFlows> | undefined;
  #eigwFlows: Map<string, CEigw> | undefined;
  #cvpn: ClientVpnNat | undefined;
  #tgwPins: Map<string, string> | undefined;
  #lbFlows: Map<string, LbFlow> | undefined;

  /** Flow tables per firewall (state inside is per endpoint, NFW-4). */
  get fw(): Map<string, FirewallFlows> {
    return (this.#fw ??= new Map());
  }
  /** Flows that left through an egress-only internet gateway, keyed by the tuple of their reply (V6-5). */
  get eigwFlows(): Map<string, CEigw> {
    return (this.#eigwFlows ??= new Map());
  }
  get cvpn(): ClientVpnNat {
    return (this.#cvpn ??= new ClientVpnNat());
  }
  /** Appliance-mode ENI choice per attachment and flow, both directions (`att|flowKey` → AZ; TGW-24.3). */
  get tgwPins(): Map<string, string> {
    return (this.#tgwPins ??= new Map());
  }
  /** Flows a load-balancer node forwarded, keyed by the tuple of the target's reply (NLB-9, ALB-1, PL-7). */
  get lbFlows(): Map<string, LbFlow> {
    return (this.#lbFlows ??= new Map());
  }
  /** Whether any load-balancer node forwarded a flow on this trace (without making the table). */
  get hasLbFlows(): boolean {
    return this.#lbFlows !== undefined && this.#lbFlows.size > 0;
  }

  sgOf(eniIndex: number): SgConntrack {
    let s = this.sg[eniIndex];
    if (!s) this.sg[eniIndex] = s = new SgConntrack();
    return s;
  }
  osOf(instanceIndex: number): Conntrack {
    let s = this.os[instanceIndex];
    if (!s) this.os[instanceIndex] = s = new Conntrack();
    return s;
  }
  natgwOf(index: number): Map<string, NatGwEntry> {
    let s = this.natgw[index];
    if (!s) this.natgw[index] = s = new Map();
    return s;
  }
  fwOf(firewall: string): FirewallFlows {
    let s = this.fw.get(firewall);
    if (!s) this.fw.set(firewall, (s = new FirewallFlows()));
    return s;
  }
  gwlbOf(index: number): Set<string> {
    let s = this.gwlb[index];
    if (!s) this.gwlb[index] = s = new Set();
    return s;
  }
}
