/**
 * Issue 13 §5: AWS's "IPv4 CIDR block association restrictions" table (ADDR-1; UG/vpc-cidr-blocks.html
 * #add-cidr-block-restrictions), row by row: which secondary CIDR blocks AssociateVpcCidrBlock refuses
 * (InvalidVpc.Range) and which it permits, depending on the range the primary CIDR lies in. Expected values are
 * read off the table, not off vpcsim.
 */
import { describe, expect, it } from 'vitest';
import { emptyNetwork, type Network } from '../../src/model/network.js';
import { validateNetwork } from '../../src/validate/index.js';

function vpc(cidrs: string[]): Network {
  return { ...emptyNetwork(), vpcs: [{ id: 'v', cidrs, region: 'us-east-1' }] };
}
const restricted = (primary: string, secondary: string): boolean =>
  validateNetwork(vpc([primary, secondary])).some((d) => d.code === 'VPC_CIDR_RESTRICTED');

// [primary, secondary, restricted?] — one line per cell of the table.
const table: [string, string, boolean][] = [
  // Primary in 10.0.0.0/8: other RFC 1918 ranges and 198.19.0.0/16 restricted; from 10.0.0.0/16 if the primary
  // is in 10.0.0.0/15; any other 10/8 block, public blocks and 100.64.0.0/10 permitted.
  ['10.0.0.0/16', '192.168.0.0/16', true],
  ['10.0.0.0/16', '172.16.0.0/16', true],
  ['10.0.0.0/16', '198.19.0.0/16', true],
  ['10.1.0.0/16', '10.0.0.0/16', true],
  ['10.1.0.0/16', '10.0.128.0/24', true],
  ['10.2.0.0/16', '10.0.0.0/16', false],
  ['10.0.0.0/16', '10.2.0.0/16', false],
  ['10.0.0.0/16', '100.64.0.0/16', false],
  ['10.0.0.0/16', '52.0.0.0/16', false],
  // Primary in 172.16.0.0/12: 10/8, 192.168/16, 172.31/16 and 198.19/16 restricted.
  ['172.16.0.0/16', '10.0.0.0/16', true],
  ['172.16.0.0/16', '192.168.0.0/16', true],
  ['172.16.0.0/16', '172.31.0.0/16', true],
  ['172.16.0.0/16', '198.19.0.0/16', true],
  ['172.16.0.0/16', '172.17.0.0/16', false],
  ['172.16.0.0/16', '100.64.0.0/16', false],
  ['172.16.0.0/16', '34.0.0.0/16', false],
  // Primary in 192.168.0.0/16: 172.16/12, 10/8 and 198.19/16 restricted.
  ['192.168.0.0/20', '10.0.0.0/16', true],
  ['192.168.0.0/20', '172.16.0.0/16', true],
  ['192.168.0.0/20', '198.19.0.0/16', true],
  ['192.168.0.0/20', '192.168.16.0/20', false],
  ['192.168.0.0/20', '100.64.0.0/16', false],
  // Primary in 198.19.0.0/16: every RFC 1918 range restricted; public and 100.64/10 permitted.
  ['198.19.0.0/17', '10.0.0.0/16', true],
  ['198.19.0.0/17', '172.16.0.0/16', true],
  ['198.19.0.0/17', '192.168.0.0/16', true],
  ['198.19.0.0/17', '100.64.0.0/16', false],
  ['198.19.0.0/17', '52.1.0.0/16', false],
  // Primary publicly routable or in 100.64.0.0/10: RFC 1918 and 198.19/16 restricted.
  ['100.64.0.0/16', '10.0.0.0/16', true],
  ['100.64.0.0/16', '198.19.0.0/16', true],
  ['52.0.0.0/16', '192.168.0.0/16', true],
  ['52.0.0.0/16', '100.65.0.0/16', false],
  ['52.0.0.0/16', '52.1.0.0/16', false],
];

describe('ADDR-1: IPv4 CIDR block association restrictions', () => {
  it.each(table)('primary %s, secondary %s → restricted: %s', (primary, secondary, expected) => {
    expect(restricted(primary, secondary)).toBe(expected);
  });

  it('the diagnostic is an error naming the VPC, the block and the rule', () => {
    const d = validateNetwork(vpc(['10.0.0.0/16', '192.168.0.0/16'])).find(
      (x) => x.code === 'VPC_CIDR_RESTRICTED',
    );
    expect(d).toMatchObject({ severity: 'error', resource: 'v', ref: 'ADDR-1' });
    expect(d?.message).toContain('192.168.0.0/16');
    expect(d?.message).toContain('InvalidVpc.Range');
  });

  it('the primary CIDR itself is never judged by the table', () => {
    expect(validateNetwork(vpc(['192.168.0.0/16'])).map((x) => x.code)).not.toContain('VPC_CIDR_RESTRICTED');
  });

  it('quota: more than 5 IPv4 CIDR blocks is a warning (default quota), more than 50 an error', () => {
    const six = ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16', '10.5.0.0/16'];
    expect(validateNetwork(vpc(six)).find((x) => x.code === 'VPC_CIDR_QUOTA')?.severity).toBe('warning');
    const many = Array.from({ length: 51 }, (_, i) => `10.${i + 10}.0.0/16`);
    expect(validateNetwork(vpc(many)).find((x) => x.code === 'VPC_CIDR_QUOTA')?.severity).toBe('error');
  });
});
