/**
 * Network Firewall rule formats: Suricata strings, 5-tuple rules, domain lists, and the NFW API shapes.
 */
export { parseSuricataRules, type ParseSuricataOptions, type ParseSuricataResult } from './parse.js';
export { parseAddressSpec, parsePortSpec, type AddrNode, type PortNode } from './address.js';
export { domainListToRules, type DomainListRuleOptions } from './domain-list.js';
export { fiveTupleText, fiveTupleToRules } from './five-tuple.js';
export {
  domainListFromApi,
  firewallPolicyFromApi,
  ruleGroupFromApi,
  statefulRuleFromApi,
  statelessRuleFromApi,
  type ApiContext,
  type RuleGroupParts,
} from './api.js';
