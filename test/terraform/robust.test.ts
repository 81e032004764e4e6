/**
 * Robustness: the HCL expression parser fails only with EvalError (turned into positioned diagnostics), and the
 * describe-* builder reads arbitrary JSON under every known key without an internal error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNetwork, MODELLED_KEYS, type DescribeRecord } from '../../src/formats/describe/build.js';
import { parseJsonText, type JsonObject } from '../../src/formats/json-source.js';
import { evaluate } from '../../src/formats/terraform/expr-eval.js';
import { parseExpression, parseTemplate } from '../../src/formats/terraform/expr-parse.js';
import { EvalError } from '../../src/formats/terraform/value.js';

const scope = { lookup: () => undefined, fn: { readFile: () => undefined, renderTemplate: () => null } };
const TOKENS = [
  'var.x',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  '"a${',
  '}"',
  ',',
  ':',
  '=>',
  '?',
  'for',
  'in',
  'if',
  '...',
  '1',
  '-',
  '!',
  '*',
  'cidrsubnet',
  'x',
  '.',
  '%{',
  '${',
  '~',
];

describe('HCL expression parser and evaluator', () => {
  it('arbitrary token soup: only EvalError, never another exception', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }), (toks) => {
        const text = toks.join(' ');
        for (const f of [
          () => evaluate(parseExpression(text), scope),
          () => evaluate({ k: 'tmpl', parts: parseTemplate(text) }, scope),
        ]) {
          try {
            f();
          } catch (e) {
            expect(e).toBeInstanceOf(EvalError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('describe-* builder', () => {
  it('arbitrary JSON under every modelled key never throws', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(fc.constantFrom(...MODELLED_KEYS), fc.array(json, { maxLength: 4 }), (key, items) => {
        const text = JSON.stringify({ [key]: items });
        const r = parseJsonText('x.json', text);
        if (!r.ok) return;
        const recs: DescribeRecord[] = items
          .filter((i): i is JsonObject => typeof i === 'object' && i !== null && !Array.isArray(i))
          .map((item) => ({ item: item, src: r.source }));
        expect(() => buildNetwork(new Map([[key, recs]]))).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('real field names with values of the wrong type never throw', () => {
    const FIELDS = [
      'VpcId',
      'SubnetId',
      'CidrBlock',
      'CidrBlockAssociationSet',
      'Routes',
      'Associations',
      'Entries',
      'IpPermissions',
      'IpPermissionsEgress',
      'Instances',
      'NetworkInterfaces',
      'PrivateIpAddresses',
      'Attachment',
      'Attachments',
      'State',
      'Status',
      'NatGatewayAddresses',
      'RequesterVpcInfo',
      'AccepterVpcInfo',
      'GroupId',
      'RouteTableId',
      'NetworkAclId',
      'InstanceId',
      'NetworkInterfaceId',
      'GatewayId',
      'NatGatewayId',
      'Groups',
      'Tags',
    ];
    const val = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constant('vpc-1'),
      fc.constant('subnet-1'),
      fc.constant([{ VpcId: 'vpc-1', SubnetId: 'subnet-1', GatewayId: 'local' }]),
    );
    const item = fc.dictionary(fc.constantFrom(...FIELDS), val, { maxKeys: 8 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...MODELLED_KEYS), item), { maxLength: 6 }),
        (entries) => {
          const src = parseJsonText('x.json', '{}');
          if (!src.ok) return;
          const map = new Map<string, DescribeRecord[]>();
          for (const [k, it] of entries)
            map.set(k, [...(map.get(k) ?? []), { item: it as JsonObject, src: src.source }]);
          expect(() => buildNetwork(map)).not.toThrow();
        },
      ),
      { numRuns: 500 },
    );
  });
});
