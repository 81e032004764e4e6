/**
 * Seeded generator of synthetic, valid networks (vendor-independent model objects) for the benchmarks.
 *
 * Model: `generateNetwork(params)` builds VPCs in 10.0.0.0/8, each with public and private subnets spread over up
 * to three AZs, an attached internet gateway, one public NAT gateway per AZ, a public route table (0.0.0.0/0 → IGW)
 * and one private route table per AZ (0.0.0.0/0 → that AZ's NAT gateway), peering routes on both, a default SG
 * (SG-4), tier SGs that reference each other (web → app → db, bastion; SG-6) and peered VPCs' app SGs, "allow-list"
 * SGs that carry most of the rule budget, and two custom NACLs (public, private) with ephemeral-port reply rules
 * (NACL-6) and deny lists before the allows (NACL-2). Every ENI belongs to a running instance.
 * `sampleFlows` draws many different flows (east-west, through NAT, from the internet, across peerings, within a
 * subnet) for trace benchmarks. Presets: `s2` (scenario S2 of scenarios.md, by hand), `small`, `realistic`, `huge`.
 *
 * Invariants (so that validation should report no error): AWS quotas are respected — ≤ 60 inbound and ≤ 60 outbound
 * rules per SG and ≤ 5 SGs per ENI (SG-12), ≤ 19 explicit NACL rules per direction (NACL-9: 20 incl. `*`), ≤ 50
 * routes per table and ≤ 45 peerings per VPC (RT-20, peering quota 50); VPC CIDRs /16…/20 never overlap; subnets are
 * aligned, /24 or larger, inside their VPC; ENI addresses skip the 4 reserved low addresses and the broadcast
 * (ADDR-2); every reference names an existing resource. Same params (incl. seed) → identical network.
 * Memory: rule objects and rule arrays that do not name VPC-specific resources are shared across VPCs (as an
 * organisation's templates would be), so a million-rule network costs far less than a million objects.
 * Parameters the address plan cannot satisfy (too many VPCs or subnets for 10.0.0.0/8) throw a RangeError: this
 * is a developer tool with fixed presets, not an input parser.
 */
import type {
  Instance,
  InternetGateway,
  NatGateway,
  Network,
  NetworkAcl,
  NetworkAclRule,
  NetworkInterface,
  PeeringConnection,
  Route,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Vpc,
} from '../src/model/network.js';
import { emptyNetwork } from '../src/model/network.js';
import type { FlowSpec } from '../src/model/expectation.js';
import { defaultOs } from '../src/model/os.js';
import { formatIpv4, mustParseIpv4 } from '../src/net/ipv4.js';

/** What to generate. All counts are exact unless noted. */
export interface GenParams {
  readonly seed: number;
  readonly vpcs: number;
  /** Alternating public (even index) and private (odd index) subnets. */
  readonly subnetsPerVpc: number;
  readonly enisPerSubnet: number;
  /** Total security-group rules (inbound + outbound, all groups) per VPC; at least the fixed tier rules. */
  readonly sgRulesPerVpc: number;
  /** Explicit rules per direction in each of the two custom NACLs (0…19, NACL-9). */
  readonly naclRulesPerDirection: number;
  /** VPC peerings (each VPC takes part in at most 45). */
  readonly peerings: number;
}

export interface NetworkStats {
  readonly vpcs: number;
  readonly subnets: number;
  readonly enis: number;
  readonly instances: number;
  readonly securityGroups: number;
  readonly sgRules: number;
  readonly networkAcls: number;
  readonly naclRules: number;
  readonly routeTables: number;
  readonly routes: number;
  readonly natGateways: number;
  readonly peerings: number;
}

export interface GeneratedNetwork {
  readonly name: string;
  readonly network: Network;
  readonly stats: NetworkStats;
}

export type PresetName = 's2' | 'small' | 'realistic' | 'huge';
export const PRESET_NAMES: readonly PresetName[] = ['s2', 'small', 'realistic', 'huge'];

/** Synthetic presets (s2 is built by hand). Rule budgets are chosen so that totals hit issue 2's round numbers. */
export const PRESETS: Readonly<Record<Exclude<PresetName, 's2'>, GenParams>> = {
  // One VPC, 4 subnets × 10 ENIs; 2 NACLs × 2 directions × 10 + 120 SG rules = 160 rules.
  small: {
    seed: 1,
    vpcs: 1,
    subnetsPerVpc: 4,
    enisPerSubnet: 10,
    sgRulesPerVpc: 120,
    naclRulesPerDirection: 10,
    peerings: 0,
  },
  // 20 VPCs / 200 subnets / 5,000 ENIs; per VPC 76 NACL + 2,424 SG rules = 2,500 → 50,000 rules.
  realistic: {
    seed: 2,
    vpcs: 20,
    subnetsPerVpc: 10,
    enisPerSubnet: 25,
    sgRulesPerVpc: 2424,
    naclRulesPerDirection: 19,
    peerings: 40,
  },
  // 1,000 VPCs / 10,000 subnets / 100,000 ENIs; per VPC 76 NACL + 924 SG rules = 1,000 → 1,000,000 rules.
  huge: {
    seed: 3,
    vpcs: 1000,
    subnetsPerVpc: 10,
    enisPerSubnet: 10,
    sgRulesPerVpc: 924,
    naclRulesPerDirection: 19,
    peerings: 2000,
  },
};

