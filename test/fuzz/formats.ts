/**
 * The input formats the fuzz harness covers, each with its corpus (the bundled examples, the test fixtures and
 * ../shared/fixtures/external) and how an input of it is made: pick a corpus item, apply one to four mutations to
 * one of its files. iptables and Suricata text is fuzzed where vpcsim reads it: inside a native file (an
 * instance's `os`, a rule group's `suricata`), from the hosts in test/fuzz/corpus/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EXTERNAL } from '../external-fixtures.js';
import { mutateJson, mutateText } from './mutate.js';
import { Rng } from './rng.js';

export const FORMATS = [
  'native',
  'cfn-json',
  'cfn-yaml',
  'tf-hcl',
  'tf-plan',
  'describe',
  'iptables',
  'suricata',
] as const;
export type FormatName = (typeof FORMATS)[number];

/** One input: files under a folder of its own, what to load, and the file the mutations changed. */
export interface FuzzInput {
  readonly format: FormatName;
  readonly files: Readonly<Record<string, string>>;
  /** Path to load, relative to the input's folder (`.` for the folder itself). */
  readonly entry: string;
  /** The mutated file (minimisation shrinks it). */
  readonly target: string;
}

const REPO = join(import.meta.dirname, '..', '..');
const CORPUS = join(import.meta.dirname, 'corpus');

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
function filesIn(dir: string, re: RegExp): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => re.test(f))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}
function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir)
      .map((f) => join(dir, f))
      .filter((p) => statSync(p).isDirectory())
      .sort();
  } catch {
    return [];
  }
}
const single = (format: FormatName, path: string, name: string): FuzzInput => ({
  format,
  files: { [name]: readFileSync(path, 'utf8') },
  entry: name,
  target: name,
});

/** Text embedded as a YAML block scalar with an explicit indentation (any first line, any content). */
function block(text: string, indent: number): string {
  const clean = text.replace(/[^\t\n\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd]/g, '?');
  const pad = ' '.repeat(indent);
  return `|2\n${clean
    .split('\n')
    .map((l) => (l === '' ? '' : `${pad}  ${l}`))
    .join('\n')}`;
}

/** A format's corpus, read once per process. */
export function corpus(format: FormatName): FuzzInput[] {
  switch (format) {
    case 'native':
      return filesIn(join(REPO, 'examples'), /\.ya?ml$/).map((p) =>
        single(format, p, p.split('/').pop() ?? 'n.yaml'),
      );
    case 'cfn-json':
      return [
        ...filesIn(join(REPO, 'test/fixtures/cloudformation/cdk'), /\.json$/),
        ...subdirs(join(EXTERNAL, 'cloudformation')).flatMap((d) => filesIn(d, /\.json$/)),
      ].map((p) => single(format, p, 'template.json'));
    case 'cfn-yaml':
      return [
        ...filesIn(join(REPO, 'test/fixtures/cloudformation/scenarios'), /\.ya?ml$/),
        ...filesIn(join(REPO, 'test/fixtures/cloudformation/probes'), /\.ya?ml$/),
        ...subdirs(join(EXTERNAL, 'cloudformation')).flatMap((d) => filesIn(d, /\.ya?ml$/)),
      ].map((p) => single(format, p, 'template.yaml'));
    case 'tf-hcl':
      return [
        ...subdirs(join(REPO, 'test/fixtures/terraform/scenarios')),
        ...subdirs(join(EXTERNAL, 'terraform')),
      ].map((d) => {
        const files = tree(d);
        return { format, files, entry: '.', target: Object.keys(files).find((f) => f.endsWith('.tf')) ?? '' };
      });
    case 'tf-plan':
      return filesIn(join(REPO, 'test/fixtures/terraform/plan'), /\.json$/).map((p) =>
        single(format, p, 'plan.json'),
      );
    case 'describe':
      return subdirs(join(EXTERNAL, 'describe')).map((d) => {
        const files = Object.fromEntries(Object.entries(tree(d)).filter(([f]) => f.endsWith('.json')));
        return { format, files, entry: '.', target: Object.keys(files)[0] ?? '' };
      });
    case 'iptables': {
      const host = readFileSync(join(CORPUS, 'iptables-host.yaml'), 'utf8');
      return filesIn(join(CORPUS, 'iptables'), /./).map((p) => ({
        format,
        files: { 'host.yaml': host, 'os.txt': readFileSync(p, 'utf8') },
        entry: 'host.yaml',
        target: 'os.txt',
      }));
    }
    case 'suricata': {
      const host = readFileSync(join(CORPUS, 'suricata-host.yaml'), 'utf8');
      return filesIn(join(CORPUS, 'suricata'), /./).map((p) => ({
        format,
        files: { 'host.yaml': host, 'rules.txt': readFileSync(p, 'utf8') },
        entry: 'host.yaml',
        target: 'rules.txt',
      }));
    }
  }
}

