/**
 * iptables / sysctl / ip route input: parse an instance's OS network configuration into the model's InstanceOs.
 * See parse.ts for the accepted inputs and merge.ts for combining two of them.
 */
export { parseOsConfig, detectOsConfigKind, type OsConfigKind, type ParseOsOptions, type ParseOsResult } from './parse.js';
export { mergeOs } from './merge.js';
