/**
 * CloudFormation (and so CDK) importer: public entry points. See docs/cloudformation.md.
 */
export { isCloudFormation } from './detect.js';
export { importCloudFormation, type CloudFormationInput } from './import.js';
export { fnCidr } from './cidr.js';
