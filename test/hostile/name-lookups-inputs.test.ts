/**
 * Issue 21 item 4, the last silent lookups: names from describe-* JSON, from `--assume`/`--param`/`--import-value`
 * and from CloudFormation parameters and exports that are also names of Object.prototype (`constructor`,
 * `toString`, `__proto__`, `hasOwnProperty`, `valueOf`). Each was looked up on a plain object (and found the
 * prototype's function) or assigned into one (and `__proto__` vanished); now each is an own entry of a Map or a
 * null-prototype table, and an unknown name is a diagnostic naming it. Every test here fails on the code before.
 */
import { describe, expect, it } from 'vitest';
import { importOptions } from '../../src/cli/options.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { importDescribe } from '../../src/formats/describe/index.js';
import { loadInputs } from '../../src/formats/load.js';
import { writeTree } from '../terraform/helpers.js';

const json = (o: unknown): string => JSON.stringify(o, null, 1);
const at = (ds: readonly Diagnostic[], code: string) =>
  ds.filter((d) => d.code === code).map((d) => `${d.span?.line ?? 0}:${d.span?.col ?? 0} ${d.message}`);

const VPCS = json({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', State: 'available' }] });

describe('describe-* names like Object.prototype properties', () => {
  it('top-level keys constructor, toString, __proto__, hasOwnProperty, valueOf are unknown keys, each reported where it is', async () => {
    // Written by hand: JSON.stringify would not write `__proto__` as a key of an object literal.
    const text = [
      '{',
      ' "Vpcs": [{ "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16" }],',
      ' "constructor": [],',
      ' "toString": [{ "VpcId": "vpc-2" }],',
      ' "__proto__": { "Vpcs": [] },',
      ' "hasOwnProperty": "x",',
      ' "valueOf": {}',
      '}',
    ].join('\n');
    const dir = writeTree({ 'Vpcs.json': text });
    const r = await importDescribe(dir, {});
    // Before: all five were dropped without a word (`k in out` found the prototype's member; `__proto__` would
    // have replaced the prototype of the merged document).
    expect(at(r.diagnostics, 'DESCRIBE_UNKNOWN_SHAPE')).toEqual([
      '3:2 unknown top-level key "constructor" (not a describe-* output vpcsim knows); ignored',
      '4:2 unknown top-level key "toString" (not a describe-* output vpcsim knows); ignored',
      '5:2 unknown top-level key "__proto__" (not a describe-* output vpcsim knows); ignored',
      '6:2 unknown top-level key "hasOwnProperty" (not a describe-* output vpcsim knows); ignored',
      '7:2 unknown top-level key "valueOf" (not a describe-* output vpcsim knows); ignored',
    ]);
    expect(r.network.vpcs.map((v) => v.id)).toEqual(['vpc-1']);
  });

  it('a route Origin named "constructor" is reported and read as CreateRoute, not the Object function', async () => {
    const dir = writeTree({
      'Vpcs.json': VPCS,
      'InternetGateways.json': json({
        InternetGateways: [
          { InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1', State: 'available' }] },
        ],
      }),
      'RouteTables.json': json({
        RouteTables: [
          {
            RouteTableId: 'rtb-1',
            VpcId: 'vpc-1',
            Routes: [
              {
                DestinationCidrBlock: '0.0.0.0/0',
                GatewayId: 'igw-1',
                Origin: 'constructor',
                State: 'active',
              },
              {
                DestinationCidrBlock: '10.9.0.0/16',
                GatewayId: 'igw-1',
                Origin: 'CreateRoute',
                State: 'active',
              },
            ],
          },
        ],
      }),
    });
    const r = await importDescribe(dir, {});
    // Before: no diagnostic, and the route's origin was `Object` itself (JSON output dropped the field).
    expect(at(r.diagnostics, 'DESCRIBE_UNKNOWN_VALUE')).toEqual([
      '10:6 route Origin "constructor" is none of CreateRouteTable, CreateRoute, EnableVgwRoutePropagation (what describe-route-tables returns); read as CreateRoute',
    ]);
    expect(r.network.routeTables[0]?.routes.map((x) => [x.destination, x.origin])).toEqual([
      ['0.0.0.0/0', 'static'],
      ['10.9.0.0/16', 'static'],
    ]);
  });

  it('a transit gateway attachment ResourceType named "toString" is reported and read as connect', async () => {
    const dir = writeTree({
      'TransitGateways.json': json({ TransitGateways: [{ TransitGatewayId: 'tgw-1', State: 'available' }] }),
      'TransitGatewayAttachments.json': json({
        TransitGatewayAttachments: [
          {
            TransitGatewayAttachmentId: 'tgw-attach-1',
            TransitGatewayId: 'tgw-1',
            ResourceType: 'toString',
            ResourceId: 'x-1',
            State: 'available',
          },
        ],
      }),
    });
    const r = await importDescribe(dir, {});
    // Before: no diagnostic, and the attachment's kind was the function Object.prototype.toString.
    expect(at(r.diagnostics, 'DESCRIBE_UNKNOWN_VALUE')).toEqual([
      '6:4 transit gateway attachment ResourceType "toString" is none of vpc, vpn, direct-connect-gateway, peering, tgw-peering, connect, network-function (what describe-transit-gateway-attachments returns); read as connect',
    ]);
    expect(r.network.transitGatewayAttachments?.map((a) => [a.id, a.kind])).toEqual([
      ['tgw-attach-1', 'connect'],
    ]);
  });
});

const TF_EIP = `resource "aws_eip" "nat" {
  domain = "vpc"
}
`;

describe('--assume, --param, --import-value named like Object.prototype properties', () => {
  it('the CLI keeps `__proto__=v` as an entry: a pin of nothing is reported (CloudFormation)', async () => {
    const opts = importOptions({ assume: ['__proto__=v'], param: ['__proto__=x'] });
    expect(Object.keys(opts.assume ?? {})).toEqual(['__proto__']);
    const dir = writeTree({
      't.yaml': 'Resources:\n  V: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }\n',
    });
    const r = await loadInputs([`${dir}/t.yaml`], opts);
    // Before: both options vanished into the prototype setter; the load said nothing.
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['ASSUME_UNUSED', 'PARAMETER_UNKNOWN']);
    expect(at(r.diagnostics, 'ASSUME_UNUSED')[0]).toContain('--assume __proto__: no resource');
  });

  it('Terraform: pins of attributes no mapper reads (constructor, __proto__, a misspelling) are reported; public_ip is used', async () => {
    const dir = writeTree({ 'main.tf': TF_EIP });
    const opts = importOptions({
      assume: [
        'aws_eip.nat.constructor=203.0.113.1',
        'aws_eip.nat.__proto__=203.0.113.2',
        'aws_eip.nat.publicip=203.0.113.3',
        'aws_eip.nat.public_ip=203.0.113.4',
      ],
    });
    const r = await loadInputs([dir], opts);
    // Before: all four counted as used (constructor and publicip were merged into the attributes nothing reads,
    // __proto__ vanished), so a misspelt pin left the placeholder in place without a word.
    expect(at(r.diagnostics, 'ASSUME_UNUSED')).toEqual([
      '0:0 --assume aws_eip.nat.constructor: aws_eip.nat has no deploy-time attribute "constructor" that vpcsim reads; the pin changes nothing',
      '0:0 --assume aws_eip.nat.__proto__: aws_eip.nat has no deploy-time attribute "__proto__" that vpcsim reads; the pin changes nothing',
      '0:0 --assume aws_eip.nat.publicip: aws_eip.nat has no deploy-time attribute "publicip" that vpcsim reads; the pin changes nothing',
    ]);
    expect(r.network.elasticIps?.map((e) => [e.id, e.publicIp, e.assumed ?? []])).toEqual([
      ['aws_eip.nat', '203.0.113.4', []],
    ]);
  });

  it('CloudFormation: a parameter named constructor keeps its default; !ImportValue valueOf is unresolved', async () => {
    const dir = writeTree({
      't.yaml': `Parameters:
  constructor: { Type: String, Default: 10.0.0.0/16 }
Resources:
  V: { Type: AWS::EC2::VPC, Properties: { CidrBlock: !Ref constructor } }
  S:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref V
      CidrBlock: !ImportValue valueOf
`,
    });
    const r = await loadInputs([`${dir}/t.yaml`], {});
    // Before: `!Ref constructor` was the Object function ("V.CidrBlock should be a string; ignored") and
    // `!ImportValue valueOf` was Object.prototype.valueOf, with no IMPORT_VALUE_UNRESOLVED.
    expect(r.network.vpcs.map((v) => [v.id, v.cidrs])).toEqual([['V', ['10.0.0.0/16']]]);
    expect(at(r.diagnostics, 'IMPORT_VALUE_UNRESOLVED')).toEqual([
      '9:18 Fn::ImportValue "valueOf": no loaded stack exports it and no --import value was given; using a placeholder',
    ]);
    expect(at(r.diagnostics, 'PROPERTY_TYPE')).toEqual([]);
  });

  it('CloudFormation Metadata: a vpcsim assume entry named __proto__ is reported, not dropped', async () => {
    const dir = writeTree({
      't.json': json({
        Metadata: { vpcsim: { assume: JSON.parse('{"__proto__": "10.0.0.9"}') as unknown } },
        Resources: { V: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } },
      }),
    });
    const r = await loadInputs([`${dir}/t.json`], {});
    // Before: the entry vanished into the prototype setter (and Metadata pins that pinned nothing were never
    // reported, whatever their name).
    expect(at(r.diagnostics, 'ASSUME_UNUSED')).toEqual([
      '5:5 Metadata vpcsim.assume __proto__: no resource of the loaded templates has a deploy-time value by that name (LogicalId.Attribute, e.g. App.PrivateIp or NatEip.PublicIp)',
    ]);
  });
});
