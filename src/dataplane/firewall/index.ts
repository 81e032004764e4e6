/**
 * Network Firewall data plane: compile once (`compileFirewall`), then `inspectPacket` per packet with a
 * `FirewallFlows` shared by the forward and return trace.
 */
export {
  compileFirewall,
  groupSuricataRules,
  splitActions,
  statelessRuleText,
  type CompileFirewallResult,
} from './compile.js';
export { FirewallFlows, type FlowRecord } from './flows.js';
export { inspectPacket, type InspectOptions, type InspectResult } from './inspect.js';
export type { CompiledFirewall, CompiledStatefulRule, CompiledStatelessRule } from './types.js';
