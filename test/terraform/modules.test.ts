/**
 * Terraform modules as `terraform init` leaves them (issue 20 item 1): registry and git modules read from
 * `.terraform/modules/modules.json`, local ones from their folder, `count` / `for_each` on module calls, outputs,
 * `depends_on`, providers passed — and the functions and expressions network modules use (try, coalesce, element
 * wrap-around, setproduct, one, alltrue, compact, distinct, dynamic blocks, for with grouping).
 *
 * The Done-when: test/fixtures/terraform/modules/with-modules (a VPC module with public and private subnets and a
 * NAT gateway, a security-group module with named rules, an instance module; all written for these tests in the
 * layout terraform init produces) traces exactly as test/fixtures/terraform/modules/flat, the same network without
 * modules, whose answers are derived by hand below.
 */
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importTerraform } from '../../src/formats/terraform/index.js';
import type { FlowSpec } from '../../src/model/expectation.js';
import type { Network } from '../../src/model/network.js';
import { codesOf, errorsOf, writeTree } from './helpers.js';

const DIR = 'test/fixtures/terraform/modules';

async function load(name: string, assume: Record<string, string>): Promise<Network> {
  const r = await importTerraform([`${DIR}/${name}`], { assume });
  expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  return r.network;
}
const flat = () => load('flat', { 'aws_eip.nat.public_ip': '203.0.113.60' });
const modular = () => load('with-modules', { 'module.vpc.aws_eip.nat[0].public_ip': '203.0.113.60' });

/**
 * The module network's names → the flat network's: module.vpc.aws_vpc.this → aws_vpc.this, and the VPC module's
 * resources that a single NAT gateway makes one of (count = 1) lose their [0].
 */
function unmodule(id: string): string {
  return id
    .replace(
      /\bmodule\.vpc\.(aws_internet_gateway\.this|aws_route_table\.(?:public|private)|aws_nat_gateway\.this|aws_eip\.nat|aws_route\.\w+)\[0\]/g,
      '$1',
    )
    .replace(/\bmodule\.vpc\./g, '')
    .replace(/\bmodule\.sg\["(\w+)"\]\.aws_security_group\.this/g, 'aws_security_group.$1')
    .replace(/\bmodule\.web\[(\d+)\]\.aws_instance\.this/g, 'aws_instance.web[$1]')
    .replace(/\bmodule\.bastion\["ops"\]\.aws_instance\.this/g, 'aws_instance.bastion');
}

/** The VPC's default network ACL, implied (NACL-4): Terraform declares none. */
const ACL = 'aws_vpc.this:default-acl';
interface Case {
  readonly what: string;
  readonly flow: FlowSpec;
  readonly verdict: string;
  readonly code: string | null;
  /** `id/action` of each forward hop, in the flat network's names. */
  readonly hops: readonly string[];
}

/**
 * Derived from the semantics: the private route table sends 0.0.0.0/0 to the NAT gateway in public subnet 0
 * (RT-1), which translates (NGW-2) and whose public table sends it to the internet gateway (IGW-2); the default
 * NACL allows everything and is checked leaving and entering each subnet crossed (NACL-1); security groups are
 * stateful, egress all, and web admits 22 and 80 from the VPC CIDR only (SG-1, SG-6). web[2] is in private subnet 0
 * because element() wraps around (count.index 2 of two subnets).
 */
const CASES: readonly Case[] = [
  ...[0, 2].map((n): Case => ({
    what: `web[${n}] → the internet on 443 through the NAT gateway`,
    flow: { from: `aws_instance.web[${n}]`, to: '8.8.8.8', protocol: 'tcp', port: 443 },
    verdict: 'reachable',
    code: null,
    hops: [
      `aws_instance.web[${n}]/forward`,
      'aws_security_group.web/allow',
      'aws_route_table.private/forward',
      `${ACL}/allow`,
      `${ACL}/allow`,
      'aws_nat_gateway.this/translate',
      'aws_route_table.public/forward',
      `${ACL}/allow`,
      'aws_internet_gateway.this/translate',
      'internet/exit',
    ],
  })),
  {
    what: 'bastion → web[1] on 22 (ssh-tcp from the VPC CIDR)',
    flow: { from: 'aws_instance.bastion', to: 'aws_instance.web[1]', protocol: 'tcp', port: 22 },
    verdict: 'reachable',
    code: null,
    hops: [
      'aws_instance.bastion/forward',
      'aws_security_group.bastion/allow',
      'aws_route_table.public/forward',
      `${ACL}/allow`,
      `${ACL}/allow`,
      'aws_security_group.web/allow',
      'aws_instance.web[1]/deliver',
    ],
  },
  {
    what: 'bastion → web[2] on 443: no rule of web admits it',
    flow: { from: 'aws_instance.bastion', to: 'aws_instance.web[2]', protocol: 'tcp', port: 443 },
    verdict: 'unreachable',
    code: 'ENI_SG_RULES_MISMATCH',
    hops: [
      'aws_instance.bastion/forward',
      'aws_security_group.bastion/allow',
      'aws_route_table.public/forward',
      `${ACL}/allow`,
      `${ACL}/allow`,
      'aws_security_group.web/drop',
    ],
  },
];

