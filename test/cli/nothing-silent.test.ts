/**
 * Nothing silent (issue 14): every command shows the diagnostics about its inputs, an uncertain verdict reads
 * UNKNOWN and names what it depends on (exit status 3), placeholder addresses are marked assumed, and the
 * everyday slips — a TCP flow without a port, an unknown --param, a misspelt --assume, a test run with nothing to
 * test, an output file vpcsim cannot write, no arguments — are refused instead of quietly answered.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceResult } from '../../src/analysis/trace-result.js';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(import.meta.dirname, 'fixtures');
function vpcsim(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'vpcsim.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A Terraform configuration whose SSH rule takes its CIDR from a variable nobody set. */
function terraformWithUnsetVariable(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-tf-'));
  writeFileSync(
    join(dir, 'main.tf'),
    `variable "office_cidr" {}
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_internet_gateway" "igw" { vpc_id = aws_vpc.main.id }
resource "aws_subnet" "web" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
resource "aws_route_table" "rt" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.web.id
  route_table_id = aws_route_table.rt.id
}
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.office_cidr]
  }
}
resource "aws_instance" "web" {
  ami                    = "ami-123"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.web.id
  vpc_security_group_ids = [aws_security_group.web.id]
}
`,
  );
  return dir;
}

describe('trace shows what its verdict rests on', () => {
  const tf = terraformWithUnsetVariable();

  it('prints the reading warnings and reads UNKNOWN, naming the security group the unset variable emptied (exit 3)', () => {
    const r = vpcsim('trace', tf, '--from', '203.0.113.9', '--to', 'aws_instance.web', '--port', '22');
    expect(r.stderr).toContain('warning TF_VARIABLE_NOT_SET: variable "office_cidr"');
    expect(r.stderr).toContain('warning TF_VALUE_UNKNOWN');
    expect(r.stdout).toContain('Verdict UNKNOWN — depends on aws_security_group.web:');
    expect(r.stdout).toContain('(as modelled: UNREACHABLE)');
    expect(r.code).toBe(3);
  });

  it('says so in JSON too: uncertain, dependsOn, and the placeholder addresses as assumed', () => {
    const r = vpcsim(
      'trace',
      tf,
      '--from',
      '203.0.113.9',
      '--to',
      'aws_instance.web',
      '--port',
      '22',
      '--json',
    );
    expect(r.code).toBe(3);
    const t = JSON.parse(r.stdout) as TraceResult;
    expect(t.verdict).toBe('unreachable'); // the contract's verdict, as modelled
    expect(t.forward.code).toBe('SG_HAS_NO_RULES');
    expect(t.uncertain).toBe(true);
    expect(t.dependsOn?.[0]).toMatch(/^aws_security_group\.web: .*var\.office_cidr.*\[TF_VALUE_UNKNOWN\]$/);
    // The instance has neither a private nor a public IP in the input: both are placeholders (ADDR-2: the first
    // free address of 10.0.1.0/24 after the five AWS reserves is 10.0.1.4; public ones come from 198.18.0.0/15).
    expect(t.assumed).toEqual([
      { address: '198.18.0.1', of: 'aws_instance.web', what: 'public IP' },
      { address: '10.0.1.4', of: 'aws_instance.web', what: 'private IP' },
    ]);
    const igw = t.forward.hops.find((h) => h.kind === 'internet-gateway');
    expect(igw?.assumed).toEqual([
      '198.18.0.1 (public IP of aws_instance.web)',
      '10.0.1.4 (private IP of aws_instance.web)',
    ]);
  });

  it('with the variable given, the verdict is definite again (exit 0) and only the addresses stay assumed', () => {
    const r = vpcsim(
      'trace',
      tf,
      '--var',
      'office_cidr=203.0.113.0/24',
      '--from',
      '203.0.113.9',
      '--to',
      'aws_instance.web',
      '--port',
      '22',
    );
    expect(r.stdout).toContain('Verdict REACHABLE');
    expect(r.stdout).toContain('- 10.0.1.4: private IP of aws_instance.web');
    expect(r.code).toBe(0);
  });

  it('the diagram labels the placeholder addresses as assumed', () => {
    const r = vpcsim('diagram', tf, '--format', 'mermaid');
    expect(r.stdout).toContain('10.0.1.4 assumed (198.18.0.1 assumed)');
  });

  it('a path into an unsupported transit gateway reads "UNKNOWN — depends on transit gateway tgw-1" (exit 3)', () => {
    const r = vpcsim(
      'trace',
      join(fixtures, 'tgw.yaml'),
      '--from',
      'app',
      '--to',
      '10.50.0.10',
      '--port',
      '443',
    );
    expect(r.stdout).toContain('Verdict UNKNOWN — depends on transit gateway tgw-1');
    expect(r.code).toBe(3);
  });

  it('an address the input gives is not marked assumed (S2: every IP is written)', () => {
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
    const t = JSON.parse(r.stdout) as TraceResult;
    expect(t.assumed).toBeUndefined();
    expect(t.uncertain).toBe(false);
  });
});

describe('vpcsim test counts unknown results apart', () => {
  const tgw = join(fixtures, 'tgw.yaml');

  it('an expectation through an unsupported component is unknown, not passed: exit 3', () => {
    const r = vpcsim('test', tgw);
    expect(r.stdout).toContain('? app reaches the shared services VPC through the transit gateway');
    expect(r.stdout).toContain('UNKNOWN — depends on transit gateway tgw-1');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('0 passed, 0 failed, 1 unknown');
    expect(r.code).toBe(3);
  });

  it('--allow-unknown still counts it but does not fail (exit 0); JUnit shows it skipped, saying why', () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'vpcsim-')), 'junit.xml');
    const r = vpcsim('test', tgw, '--allow-unknown', '--junit', junit);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('0 passed, 0 failed, 1 unknown');
    expect(r.code).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('failures="0" skipped="1"');
    expect(xml).toContain('<skipped message="UNKNOWN — depends on transit gateway tgw-1');
  });

  it('inputs without expectations fail with a message instead of "0 passed, 0 failed"', () => {
    const r = vpcsim('test', join(fixtures, 'split'));
    expect(r.stderr).toContain('the inputs hold no expectations, so nothing was tested');
    expect(r.code).toBe(1);
  });
});

