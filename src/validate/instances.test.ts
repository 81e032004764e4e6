/**
 * Instances as the EC2 API checks them: every network interface of an instance in one Availability Zone (an ENI can
 * only be attached to an instance in its own AZ), and one interface per device index (eth0, eth1 …).
 */
import { describe, expect, it } from 'vitest';
import { emptyNetwork, type Network, type NetworkInterface } from '../model/network.js';
import { validateInstances } from './instances.js';

const eni = (id: string, subnet: string, deviceIndex: number): NetworkInterface => ({
  id,
  subnet,
  addresses: [{ private: id === 'eni-a' ? '10.0.1.10' : id === 'eni-b' ? '10.0.2.10' : '10.0.1.11' }],
  sourceDestCheck: true,
  securityGroups: [],
  instance: 'i-1',
  deviceIndex,
});

function network(enis: NetworkInterface[]): Network {
  return {
    ...emptyNetwork(),
    vpcs: [{ id: 'vpc', cidrs: ['10.0.0.0/16'] }],
    subnets: [
      { id: 'sub-a', vpc: 'vpc', cidr: '10.0.1.0/24', az: 'ap-northeast-1a' },
      { id: 'sub-b', vpc: 'vpc', cidr: '10.0.2.0/24', az: 'ap-northeast-1c' },
    ],
    networkInterfaces: enis,
    instances: [{ id: 'i-1', interfaces: enis.map((e) => e.id), state: 'running' }],
  };
}

const codes = (net: Network): string[] => validateInstances(net).map((d) => d.code);

describe('instance interfaces (AZ, device index)', () => {
  it('two interfaces in one AZ with device indexes 0 and 1: nothing to say', () => {
    expect(codes(network([eni('eni-a', 'sub-a', 0), eni('eni-c', 'sub-a', 1)]))).toEqual([]);
  });
  it('interfaces in subnets of two AZs: INSTANCE_ENIS_AZ once', () => {
    expect(codes(network([eni('eni-a', 'sub-a', 0), eni('eni-b', 'sub-b', 1)]))).toEqual([
      'INSTANCE_ENIS_AZ',
    ]);
  });
  it('two interfaces on device index 0: DEVICE_INDEX_IN_USE once', () => {
    expect(codes(network([eni('eni-a', 'sub-a', 0), eni('eni-c', 'sub-a', 0)]))).toEqual([
      'DEVICE_INDEX_IN_USE',
    ]);
  });
});
