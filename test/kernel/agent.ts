// A tiny traffic agent run inside a network namespace by the kernel conformance tests
// (`ip netns exec NS node --import tsx agent.ts`). Reads JSON commands on stdin, writes JSON events on stdout:
//   {op:"listen", proto:"udp"|"tcp", addr, port}           → {ev:"listening", …} ; every datagram / connection
//        received is reported as {ev:"recv", proto, id, local, localPort, peer, peerPort} and echoed back.
//   {op:"send", proto, src?, sport, dst, dport, id, wait}     → {ev:"reply", id, from, fromPort} or
//        {ev:"noreply", id} (udp); tcp: {ev:"reply", id, from, fromPort} once connected and echoed, else noreply.
// Every wait is bounded by `wait` milliseconds. Traffic only goes to addresses inside the test's namespaces.
import dgram from 'node:dgram';
import net from 'node:net';
import readline from 'node:readline';

interface Cmd {
  op: string;
  proto?: 'udp' | 'tcp';
  addr?: string;
  port?: number;
  src?: string;
  sport?: number;
  dst?: string;
  dport?: number;
  id?: string;
  wait?: number;
}

const out = (o: object): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};
const servers: (dgram.Socket | net.Server)[] = [];

function listen(c: Cmd): void {
  if (c.proto === 'udp') {
    const s = dgram.createSocket({ type: (c.addr ?? '').includes(':') ? 'udp6' : 'udp4', reuseAddr: true });
    s.on('message', (msg, rinfo) => {
      const a = s.address();
      out({ ev: 'recv', proto: 'udp', id: msg.toString(), local: a.address, localPort: a.port, peer: rinfo.address, peerPort: rinfo.port });
      s.send(msg, rinfo.port, rinfo.address);
    });
    s.on('error', (e) => {
      out({ ev: 'error', what: `udp listen ${c.addr ?? ''}:${c.port ?? 0}`, message: String(e) });
    });
    s.bind(c.port, c.addr, () => { out({ ev: 'listening', proto: 'udp', addr: c.addr, port: c.port }); });
    servers.push(s);
  } else {
    const s = net.createServer((sock) => {
      sock.setTimeout(3000, () => {
        sock.destroy();
      });
      sock.on('error', () => undefined);
      sock.once('data', (d) => {
        out({ ev: 'recv', proto: 'tcp', id: d.toString(), local: sock.localAddress, localPort: sock.localPort, peer: sock.remoteAddress, peerPort: sock.remotePort });
        sock.end(d);
      });
    });
    s.on('error', (e) => {
      out({ ev: 'error', what: `tcp listen ${c.addr ?? ''}:${c.port ?? 0}`, message: String(e) });
    });
    s.listen({ port: c.port, host: c.addr, exclusive: true }, () => { out({ ev: 'listening', proto: 'tcp', addr: c.addr, port: c.port }); });
    servers.push(s);
  }
}

function send(c: Cmd): void {
  const wait = c.wait ?? 500;
  if (c.proto === 'udp') {
    const v6 = (c.dst ?? '').includes(':');
    const s = dgram.createSocket(v6 ? 'udp6' : 'udp4');
    let done = false;
    const finish = (o: object): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      out(o);
      s.close();
    };
    const timer = setTimeout(() => { finish({ ev: 'noreply', id: c.id }); }, wait);
    s.on('message', (msg, rinfo) => { finish({ ev: 'reply', id: c.id, from: rinfo.address, fromPort: rinfo.port, data: msg.toString() }); });
    s.on('error', (e) => { finish({ ev: 'noreply', id: c.id, error: String(e) }); });
    s.bind(c.sport, c.src ?? (v6 ? '::' : '0.0.0.0'), () => {
      s.send(Buffer.from(c.id ?? ''), c.dport, c.dst);
    });
  } else {
    let done = false;
    const sock = net.connect({ host: c.dst ?? '', port: c.dport ?? 0, localAddress: c.src, localPort: c.sport });
    const finish = (o: object): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      out(o);
      sock.destroy();
    };
    const timer = setTimeout(() => { finish({ ev: 'noreply', id: c.id }); }, wait);
    sock.on('connect', () => {
      sock.write(c.id ?? '');
    });
    sock.on('data', () => { finish({ ev: 'reply', id: c.id, from: sock.remoteAddress, fromPort: sock.remotePort }); });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      finish({ ev: 'noreply', id: c.id, error: e.code ?? String(e) });
    });
  }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let c: Cmd;
  try {
    c = JSON.parse(line) as Cmd;
  } catch {
    return;
  }
  if (c.op === 'listen') listen(c);
  else if (c.op === 'send') send(c);
  else if (c.op === 'ping') out({ ev: 'pong' });
});
rl.on('close', () => {
  for (const s of servers) s.close();
  process.exit(0);
});
// never outlive the test run
setTimeout(() => process.exit(0), 10 * 60 * 1000).unref();
