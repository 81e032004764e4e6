/**
 * Diagnostic codes about reading inputs: loading, native YAML, CloudFormation (what CloudFormation itself would say),
 * Terraform (what terraform would say, and what is known only after apply), AWS CLI describe-* output, expectations
 * written in inputs, and the local server. Part of the catalogue in diag/codes.ts — read its header before adding one.
 */
import type { CodeInfo } from './info.js';

export const INPUT_CODES = {
  // --- loading and every importer ------------------------------------------------------------------------
  ASG_ENI_ATTACHMENT_UNKNOWN: {
    meaning:
      'Routes point at an interface an Auto Scaling group instance may attach at boot; the input does not say (tag vpcsim:attach-eni)',
    ref: 'NATI-1',
  },
  ASG_INSTANCES_LAUNCHED: {
    meaning:
      'Instances an Auto Scaling group launches, modelled from its launch template with assumed addresses',
  },
  ASG_LAUNCH_TEMPLATE_UNKNOWN: {
    meaning:
      'An Auto Scaling group whose launch template is not in the input: its instances are not modelled',
  },
  ASG_LAUNCH_TEMPLATE_UNUSED: {
    meaning: 'A launch template no modelled Auto Scaling group launches from: no instance of it is modelled',
  },
  DUPLICATE_ID: { meaning: 'Two inputs loaded together define the same resource id' },
  FILE_UNREADABLE: { meaning: 'An input file or folder cannot be read' },
  IMPORTER_INTERNAL_ERROR: { meaning: 'An importer failed on this input (a vpcsim bug): please report it' },
  INPUT_NESTING_TOO_DEEP: {
    meaning: 'An input nests collections, brackets or expressions deeper than vpcsim reads (docs/limits.md)',
  },
  INPUT_NOT_A_FILE: { meaning: 'An input is a FIFO, a device or a socket: vpcsim reads regular files only' },
  INPUT_NOT_RECOGNISED: { meaning: 'An input is none of the formats vpcsim reads' },
  INPUT_TOO_LARGE: { meaning: 'An input file is larger than vpcsim reads (docs/limits.md)' },
  INVALID_JSON: { meaning: 'A JSON input is not valid JSON' },
  LOAD_FAILED: { meaning: 'vpcsim serve could not read the inputs' },
  OPTION_UNUSED: {
    meaning: 'An input option for a format none of the inputs is in (--param without a template…)',
  },
  UNKNOWN_CODE: {
    meaning: 'An expectation names a code that is not in the catalogue (with the closest one)',
  },
  UNSUPPORTED_RESOURCE_TYPE: {
    meaning:
      'Resources of a kind vpcsim does not model, named once per kind: paths through them are not simulated',
    ra: 'UNSUPPORTED_COMPONENT',
  },
  VALIDATE_FAILED: { meaning: 'vpcsim serve could not validate the inputs (a vpcsim bug)' },
  // --- native YAML ---------------------------------------------------------------------------------------
  DUPLICATE_NAME: { meaning: 'A name is used twice in one vpcsim file' },
  INSTANCE_NO_INTERFACE: {
    meaning: 'An instance has no network interface (AWS launches an instance into a subnet)',
  },
  NACL_RULE_DIRECTION: { meaning: 'A NACL rule says "to" inbound or "from" outbound', ref: 'NACL-3' },
  NACL_RULE_SYNTAX: {
    meaning: 'A NACL rule does not read "NUMBER allow|deny PROTO [PORTS] from|to CIDR"',
    ref: 'NACL-5',
  },
  PORT_SYNTAX: { meaning: 'A port or port range is malformed' },
  SCHEMA: { meaning: 'A vpcsim file does not follow the schema (schema/vpcsim.schema.json)' },
  SG_RULE_DIRECTION: { meaning: 'A security group rule says "to" inbound or "from" outbound', ref: 'SG-5' },
  SG_RULE_PEER_NOT_CIDR: {
    meaning: 'A security group rule peer is an address, not a CIDR block (write /32)',
    ref: 'SG-5',
  },
  SG_RULE_SYNTAX: {
    meaning: 'A security group rule does not read "PROTO [PORTS] from|to PEER"',
    ref: 'SG-5',
  },
  VPC_NO_CIDR: { meaning: 'A VPC has no IPv4 CIDR block', ref: 'ADDR-1' },
  WRONG_REFERENCE_KIND: { meaning: 'A name refers to a resource of another kind than the field expects' },
  YAML_ALIAS_EXPANSION_LIMIT: {
    meaning: 'YAML aliases would expand a document beyond the alias expansion limit (a "billion laughs")',
  },
  YAML_SYNTAX: { meaning: 'A vpcsim file is not valid YAML' },
  // --- CloudFormation ------------------------------------------------------------------------------------
  ADDRESS_UNKNOWN: {
    meaning: 'No address can be assumed for a resource: its subnet has no known IPv4 CIDR',
    ref: 'ADDR-2',
  },
  CFN_TEMPLATE_TOO_LARGE: { meaning: 'Template may not exceed 1000000 bytes in size (AWS quota)' },
  CFN_TOO_MANY_RESOURCES: {
    meaning: 'Template format error: more resources than the 500 AWS allows in one template',
  },
  CIDR_INVALID: { meaning: 'Fn::Cidr arguments CloudFormation would refuse' },
  CIRCULAR_CONDITION: { meaning: 'Template format error: conditions depend on each other in a circle' },
  CIRCULAR_DEPENDENCY: { meaning: 'Template format error: resources depend on each other in a circle' },
  CIRCULAR_REFERENCE: { meaning: 'An assumed deploy-time address depends on itself' },
  FIND_IN_MAP_MISSING: { meaning: 'Template error: Fn::FindInMap names a mapping key that does not exist' },
  IGNORED_RESOURCE_TYPES: { meaning: 'Resource types with no effect on the data plane were skipped' },
  IMPORT_VALUE_UNRESOLVED: {
    meaning: 'Fn::ImportValue of an export no loaded stack or --import-value provides',
  },
  INSTANCE_NO_SUBNET: {
    meaning: 'An instance has no SubnetId or NetworkInterfaces (default VPC): no interface',
  },
  INTRINSIC_ARITY: {
    meaning: 'Template error: an intrinsic function has the wrong number or kind of arguments',
  },
  INTRINSIC_IN_MAP: { meaning: 'An intrinsic function that is not the only key of its mapping' },
  INTRINSIC_TYPE: { meaning: 'Template error: an intrinsic function got a value of the wrong type' },
  NACL_ENTRY_UNREADABLE: {
    meaning: 'A NetworkAclEntry lacks Protocol, RuleNumber, CidrBlock or RuleAction',
    ref: 'NACL-5',
  },
  PARAMETER_NOT_ALLOWED: { meaning: 'A parameter value outside its AllowedValues or AllowedPattern' },
  PARAMETER_NO_VALUE: {
    meaning: 'A parameter with no Default and no --param value: a placeholder is assumed',
  },
  PARAMETER_UNKNOWN: { meaning: '--param names a parameter no loaded template has' },
  PEERING_INTER_REGION: {
    meaning: 'An inter-Region peering: security-group references across it do not work',
    ref: 'SG-6',
  },
  PEERING_PENDING: {
    meaning: 'A cross-account peering needs acceptance: modelled as pending-acceptance',
    ref: 'PCX-4',
  },
  PROPERTY_TYPE: { meaning: 'A resource property has the wrong type and is ignored' },
  PROPERTY_UNKNOWN: { meaning: 'A resource property its type does not have (CloudFormation refuses it)' },
  REF_TO_MISSING: {
    meaning: 'Template format error: Ref or GetAtt names a resource or parameter that does not exist',
  },
  REFERENCE_NOT_FOUND: { meaning: 'A resource refers to another that is not in the loaded templates' },
  ROUTE_NO_TARGET: { meaning: 'A route has no target (AWS rejects it)' },
  SELECT_OUT_OF_RANGE: { meaning: 'Template error: Fn::Select index outside the list' },
  SG_NO_VPC: {
    meaning: 'A security group has no VpcId (EC2-Classic / default VPC): it belongs to no modelled VPC',
  },
  SG_RULE_UNREADABLE: {
    meaning: 'A security group rule whose protocol or ports cannot be read is ignored',
    ref: 'SG-5',
  },
  SUBNET_FULL: {
    meaning: 'A subnet has no free address left for an assumed deploy-time address',
    ref: 'ADDR-2',
  },
  TEMPLATE_FORMAT: { meaning: 'Template format error: the template structure CloudFormation would refuse' },
  TEMPLATE_SYNTAX: { meaning: 'A template is not valid JSON or YAML' },
  TEMPLATE_UNKNOWN_SECTION: { meaning: 'An unknown top-level template section (AWS rejects it)' },
  UNDEFINED_CONDITION: { meaning: 'Template format error: a condition that is not in Conditions' },
  UNKNOWN_INTRINSIC: { meaning: 'Template format error: an unrecognised intrinsic function' },
  UNSUPPORTED_TRANSFORM: {
    meaning: 'A Transform (macro) is not expanded: resources it would create are missing',
  },
  VPC_CIDR_UNKNOWN: { meaning: 'A VPC has no CidrBlock (IPAM pools are not modelled): it has no IPv4 range' },
  VPCSIM_EXPECT_INVALID: { meaning: 'A template-level vpcsim expectation is malformed' },
  VPCSIM_EXPECT_UNKNOWN_KEY: { meaning: 'A template-level vpcsim expectation has an unknown key (ignored)' },
  // --- Terraform -----------------------------------------------------------------------------------------
  ASSUME_UNUSED: { meaning: '--assume names a resource the input does not have' },
  TF_COUNT_UNKNOWN: { meaning: 'count depends on a value known only after apply: no instances are modelled' },
  TF_CYCLE: { meaning: 'A value depends on itself (terraform reports a cycle)' },
  TF_DATA_SOURCE_UNKNOWN: { meaning: 'A data source is not read offline: its attributes are unknown' },
  TF_DUPLICATE_BLOCK: { meaning: 'Two blocks with the same address (terraform refuses it)' },
  TF_DYNAMIC_UNKNOWN: { meaning: 'A dynamic block iterates over a value known only after apply' },
  TF_EVAL_ERROR: { meaning: 'An expression terraform would refuse to evaluate' },
  TF_EVALUATION_LIMIT: { meaning: 'A configuration needs more expression evaluations than vpcsim makes' },
  TF_EXPANSION_LIMIT: {
    meaning: 'count/for_each creates more instances than vpcsim expands (per block or per configuration)',
  },
  TF_FILE_MISSING: { meaning: 'file() names a file that does not exist: its value is unknown' },
  TF_FILE_OUTSIDE_CONFIGURATION: {
    meaning: 'file()/templatefile() names a file outside the configuration: not read, its value is unknown',
  },
  TF_FOR_EACH_UNKNOWN: {
    meaning: 'for_each depends on a value known only after apply: no instances are modelled',
  },
  TF_INDEX_OUT_OF_RANGE: { meaning: 'An index or key that the collection does not have' },
  TF_INVALID_PROTOCOL: {
    meaning: 'A protocol that is not a name or number (AWS: InvalidPermission.Malformed)',
    ref: 'SG-5',
  },

  TF_MODULE_MANIFEST_INVALID: {
    meaning:
      '.terraform/modules/modules.json is not the JSON terraform init writes, or points outside the configuration',
  },
  TF_MODULE_MISSING: { meaning: 'A module folder has no .tf files, or modules nest too deep' },
  TF_MODULE_NOT_LOCAL: {
    meaning:
      'A module from a registry or URL that terraform init has not downloaded (no .terraform/modules entry): its resources are missing',
  },
  TF_MODULE_PROVIDER_REGION: {
    meaning: 'A provider in another Region passed to a module: one Region per configuration is modelled',
  },
  TF_NACL_RULE_INCOMPLETE: {
    meaning: 'A network ACL rule lacks a rule number, action or CIDR',
    ref: 'NACL-5',
  },
  TF_NO_FILES: { meaning: 'A Terraform folder has no .tf files' },
  TF_PARSER_FAILED: {
    meaning: 'The HCL parser crashed or timed out on a file (it is restarted for the next)',
  },
  TF_PLAN_EMPTY: { meaning: 'A Terraform JSON document has no planned values' },
  TF_PLAN_SHAPE: {
    meaning: 'A document that is not `terraform show -json` output, or a resource without address',
  },
  TF_REFERENCE_UNRESOLVED: {
    meaning: 'A resource refers to one that is not in the configuration: it is not modelled',
  },
  TF_ROUTE_NO_TARGET: { meaning: 'A route has no target argument vpcsim recognises' },
  TF_SYNTAX: { meaning: 'HCL syntax error (terraform would refuse the configuration)' },
  TF_UNDECLARED_VARIABLE: { meaning: 'A value for, or a reference to, a variable that is not declared' },
  TF_UNKNOWN_FUNCTION: { meaning: 'A call to a function terraform does not have' },
  TF_UNKNOWN_REFERENCE: { meaning: 'A reference to an undeclared local, resource, module or data source' },
  TF_UNSUPPORTED_ATTRIBUTE: { meaning: 'An attribute the value does not have' },
  TF_USER_DATA_UNKNOWN: {
    meaning: "user_data not known offline: the instance's OS configuration is unknown",
  },
  TF_VALUE_TOO_LARGE: {
    meaning: 'A Terraform function or for expression builds a value larger than vpcsim reads',
  },
  TF_VALUE_UNKNOWN: {
    meaning: 'A network value known only after apply: an assumption or nothing is modelled',
  },
  TF_VARIABLE_NOT_SET: {
    meaning: 'A variable with no default and no value: resources using it get placeholders',
  },
  // --- describe-* JSON -----------------------------------------------------------------------------------
  DESCRIBE_EMPTY: { meaning: 'A describe-* folder has no .json files' },
  DESCRIBE_FIREWALL_NO_ENDPOINTS: {
    meaning: 'A firewall without endpoint ids (list-firewalls, not describe-firewall)',
  },
  DESCRIBE_MISSING_FIELD: { meaning: 'A describe-* record lacks a field vpcsim needs; skipped' },
  DESCRIBE_PREFIX_LIST_ENTRIES_MISSING: {
    meaning: 'A prefix list without its entries; treated as empty',
    ref: 'RT-5',
  },
  DESCRIBE_REFERENCE_UNRESOLVED: {
    meaning: 'A record refers to a resource that is not in the output; skipped',
  },
  DESCRIBE_UNKNOWN_PROTOCOL: { meaning: 'A security group rule protocol that is not understood; skipped' },
  DESCRIBE_UNKNOWN_SHAPE: { meaning: 'A JSON file that is not the output of a describe-* call vpcsim reads' },
  DESCRIBE_UNKNOWN_VALUE: {
    meaning:
      'A describe-* field holds a name AWS does not return there (a route Origin, an attachment ResourceType); read as the default',
  },
} as const satisfies Record<string, CodeInfo>;
