/**
 * Issue 12 defect: a reference to a data source the configuration does not declare. Terraform refuses it; vpcsim
 * reports TF_UNKNOWN_REFERENCE (the code docs/terraform.md names for a reference to a data source that does not
 * exist) naming the data source — a warning when only attributes vpcsim does not model use the value (an AMI id,
 * tags), so the network is still read and traced; an error when the value feeds a network attribute.
 */
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/analysis/trace.js';
import { importTerraform } from '../../src/formats/terraform/index.js';
import { errorsOf, writeTree } from './helpers.js';

const NETWORK = `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "s" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
`;

const view = (ds: readonly { severity: string; code: string; message: string; span?: { line: number } }[]) =>
  ds
    .filter((d) => d.code === 'TF_UNKNOWN_REFERENCE')
    .map((d) => [d.severity, d.span?.line, /data source "([^"]+)"/.exec(d.message)?.[1]]);

describe('a reference to an undeclared data source', () => {
  it('used only by attributes vpcsim does not model (ami, tags): a warning naming it, the network is read', async () => {
    const dir = writeTree({
      'main.tf': `${NETWORK}
resource "aws_instance" "a" {
  ami           = data.aws_ami.ubuntu.id
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.s.id
  tags          = { Owner = data.aws_caller_identity.me.account_id }
}
resource "aws_instance" "b" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.s.id
}
`,
    });
    const r = await importTerraform([dir], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    // ami is on line 11 and tags on line 14 of main.tf (NETWORK takes lines 1–8).
    expect(view(r.diagnostics)).toEqual([
      ['warning', 11, 'data.aws_ami.ubuntu'],
      ['warning', 14, 'data.aws_caller_identity.me'],
    ]);
    // The instances are modelled: SG-4 (the default group admits its members) lets a reach b.
    expect(r.network.instances.map((i) => i.id)).toEqual(['aws_instance.a', 'aws_instance.b']);
    const t = traceFlow(r.network, {
      from: 'aws_instance.a',
      to: 'aws_instance.b',
      protocol: 'tcp',
      port: 22,
    });
    expect(t.verdict).toBe('reachable');
  });

  it('feeding a network attribute (a rule peer, a subnet CIDR through a local): an error at each', async () => {
    const dir = writeTree({
      'main.tf': `
locals {
  cidr = data.aws_vpc.shared.cidr_block
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "s" {
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(local.cidr, 8, 1)
}
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [data.aws_vpc.shared.cidr_block]
  }
}
`,
    });
    const r = await importTerraform([dir], {});
    // local.cidr (line 3) feeds aws_subnet.s.cidr_block; the ingress block is reported at its resource (line 12).
    expect(view(r.diagnostics)).toEqual([
      ['error', 12, 'data.aws_vpc.shared'],
      ['error', 3, 'data.aws_vpc.shared'],
    ]);
  });

  it('a declared data source type with an undeclared name is named in full', async () => {
    const dir = writeTree({
      'main.tf': `${NETWORK}
data "aws_ami" "debian" {
  most_recent = true
}
resource "aws_instance" "a" {
  ami           = data.aws_ami.ubuntu.id
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.s.id
}
`,
    });
    const r = await importTerraform([dir], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(view(r.diagnostics)).toEqual([['warning', 14, 'data.aws_ami.ubuntu']]);
  });
});