/** Deterministic PRNG (mulberry32): uniform floats in [0, 1). Each generator owns its own state. */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randInt(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const ALL = -1;
const ANY4 = '0.0.0.0/0';
/** Every generated VPC lives in 10.0.0.0/8; shared templates use it for "internal". */
const INTERNAL = '10.0.0.0/8';
const EPHEMERAL = { from: 1024, to: 65535 }; // NACL-6: NAT gateway / ELB / Lambda range
const MAX_PEERS_PER_VPC = 45;
/** Peer app SGs referenced by name in a VPC's app SG (the rest by CIDR would exceed nothing, but keep it short). */
const MAX_PEER_SG_REFS = 10;
const SG_RULES_PER_DIRECTION = 60; // SG-12
const FILLER_VARIANTS = 16;
/** Public addresses for Elastic IPs: 198.18.0.0/15 (RFC 2544 benchmarking, not RFC 1918/6598 → IGW-3 passes). */
const EIP_BASE = mustParseIpv4('198.18.0.0');
const EIP_COUNT = 1 << 17;

function ceilLog2(n: number): number {
  let b = 0;
  while (1 << b < n) b++;
  return b;
}

/** Rule objects that name nothing VPC-specific, built once per generator run and shared by every VPC. */
interface SharedRules {
  readonly anyOut: readonly SecurityGroupRule[];
  readonly webIn: readonly SecurityGroupRule[];
  readonly bastionIn: readonly SecurityGroupRule[];
  readonly dbOut: readonly SecurityGroupRule[];
  /** Allow-list groups: FILLER_VARIANTS variants of 60 inbound and 60 outbound rules each. */
  readonly fillerIn: readonly (readonly SecurityGroupRule[])[];
  readonly fillerOut: readonly (readonly SecurityGroupRule[])[];
  /** Slices of the filler arrays by length, so partially filled groups share arrays too. */
  readonly slices: Map<string, readonly SecurityGroupRule[]>;
  readonly naclPublicIn: readonly NetworkAclRule[];
  readonly naclPublicOut: readonly NetworkAclRule[];
  readonly naclPrivateIn: readonly NetworkAclRule[];
  readonly naclPrivateOut: readonly NetworkAclRule[];
}

function cidrRule(
  protocol: number,
  cidr: string,
  from?: number,
  to?: number,
  description?: string,
): SecurityGroupRule {
  return {
    protocol,
    ports: from === undefined ? undefined : { from, to: to ?? from },
    peer: { kind: 'cidr', cidr },
    description,
  };
}

function sgRefRule(protocol: number, group: string, port?: number): SecurityGroupRule {
  return {
    protocol,
    ports: port === undefined ? undefined : { from: port, to: port },
    peer: { kind: 'security-group', group },
  };
}

/** NACL rule list: `deny` block-list entries numbered 1…, then the template's allows from 100 (NACL-2 first match). */
function naclRules(
  allows: readonly Omit<NetworkAclRule, 'number' | 'action'>[],
  count: number,
  denyCidrs: readonly string[],
): NetworkAclRule[] {
  const kept = allows.slice(0, count);
  const out: NetworkAclRule[] = [];
  const denies = count - kept.length;
  for (let k = 0; k < denies; k++) {
    out.push({
      number: k + 1,
      protocol: ALL,
      cidr: denyCidrs[k % denyCidrs.length] ?? '192.0.2.0/32',
      action: 'deny',
    });
  }
  kept.forEach((r, k) => out.push({ ...r, number: 100 + 10 * k, action: 'allow' }));
  return out;
}

function buildShared(p: GenParams, rng: () => number): SharedRules {
  // Block-list and partner addresses: public, outside every VPC, the EIP range and the documentation ranges the
  // sample flows use for internet clients, so a sample flow is never denied by accident of a random draw.
  const publicCidr = (len: number): string => {
    const first = randInt(rng, 11, 99); // 11.x … 99.x: public unicast, no special ranges
    const addr =
      ((first << 24) | (randInt(rng, 0, 255) << 16) | (randInt(rng, 0, 255) << 8) | randInt(rng, 0, 255)) >>>
      0;
    const base = len === 0 ? 0 : (addr & (0xffffffff << (32 - len))) >>> 0;
    return `${formatIpv4(base)}/${len}`;
  };
  const denyCidrs = Array.from({ length: 19 }, () => publicCidr(randInt(rng, 16, 32)));
  const fillerIn: SecurityGroupRule[][] = [];
  const fillerOut: SecurityGroupRule[][] = [];
  for (let v = 0; v < FILLER_VARIANTS; v++) {
    const inb: SecurityGroupRule[] = [];
    const outb: SecurityGroupRule[] = [];
    for (let k = 0; k < SG_RULES_PER_DIRECTION; k++) {
      const port = [443, 8443, 22, 3389, 9000 + k][k % 5] ?? 443;
      inb.push(cidrRule(TCP, publicCidr(randInt(rng, 24, 32)), port, port, `partner ${v}.${k}`));
      outb.push(
        cidrRule(k % 7 === 0 ? UDP : TCP, publicCidr(randInt(rng, 20, 32)), port, port, `partner ${v}.${k}`),
      );
    }
    fillerIn.push(inb);
    fillerOut.push(outb);
  }
  const n = Math.max(0, Math.min(19, p.naclRulesPerDirection));
  return {
    anyOut: [cidrRule(ALL, ANY4)], // SG-3: a new group's single outbound rule
    webIn: [cidrRule(TCP, ANY4, 443), cidrRule(TCP, ANY4, 80)],
    bastionIn: [
      cidrRule(TCP, '198.51.100.0/24', 22, 22, 'office'),
      cidrRule(TCP, '203.0.113.0/24', 22, 22, 'vpn'),
    ],
    dbOut: [cidrRule(TCP, ANY4, 443, 443, 'patches')],
    fillerIn,
    fillerOut,
    slices: new Map(),
    // Public subnets: web traffic in, replies to internet clients out on ephemeral ports (NACL-6), PMTUD (NACL-7).
    naclPublicIn: naclRules(
      [
        { protocol: TCP, ports: { from: 443, to: 443 }, cidr: ANY4 },
        { protocol: TCP, ports: { from: 80, to: 80 }, cidr: ANY4 },
        { protocol: ALL, cidr: INTERNAL },
        { protocol: TCP, ports: EPHEMERAL, cidr: ANY4 },
        { protocol: UDP, ports: EPHEMERAL, cidr: ANY4 },
        { protocol: ICMP, icmp: { type: 3, code: 4 }, cidr: ANY4 },
        { protocol: TCP, ports: { from: 22, to: 22 }, cidr: '198.51.100.0/24' },
      ],
      n,
      denyCidrs,
    ),
    naclPublicOut: naclRules(
      [
        { protocol: TCP, ports: EPHEMERAL, cidr: ANY4 },
        { protocol: ALL, cidr: INTERNAL },
        { protocol: TCP, ports: { from: 443, to: 443 }, cidr: ANY4 },
        { protocol: TCP, ports: { from: 80, to: 80 }, cidr: ANY4 },
        { protocol: UDP, ports: { from: 123, to: 123 }, cidr: ANY4 },
        { protocol: ICMP, icmp: { type: 3, code: 4 }, cidr: ANY4 },
      ],
      n,
      denyCidrs,
    ),
    // Private subnets: anything internal, replies from the internet through the NAT gateway (NACL-6).
    naclPrivateIn: naclRules(
      [
        { protocol: ALL, cidr: INTERNAL },
        { protocol: TCP, ports: EPHEMERAL, cidr: ANY4 },
        { protocol: UDP, ports: EPHEMERAL, cidr: ANY4 },
        { protocol: ICMP, icmp: { type: 3, code: 4 }, cidr: ANY4 },
      ],
      n,
      denyCidrs,
    ),
    naclPrivateOut: naclRules(
      [
        { protocol: ALL, cidr: INTERNAL },
        { protocol: TCP, ports: { from: 443, to: 443 }, cidr: ANY4 },
        { protocol: TCP, ports: { from: 80, to: 80 }, cidr: ANY4 },
        { protocol: UDP, ports: { from: 123, to: 123 }, cidr: ANY4 },
        { protocol: ICMP, icmp: { type: 3, code: 4 }, cidr: ANY4 },
      ],
      n,
      denyCidrs,
    ),
  };
}

function fillerSlice(
  shared: SharedRules,
  dir: 'in' | 'out',
  variant: number,
  len: number,
): readonly SecurityGroupRule[] {
  const key = `${dir}${variant}/${len}`;
  let s = shared.slices.get(key);
  if (s === undefined) {
    const all = (dir === 'in' ? shared.fillerIn : shared.fillerOut)[variant] ?? [];
    s = len >= all.length ? all : all.slice(0, len);
    shared.slices.set(key, s);
  }
  return s;
}

/** Peering plan: mostly hub-and-spoke (a few shared-services VPCs), some spoke-to-spoke; no VPC over 45 peers. */
function planPeerings(p: GenParams, rng: () => number): [number, number][] {
  const pairs: [number, number][] = [];
  if (p.vpcs < 2) return pairs;
  const degree = new Int32Array(p.vpcs);
  const seen = new Set<number>();
  const hubs = Math.max(1, Math.ceil(p.vpcs / 20));
  const maxPossible = Math.floor((p.vpcs * Math.min(MAX_PEERS_PER_VPC, p.vpcs - 1)) / 2);
  const want = Math.min(p.peerings, maxPossible);
  let attempts = 0;
  while (pairs.length < want && attempts < want * 50) {
    attempts++;
    const a = rng() < 0.6 ? randInt(rng, 0, hubs - 1) : randInt(rng, 0, p.vpcs - 1);
    const b = randInt(rng, 0, p.vpcs - 1);
    if (a === b) continue;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const key = lo * p.vpcs + hi;
    if (seen.has(key) || (degree[lo] ?? 0) >= MAX_PEERS_PER_VPC || (degree[hi] ?? 0) >= MAX_PEERS_PER_VPC)
      continue;
    seen.add(key);
    degree[lo] = (degree[lo] ?? 0) + 1;
    degree[hi] = (degree[hi] ?? 0) + 1;
    pairs.push([lo, hi]);
  }
  return pairs;
}

/** Build a synthetic network. `generateNetwork(PRESETS.small)` → 1 VPC, 4 subnets, 40 ENIs. */
export function generateNetwork(p: GenParams, name = 'synthetic'): GeneratedNetwork {
  const rng = makeRng(p.seed);
  const subnetsPerVpc = Math.max(1, p.subnetsPerVpc);
  // Address plan: subnets hold 4 reserved + ENIs + a NAT gateway + broadcast (ADDR-2); at least /24 each.
  const subnetLen = Math.min(24, 32 - ceilLog2(p.enisPerSubnet + 6));
  let vpcLen = subnetLen - ceilLog2(subnetsPerVpc);
  if (vpcLen > 20) vpcLen = 20; // a /20 VPC (ADDR-1 allows /16…/28) keeps the plan simple
  if (vpcLen < 16)
    throw new RangeError(`${subnetsPerVpc} subnets of /${subnetLen} do not fit a /16 VPC (ADDR-1)`);
  if (p.vpcs > 2 ** (vpcLen - 8)) throw new RangeError(`${p.vpcs} VPCs of /${vpcLen} do not fit 10.0.0.0/8`);

  const shared = buildShared(p, rng);
  const peerPairs = planPeerings(p, rng);
  const peersOf: { vpc: number; pcx: string }[][] = Array.from({ length: p.vpcs }, () => []);
  const peerings: PeeringConnection[] = peerPairs.map(([a, b], k) => {
    const id = `pcx${k}`;
    peersOf[a]?.push({ vpc: b, pcx: id });
    peersOf[b]?.push({ vpc: a, pcx: id });
    return { id, requesterVpc: `vpc${a}`, accepterVpc: `vpc${b}`, state: 'active' };
  });

  const vpcs: Vpc[] = [];
  const subnets: Subnet[] = [];
  const routeTables: RouteTable[] = [];
  const igws: InternetGateway[] = [];
  const nats: NatGateway[] = [];
  const enis: NetworkInterface[] = [];
  const instances: Instance[] = [];
  const sgs: SecurityGroup[] = [];
  const nacls: NetworkAcl[] = [];
  let eip = 0;
  const nextEip = (): string | undefined =>
    eip < EIP_COUNT ? formatIpv4((EIP_BASE + eip++) >>> 0) : undefined;
  const vpcCidr = (i: number): string =>
    `${formatIpv4((0x0a000000 + i * 2 ** (32 - vpcLen)) >>> 0)}/${vpcLen}`;
  const nAz = Math.max(1, Math.min(3, Math.floor(subnetsPerVpc / 2)));
  const azNames = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  let sgRules = 0;
  let naclRules = 0;
  let routes = 0;

  for (let i = 0; i < p.vpcs; i++) {
    const v = `vpc${i}`;
    const base = (0x0a000000 + i * 2 ** (32 - vpcLen)) >>> 0;
    const peers = peersOf[i] ?? [];
    const peerRoutes: Route[] = peers.map((x) => ({
      destination: vpcCidr(x.vpc),
      target: { kind: 'vpc-peering', id: x.pcx },
    }));

    // Security groups (SG-4 default, tiers referencing each other: SG-6, allow-lists carrying the budget).
    const sg = (suffix: string): string => `${v}-sg-${suffix}`;
    const tier: SecurityGroup[] = [
      {
        id: sg('default'),
        vpc: v,
        groupName: 'default',
        isDefault: true,
        inbound: [sgRefRule(ALL, sg('default'))],
        outbound: shared.anyOut,
      },
      { id: sg('bastion'), vpc: v, groupName: 'bastion', inbound: shared.bastionIn, outbound: shared.anyOut },
      {
        id: sg('web'),
        vpc: v,
        groupName: 'web',
        inbound: [...shared.webIn, sgRefRule(TCP, sg('bastion'), 22)],
        outbound: shared.anyOut,
      },
      {
        id: sg('app'),
        vpc: v,
        groupName: 'app',
        inbound: [
          sgRefRule(TCP, sg('web'), 8080),
          sgRefRule(TCP, sg('bastion'), 22),
          // SG-6: peered VPCs' app groups, referenced by id (same Region and account, peering active).
          ...peers.slice(0, MAX_PEER_SG_REFS).map((x) => sgRefRule(TCP, `vpc${x.vpc}-sg-app`, 8080)),
          ...peers.slice(MAX_PEER_SG_REFS).map((x) => cidrRule(TCP, vpcCidr(x.vpc), 8080)),
        ],
        outbound: shared.anyOut,
      },
      {
        id: sg('db'),
        vpc: v,
        groupName: 'db',
        inbound: [sgRefRule(TCP, sg('app'), 5432), sgRefRule(TCP, sg('bastion'), 22)],
        outbound: shared.dbOut,
      },
    ];
    let budget = p.sgRulesPerVpc;
    for (const g of tier) budget -= g.inbound.length + g.outbound.length;
    const fillers: SecurityGroup[] = [];
    for (let k = 0; budget > 0; k++) {
      const variant = (i + k) % FILLER_VARIANTS;
      const nIn = Math.min(SG_RULES_PER_DIRECTION, Math.ceil(budget / 2));
      const nOut = Math.min(SG_RULES_PER_DIRECTION, budget - nIn);
      fillers.push({
        id: sg(`allow${k}`),
        vpc: v,
        groupName: `partner-allowlist-${k}`,
        inbound: fillerSlice(shared, 'in', variant, nIn),
        outbound: fillerSlice(shared, 'out', variant, nOut),
      });
      budget -= nIn + nOut;
    }
    for (const g of [...tier, ...fillers]) {
      sgs.push(g);
      sgRules += g.inbound.length + g.outbound.length;
    }
    // One SG-id array per (tier, allow-list) combination, shared by the ENIs that use it; ≤ 3 SGs per ENI (SG-12).
    const sgSets = new Map<string, readonly string[]>();
    const sgSet = (...ids: string[]): readonly string[] => {
      const key = ids.join(',');
      let s = sgSets.get(key);
      if (s === undefined) {
        s = ids;
        sgSets.set(key, s);
      }
      return s;
    };

    // Network ACLs: shared rule arrays (NACL-2 numbering, NACL-6 ephemeral ranges).
    const naclPublic = `${v}-nacl-public`;
    const naclPrivate = `${v}-nacl-private`;
    nacls.push(
      { id: naclPublic, vpc: v, inbound: shared.naclPublicIn, outbound: shared.naclPublicOut },
      { id: naclPrivate, vpc: v, inbound: shared.naclPrivateIn, outbound: shared.naclPrivateOut },
    );
    naclRules +=
      shared.naclPublicIn.length +
      shared.naclPublicOut.length +
      shared.naclPrivateIn.length +
      shared.naclPrivateOut.length;

    // Gateways and route tables (RT-9: every subnet explicitly associated; main = the first private table).
    const igw = `${v}-igw`;
    igws.push({ id: igw, vpc: v });
    const rtPublic = `${v}-rt-public`;
    const publicRoutes: Route[] = [
      { destination: ANY4, target: { kind: 'internet-gateway', id: igw } },
      ...peerRoutes,
    ];
    routeTables.push({ id: rtPublic, vpc: v, routes: publicRoutes });
    routes += publicRoutes.length;
    const hasPrivate = subnetsPerVpc >= 2;
    const rtPrivate = (az: number): string => `${v}-rt-private-${az}`;
    const natOfAz: string[] = [];

    for (let k = 0; k < subnetsPerVpc; k++) {
      const sn = `${v}-sn${k}`;
      const isPublic = k % 2 === 0 || !hasPrivate;
      const az = Math.floor(k / 2) % nAz;
      const snBase = (base + k * 2 ** (32 - subnetLen)) >>> 0;
      subnets.push({
        id: sn,
        vpc: v,
        cidr: `${formatIpv4(snBase)}/${subnetLen}`,
        az: azNames[az],
        routeTable: isPublic ? rtPublic : rtPrivate(az),
        networkAcl: isPublic ? naclPublic : naclPrivate,
      });
      // NGW-1: one public NAT gateway per AZ, in that AZ's first public subnet, after the ENIs' addresses.
      if (isPublic && hasPrivate && natOfAz[az] === undefined) {
        const nat = `${v}-nat-${az}`;
        natOfAz[az] = nat;
        nats.push({
          id: nat,
          subnet: sn,
          connectivity: 'public',
          privateIp: formatIpv4((snBase + 4 + p.enisPerSubnet) >>> 0),
          publicIp: nextEip(),
          state: 'available',
        });
      }
      for (let j = 0; j < p.enisPerSubnet; j++) {
        const eniId = `${sn}-eni${j}`;
        const instId = `${sn}-i${j}`;
        const filler =
          fillers.length > 0 ? fillers[(k * p.enisPerSubnet + j) % fillers.length]?.id : undefined;
        const tierSg = isPublic ? (j === 0 ? sg('bastion') : sg('web')) : j % 3 === 2 ? sg('db') : sg('app');
        const groups = filler === undefined ? sgSet(tierSg) : sgSet(tierSg, filler);
        const priv = formatIpv4((snBase + 4 + j) >>> 0); // ADDR-2: .0–.3 reserved
        enis.push({
          id: eniId,
          subnet: sn,
          addresses: [isPublic ? { private: priv, public: nextEip() } : { private: priv }],
          sourceDestCheck: true,
          securityGroups: groups,
          instance: instId,
          deviceIndex: 0,
          owner: 'instance',
        });
        instances.push({ id: instId, interfaces: [eniId], state: 'running' });
      }
    }
    if (hasPrivate) {
      for (let az = 0; az < nAz; az++) {
        const rs: Route[] = [
          { destination: ANY4, target: { kind: 'nat-gateway', id: natOfAz[az] ?? natOfAz[0] ?? '' } },
          ...peerRoutes,
        ];
        routeTables.push({ id: rtPrivate(az), vpc: v, routes: rs, main: az === 0 });
        routes += rs.length;
      }
    }
    vpcs.push({
      id: v,
      cidrs: [vpcCidr(i)],
      region: 'us-east-1',
      accountId: '111122223333',
      mainRouteTable: hasPrivate ? rtPrivate(0) : rtPublic,
      defaultSecurityGroup: sg('default'),
    });
    if (!hasPrivate) {
      // Single-subnet VPC: its only (public) table is the main one.
      const last = routeTables.pop();
      if (last) routeTables.push({ ...last, main: true });
    }
  }

  const network: Network = {
    ...emptyNetwork(),
    vpcs,
    subnets,
    routeTables,
    internetGateways: igws,
    natGateways: nats,
    networkInterfaces: enis,
    instances,
    securityGroups: sgs,
    networkAcls: nacls,
    peerings,
  };
  return {
    name,
    network,
    stats: {
      vpcs: vpcs.length,
      subnets: subnets.length,
      enis: enis.length,
      instances: instances.length,
      securityGroups: sgs.length,
      sgRules,
      networkAcls: nacls.length,
      naclRules,
      routeTables: routeTables.length,
      routes,
      natGateways: nats.length,
      peerings: peerings.length,
    },
  };
}

/**
 * Scenario S2 of scenarios.md (ingress routing through an appliance), exactly, as model objects.
 * Flow 1: 203.0.113.50 → 198.51.100.10 tcp/443; flow 2: `app` → 203.0.113.50 tcp/443 — both reachable.
 */
export function s2Network(): GeneratedNetwork {
  const rule = (protocol: number, cidr: string, port?: number): SecurityGroupRule =>
    cidrRule(protocol, cidr, port);
  const network: Network = {
    ...emptyNetwork(),
    vpcs: [{ id: 'vpc', cidrs: ['10.0.0.0/16'], region: 'ap-northeast-1' }],
    internetGateways: [{ id: 'igw', vpc: 'vpc', routeTable: 'gateway-rtb' }],
    subnets: [
      {
        id: 'appliance-subnet',
        vpc: 'vpc',
        cidr: '10.0.0.0/24',
        az: 'ap-northeast-1a',
        routeTable: 'appliance-rtb',
      },
      { id: 'app-subnet', vpc: 'vpc', cidr: '10.0.1.0/24', az: 'ap-northeast-1a', routeTable: 'app-rtb' },
    ],
    routeTables: [
      // Appliance subnet: local, 0.0.0.0/0 → igw.
      {
        id: 'appliance-rtb',
        vpc: 'vpc',
        routes: [{ destination: ANY4, target: { kind: 'internet-gateway', id: 'igw' } }],
      },
      // Application subnet: local, 0.0.0.0/0 → appliance ENI (RT-17).
      {
        id: 'app-rtb',
        vpc: 'vpc',
        routes: [{ destination: ANY4, target: { kind: 'network-interface', id: 'appliance-eni' } }],
      },
      // Gateway route table (RT-11/RT-12): 10.0.0.0/16 → local (implicit), 10.0.1.0/24 → appliance ENI.
      {
        id: 'gateway-rtb',
        vpc: 'vpc',
        routes: [{ destination: '10.0.1.0/24', target: { kind: 'network-interface', id: 'appliance-eni' } }],
      },
    ],
    networkInterfaces: [
      {
        id: 'appliance-eni',
        subnet: 'appliance-subnet',
        addresses: [{ private: '10.0.0.10', public: '198.51.100.20' }], // RT-15: needs a public IP
        sourceDestCheck: false, // ENI-1: an appliance
        securityGroups: ['appliance-sg'],
        instance: 'appliance',
        deviceIndex: 0,
        owner: 'instance',
      },
      {
        id: 'app-eni',
        subnet: 'app-subnet',
        addresses: [{ private: '10.0.1.10', public: '198.51.100.10' }],
        sourceDestCheck: true,
        securityGroups: ['app-sg'],
        instance: 'app',
        deviceIndex: 0,
        owner: 'instance',
      },
    ],
    instances: [
      // IP forwarding on, no NAT.
      {
        id: 'appliance',
        interfaces: ['appliance-eni'],
        state: 'running',
        os: { ...defaultOs(), ipForward: true },
      },
      { id: 'app', interfaces: ['app-eni'], state: 'running' },
    ],
    securityGroups: [
      { id: 'appliance-sg', vpc: 'vpc', inbound: [rule(ALL, ANY4)], outbound: [rule(ALL, ANY4)] },
      { id: 'app-sg', vpc: 'vpc', inbound: [rule(TCP, ANY4, 443)], outbound: [rule(ALL, ANY4)] },
    ],
  };
  return {
    name: 's2',
    network,
    stats: {
      vpcs: 1,
      subnets: 2,
      enis: 2,
      instances: 2,
      securityGroups: 2,
      sgRules: 4,
      networkAcls: 0,
      naclRules: 0,
      routeTables: 3,
      routes: 3,
      natGateways: 0,
      peerings: 0,
    },
  };
}

/** Build a preset. `generatePreset('huge')` → 1,000 VPCs, 100,000 ENIs, 1,000,000 rules. */
export function generatePreset(name: PresetName): GeneratedNetwork {
  return name === 's2' ? s2Network() : generateNetwork(PRESETS[name], name);
}

/** Internet addresses for flows: outside 10/8, the EIP range and the NACL block list (11–99.x). */
function internetAddress(rng: () => number): string {
  const pool = ['203.0.113.', '198.51.100.', '192.0.2.', '142.250.196.', '151.101.1.', '104.16.132.'];
  const prefix = pool[randInt(rng, 0, pool.length - 1)] ?? '203.0.113.';
  return `${prefix}${randInt(rng, 1, 254)}`;
}

/**
 * `count` different flows over a generated network, deterministic for a seed. Mix (synthetic presets), mostly the
 * traffic the network is built for: 30 % between tiers (web → app:8080, app → db:5432, bastion → *:22), 20 % out to
 * the internet through NAT (tcp/443, udp/123), 20 % from the internet to web servers and bastions, 10 % across a
 * peering (app → peer app:8080), 5 % within one subnet (RT-8), 15 % anything to anything (mostly refused). For
 * `s2`: its two flows with varied internet addresses and source ports. Source ports are drawn from 1024–65535 so no
 * two flows are alike.
 */
export function sampleFlows(g: GeneratedNetwork, count: number, seed = 7): FlowSpec[] {
  const rng = makeRng(seed);
  const out: FlowSpec[] = [];
  const srcPort = (): number => randInt(rng, 1024, 65535);
  if (g.name === 's2') {
    for (let k = 0; k < count; k++) {
      const inbound = k % 2 === 0;
      let peer = internetAddress(rng);
      while (peer === '198.51.100.10' || peer === '198.51.100.20') peer = internetAddress(rng);
      out.push(
        inbound
          ? { from: peer, to: '198.51.100.10', protocol: 'tcp', port: 443, srcPort: srcPort() }
          : { from: 'app', to: peer, protocol: 'tcp', port: 443, srcPort: srcPort() },
      );
    }
    return out;
  }
  const net = g.network;
  const enis = net.networkInterfaces;
  if (enis.length === 0) return out;
  // The generator lays ENIs out VPC by VPC, subnet by subnet, with equal counts: index arithmetic finds neighbours,
  // and an ENI's first security group names its tier (web, app, db, bastion).
  const perSubnet = Math.max(1, Math.floor(enis.length / Math.max(1, net.subnets.length)));
  const perVpc = Math.max(1, Math.floor(net.subnets.length / Math.max(1, net.vpcs.length))) * perSubnet;
  const vpcIndex = new Map<string, number>();
  net.vpcs.forEach((v, i) => vpcIndex.set(v.id, i));
  const peersOf: number[][] = net.vpcs.map(() => []);
  for (const pc of net.peerings) {
    const a = vpcIndex.get(pc.requesterVpc);
    const b = vpcIndex.get(pc.accepterVpc);
    if (a === undefined || b === undefined) continue;
    peersOf[a]?.push(b);
    peersOf[b]?.push(a);
  }
  type Tier = 'web' | 'app' | 'db' | 'bastion';
  const tiers: Tier[] = ['web', 'app', 'db', 'bastion'];
  const byTier: Record<Tier, number[]>[] = net.vpcs.map(() => ({ web: [], app: [], db: [], bastion: [] }));
  enis.forEach((e, i) => {
    const first = e.securityGroups[0] ?? '';
    const t = tiers.find((x) => first.endsWith(`-sg-${x}`));
    if (t !== undefined) byTier[Math.floor(i / perVpc)]?.[t].push(i);
  });
  const eniOf = (vpcNo: number, t: Tier): NetworkInterface | undefined => {
    const list = byTier[vpcNo]?.[t] ?? [];
    return list.length === 0 ? undefined : enis[list[randInt(rng, 0, list.length - 1)] ?? 0];
  };
  const ip = (e: NetworkInterface | undefined): string | undefined => e?.addresses[0]?.private;
  const ports = [443, 8080, 5432, 22, 80];
  for (let tries = 0; out.length < count && tries < count * 4; tries++) {
    const vpcNo = randInt(rng, 0, net.vpcs.length - 1);
    const r = rng();
    let from: NetworkInterface | string | undefined;
    let to: string | undefined;
    let port = 443;
    let protocol = 'tcp';
    if (r < 0.15) {
      from = eniOf(vpcNo, 'web'); // web → app:8080 (app SG admits the web SG, SG-6)
      to = ip(eniOf(vpcNo, 'app'));
      port = 8080;
    } else if (r < 0.25) {
      from = eniOf(vpcNo, 'app'); // app → db:5432
      to = ip(eniOf(vpcNo, 'db'));
      port = 5432;
    } else if (r < 0.3) {
      from = eniOf(vpcNo, 'bastion'); // bastion → any tier:22
      to = ip(eniOf(vpcNo, tiers[randInt(rng, 0, 2)] ?? 'web'));
      port = 22;
    } else if (r < 0.45) {
      from = eniOf(vpcNo, rng() < 0.5 ? 'app' : 'db'); // private → internet through the AZ's NAT gateway
      to = internetAddress(rng);
    } else if (r < 0.5) {
      from = eniOf(vpcNo, 'app');
      to = internetAddress(rng);
      protocol = 'udp';
      port = 123;
    } else if (r < 0.65) {
      from = internetAddress(rng); // internet → a web server's public IP (IGW-2)
      to = eniOf(vpcNo, 'web')?.addresses[0]?.public;
    } else if (r < 0.7) {
      from = `198.51.100.${randInt(rng, 1, 254)}`; // the office range → bastion:22
      to = eniOf(vpcNo, 'bastion')?.addresses[0]?.public;
      port = 22;
    } else if (r < 0.8) {
      const peers = peersOf[vpcNo] ?? [];
      const peer = peers.length > 0 ? (peers[randInt(rng, 0, peers.length - 1)] ?? vpcNo) : undefined;
      from = eniOf(vpcNo, peer === undefined ? 'web' : 'app'); // app → peered VPC's app:8080 (PCX, SG-6)
      to = ip(eniOf(peer ?? vpcNo, 'app'));
      port = 8080;
    } else if (r < 0.85) {
      // Same subnet: delivered without route table or NACL (RT-8).
      const list = byTier[vpcNo]?.web ?? [];
      const i = list[randInt(rng, 0, Math.max(0, list.length - 1))];
      if (i !== undefined) {
        const start = Math.floor(i / perSubnet) * perSubnet;
        from = enis[i];
        to = ip(enis[start + ((i - start + 1 + randInt(rng, 0, perSubnet - 2)) % perSubnet)]);
      }
    } else {
      // Anything to anything in the VPC: mostly refused by a security group or NACL, as random traffic is.
      from = enis[vpcNo * perVpc + randInt(rng, 0, perVpc - 1)];
      to = ip(enis[vpcNo * perVpc + randInt(rng, 0, perVpc - 1)]);
      port = ports[randInt(rng, 0, ports.length - 1)] ?? 443;
    }
    const fromText = typeof from === 'string' ? from : from?.id;
    if (fromText === undefined || to === undefined || to === ip(typeof from === 'string' ? undefined : from))
      continue;
    out.push({ from: fromText, to, protocol, port, srcPort: srcPort() });
  }
  return out;
}

/**
 * Independent check of the generator's invariants (the header's list), so a benchmark never measures an invalid
 * network even before `validate/` exists. Returns problems (at most `limit`), empty when the network is sound.
 */
export function selfCheck(net: Network, limit = 20): string[] {
  const problems: string[] = [];
  const say = (m: string): void => {
    if (problems.length < limit) problems.push(m);
  };
  const ids = new Set<string>();
  const kinds: [string, readonly { readonly id: string }[]][] = [
    ['vpc', net.vpcs],
    ['subnet', net.subnets],
    ['route table', net.routeTables],
    ['internet gateway', net.internetGateways],
    ['NAT gateway', net.natGateways],
    ['ENI', net.networkInterfaces],
    ['instance', net.instances],
    ['security group', net.securityGroups],
    ['network ACL', net.networkAcls],
    ['peering', net.peerings],
  ];
  for (const [kind, list] of kinds) {
    for (const r of list) {
      if (ids.has(r.id)) say(`duplicate id ${r.id} (${kind})`);
      ids.add(r.id);
    }
  }
  const parse = (cidr: string): [number, number] | undefined => {
    const [a, l] = cidr.split('/');
    const len = Number(l);
    const base = a === undefined ? NaN : mustParseIpv4(a);
    return Number.isInteger(len) && len >= 0 && len <= 32 ? [base, len] : undefined;
  };
  const inside = (addr: number, [base, len]: [number, number]): boolean =>
    addr >= base && addr < base + 2 ** (32 - len);
  const vpcById = new Map(net.vpcs.map((v) => [v.id, v]));
  const sgById = new Map(net.securityGroups.map((g) => [g.id, g]));
  const peersOf = new Map<string, Set<string>>();
  for (const pc of net.peerings) {
    for (const [a, b] of [
      [pc.requesterVpc, pc.accepterVpc],
      [pc.accepterVpc, pc.requesterVpc],
    ] as const) {
      if (!vpcById.has(a)) say(`peering ${pc.id}: no VPC ${a}`);
      const s = peersOf.get(a) ?? new Set<string>();
      s.add(b);
      peersOf.set(a, s);
    }
  }
  for (const [v, s] of peersOf) if (s.size > 50) say(`VPC ${v}: ${s.size} peerings (quota 50)`);
  // VPC CIDRs must not overlap (peered ones must not, PCX; all of ours live side by side in 10/8).
  const vpcBlocks = net.vpcs
    .map((v) => parse(v.cidrs[0] ?? ''))
    .filter((x): x is [number, number] => x !== undefined);
  vpcBlocks.sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < vpcBlocks.length; k++) {
    const prev = vpcBlocks[k - 1] as [number, number];
    const cur = vpcBlocks[k] as [number, number];
    if (prev[0] + 2 ** (32 - prev[1]) > cur[0]) say(`VPC CIDRs overlap at ${formatIpv4(cur[0])}`);
    if (cur[1] < 16 || cur[1] > 28) say(`VPC CIDR /${cur[1]} outside /16…/28 (ADDR-1)`);
  }
  const subnetBlock = new Map<string, [number, number]>();
  for (const s of net.subnets) {
    const vpc = vpcById.get(s.vpc);
    const b = parse(s.cidr ?? '');
    const vb = vpc ? parse(vpc.cidrs[0] ?? '') : undefined;
    if (!vpc || !b || !vb) {
      say(`subnet ${s.id}: bad VPC or CIDR`);
      continue;
    }
    if (!inside(b[0], vb) || b[1] < vb[1])
      say(`subnet ${s.id} ${s.cidr} outside its VPC ${vpc.cidrs[0] ?? ''}`);
    subnetBlock.set(s.id, b);
    if (s.routeTable !== undefined && !ids.has(s.routeTable))
      say(`subnet ${s.id}: no route table ${s.routeTable}`);
    if (s.networkAcl !== undefined && !ids.has(s.networkAcl)) say(`subnet ${s.id}: no NACL ${s.networkAcl}`);
  }
  for (const rt of net.routeTables) {
    if (rt.routes.length > 50) say(`route table ${rt.id}: ${rt.routes.length} routes (quota 50, RT-20)`);
    for (const r of rt.routes)
      if (r.target.id !== undefined && !ids.has(r.target.id))
        say(`route table ${rt.id}: no target ${r.target.id}`);
  }
  const used = new Set<number>();
  for (const e of net.networkInterfaces) {
    const b = subnetBlock.get(e.subnet);
    if (!b) {
      say(`ENI ${e.id}: no subnet ${e.subnet}`);
      continue;
    }
    for (const a of e.addresses) {
      const addr = mustParseIpv4(a.private);
      const off = addr - b[0];
      if (!inside(addr, b) || off < 4 || off === 2 ** (32 - b[1]) - 1)
        say(`ENI ${e.id}: ${a.private} not usable in ${e.subnet} (ADDR-2)`);
      if (used.has(addr)) say(`ENI ${e.id}: ${a.private} used twice`);
      used.add(addr);
    }
    if (e.securityGroups.length > 5) say(`ENI ${e.id}: ${e.securityGroups.length} SGs (quota 5, SG-12)`);
    for (const g of e.securityGroups) if (!sgById.has(g)) say(`ENI ${e.id}: no security group ${g}`);
    if (e.instance !== undefined && !ids.has(e.instance)) say(`ENI ${e.id}: no instance ${e.instance}`);
  }
  for (const n of net.natGateways) {
    const b = subnetBlock.get(n.subnet);
    const addr = mustParseIpv4(n.privateIp);
    if (!b || !inside(addr, b)) say(`NAT gateway ${n.id}: ${n.privateIp} outside subnet ${n.subnet}`);
    if (used.has(addr)) say(`NAT gateway ${n.id}: ${n.privateIp} used twice`);
    used.add(addr);
  }
  for (const g of net.securityGroups) {
    if (g.inbound.length > 60 || g.outbound.length > 60)
      say(`security group ${g.id}: more than 60 rules a direction (SG-12)`);
    for (const r of [...g.inbound, ...g.outbound]) {
      if (r.peer.kind !== 'security-group') continue;
      const ref = sgById.get(r.peer.group);
      if (!ref) say(`security group ${g.id}: references missing group ${r.peer.group}`);
      else if (ref.vpc !== g.vpc && !peersOf.get(g.vpc)?.has(ref.vpc))
        say(`security group ${g.id}: references ${ref.id} in an unpeered VPC (SG-6)`);
    }
  }
  for (const a of net.networkAcls) {
    for (const dir of [a.inbound, a.outbound]) {
      if (dir.length > 19)
        say(`network ACL ${a.id}: ${dir.length} rules in one direction (quota 20 incl. *, NACL-9)`);
      const nums = new Set<number>();
      for (const r of dir) {
        if (r.number < 1 || r.number > 32766 || nums.has(r.number))
          say(`network ACL ${a.id}: bad or duplicate rule number ${r.number}`);
        nums.add(r.number);
      }
    }
  }
  return problems;
}