describe('slips that used to be accepted silently', () => {
  it('--protocol tcp without --port is a usage error (port 0 was used)', () => {
    const r = vpcsim(
      'trace',
      'examples/s2-ingress-routing.yaml',
      '--from',
      '203.0.113.50',
      '--to',
      '198.51.100.10',
      '--protocol',
      'tcp',
    );
    expect(r.stderr).toContain('a tcp flow needs its destination port: add --port N');
    expect(r.code).toBe(2);
  });

  it('ICMP needs no port', () => {
    const r = vpcsim(
      'trace',
      'examples/s2-ingress-routing.yaml',
      '--from',
      'app',
      '--to',
      'appliance',
      '--protocol',
      'icmp',
    );
    expect(r.stderr).not.toContain('needs its destination port');
    expect([0, 1]).toContain(r.code);
  });

  it('an unknown --param is an error naming the parameters the template has (CloudFormation refuses it too)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-cfn-'));
    const f = join(dir, 'vpc.yaml');
    writeFileSync(
      f,
      `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  VpcCidr: { Type: String, Default: 10.0.0.0/16 }
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: !Ref VpcCidr } }
`,
    );
    const r = vpcsim('validate', f, '--param', 'VpcCIDR=10.1.0.0/16');
    expect(r.stderr).toContain(
      'error PARAMETER_UNKNOWN: --param VpcCIDR: no loaded template has a parameter of that name',
    );
    expect(r.stderr).toContain('parameters: VpcCidr');
    expect(r.code).toBe(2);
    const a = vpcsim('validate', f, '--assume', 'Vpc.PrivateIP=10.0.0.5');
    expect(a.stderr).toContain('error ASSUME_UNUSED: --assume Vpc.PrivateIP');
    expect(a.code).toBe(2);
  });

  it('--param for inputs that hold no CloudFormation template is an error (OPTION_UNUSED)', () => {
    const r = vpcsim('validate', 'examples/s2-ingress-routing.yaml', '--param', 'Env=prod');
    expect(r.stderr).toContain(
      'error OPTION_UNUSED: --param Env: no CloudFormation template among the inputs',
    );
    expect(r.code).toBe(2);
  });

  it('-o x.jpg is refused instead of writing SVG into it', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vpcsim-')), 'x.jpg');
    const r = vpcsim('diagram', 'examples/s2-ingress-routing.yaml', '-o', out);
    expect(r.stderr).toContain('vpcsim cannot write .jpg files');
    expect(r.code).toBe(2);
  });

  it('no arguments at all: the usage on stderr, exit 2', () => {
    const r = vpcsim();
    expect(r.stderr).toContain('Usage: vpcsim');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });
});

describe('a directory of YAML files is read the same way by every command', () => {
  it('validate checks each file of examples/ on its own, as test does', () => {
    const r = vpcsim('validate', 'examples');
    expect(r.stdout.trim()).toMatch(/^0 errors, \d+ warnings?$/);
    expect(r.code).toBe(0);
  });

  it('trace and diagram read the files of a folder together as one network', () => {
    const dir = join(fixtures, 'split');
    const t = vpcsim('trace', dir, '--from', 'a', '--to', '10.0.1.10', '--port', '22', '--json');
    expect(t.code).toBe(0);
    const d = vpcsim('diagram', dir, '--format', 'mermaid');
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('other-subnet'); // from the second file
  });

  it('a folder with nothing vpcsim reads is an error that says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-empty-'));
    mkdirSync(join(dir, 'sub'));
    const r = vpcsim('trace', dir, '--from', 'a', '--to', 'b', '--port', '1');
    expect(r.stderr).toContain(
      'a directory that holds neither .tf files, describe-* JSON, nor vpcsim/CloudFormation',
    );
    expect(r.code).toBe(2);
  });
});

describe('reports for CI', () => {
  it('validate --sarif writes SARIF 2.1.0 with the offending line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-'));
    const f = join(dir, 'bad.yaml');
    writeFileSync(
      f,
      'vpcsim: 1\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\n    subnets:\n      s: { cidr: 10.1.0.0/24 }\n',
    );
    const out = join(dir, 'out.sarif');
    const r = vpcsim('validate', f, '--sarif', out);
    expect(r.code).toBe(1);
    const log = JSON.parse(readFileSync(out, 'utf8')) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    expect(log.version).toBe('2.1.0');
    const res = log.runs[0]?.results.find((x) => x.level === 'error');
    expect(res?.locations[0]?.physicalLocation.region.startLine).toBe(6); // the subnet outside its VPC (ADDR-1)
  });

  it('test --github prints an annotation on the expectation, --markdown a summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-'));
    const md = join(dir, 'summary.md');
    const r = vpcsim('test', join(fixtures, 'tgw.yaml'), '--github', '--markdown', md);
    expect(r.stdout).toMatch(
      /^::error file=test\/cli\/fixtures\/tgw\.yaml,line=17,col=5,title=unknown%3A app reaches/m,
    );
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('### ❔ vpcsim test: 0 passed, 0 failed, 1 unknown');
    expect(text).toContain('| ❔ unknown |');
  });
});
