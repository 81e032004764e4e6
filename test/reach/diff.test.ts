/**
 * `vpcsim diff`: the classes of packets whose verdict or path changed between two versions, derived by hand from the
 * semantics. S0 against its broken variant B0.3 (a workload in the firewall subnet, NFW-2), and the public/private
 * example with SSH opened in steps (SG-1 alone changes nothing while the NACL still refuses, NACL-2; with the NACL
 * opened both ways the internet newly reaches web on 22).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/formats/load.js';
import { importNative } from '../../src/formats/native/index.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import type { CompiledNetwork } from '../../src/dataplane/compiled.js';
import { reachDiff } from '../../src/analysis/reach/diff.js';
import { boxContains } from '../../src/analysis/reach/classes.js';
import { internetAddresses } from '../../src/analysis/reach/query.js';
import { minus, union } from '../../src/analysis/reach/space.js';
import { mustParseIpv4 } from '../../src/net/ipv4.js';
import { diffMarkdown } from '../../src/render/diff.js';

const root = join(import.meta.dirname, '..', '..');
const EXAMPLES = join(root, 'examples');

async function s0(variant?: string): Promise<CompiledNetwork> {
  const r = await loadInputs([join(EXAMPLES, 's0-firewall-natgw.yaml')], {});
  const n = variant ? r.variants.find((v) => v.name === variant)?.network : r.network;
  if (!n) throw new Error(`no variant ${variant ?? ''}`);
  return compileNetwork(n).compiled;
}

const PUBLIC_PRIVATE = readFileSync(join(EXAMPLES, 'public-private-natgw.yaml'), 'utf8');
/** SSH opened in sg-web only. */
const SG_OPEN = PUBLIC_PRIVATE.replace(
  'inbound: [tcp 443 from 0.0.0.0/0, tcp 22 from 203.0.113.0/24]',
  'inbound: [tcp 443 from 0.0.0.0/0, tcp 22 from 0.0.0.0/0]',
);
/** …and in public-acl both ways (inbound 22 from anywhere, outbound to the clients' ephemeral ports). */
const ALL_OPEN = SG_OPEN.replace(
  '          - 130 allow tcp 22 from 203.0.113.0/24\n',
  '          - 130 allow tcp 22 from 203.0.113.0/24\n          - 140 allow tcp 22 from 0.0.0.0/0\n',
).replace(
  '          - 130 allow tcp 32768-65535 to 203.0.113.0/24\n',
  '          - 130 allow tcp 32768-65535 to 203.0.113.0/24\n          - 140 allow tcp 32768-65535 to 0.0.0.0/0\n',
);

function compiled(yaml: string): CompiledNetwork {
  const r = importNative(yaml, 'public-private.yaml');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compileNetwork(r.network).compiled;
}

describe('diff S0 → B0.3 (a workload in the firewall subnet)', () => {
  it('stray newly reaches the internet without the firewall; app only sees a new address (NFW-2)', async () => {
    const r = reachDiff(await s0(), await s0('B0.3-workload-in-firewall-subnet'));
    // stray (10.60.10.20) sits in fw-subnet, whose FW-RTB sends 0.0.0.0/0 to natgw: its traffic never meets
    // vpce-nfw-1a (NFW-2). It has no public IP, so nothing changes from the internet (IGW-2).
    expect(new Set(r.classes.map((k) => k.source))).toEqual(new Set(['stray', 'app']));
    expect(r.classes.some((k) => k.fromInternet)).toBe(false);
    const web = { proto: 6, dst: mustParseIpv4('93.184.215.14'), port: 443 };
    const out = r.classes.filter((k) => k.source === 'stray' && k.boxes.some((b) => boxContains(b, web)));
    expect(out).toHaveLength(1);
    const k = out[0];
    expect(k?.kind).toBe('newly-reachable');
    expect(k?.before.outcome).toBeUndefined();
    expect(k?.after.outcome?.path).toEqual([
      'stray',
      'sg-app',
      'FW-RTB',
      'vpc:default-acl',
      'natgw',
      'NATGW-RTB',
      'vpc:default-acl',
      'igw',
      'internet',
    ]);
    expect(k?.after.outcome?.inspection).toEqual([]);
    // A private destination is dropped at the internet gateway (IGW-3): not part of the class.
    expect(
      k?.boxes.some((b) => boxContains(b, { proto: 6, dst: mustParseIpv4('10.99.0.1'), port: 443 })),
    ).toBe(false);
    // Every stray class is newly reachable: a new source's drops are no change.
    expect(r.classes.filter((c) => c.source === 'stray').every((c) => c.kind === 'newly-reachable')).toBe(
      true,
    );
    // app: only packets to the new address 10.60.10.20 change — before no ENI held it (nothing to deliver to), after
    // stray's sg-app admits nothing inbound (SG-1); one class over every protocol.
    const app = r.classes.filter((c) => c.source === 'app');
    expect(app).toHaveLength(1);
    expect(app[0]?.kind).toBe('changed');
    expect(new Set(app[0]?.boxes.map((b) => `${b.dst.lo}-${b.dst.hi}`))).toEqual(
      new Set([`${mustParseIpv4('10.60.10.20')}-${mustParseIpv4('10.60.10.20')}`]),
    );
    expect(new Set(app[0]?.boxes.map((b) => b.proto.label))).toEqual(
      new Set(['icmp', 'tcp', 'udp', 'other']),
    );
    expect(app[0]?.before.outcome?.verdict).toBe('unreachable');
    expect(app[0]?.after.outcome?.droppedAt).toBe('sg-app');
    expect(diffMarkdown(r)).toContain('| 1 | newly reachable | stray |');
  });

  it('a network against itself has no change', async () => {
    expect(reachDiff(await s0(), await s0()).classes).toEqual([]);
  });
});

