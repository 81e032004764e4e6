/**
 * Bad input never throws: the Suricata parser on arbitrary text, the API readers on arbitrary JSON.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firewallPolicyFromApi, ruleGroupFromApi } from './api.js';
import { parseSuricataRules } from '../../model/suricata/parse.js';

const PIECES = [
  'pass',
  'drop',
  'tcp',
  'tls',
  'any',
  '$HOME_NET',
  '->',
  '<>',
  '(',
  ')',
  ';',
  ':',
  '"',
  '\\',
  '[',
  ']',
  '!',
  ',',
  '10.0.0.0/8',
  '80:',
  'sid:1',
  'content:',
  ' ',
  '\n',
  '#',
];

describe('robustness', () => {
  it('parseSuricataRules never throws and every diagnostic has a position', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((xs) => xs.join('')),
        ),
        (text) => {
          const r = parseSuricataRules(text, { file: 'f' });
          for (const d of r.diagnostics) {
            expect(d.span?.line).toBeGreaterThanOrEqual(1);
            expect(d.span?.col).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 500, seed: 4 },
    );
  });

  it('the API readers never throw on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        ruleGroupFromApi(v, {});
        ruleGroupFromApi({ RulesSource: v, RuleVariables: v }, {});
        firewallPolicyFromApi(v, {});
        firewallPolicyFromApi({ StatefulRuleGroupReferences: v, PolicyVariables: v }, {});
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});
