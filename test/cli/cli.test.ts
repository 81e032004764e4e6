/**
 * The command line as users and scripts see it: the JSON contract of architecture.md §2, exit statuses
 * (0 reachable / 1 unreachable or asymmetric / 2 bad input or usage), diagnostics as file:line:col, no stack traces.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceResult } from '../../src/analysis/trace-result.js';

const root = join(import.meta.dirname, '..', '..');
function vpcsim(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'vpcsim.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function noStack(s: string): void {
  expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('vpcsim trace', () => {
  it('prints the JSON contract and exits 0 for a reachable flow (S2 flow 1)', () => {
    const r = vpcsim(
      'trace',
      'examples/s2-ingress-routing.yaml',
      '--from',
      '203.0.113.50',
      '--to',
      '198.51.100.10',
      '--port',
      '443',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as TraceResult;
    expect(j.verdict).toBe('reachable');
    expect(j.forward.disposition).toBe('delivered');
    expect(j.forward.code).toBeNull();
    const igw = j.forward.hops.find((h) => h.id === 'igw');
    expect(igw).toMatchObject({
      kind: 'internet-gateway',
      action: 'translate',
      rule: '198.51.100.10 -> 10.0.1.10',
    });
    expect(igw?.packet).toEqual({
      protocol: 'tcp',
      src: '203.0.113.50',
      dst: '198.51.100.10',
      srcPort: 50000,
      dstPort: 443,
    });
    expect(j.return?.disposition).toBe('exited');
  });

  it('exits 1 for an unreachable flow and 1 for an asymmetric one', () => {
    expect(
      vpcsim(
        'trace',
        'examples/s1-nat-instance.yaml',
        '--from',
        'web',
        '--to',
        '142.250.196.100',
        '--port',
        '80',
      ).code,
    ).toBe(1);
    const a = vpcsim(
      'trace',
      'examples/s2-ingress-routing.yaml',
      '--variant',
      'B2.1-app-returns-directly',
      '--from',
      '203.0.113.50',
      '--to',
      '198.51.100.10',
      '--port',
      '443',
    );
    expect(a.code).toBe(1);
    expect(a.stdout).toContain('ASYMMETRIC');
    expect(a.stdout).toContain('fix: add route 0.0.0.0/0 -> appliance to app-rtb');
  });

  it('exits 2 with a clear message when an endpoint names nothing', () => {
    const r = vpcsim('trace', 'examples/s1-nat-instance.yaml', '--from', 'nobody', '--to', 'web', '--port', '80');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('endpoint "nobody" names no instance');
    noStack(r.stderr);
  });

  it('exits 2 with file:line:col for a broken input, never a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-'));
    const f = join(dir, 'bad.yaml');
    writeFileSync(
      f,
      'vpcsim: 1\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\n    subnets:\n      s: { cidr: 10.0.0.0/33 }\n',
    );
    const r = vpcsim('trace', f, '--from', '10.0.0.10', '--to', '10.0.0.11', '--port', '22');
    expect(r.code).toBe(2);
    noStack(r.stderr);
    const v = vpcsim('validate', f);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`${f}:6:18: error INVALID_CIDR`);
  });

  it('exits 2 for an unreadable input', () => {
    const r = vpcsim('validate', 'no/such/file.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/file.yaml:1:1: error INPUT_NOT_RECOGNISED');
    noStack(r.stderr);
  });
});

describe('vpcsim validate', () => {
  it('names an unsupported resource type once (the importer reports it; validation does not repeat it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-'));
    const cfn = join(dir, 'tgw.yaml');
    writeFileSync(
      cfn,
      [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Resources:',
        '  Vpc:',
        '    Type: AWS::EC2::VPC',
        '    Properties: { CidrBlock: 10.0.0.0/16 }',
        '  Tgw:',
        '    Type: AWS::EC2::TransitGatewayConnect',
        '',
      ].join('\n'),
    );
    const r = vpcsim('validate', cfn);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/UNSUPPORTED_RESOURCE_TYPE/g)).toHaveLength(1);
    expect(r.stderr).toContain(`${cfn}:7:11: warning UNSUPPORTED_RESOURCE_TYPE`);
    expect(r.stdout).toContain('0 errors, 1 warning');

    const native = join(dir, 'n.yaml');
    writeFileSync(
      native,
      'vpcsim: 1\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\nunsupported:\n  tgw-1: { type: transit-gateway }\n',
    );
    const n = vpcsim('validate', native);
    expect(n.stderr.match(/UNSUPPORTED_RESOURCE_TYPE/g)).toHaveLength(1);
    expect(n.stderr).toContain(
      `${native}:6:3: warning UNSUPPORTED_RESOURCE_TYPE: transit-gateway: 1 resource not modelled by vpcsim — tgw-1`,
    );
  });
});

describe('vpcsim test', () => {
  it('runs the bundled examples, exits 0, and writes JUnit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-'));
    const junit = join(dir, 'junit.xml');
    const r = vpcsim('test', 'examples/', '--junit', junit);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuites name="vpcsim"');
    expect(xml).toContain('failures="0"');
  });

  it('exits 1 when an expectation fails, and shows its trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-'));
    const f = join(dir, 'x.yaml');
    writeFileSync(
      f,
      'vpcsim: 1\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\n    subnets:\n      s: { cidr: 10.0.0.0/24 }\n    instances:\n      a: { subnet: s, ip: 10.0.0.10 }\nexpect:\n  - { from: a, to: 192.0.2.1, flow: tcp/443, verdict: reachable }\n',
    );
    const r = vpcsim('test', f);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('verdict is unreachable, expected reachable');
    expect(r.stdout).toContain('NO_ROUTE_TO_DESTINATION');
  });
});
