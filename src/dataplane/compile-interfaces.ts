/**
 * Network interfaces compiled with their security groups: the input's ENIs, the Client VPN ENIs it does not list
 * (one address never belongs to two ENIs), and the ENIs load-balancer nodes and interface endpoints imply (ELB-1,
 * PL-1). Each interface gets its groups (SG-4: the VPC's default when it names none); each group is compiled once
 * with the addresses of its members for references (SG-6, V6-7). An ENI in an unknown subnet is skipped with
 * ENI_SUBNET_UNKNOWN.
 */
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { tryIpv4, type Prefix } from '../net/prefix.js';
import { parseIpv6 } from '../net/ipv6.js';
import type { Addr } from '../net/addr.js';
import type { Network, NetworkInterface } from '../model/network.js';
import { interfaceSecurityGroups, type Associations } from '../associations/resolve.js';
import { sgReferenceChecker } from '../model/sg-reference.js';
import type { CEni, CSecurityGroup, CSubnet } from './compiled.js';
import { compileSecurityGroup } from './security-group.js';
import { assignedClientVpnEnis } from './clientvpn-enis.js';
import { impliedLbEnis } from './load-balancer/enis.js';

export interface CompiledInterfaces {
  readonly enis: CEni[];
  readonly eniById: Map<string, CEni>;
  /** ENIs implied by load-balancer nodes and interface endpoints (listed ones flagged). */
  readonly lbEnis: ReturnType<typeof impliedLbEnis>;
}

export function compileInterfaces(
  net: Network,
  assoc: Associations,
  subnets: ReadonlyMap<string, CSubnet>,
  parse: (t: string) => Prefix | null,
  plLookup: (id: string) => readonly Prefix[] | undefined,
  diags: Diagnostic[],
): CompiledInterfaces {
  // --- Security groups (SG-6 needs the ENIs' IPs per group) -----------------------------------------------
  // A Client VPN ENI the input already lists (describe-*: owner client-vpn, same subnet and address) is used as
  // is; only the missing ones are synthesized, so one address never belongs to two ENIs.
  const listed = new Map<string, string>();
  for (const e of net.networkInterfaces) {
    if (e.owner !== 'client-vpn') continue;
    for (const a of e.addresses) listed.set(`${e.subnet}|${a.private}`, e.id);
  }
  const cvpnAll = assignedClientVpnEnis(net);
  const cvpnListed = new Map<string, string>(); // listed ENI id → endpoint
  const cvpnEnis = cvpnAll.filter((c) => {
    const id = listed.get(`${c.eni.subnet}|${c.eni.addresses[0]?.private ?? ''}`);
    if (id === undefined) return true;
    cvpnListed.set(id, c.endpoint);
    return false;
  });
  // Load-balancer nodes and interface endpoints imply ENIs (ELB-1, PL-1); listed ones are used as they are.
  const lbEnis = impliedLbEnis(net, (v) => assoc.vpcs.get(v)?.defaultSecurityGroup.id);
  const allEnis = [
    ...net.networkInterfaces,
    ...cvpnEnis.map((c) => c.eni),
    ...lbEnis.filter((e) => !e.listed).map((e) => e.eni),
  ];
  // SG-4: an interface launched without security groups gets its VPC's default group.
  const eniSgIds = new Map<string, readonly string[]>();
  for (const e of allEnis) eniSgIds.set(e.id, interfaceSecurityGroups(assoc, e));
  const groupIps = new Map<string, Set<Addr>>();
  for (const e of allEnis) {
    for (const g of eniSgIds.get(e.id) ?? []) {
      let set = groupIps.get(g);
      if (!set) groupIps.set(g, (set = new Set()));
      for (const a of e.addresses) {
        const ip = tryIpv4(a.private);
        if (ip !== null) set.add(ip);
      }
      for (const ip of ipv6Of(e)) set.add(ip); // SG-6 references match IPv6 addresses too (V6-7)
    }
  }
  const sgs = new Map<string, CSecurityGroup>();
  // SG-6, PCX-6: a reference to a group of another Region or of an unpeered VPC never matches.
  const refCheck = sgReferenceChecker(net, (id) => assoc.securityGroups.get(id)?.vpc);
  const sgRes = {
    groupIps: (id: string) => groupIps.get(id),
    refProblem: (owner: string, ref: string) => refCheck(owner, ref)?.reason,
    prefixList: plLookup,
    parseCidr: parse,
  };
  for (const g of [...net.securityGroups, ...assoc.implied.securityGroups])
    if (!sgs.has(g.id)) sgs.set(g.id, compileSecurityGroup(g, sgRes));
  for (const g of net.securityGroups) if (g.awsId) sgs.set(g.awsId, sgs.get(g.id) as CSecurityGroup);

  // --- ENIs ---------------------------------------------------------------------------------------------
  const enis: CEni[] = [];
  const eniById = new Map<string, CEni>();
  // Most interfaces have no public address: they share one empty map (read-only after compilation).
  const noPublic: ReadonlyMap<number, number> = new Map();
  for (const e of allEnis) {
    const subnet = subnets.get(e.subnet);
    if (!subnet) {
      diags.push(
        error('ENI_SUBNET_UNKNOWN', `network interface ${e.id} names unknown subnet ${e.subnet}`, e.span),
      );
      continue;
    }
    const addrs: number[] = [];
    let publicOf: Map<number, number> | undefined;
    for (const a of e.addresses) {
      const ip = tryIpv4(a.private);
      if (ip === null) continue;
      addrs.push(ip);
      const pub = a.public !== undefined ? tryIpv4(a.public) : null;
      if (pub !== null) (publicOf ??= new Map()).set(ip, pub);
    }
    const addrs6 = ipv6Of(e);
    const all: Addr[] = addrs6.length === 0 ? addrs : [...addrs, ...addrs6];
    const sgList = (eniSgIds.get(e.id) ?? []).map((g) => sgs.get(g)).filter((g): g is CSecurityGroup => !!g);
    const c: CEni = {
      id: e.id,
      model: e,
      subnet,
      addrs,
      addrs6,
      addrSet: new Set<Addr>(all),
      publicOf: publicOf ?? noPublic,
      sourceDestCheck: e.sourceDestCheck,
      sgs: sgList,
      sgLabel: sgList.map((g) => g.id).join('+') || '(no security group)',
      deviceIndex: e.deviceIndex ?? 0,
      index: enis.length,
    };
    enis.push(c);
    eniById.set(e.id, c);
    if (e.awsId) eniById.set(e.awsId, c);
    for (const ip of all) subnet.vpc.byIp.set(ip, { kind: 'eni', eni: c });
  }
  for (const c of cvpnEnis) {
    const ce = eniById.get(c.eni.id);
    if (ce) ce.clientVpn = c.endpoint;
  }
  for (const [id, endpoint] of cvpnListed) {
    const ce = eniById.get(id);
    if (ce) ce.clientVpn = endpoint;
  }
  return { enis, eniById, lbEnis };
}

/** The IPv6 addresses of an interface (V6-1); invalid ones were reported by validate/. */
function ipv6Of(e: NetworkInterface): bigint[] {
  const out: bigint[] = [];
  for (const t of e.ipv6Addresses ?? []) {
    const r = parseIpv6(t);
    if (r.ok) out.push(r.value);
  }
  return out;
}