const moduleName = (id: string): string =>
  id
    .replace(/^aws_instance\.web\[(\d+)\]$/, 'module.web[$1].aws_instance.this')
    .replace(/^aws_instance\.bastion$/, 'module.bastion["ops"].aws_instance.this');

describe('a module-based configuration traces exactly as the same network without modules', () => {
  it.each(CASES)('$what', async (c) => {
    const [a, b] = await Promise.all([flat(), modular()]);
    const view = (net: Network, flow: FlowSpec, rename: (s: string) => string) => {
      const t = traceFlow(net, flow);
      return {
        verdict: t.verdict,
        code: t.forward.code ?? null,
        hops: t.forward.hops.map((h) => `${rename(h.id)}/${h.action}`),
        back: t.return?.hops.map((h) => `${rename(h.id)}/${h.action}`) ?? [],
        uncertain: t.uncertain,
      };
    };
    const plain = view(a, c.flow, (s) => s);
    const viaModules = view(
      b,
      { ...c.flow, from: moduleName(c.flow.from), to: moduleName(c.flow.to) },
      unmodule,
    );
    expect([plain.verdict, plain.code, plain.hops, plain.uncertain]).toEqual([
      c.verdict,
      c.code,
      c.hops,
      false,
    ]);
    expect(viaModules).toEqual(plain);
  });

  it('reads to the same model: every resource, rule, route and address, under its module address', async () => {
    const [a, b] = await Promise.all([flat(), modular()]);
    expect(comparable(renamed(b))).toEqual(comparable(a));
    // element() wrapped around: the third web instance's interface is in the first private subnet.
    const eni = b.networkInterfaces.find((n) => n.id.startsWith('module.web[2].aws_instance.this'));
    expect(eni?.subnet).toBe('module.vpc.aws_subnet.private[0]');
  });
});

/** The model with every string renamed from module addresses to the flat network's. */
function renamed(net: Network): unknown {
  const walk = (v: unknown): unknown =>
    typeof v === 'string'
      ? unmodule(v)
      : Array.isArray(v)
        ? v.map(walk)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
          : v;
  return walk(net);
}

/** Without source positions (the two configurations are different files), lists compared as sets. */
function comparable(v: unknown): unknown {
  if (Array.isArray(v))
    return v.map(comparable).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => k !== 'span' && k !== 'spans' && k !== 'files')
      .map(([k, x]) => [k, comparable(x)]),
  );
}