/** Tokens worth inserting, per format. */
const DICTIONARY: Readonly<Record<FormatName, readonly string[]>> = {
  native: [
    'vpcs:',
    'subnets:',
    'routeTables:',
    'routes: { 0.0.0.0/0: igw }',
    'securityGroups:',
    'inbound: [tcp 443 from 0.0.0.0/0]',
    'outbound: [all to sg-x]',
    '100 allow tcp 22 from 10.0.0.0/16',
    'instances:',
    'natGateways:',
    'cidr: 10.0.0.0/16',
    'ip: 10.0.0.5',
    'publicIp: 203.0.113.9',
    'sourceDestCheck: false',
    'os: "iptables -t nat -A POSTROUTING -j MASQUERADE"',
    'expect: [{ from: a, to: b, flow: tcp/443, verdict: reachable }]',
    'variants: { v: { patch: { vpcs: null } } }',
    '&a ',
    '*a',
    '<<: *a',
    '!!binary ',
    '__proto__:',
    'constructor:',
    'flow: constructor/1',
    'edge: igw',
  ],
  'cfn-json': [
    '{"Ref": "AWS::Region"}',
    '{"Fn::GetAtt": ["Self", "VpcId"]}',
    '{"Fn::Cidr": ["10.0.0.0/16", 100000, 8]}',
    '{"Fn::Select": [99, []]}',
    '{"Fn::Sub": "${Self}"}',
    '"Type": "AWS::EC2::VPC"',
    '"Type": "Custom::X"',
    '"DependsOn": "Self"',
    '"Condition": "Nope"',
    '{"Fn::If": ["C", 1, 2]}',
    '"__proto__": {}',
  ],
  'cfn-yaml': [
    '!Ref AWS::Region',
    '!GetAtt Self.VpcId',
    '!Sub "${AWS::StackName}-${Self}"',
    '!Cidr [10.0.0.0/16, 256, 8]',
    '!Select [99, !GetAZs ""]',
    '!If [C, 1, 2]',
    '!ImportValue x',
    '!Foo x',
    'Type: AWS::EC2::VPC',
    'Type: AWS::EC2::Subnet',
    'DependsOn: Self',
    'Condition: Nope',
    '&a ',
    '*a',
    '<<: *a',
    '__proto__:',
    'Fn::Transform: x',
  ],
  'tf-hcl': [
    'count = 1000000000',
    'count = -1',
    'count = 3',
    'for_each = toset(["a", "b"])',
    'for_each = { for i in range(1024) : tostring(i) => i }',
    'file("/etc/passwd")',
    'file("${path.module}/nat.sh")',
    'templatefile("x.tpl", {})',
    '${',
    '}',
    '"${var.x}"',
    'dynamic "ingress" {\n for_each = range(100)\n content {}\n}',
    'module "m" {\n source = "./modules/company"\n}',
    'module "m" {\n source = "../"\n}',
    'aws_vpc.main.id',
    'local.x',
    'cidrsubnet("10.0.0.0/16", 30, 1)',
    'regex("(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")',
    'format("%99999999d", 1)',
    '[for a in range(1024) : [for b in range(1024) : b]]',
    '<<EOF\nx\nEOF',
    'locals {\n x = local.x\n}',
    'resource "aws_vpc" "x" {\n cidr_block = "10.0.0.0/16"\n}',
    'protocol = "constructor"',
  ],
  'tf-plan': ['"__proto__"', '"format_version"', '"after_unknown"', '"child_modules"', '"resources"'],
  describe: ['"__proto__"', '"VpcId"', '"CidrBlock"', '"IpPermissions"', '"Entries"', '"RuleAction"', '"-1"'],
  iptables: [
    '-A FORWARD -j FORWARD',
    '-N LOOP\n-A LOOP -j LOOP',
    '-p constructor',
    '-p __proto__',
    '--dport 99999',
    '-m multiport --dports 1:65535',
    '-j DNAT --to-destination 10.0.0.1-10.0.0.255:1-65535',
    '-j SNAT --to-source 10.0.0.5',
    '-t constructor',
    'COMMIT',
    '*nat',
    '*filter',
    ':X - [0:0]',
    'iptables -P FORWARD DROP',
    'sysctl -w net.ipv4.ip_forward=1',
    'ip route add 0.0.0.0/0 via 10.0.0.1 dev eth9',
    '<<EOF',
    'EOF',
    '\\',
  ],
  suricata: [
    'pass',
    'drop',
    'reject',
    'alert',
    '$HOME_NET',
    '$UNDEFINED',
    '[',
    ']',
    '!',
    'any',
    'sid:1;',
    'flow:established;',
    'content:"',
    '(',
    ';)',
    '<>',
    '1:65535',
    '[[[[10.0.0.0/8]]]]',
    'constructor',
    'tls.sni;',
    'ip',
    'dotprefix;',
  ],
};

/** Input number `index` of a format in a run with `seed`: the same arguments give the same input. */
export function generate(
  format: FormatName,
  seed: string,
  index: number,
  items: readonly FuzzInput[],
): FuzzInput {
  const rng = new Rng(`${seed}:${format}:${index}`);
  const base = rng.pick(items);
  const targets = Object.keys(base.files).filter(
    (f) => f === base.target || (rng.chance(0.2) && /\.(tf|json|ya?ml)$/.test(f)),
  );
  const target = rng.pick(targets.length > 0 ? targets : [base.target]);
  let text = base.files[target] ?? '';
  const dict = DICTIONARY[format];
  const json = target.endsWith('.json');
  for (let k = 1 + rng.int(4); k > 0; k--)
    text = json && rng.chance(0.6) ? mutateJson(text, rng, dict) : mutateText(text, rng, dict);
  return { ...base, files: { ...base.files, [target]: text }, target };
}

/** The files written for an input: iptables and Suricata text embedded in their host document. */
export function materialise(input: FuzzInput): Record<string, string> {
  const f = { ...input.files };
  if (input.format === 'iptables') {
    f['host.yaml'] = (f['host.yaml'] ?? '').replace('__OS__', block(f['os.txt'] ?? '', 8));
    delete f['os.txt'];
  } else if (input.format === 'suricata') {
    f['host.yaml'] = (f['host.yaml'] ?? '').replace('__RULES__', block(f['rules.txt'] ?? '', 4));
    delete f['rules.txt'];
  }
  return f;
}
