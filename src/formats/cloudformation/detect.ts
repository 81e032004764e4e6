/**
 * Recognising a CloudFormation template by its content (never by file name): it has `AWSTemplateFormatVersion`,
 * or a `Resources` section whose entries have `Type: AWS::…` (or `Custom::…`). A cheap text test; the real
 * parse happens in `read.ts`. Anything else is "not CloudFormation" — no diagnostics here.
 */

const VERSION = /^\s*["']?AWSTemplateFormatVersion["']?\s*:/m;
const RESOURCES = /(^|[{,\s])["']?Resources["']?\s*:/m;
const TYPED = /["']?Type["']?\s*:\s*["']?(AWS|Custom)::[A-Za-z0-9]/;

/** Is this text a CloudFormation template? `isCloudFormation('AWSTemplateFormatVersion: "2010-09-09"', 'x')` → true. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the path is part of the importer contract, unused here
export function isCloudFormation(text: string, _path: string): boolean {
  if (VERSION.test(text)) return true;
  return RESOURCES.test(text) && TYPED.test(text);
}