describe('diff on public-private-natgw: opening SSH', () => {
  const before = compiled(PUBLIC_PRIVATE);

  it('sg-web alone: no change at all — public-acl still admits 22 only from 203.0.113.0/24 (NACL-2)', () => {
    expect(reachDiff(before, compiled(SG_OPEN)).classes).toEqual([]);
  });

  it('sg-web and public-acl: the internet newly reaches web on tcp 22 from everywhere but the admin range', () => {
    const after = compiled(ALL_OPEN);
    const r = reachDiff(before, after, { from: 'internet' });
    // Two classes: web newly reached, and the NAT gateway's public address, which public-acl now lets through
    // to the NAT gateway — that takes no inbound connection (NGW-3): a different drop, still unreachable.
    expect(r.classes.map((c) => c.kind)).toEqual(['newly-reachable', 'changed']);
    const natgw = r.classes[1];
    expect(new Set(natgw?.boxes.map((b) => b.dst.lo))).toEqual(new Set([mustParseIpv4('198.51.100.200')]));
    expect(natgw?.before.outcome?.droppedAt).toBe('public-acl');
    expect(natgw?.after.outcome?.droppedAt).toBe('natgw');
    const k = r.classes[0];
    expect(k?.kind).toBe('newly-reachable');
    expect(k?.fromInternet).toBe(true);
    // Every box: tcp 22 to web's public address (IGW-2 translates it to 10.1.0.10).
    for (const b of k?.boxes ?? []) {
      expect(b.proto.label).toBe('tcp');
      expect(b.ports).toEqual({ lo: 22, hi: 22 });
      expect(b.dst).toEqual({ lo: mustParseIpv4('198.51.100.10'), hi: mustParseIpv4('198.51.100.10') });
    }
    // Sources: every internet address except 203.0.113.0/24, which reached web on 22 before as well.
    const admin = { lo: mustParseIpv4('203.0.113.0'), hi: mustParseIpv4('203.0.113.255') };
    expect(union((k?.boxes ?? []).map((b) => b.src ?? { lo: 0, hi: -1 }))).toEqual(
      minus(internetAddresses(after), [admin]),
    );
    expect(k?.before.outcome?.droppedAt).toBe('public-acl');
    expect(k?.before.outcome?.code).toBe('SUBNET_ACL_RESTRICTION');
    expect(k?.after.outcome?.path).toEqual(['internet', 'igw', 'public-acl', 'sg-web', 'web']);
  });
});

describe('vpcsim diff (command line)', () => {
  const vpcsim = (...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin', 'vpcsim.js'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('--fail-on new-exposure: exit 1 when the internet newly reaches something, 0 when not; Markdown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-diff-'));
    writeFileSync(join(dir, 'before.yaml'), PUBLIC_PRIVATE);
    writeFileSync(join(dir, 'sg.yaml'), SG_OPEN);
    writeFileSync(join(dir, 'open.yaml'), ALL_OPEN);
    const open = vpcsim(
      'diff',
      join(dir, 'open.yaml'),
      '--against',
      join(dir, 'before.yaml'),
      '--from',
      'internet',
      '--format',
      'markdown',
      '--fail-on',
      'new-exposure',
    );
    expect(open.stderr).toBe('');
    expect(open.status).toBe(1);
    expect(open.stdout).toContain('### Reachability diff');
    expect(open.stdout).toContain('| 1 | newly reachable | internet |');
    const sg = vpcsim(
      'diff',
      join(dir, 'sg.yaml'),
      '--against',
      join(dir, 'before.yaml'),
      '--fail-on',
      'any',
    );
    expect(sg.status).toBe(0);
    expect(sg.stdout).toContain('no reachability change');
    const bad = vpcsim(
      'diff',
      join(dir, 'sg.yaml'),
      '--against',
      join(dir, 'before.yaml'),
      '--fail-on',
      'typo',
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--fail-on "typo" must be one of');
  });

  it('--against git:REV reads the same paths at a revision; variant:NAME a variant of the same file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-diff-git-'));
    const git = (...args: string[]) =>
      spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
    git('init', '-q');
    writeFileSync(join(dir, 'net.yaml'), PUBLIC_PRIVATE);
    git('add', 'net.yaml');
    git('commit', '-qm', 'before');
    writeFileSync(join(dir, 'net.yaml'), ALL_OPEN);
    const r = vpcsim(
      'diff',
      join(dir, 'net.yaml'),
      '--against',
      'git:HEAD',
      '--from',
      'internet',
      '--format',
      'json',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { classes: { kind: string; fromInternet: boolean }[] };
    expect(j.classes.map((c) => [c.kind, c.fromInternet])).toEqual([
      ['newly-reachable', true],
      ['changed', true],
    ]);
    const unknown = vpcsim('diff', join(dir, 'net.yaml'), '--against', 'git:no-such-rev');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('git');
    const v = vpcsim(
      'diff',
      join(EXAMPLES, 's0-firewall-natgw.yaml'),
      '--variant',
      'B0.3-workload-in-firewall-subnet',
      '--against',
      'variant:B0.1-no-return-route',
      '--from',
      'stray',
      '--protocol',
      'tcp',
      '--ports',
      '443',
      '--to',
      '93.184.215.14',
    );
    expect(v.status).toBe(0);
    expect(v.stdout).toContain('[1] stray: newly reachable');
  });
});
