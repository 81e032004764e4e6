/**
 * A VPC-shaped lab for kernel conformance: a router namespace (the VPC router + peerings, as plain routes) and
 * hosts, each with one interface `eth0` holding its primary and secondary private IPs and a default route via the
 * router (subnet base + 1, like the VPC router). The box under test (the NAT instance) gets the same sysctl and
 * iptables commands vpcsim parses; vpcsim's prediction is computed with osReceive/osSend from the same text.
 * Hosts are IPv4 or IPv6 (all of one lab the same family): IPv6 addresses are added without duplicate address
 * detection, in reverse order, so the kernel's address list (newest global address first) starts with the
 * primary, the address vpcsim's MASQUERADE and REDIRECT take; the router is the /64's ::1 (V6-1).
 */
import { parseOsConfig } from '../../src/formats/iptables/index.js';
import {
  compileOs,
  Conntrack,
  osReceive,
  osSend,
  type CompiledOs,
  type OsResult,
} from '../../src/dataplane/os/index.js';
import { mustParseIpv4 } from '../../src/net/ipv4.js';
import { formatAddr, mustParseAddr, type Addr } from '../../src/net/addr.js';
import { prefix4, prefix6 } from '../../src/net/prefix.js';
import { replyOf, type Packet } from '../../src/dataplane/packet.js';
import { Lab, type Agent } from './lab.js';

export interface HostSpec {
  readonly role: string;
  /** Primary first. */
  readonly addresses: readonly string[];
  readonly prefixLen: number;
}

export interface VpcLab {
  readonly lab: Lab;
  readonly router: string;
  readonly ns: Readonly<Record<string, string>>;
  readonly agents: Readonly<Record<string, Agent>>;
  readonly hosts: readonly HostSpec[];
}

/** Build router + hosts; `extraRouter` runs in the router namespace afterwards (policy routes …). */
export async function buildVpcLab(
  tag: string,
  hosts: readonly HostSpec[],
  ports: readonly number[],
  extraRouter?: string,
): Promise<VpcLab> {
  const lab = new Lab(tag);
  try {
    const router = lab.addNamespace('rt');
    lab.sh(
      router,
      'sysctl -qw net.ipv4.ip_forward=1; sysctl -qw net.ipv4.conf.all.send_redirects=0; sysctl -qw net.ipv4.conf.all.rp_filter=0; sysctl -qw net.ipv6.conf.all.forwarding=1',
    );
    const ns: Record<string, string> = {};
    const agents: Record<string, Agent> = {};
    hosts.forEach((h, k) => {
      const n = lab.addNamespace(h.role);
      ns[h.role] = n;
      lab.link(router, `r${k}`, n, 'eth0');
      const v6 = (h.addresses[0] ?? '').includes(':');
      if (v6) {
        const p = prefix6(mustParseAddr(h.addresses[0] ?? '::') as bigint, h.prefixLen);
        const gw = formatAddr(p.base + 1n);
        lab.exec(router, ['ip', '-6', 'addr', 'add', `${gw}/${h.prefixLen}`, 'dev', `r${k}`, 'nodad']);
        for (const a of [...h.addresses].reverse())
          lab.exec(n, ['ip', '-6', 'addr', 'add', `${a}/${h.prefixLen}`, 'dev', 'eth0', 'nodad']);
        lab.exec(n, ['ip', '-6', 'route', 'add', 'default', 'via', gw]);
      } else {
        const p = prefix4(mustParseIpv4(h.addresses[0] ?? '0.0.0.0'), h.prefixLen);
        const gw = formatAddr((p.base + 1) >>> 0);
        lab.exec(router, ['ip', 'addr', 'add', `${gw}/${h.prefixLen}`, 'dev', `r${k}`]);
        for (const a of h.addresses) lab.exec(n, ['ip', 'addr', 'add', `${a}/${h.prefixLen}`, 'dev', 'eth0']);
        lab.exec(n, ['ip', 'route', 'add', 'default', 'via', gw]);
      }
      lab.sh(n, 'sysctl -qw net.ipv4.conf.all.rp_filter=0; sysctl -qw net.ipv4.conf.eth0.rp_filter=0');
    });
    if (extraRouter) lab.sh(router, extraRouter);
    for (const h of hosts) {
      const a = await lab.agent(ns[h.role] as string);
      agents[h.role] = a;
      await lab.listen(a, h.addresses, ports);
    }
    return { lab, router, ns, agents, hosts };
  } catch (e) {
    lab.destroy();
    throw e;
  }
}

