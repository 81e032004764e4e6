/**
 * The Linux network stack of one EC2 instance (NAT instance, appliance): compile once with compileOs, then
 * evaluate packets with osReceive / osSend and a per-trace Conntrack.
 */
export { compileOs, routeFor, type CompiledOs, type OsInterface } from './compile.js';
export { Conntrack, type CtEntry, type Tuple } from './conntrack.js';
export { osReceive, osSend, type OsResult } from './stack.js';
export { compileInstanceOs, interfaceIndexOf, type InstanceStack } from './instance.js';
