/**
 * Services the platform answers for an instance at link-local and reserved addresses (ADDR-4): the Amazon DNS
 * server (Route 53 Resolver) at the VPC's base + 2 and at 169.254.169.253, the instance metadata service (IMDS)
 * at 169.254.169.254, the Amazon Time Sync Service at 169.254.169.123, ECS task metadata at 169.254.170.2 and
 * Windows license activation at 169.254.169.250/251.
 *
 * Model: the hypervisor under the instance answers these itself, so the packet never crosses the VPC fabric —
 * security groups and network ACLs do not filter it (ADDR-4; UG/VPC_Security.html, UG/vpc-network-acls.html) and
 * no route table is consulted. The instance's own OS (netfilter) still applies. Only the instance's own VPC's
 * resolver answers: another VPC's base + 2, even across a peering, does not (PCX-7). The DNS server answers only
 * while the VPC's `enableDnsSupport` attribute is true (EC2API/API_ModifyVpcAttribute.html: "If enabled, queries
 * to the Amazon provided DNS server at the 169.254.169.253 IP address, or the reserved IP address at the base of
 * the VPC network range "plus two" succeed"). Each service answers its own protocol and port only (DNS: UDP and
 * TCP 53; IMDS and ECS task metadata: HTTP, TCP 80; Time Sync: NTP, UDP 123; Windows activation: KMS, TCP 1688).
 */
import { formatAddr } from '../net/addr.js';
import type { ExplanationCode } from '../diag/codes.js';
import { parseIpv4 } from '../net/ipv4.js';
import type { CVpc } from './compiled.js';
import type { Packet } from './packet.js';

export interface AmazonService {
  /** Hop id: what the service is called in traces. */
  readonly id: string;
  /** What the console and the docs call it. */
  readonly name: string;
  /** The (protocol, port) pairs it answers. */
  readonly ports: readonly (readonly [proto: number, port: number])[];
  /** True for the Amazon DNS server, which answers only while enableDnsSupport is on. */
  readonly dns: boolean;
}

const addr = (t: string): number => {
  const r = parseIpv4(t);
  if (!r.ok) throw new Error(t);
  return r.value;
};

const DNS: AmazonService = {
  id: 'amazon-dns',
  name: 'the Amazon DNS server (Route 53 Resolver)',
  ports: [
    [17, 53],
    [6, 53],
  ],
  dns: true,
};

const LINK_LOCAL: ReadonlyMap<number, AmazonService> = new Map<number, AmazonService>([
  [addr('169.254.169.253'), DNS],
  [
    addr('169.254.169.254'),
    { id: 'instance-metadata', name: 'the instance metadata service (IMDS)', ports: [[6, 80]], dns: false },
  ],
  [
    addr('169.254.169.123'),
    { id: 'amazon-time-sync', name: 'the Amazon Time Sync Service (NTP)', ports: [[17, 123]], dns: false },
  ],
  [
    addr('169.254.170.2'),
    { id: 'ecs-task-metadata', name: 'the ECS task metadata endpoint', ports: [[6, 80]], dns: false },
  ],
  [
    addr('169.254.169.250'),
    { id: 'windows-activation', name: 'Windows license activation (KMS)', ports: [[6, 1688]], dns: false },
  ],
  [
    addr('169.254.169.251'),
    { id: 'windows-activation', name: 'Windows license activation (KMS)', ports: [[6, 1688]], dns: false },
  ],
]);

/** The service the platform answers at `dst` for an instance in `vpc` (ADDR-4), if any. */
export function amazonServiceAt(vpc: CVpc, dst: number): AmazonService | undefined {
  if (dst === vpc.dnsAddress) return DNS;
  return LINK_LOCAL.get(dst);
}

/** The DNS address of a VPC: the base of its primary IPv4 CIDR plus two (ADDR-2). */
export function vpcDnsAddress(primaryBase: number | undefined): number | undefined {
  return primaryBase === undefined ? undefined : (primaryBase + 2) >>> 0;
}

/** Why `svc` does not answer `p`, or undefined when it does. */
export function serviceRefuses(
  vpc: CVpc,
  svc: AmazonService,
  p: Packet,
): { code: ExplanationCode; detail: string } | undefined {
  if (svc.dns && !vpc.dnsSupport) {
    return {
      code: 'VPC_DNS_SUPPORT_DISABLED',
      detail: `${vpc.id} has DNS resolution (enableDnsSupport) turned off: ${svc.name} at ${formatAddr(p.dst)} does not answer (ADDR-4)`,
    };
  }
  if (!svc.ports.some(([proto, port]) => proto === p.proto && port === p.dstPort)) {
    const list = svc.ports.map(([proto, port]) => `${proto === 6 ? 'TCP' : 'UDP'} ${port}`).join(', ');
    return {
      code: 'PROTOCOL_RESTRICTION',
      detail: `${svc.name} at ${formatAddr(p.dst)} answers only ${list} (ADDR-4)`,
    };
  }
  return undefined;
}