/** Parse the OS text as vpcsim does and compile it for a host of the lab. */
export function compileBox(host: HostSpec, osText: string): { os: CompiledOs; errors: string[] } {
  const { os, diagnostics } = parseOsConfig(osText, { file: `${host.role}.sh`, kind: 'commands' });
  const v6 = (host.addresses[0] ?? '').includes(':');
  const iface = v6
    ? {
        name: 'eth0',
        addresses: [],
        subnet: prefix4(0, 32),
        addresses6: host.addresses.map((a) => mustParseAddr(a) as bigint),
        subnet6: prefix6(mustParseAddr(host.addresses[0] ?? '::') as bigint, host.prefixLen),
      }
    : {
        name: 'eth0',
        addresses: host.addresses.map(mustParseIpv4),
        subnet: prefix4(mustParseIpv4(host.addresses[0] ?? '0.0.0.0'), host.prefixLen),
      };
  return {
    os: compileOs(host.role, os, [iface]),
    errors: diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
  };
}

/** What a flow does end to end, as observed (by the agents) or predicted (by vpcsim). */
export interface Observation {
  /** Role of the host whose listener got the first packet, or null. */
  received: string | null;
  /** `local:port ← peer:port` as the receiving socket saw it. */
  seenAs: string | null;
  /** The reply as the sender's socket saw it: `from:port`, or null. */
  reply: string | null;
}

export interface Flow {
  readonly proto: 'udp' | 'tcp';
  readonly from: string;
  readonly src: string;
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
  /** The first packet is routed to this box first (a route table pointing at the NAT instance). */
  readonly via?: string | undefined;
}

/**
 * vpcsim's prediction: the packet travels through the router to whoever owns the destination; the box (hosts
 * given in `boxes`) runs osReceive / osSend; a plain host receives when it listens on the port; the reply goes
 * back the same way. TCP delivers data only after a complete handshake, so a TCP receive needs the reply path.
 */
