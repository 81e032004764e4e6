/**
 * Issue 12 defect: Terraform's JSON syntax (`*.tf.json`) is read, alone or beside `.tf` files in one folder, as
 * docs/terraform.md says. A `.tf.json` file holds the same blocks as HCL, written as JSON objects with expressions
 * as `"${…}"` templates (Terraform's "JSON Configuration Syntax"); before the fix it was refused with TF_SYNTAX.
 */
import { describe, expect, it } from 'vitest';
import { importTerraform } from '../../src/formats/terraform/index.js';
import { errorsOf, writeTree } from './helpers.js';

const NETWORK_JSON = `{
  "variable": {
    "cidr": { "type": "string", "default": "10.0.0.0/16" }
  },
  "resource": {
    "aws_vpc": {
      "main": { "cidr_block": "\${var.cidr}" }
    },
    "aws_subnet": {
      "app": {
        "vpc_id": "\${aws_vpc.main.id}",
        "cidr_block": "\${cidrsubnet(var.cidr, 8, 1)}"
      }
    }
  }
}
`;

describe('Terraform JSON syntax (*.tf.json)', () => {
  it('a folder with only a .tf.json file: variables, references and functions are evaluated as in HCL', async () => {
    const dir = writeTree({ 'main.tf.json': NETWORK_JSON });
    const r = await importTerraform([dir], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.network.vpcs.map((v) => [v.id, v.cidrs])).toEqual([['aws_vpc.main', ['10.0.0.0/16']]]);
    // cidrsubnet("10.0.0.0/16", 8, 1) = 10.0.1.0/24
    expect(r.network.subnets.map((s) => [s.id, s.vpc, s.cidr])).toEqual([
      ['aws_subnet.app', 'aws_vpc.main', '10.0.1.0/24'],
    ]);
    // Positions point into the JSON file: the line where "app" is written.
    expect(r.network.subnets[0]?.span).toMatchObject({ file: `${dir}/main.tf.json`, line: 10 });
  });

  it('a .tf.json file beside .tf files: one configuration, references across both syntaxes', async () => {
    const dir = writeTree({
      'vpc.tf': `
resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
}
`,
      'subnets.tf.json': `{
  "resource": {
    "aws_subnet": {
      "db": { "vpc_id": "\${aws_vpc.main.id}", "cidr_block": "10.1.9.0/24" }
    }
  },
  "output": { "db": { "value": "\${aws_subnet.db.id}" } }
}`,
    });
    const r = await importTerraform([dir], {});
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.network.subnets.map((s) => [s.id, s.vpc, s.cidr])).toEqual([
      ['aws_subnet.db', 'aws_vpc.main', '10.1.9.0/24'],
    ]);
  });

  it('invalid JSON is TF_SYNTAX at the line and column of the fault, naming it', async () => {
    // Line 3 has a comma before the closing brace; the `}` after it is at column 57.
    const dir = writeTree({
      'main.tf.json':
        '{\n  "resource": {\n    "aws_vpc": { "main": { "cidr_block": "10.0.0.0/16", } }\n  }\n}\n',
    });
    const r = await importTerraform([dir], {});
    const errors = errorsOf(r.diagnostics);
    expect(errors.map((d) => [d.code, d.span?.line, d.span?.col])).toEqual([['TF_SYNTAX', 3, 57]]);
    expect(errors[0]?.message).toMatch(/expected a quoted key/);
  });
});
