/**
 * Lint: a security group rule that opens SSH (22), RDP (3389) or every port to the whole internet (0.0.0.0/0 or
 * ::/0). AWS accepts it (SG-5) and its Security Hub control EC2.13/EC2.14/EC2.19 flags it; the instance is then
 * reachable from anywhere on the internet as soon as it has a public address (IGW-2). The fix names the narrower
 * source to use instead. A group attached only to forwarding appliances (every interface carrying it has the
 * source/destination check off, ENI-1) must admit the traffic it forwards, so "all traffic" / "every port" is not
 * reported for it; an explicit SSH or RDP rule still is.
 */
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import type { Network, SecurityGroup, SecurityGroupRule } from '../model/network.js';

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const ADMIN_PORTS: readonly { port: number; name: string }[] = [
  { port: 22, name: 'SSH' },
  { port: 3389, name: 'RDP' },
];

/** What `rule` opens that should not be open to the world, or undefined. */
function openedToWorld(rule: SecurityGroupRule): string | undefined {
  if (rule.peer.kind !== 'cidr' || !WORLD.has(rule.peer.cidr)) return undefined;
  if (rule.protocol === -1) return 'all traffic';
  if (rule.protocol !== 6) return undefined; // SSH and RDP are TCP; UDP 3389 alone is not an admin login
  const ports = rule.ports ?? { from: 0, to: 65535 };
  if (ports.from <= 0 && ports.to >= 65535) return 'every TCP port';
  const admin = ADMIN_PORTS.filter((a) => ports.from <= a.port && a.port <= ports.to);
  if (admin.length === 0) return undefined;
  return admin.map((a) => `${a.name} (TCP ${a.port})`).join(' and ');
}

function lintGroup(g: SecurityGroup, applianceOnly: boolean, out: Diagnostic[]): void {
  for (const rule of g.inbound) {
    const what = openedToWorld(rule);
    if (what === undefined || rule.peer.kind !== 'cidr') continue;
    if (applianceOnly && (what === 'all traffic' || what === 'every TCP port')) continue;
    out.push(
      warning(
        'SG_OPEN_TO_WORLD',
        `security group ${g.id} admits ${what} from ${rule.peer.cidr}: any host on the internet can connect to an interface in this group that has a public address (SG-5, IGW-2). Fix: replace ${rule.peer.cidr} by your administration network's CIDR or a prefix list, or reach the instances through Session Manager or Client VPN`,
        rule.span ?? g.span,
        { resource: g.id, ref: 'SG-5' },
      ),
    );
  }
}

/** SG_OPEN_TO_WORLD for every inbound rule of every security group that opens SSH, RDP or everything to the world. */
export function lintOpenAdminPorts(net: Network): Diagnostic[] {
  const forwarding = new Set<string>();
  const ordinary = new Set<string>();
  for (const eni of net.networkInterfaces)
    for (const sg of eni.securityGroups) (eni.sourceDestCheck ? ordinary : forwarding).add(sg);
  const out: Diagnostic[] = [];
  for (const g of net.securityGroups) {
    const names = g.awsId !== undefined ? [g.id, g.awsId] : [g.id];
    const applianceOnly = names.some((n) => forwarding.has(n)) && !names.some((n) => ordinary.has(n));
    lintGroup(g, applianceOnly, out);
  }
  return out;
}