export function predict(
  lab: { hosts: readonly HostSpec[] },
  boxes: Readonly<Record<string, CompiledOs>>,
  flow: Flow,
  ports: readonly number[],
  /** The router's policy routes: a packet from `sender` to `dst` goes to this box first (undefined: by owner). */
  routerVia?: (sender: string, dst: Addr) => string | undefined,
): Observation & { dependsOn: string[] } {
  const owner = new Map<Addr, string>();
  for (const h of lab.hosts) for (const a of h.addresses) owner.set(mustParseAddr(a), h.role);
  const cts: Record<string, Conntrack> = {};
  for (const b of Object.keys(boxes)) cts[b] = new Conntrack();
  const dependsOn: string[] = [];
  const note = (r: OsResult): void => {
    if (r.dependsOn) dependsOn.push(...r.dependsOn);
  };
  /** Move a packet from the router to its final host; returns [host, packet] or null when lost. */
  const travel = (p0: Packet, sender0: string): [string, Packet] | null => {
    let p = p0;
    let sender = sender0;
    for (let steps = 0; steps < 8; steps++) {
      const via = routerVia?.(sender, p.dst);
      if (via !== undefined && via !== sender && boxes[via]) {
        const r = osReceive(boxes[via], cts[via] as Conntrack, 0, p);
        note(r);
        if (r.kind === 'drop') return null;
        if (r.kind === 'local') return [via, r.packet];
        p = r.packet;
        sender = via;
        continue;
      }
      const who = owner.get(p.dst);
      if (who === undefined) return null;
      // every Linux host drops a packet from the network whose source is one of its own addresses (martian)
      if (owner.get(p.src) === who) return null;
      const box = boxes[who];
      if (!box) return [who, p];
      const r = osReceive(box, cts[who] as Conntrack, 0, p);
      note(r);
      if (r.kind === 'drop') return null;
      if (r.kind === 'local') return [who, r.packet];
      p = r.packet;
      sender = who;
    }
    return null;
  };
  const first: Packet = {
    proto: flow.proto === 'udp' ? 17 : 6,
    src: mustParseAddr(flow.src),
    dst: mustParseAddr(flow.dst),
    srcPort: flow.sport,
    dstPort: flow.dport,
    icmpType: 0,
    icmpCode: 0,
  };
  const none = { received: null, seenAs: null, reply: null, dependsOn };
  const forwardPath = (p: Packet): [string, Packet] | null => {
    const viaBox = flow.via !== undefined ? boxes[flow.via] : undefined;
    if (flow.via !== undefined && viaBox) {
      const r = osReceive(viaBox, cts[flow.via] as Conntrack, 0, p);
      note(r);
      return r.kind === 'drop'
        ? null
        : r.kind === 'local'
          ? [flow.via, r.packet]
          : travel(r.packet, flow.via);
    }
    return travel(p, flow.from);
  };
  const arrived = forwardPath(first);
  if (!arrived) return none;
  const [rcv, pkt] = arrived;
  if (!ports.includes(pkt.dstPort)) return none;
  const seenAs = `${formatAddr(pkt.dst)}:${pkt.dstPort} ← ${formatAddr(pkt.src)}:${pkt.srcPort}`;
  // the reply, from the receiving host (a box sends it through its own stack first)
  let back: [string, Packet] | null;
  const rbox = boxes[rcv];
  if (rbox) {
    const r = osSend(rbox, cts[rcv] as Conntrack, replyOf(pkt));
    note(r);
    back = r.kind === 'forward' ? travel(r.packet, rcv) : r.kind === 'local' ? [rcv, r.packet] : null;
  } else back = travel(replyOf(pkt), rcv);
  const replyOk =
    back !== null &&
    back[0] === flow.from &&
    formatAddr(back[1].dst) === flow.src &&
    back[1].dstPort === flow.sport;
  const replyText = replyOk && back ? `${formatAddr(back[1].src)}:${back[1].srcPort}` : null;
  if (flow.proto === 'tcp') {
    // the SYN-ACK must come from the address and port the client connected to
    const tcpOk = replyText === `${flow.dst}:${flow.dport}`;
    if (!tcpOk) return none;
    // then the client's ACK and data: later packets of the connection (ESTABLISHED, with its NAT states) must
    // get through too — filter rules may treat them differently from the SYN
    const data = forwardPath(first);
    if (!data || data[0] !== rcv) return none;
  }
  return { received: rcv, seenAs, reply: replyText, dependsOn };
}

/** Run a flow for real and observe it. */
export async function observe(l: VpcLab, flow: Flow, id: string, waitMs: number): Promise<Observation> {
  const sender = l.agents[flow.from] as Agent;
  sender.send({
    op: 'send',
    proto: flow.proto,
    src: flow.src,
    sport: flow.sport,
    dst: flow.dst,
    dport: flow.dport,
    id,
    wait: waitMs,
  });
  const done = await sender.waitFor(
    (e) => (e.ev === 'reply' || e.ev === 'noreply') && e.id === id,
    waitMs + 3000,
  );
  // a receive without reply (UDP) is reported before the sender gives up; give stragglers a moment
  let received: string | null = null;
  let seenAs: string | null = null;
  // the receiver reports before it echoes, but its report travels through another process: wait for it (bounded)
  const isRecv = (x: { ev: string; id?: string }): boolean => x.ev === 'recv' && x.id === id;
  if (done?.ev === 'reply') {
    await Promise.race(
      Object.values(l.agents)
        .map((a) => a.waitFor(isRecv, 2000).then((e) => (e ? true : new Promise(() => {}))))
        .concat([new Promise((r) => setTimeout(r, 2000))]),
    );
  } else await new Promise((r) => setTimeout(r, 50));
  for (const [role, a] of Object.entries(l.agents)) {
    const e = a.events.find((x) => x.ev === 'recv' && x.id === id);
    if (e) {
      received = role;
      seenAs = `${e.local ?? ''}:${e.localPort ?? 0} ← ${e.peer ?? ''}:${e.peerPort ?? 0}`;
    }
  }
  const reply = done && done.ev === 'reply' ? `${done.from ?? ''}:${done.fromPort ?? 0}` : null;
  return { received, seenAs, reply };
}