/**
 * The generated network written in vpcsim's native YAML (src/formats/native/schema.ts), so the benchmark can
 * measure loading a file, not just building objects. Same names as the model (ENIs keep their ids: instances list
 * them under `interfaces`), rules in the console-like one-line syntax. Only what the generator produces is
 * supported (IPv4, CIDR / security-group peers, TCP/UDP/ICMP/all); rule descriptions are not written.
 */
export function toNativeYaml(g: GeneratedNetwork): string {
  const net = g.network;
  const out: string[] = [
    `vpcsim: 1`,
    `description: synthetic network "${g.name}" from bench/generate.ts`,
    'vpcs:',
  ];
  const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
  const proto = (p: number): string =>
    p === -1 ? 'all' : p === 6 ? 'tcp' : p === 17 ? 'udp' : p === 1 ? 'icmp' : String(p);
  const sel = (r: {
    protocol: number;
    ports?: { from: number; to: number } | undefined;
    icmp?: { type: number; code: number } | undefined;
  }): string => {
    if (r.ports)
      return `${proto(r.protocol)} ${r.ports.from === r.ports.to ? String(r.ports.from) : `${r.ports.from}-${r.ports.to}`}`;
    if (r.icmp)
      return `${proto(r.protocol)} ${r.icmp.code < 0 ? String(r.icmp.type) : `${r.icmp.type}:${r.icmp.code}`}`;
    return proto(r.protocol);
  };
  const sgRule = (r: SecurityGroupRule, dir: 'from' | 'to'): string => {
    const peer =
      r.peer.kind === 'cidr'
        ? r.peer.cidr
        : r.peer.kind === 'security-group'
          ? r.peer.group
          : r.peer.prefixList;
    return q(`${sel(r)} ${dir} ${peer}`);
  };
  const naclRule = (r: NetworkAclRule, dir: 'from' | 'to'): string =>
    q(`${r.number} ${r.action} ${sel(r)} ${dir} ${r.cidr}`);
  const byVpc = <T extends { readonly vpc?: string | undefined }>(list: readonly T[]): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const x of list) {
      const k = x.vpc ?? '';
      const l = m.get(k) ?? [];
      l.push(x);
      m.set(k, l);
    }
    return m;
  };
  const subnetsOf = byVpc(net.subnets);
  const rtsOf = byVpc(net.routeTables);
  const sgsOf = byVpc(net.securityGroups);
  const naclsOf = byVpc(net.networkAcls);
  const igwOf = new Map(net.internetGateways.map((i) => [i.vpc ?? '', i]));
  const vpcOfSubnet = new Map(net.subnets.map((s) => [s.id, s.vpc]));
  const natsOf = new Map<string, NatGateway[]>();
  for (const n of net.natGateways) {
    const v = vpcOfSubnet.get(n.subnet) ?? '';
    natsOf.set(v, [...(natsOf.get(v) ?? []), n]);
  }
  const enisOf = new Map<string, NetworkInterface[]>();
  for (const e of net.networkInterfaces) {
    const v = vpcOfSubnet.get(e.subnet) ?? '';
    const l = enisOf.get(v) ?? [];
    l.push(e);
    enisOf.set(v, l);
  }
  const instanceById = new Map(net.instances.map((i) => [i.id, i]));
  for (const v of net.vpcs) {
    out.push(`  ${v.id}:`);
    out.push(`    cidr: ${v.cidrs[0] ?? ''}`);
    if (v.region !== undefined) out.push(`    region: ${v.region}`);
    if (v.accountId !== undefined) out.push(`    account: ${q(v.accountId)}`);
    const igw = igwOf.get(v.id);
    if (igw)
      out.push(
        igw.routeTable
          ? `    internetGateway: { name: ${igw.id}, routeTable: ${igw.routeTable} }`
          : `    internetGateway: ${igw.id}`,
      );
    out.push('    subnets:');
    for (const s of subnetsOf.get(v.id) ?? []) {
      const f = [`cidr: ${s.cidr}`];
      if (s.az !== undefined) f.push(`az: ${s.az}`);
      if (s.routeTable !== undefined) f.push(`routeTable: ${s.routeTable}`);
      if (s.networkAcl !== undefined) f.push(`networkAcl: ${s.networkAcl}`);
      out.push(`      ${s.id}: { ${f.join(', ')} }`);
    }
    const rts = rtsOf.get(v.id) ?? [];
    if (rts.length > 0) out.push('    routeTables:');
    for (const rt of rts) {
      const routes = rt.routes.map(
        (r) =>
          `${r.destination ?? r.destinationPrefixList ?? ''}: ${r.target.kind === 'local' ? 'local' : (r.target.id ?? '')}`,
      );
      const main = rt.main === true || v.mainRouteTable === rt.id ? 'main: true, ' : '';
      out.push(`      ${rt.id}: { ${main}routes: { ${routes.join(', ')} } }`);
    }
    const nats = natsOf.get(v.id) ?? [];
    if (nats.length > 0) out.push('    natGateways:');
    for (const n of nats) {
      const pub = n.publicIp !== undefined ? `, publicIp: ${n.publicIp}` : '';
      out.push(`      ${n.id}: { subnet: ${n.subnet}, type: ${n.connectivity}, ip: ${n.privateIp}${pub} }`);
    }
    const sgs = sgsOf.get(v.id) ?? [];
    if (sgs.length > 0) out.push('    securityGroups:');
    for (const sg of sgs) {
      out.push(`      ${sg.id}:`);
      if (sg.isDefault === true || v.defaultSecurityGroup === sg.id) out.push('        default: true');
      out.push(`        inbound: [${sg.inbound.map((r) => sgRule(r, 'from')).join(', ')}]`);
      out.push(`        outbound: [${sg.outbound.map((r) => sgRule(r, 'to')).join(', ')}]`);
    }
    const nacls = naclsOf.get(v.id) ?? [];
    if (nacls.length > 0) out.push('    networkAcls:');
    for (const a of nacls) {
      out.push(`      ${a.id}:`);
      out.push(`        inbound: [${a.inbound.map((r) => naclRule(r, 'from')).join(', ')}]`);
      out.push(`        outbound: [${a.outbound.map((r) => naclRule(r, 'to')).join(', ')}]`);
    }
    const enis = enisOf.get(v.id) ?? [];
    if (enis.length > 0) out.push('    networkInterfaces:');
    for (const e of enis) {
      const a = e.addresses[0];
      const f = [`subnet: ${e.subnet}`, `ip: ${a?.private ?? ''}`];
      if (a?.public !== undefined) f.push(`publicIp: ${a.public}`);
      if (!e.sourceDestCheck) f.push('sourceDestCheck: false');
      f.push(`securityGroups: [${e.securityGroups.join(', ')}]`);
      if (e.instance !== undefined) f.push(`instance: ${e.instance}`);
      out.push(`      ${e.id}: { ${f.join(', ')} }`);
    }
    const insts = [...new Set(enis.map((e) => e.instance).filter((x): x is string => x !== undefined))];
    if (insts.length > 0) out.push('    instances:');
    for (const id of insts) {
      const inst = instanceById.get(id);
      const osText = inst?.os?.ipForward === true ? `, os: { sysctl: { net.ipv4.ip_forward: 1 } }` : '';
      out.push(`      ${id}: { interfaces: [${(inst?.interfaces ?? []).join(', ')}]${osText} }`);
    }
  }
  if (net.peerings.length > 0) out.push('peerings:');
  for (const p of net.peerings) out.push(`  ${p.id}: { between: [${p.requesterVpc}, ${p.accepterVpc}] }`);
  out.push('');
  return out.join('\n');
}
