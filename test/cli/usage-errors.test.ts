/**
 * Issue 21 item 5: every user error is one line on stderr (`vpcsim: …`, never the whole help, never "internal
 * error … please report"), exit status 2, and no option is silently ignored: port 0, ICMP types over 255, ports on
 * an ICMP flow, an ICMP type on a TCP flow, an option given twice, a report into a folder that does not exist, a
 * negative zoom, a port in use.
 */
import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';

const S1 = 'examples/s1-nat-instance.yaml';
/** Run the CLI in this process (as bin/vpcsim.js does), with what it writes to stderr. */
async function vpcsim(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await run(args), stderr };
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
}

const cases: [string, string[], string][] = [
  [
    'port 0',
    ['trace', S1, '--from', 'app', '--to', 'web', '--port', '0'],
    '--port "0" is not a number between 1 and 65535',
  ],
  [
    'ICMP type 300',
    ['trace', S1, '--from', 'app', '--to', 'web', '--protocol', 'icmp', '--icmp-type', '300'],
    '--icmp-type "300" is not a number between 0 and 255',
  ],
  [
    '--icmp-type with TCP',
    ['trace', S1, '--from', 'app', '--to', 'web', '--port', '80', '--icmp-type', '3'],
    '--icmp-type is for icmp flows, not tcp (add --protocol icmp)',
  ],
  [
    '--port with ICMP',
    ['trace', S1, '--from', 'app', '--to', 'web', '--protocol', 'icmp', '--port', '80'],
    '--port is for tcp and udp flows; protocol icmp has no ports',
  ],
  [
    'a repeated --port',
    ['trace', S1, '--from', 'app', '--to', 'web', '--port', '80', '--port', '81'],
    '--port is given twice: give it once',
  ],
  [
    'protocol "constructor" (item 4)',
    ['trace', S1, '--from', '10.0.1.10', '--to', '10.0.2.10', '--protocol', 'constructor'],
    'unknown protocol "constructor"',
  ],
  [
    '-o into a missing folder',
    ['diagram', S1, '-o', '/nonexistent-vpcsim/x.svg'],
    'cannot write /nonexistent-vpcsim/x.svg: no such file or directory',
  ],
  [
    '--junit into a missing folder',
    ['test', S1, '--junit', '/nonexistent-vpcsim/j.xml'],
    'cannot write /nonexistent-vpcsim/j.xml: no such file or directory',
  ],
  [
    'a negative --scale',
    ['diagram', S1, '--scale', '-1', '-o', '/tmp/vpcsim-never.png'],
    '--scale "-1" is not a zoom factor between 0 and 10 (for example 2)',
  ],
  ['an unknown option', ['validate', S1, '--bogus'], "unknown option '--bogus' (see vpcsim --help)"],
  ['an unknown command', ['nosuchcmd'], "unknown command 'nosuchcmd' (see vpcsim --help)"],
];

describe('usage errors: one line, exit 2', () => {
  it.each(cases)('%s', async (_, args, message) => {
    const r = await vpcsim(...args);
    expect(r.stderr).toBe(`vpcsim: ${message}\n`);
    expect(r.code).toBe(2);
  });

  it('a port in use is the user’s to fix, not an internal error', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as { port: number }).port);
    try {
      const r = await vpcsim('serve', S1, '--port', port);
      expect(r.stderr).toContain(
        `vpcsim: port ${port} on 127.0.0.1 is in use: choose another with --port (0 = any free port)\n`,
      );
      expect(r.stderr).not.toContain('internal error');
      expect(r.code).toBe(2);
    } finally {
      taken.close();
    }
  });
});