describe('module calls', () => {
  const ROOT_VPC = `
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  cidr   = "10.0.0.0/16"
}`;
  const VPC_MODULE = `
variable "cidr" {}
resource "aws_vpc" "this" {
  cidr_block = var.cidr
}
output "vpc_id" {
  value = aws_vpc.this.id
}`;

  it('without .terraform/, a registry module is a warning saying to run terraform init or use terraform show -json', async () => {
    const dir = writeTree({ 'main.tf': ROOT_VPC });
    const r = await importTerraform([dir], {});
    const w = r.diagnostics.filter((d) => d.code === 'TF_MODULE_NOT_LOCAL');
    expect(w).toHaveLength(1);
    expect(w[0]?.message).toContain('module source "terraform-aws-modules/vpc/aws"');
    expect(w[0]?.message).toContain('run terraform init');
    expect(w[0]?.message).toContain('terraform show -json');
    expect(w[0]?.span?.line).toBe(2);
    expect(r.network.vpcs).toEqual([]);
  });

  it('a call the manifest does not list, or lists with another source, says to run terraform init again', async () => {
    const dir = writeTree({
      'main.tf': `${ROOT_VPC}
module "other" {
  source = "git::https://example.com/other.git"
}`,
      '.terraform/modules/modules.json': JSON.stringify({
        Modules: [
          { Key: '', Source: '', Dir: '.' },
          { Key: 'other', Source: 'git::https://example.com/renamed.git', Dir: '.terraform/modules/other' },
        ],
      }),
      '.terraform/modules/other/main.tf': VPC_MODULE,
    });
    const r = await importTerraform([dir], {});
    const msgs = r.diagnostics
      .filter((d) => d.code === 'TF_MODULE_NOT_LOCAL')
      .map((d) => d.message)
      .sort();
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toMatch(
      /^module\.other: .*recorded in .* with source "git::https:\/\/example\.com\/renamed\.git" .*run terraform init again/,
    );
    expect(msgs[1]).toMatch(/^module\.vpc: .* is not in .*modules\.json .*run terraform init again/);
  });

  it('a manifest entry pointing outside the configuration is refused; a manifest that is not JSON is a warning', async () => {
    const outside = writeTree({
      'main.tf': ROOT_VPC,
      '.terraform/modules/modules.json': JSON.stringify({
        Modules: [
          { Key: 'vpc', Source: 'registry.terraform.io/terraform-aws-modules/vpc/aws', Dir: '../../etc' },
        ],
      }),
    });
    const r1 = await importTerraform([outside], {});
    expect(codesOf(r1.diagnostics)).toEqual(['TF_MODULE_MANIFEST_INVALID', 'TF_MODULE_NOT_LOCAL']);
    const broken = writeTree({ 'main.tf': ROOT_VPC, '.terraform/modules/modules.json': '{"Modules": [' });
    const r2 = await importTerraform([broken], {});
    expect(codesOf(r2.diagnostics)).toEqual(['TF_MODULE_MANIFEST_INVALID', 'TF_MODULE_NOT_LOCAL']);
    expect(r2.diagnostics[0]?.message).toContain('not valid JSON');
  });

  it('count and for_each on modules: module.NAME is a list / map of outputs, splat and index both work', async () => {
    const dir = writeTree({
      'main.tf': `
module "net" {
  source   = "./net"
  for_each = { blue = "10.1.0.0/16", green = "10.2.0.0/16" }
  cidr     = each.value
}
module "sub" {
  source = "./sub"
  count  = 2
  vpc_id = module.net["green"].vpc_id
  cidr   = cidrsubnet(module.net["green"].cidr, 8, count.index)
}
resource "aws_subnet" "extra" {
  vpc_id     = module.net["blue"].vpc_id
  cidr_block = "10.1.200.0/24"
  tags       = { Siblings = join(",", module.sub[*].id) }
}`,
      'net/main.tf': `${VPC_MODULE}
output "cidr" {
  value = aws_vpc.this.cidr_block
}`,
      'sub/main.tf': `
variable "vpc_id" {}
variable "cidr" {}
resource "aws_subnet" "this" {
  vpc_id     = var.vpc_id
  cidr_block = var.cidr
}
output "id" {
  value = aws_subnet.this.id
}`,
    });
    const r = await importTerraform([dir], {});
    expect(r.diagnostics).toEqual([]);
    expect(r.network.vpcs.map((v) => [v.id, v.cidrs[0]])).toEqual([
      ['module.net["blue"].aws_vpc.this', '10.1.0.0/16'],
      ['module.net["green"].aws_vpc.this', '10.2.0.0/16'],
    ]);
    expect(r.network.subnets.map((s) => [s.id, s.vpc, s.cidr])).toEqual([
      ['aws_subnet.extra', 'module.net["blue"].aws_vpc.this', '10.1.200.0/24'],
      ['module.sub[0].aws_subnet.this', 'module.net["green"].aws_vpc.this', '10.2.0.0/24'],
      ['module.sub[1].aws_subnet.this', 'module.net["green"].aws_vpc.this', '10.2.1.0/24'],
    ]);
  });

  it('a module whose count is known only after apply models no instance and says so', async () => {
    const dir = writeTree({
      'main.tf': `
variable "n" {}
module "net" {
  source = "./net"
  count  = var.n
  cidr   = "10.0.0.0/16"
}`,
      'net/main.tf': VPC_MODULE,
    });
    const r = await importTerraform([dir], {});
    expect(codesOf(r.diagnostics)).toEqual(['TF_VARIABLE_NOT_SET', 'TF_COUNT_UNKNOWN']);
    expect(r.diagnostics[1]?.message).toContain(
      'module.net: count depends on a value known only after apply',
    );
    expect(r.network.vpcs).toEqual([]);
  });

  it('providers passed to a module: the same Region is silent, another one is a warning (one Region is modelled)', async () => {
    const tree = (region: string) =>
      writeTree({
        'main.tf': `
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "other"
  region = "${region}"
}
module "net" {
  source     = "./net"
  cidr       = "10.0.0.0/16"
  providers  = { aws = aws.other }
  depends_on = [aws_vpc.first]
}
resource "aws_vpc" "first" {
  cidr_block = "10.9.0.0/16"
}`,
        'net/main.tf': VPC_MODULE,
      });
    const same = await importTerraform([tree('eu-west-1')], {});
    expect(same.diagnostics).toEqual([]);
    expect(same.network.vpcs.map((v) => v.id)).toEqual(['aws_vpc.first', 'module.net.aws_vpc.this']);
    const other = await importTerraform([tree('us-west-2')], {});
    expect(codesOf(other.diagnostics)).toEqual(['TF_MODULE_PROVIDER_REGION']);
    expect(other.diagnostics[0]?.message).toBe(
      'module.net: the provider aws.other passed to it is in us-west-2, but vpcsim models one Region per configuration; its resources are modelled in eu-west-1',
    );
    expect(errorsOf(other.diagnostics)).toEqual([]);
  });
});
