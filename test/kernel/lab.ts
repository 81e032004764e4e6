/**
 * A lab of Linux network namespaces for the kernel conformance tests: hosts joined to a "VPC router" namespace by
 * veth pairs (plain routes stand in for the VPC router and peering), one traffic agent (agent.mjs) per host.
 *
 * Every namespace is named `vpcsim-<pid>-<n>-<role>` so tests never touch anything they did not create;
 * `destroy()` removes them all (deleting a namespace removes its veths and kills nothing else) and is safe to call
 * twice. Every command and every wait has a timeout. Traffic stays inside the namespaces.
 */
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const AGENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'agent.ts');

/** Why the kernel suite cannot run here, or null when it can. */
export function kernelUnavailable(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not running as root (network namespaces need CAP_NET_ADMIN)';
  for (const tool of ['ip', 'iptables', 'iptables-restore']) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8', timeout: 5000 });
    if (r.status !== 0) return `"${tool}" is not installed (apt-get install -y iptables iproute2 tcpdump)`;
  }
  const probe = `vpcsim-${process.pid}-probe`;
  const r = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8', timeout: 5000 });
  if (r.status !== 0) return `cannot create a network namespace: ${r.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', probe], { timeout: 5000 });
  return null;
}

export function hasCommand(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { timeout: 5000 }).status === 0;
}

export interface AgentEvent {
  ev: string;
  id?: string;
  proto?: string;
  local?: string;
  localPort?: number;
  peer?: string;
  peerPort?: number;
  from?: string;
  fromPort?: number;
  error?: string;
  message?: string;
}

export class Agent {
  readonly events: AgentEvent[] = [];
  private buf = '';
  private waiters: { pred: (e: AgentEvent) => boolean; resolve: (e: AgentEvent | null) => void; timer: NodeJS.Timeout }[] = [];
  constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    proc.stdout.on('data', (d: Buffer) => {
      this.buf += d.toString();
      let k;
      while ((k = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, k);
        this.buf = this.buf.slice(k + 1);
        try {
          const e = JSON.parse(line) as AgentEvent;
          this.events.push(e);
          for (const w of [...this.waiters]) {
            if (w.pred(e)) {
              clearTimeout(w.timer);
              this.waiters = this.waiters.filter((x) => x !== w);
              w.resolve(e);
            }
          }
        } catch {
          /* not JSON: ignore */
        }
      }
    });
    proc.stderr.on('data', () => {});
  }
  send(cmd: object): void {
    this.proc.stdin.write(`${JSON.stringify(cmd)}\n`);
  }
  /** Wait (bounded) for an event; resolves null on timeout. Looks at events already received too. */
  waitFor(pred: (e: AgentEvent) => boolean, ms: number): Promise<AgentEvent | null> {
    const seen = this.events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const w = { pred, resolve, timer: setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        resolve(null);
      }, ms) };
      this.waiters.push(w);
    });
  }
  stop(): void {
    try {
      this.proc.stdin.end();
    } catch {
      /* already gone */
    }
    const pid = this.proc.pid;
    setTimeout(() => {
      if (this.proc.exitCode === null && pid !== undefined) {
        try {
          this.proc.kill('SIGKILL');
        } catch {
          /* gone */
        }
      }
    }, 1000).unref();
  }
}

let counter = 0;

export class Lab {
  readonly prefix: string;
  private readonly namespaces: string[] = [];
  private readonly agents: Agent[] = [];
  private vethCount = 0;

  constructor(tag: string) {
    counter++;
    this.prefix = `vpcsim-${process.pid}-${counter}-${tag}`;
  }

  ns(role: string): string {
    return `${this.prefix}-${role}`;
  }

  /** Run a command in a namespace (argv form); throws with stderr on failure. */
  exec(ns: string, argv: readonly string[], timeout = 10000): string {
    return execFileSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Run a shell script in a namespace. */
  sh(ns: string, script: string, timeout = 10000): string {
    return this.exec(ns, ['sh', '-c', script], timeout);
  }

  addNamespace(role: string): string {
    const name = this.ns(role);
    execFileSync('ip', ['netns', 'add', name], { timeout: 5000 });
    this.namespaces.push(name);
    this.exec(name, ['ip', 'link', 'set', 'lo', 'up']);
    return name;
  }

  /** A veth pair between two namespaces, named ifA / ifB inside them. */
  link(nsA: string, ifA: string, nsB: string, ifB: string): void {
    const n = ++this.vethCount;
    const tmpA = `vs${process.pid % 100000}x${counter}x${n}a`.slice(0, 15);
    const tmpB = `vs${process.pid % 100000}x${counter}x${n}b`.slice(0, 15);
    execFileSync('ip', ['link', 'add', tmpA, 'netns', nsA, 'type', 'veth', 'peer', 'name', tmpB, 'netns', nsB], { timeout: 5000 });
    this.exec(nsA, ['ip', 'link', 'set', tmpA, 'name', ifA]);
    this.exec(nsB, ['ip', 'link', 'set', tmpB, 'name', ifB]);
    this.exec(nsA, ['ip', 'link', 'set', ifA, 'up']);
    this.exec(nsB, ['ip', 'link', 'set', ifB, 'up']);
  }

  /** Start a traffic agent in a namespace and wait until it answers. */
  async agent(ns: string): Promise<Agent> {
    const proc = spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', AGENT], { stdio: ['pipe', 'pipe', 'pipe'] });
    const a = new Agent(proc);
    this.agents.push(a);
    a.send({ op: 'ping' });
    const ok = await a.waitFor((e) => e.ev === 'pong', 10000);
    if (!ok) throw new Error(`agent in ${ns} did not start`);
    return a;
  }

  /** Listen on every (address, port, protocol) combination and wait until all are bound. */
  async listen(a: Agent, addrs: readonly string[], ports: readonly number[]): Promise<void> {
    const want: string[] = [];
    for (const addr of addrs) {
      for (const port of ports) {
        for (const proto of ['udp', 'tcp']) {
          a.send({ op: 'listen', proto, addr, port });
          want.push(`${proto} ${addr}:${port}`);
        }
      }
    }
    for (const w of want) {
      const [proto, ap] = w.split(' ') as [string, string];
      const colon = ap.lastIndexOf(':'); // IPv6 addresses contain colons: the port is after the last one
      const addr = ap.slice(0, colon);
      const port = ap.slice(colon + 1);
      const e = await a.waitFor((x) => (x.ev === 'listening' || x.ev === 'error') && (x.ev === 'error' || (x.proto === proto && (x as { addr?: string }).addr === addr && (x as { port?: number }).port === Number(port))), 5000);
      if (!e || e.ev === 'error') throw new Error(`cannot listen on ${w}: ${e?.message ?? 'timeout'}`);
    }
  }

  destroy(): void {
    for (const a of this.agents) a.stop();
    this.agents.length = 0;
    for (const ns of this.namespaces.splice(0)) {
      spawnSync('ip', ['netns', 'del', ns], { timeout: 5000 });
    }
  }
}

/** Remove namespaces this process left behind (a crashed earlier run of the same pid cannot exist; by prefix). */
export function leftoverNamespaces(): string[] {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 5000 });
  return r.stdout.split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(`vpcsim-${process.pid}-`));
}
