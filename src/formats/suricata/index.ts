/**
 * Network Firewall rule formats: Suricata strings, 5-tuple rules, domain lists, and the NFW API shapes.
 */
export {
  parseSuricataRules,
  type ParseSuricataOptions,
  type ParseSuricataResult,
} from '../../model/suricata/parse.js';
export {
  parseAddressSpec,
  parsePortSpec,
  type AddrNode,
  type PortNode,
} from '../../model/suricata/address.js';
export { domainListToRules, type DomainListRuleOptions } from '../../model/suricata/domain-list.js';
export { fiveTupleText, fiveTupleToRules } from '../../model/suricata/five-tuple.js';
export {
  domainListFromApi,
  firewallPolicyFromApi,
  ruleGroupFromApi,
  statefulRuleFromApi,
  statelessRuleFromApi,
  type ApiContext,
  type RuleGroupParts,
} from './api.js';
