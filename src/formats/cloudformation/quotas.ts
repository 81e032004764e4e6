/**
 * CloudFormation's own quotas on a template ("Understand CloudFormation quotas", AWS CloudFormation user guide):
 * a template body of at most 1 MB (from S3) and at most 500 resources. AWS refuses a template over either
 * ("Template format error: Number of resources, N, is greater than maximum allowed, 500"); vpcsim reports the same
 * as an error and still reads the template, so a network too large for one stack can still be simulated.
 */
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import { AWS_QUOTAS, LIMIT_CODES } from '../limits.js';
import { spanOf, type Template } from './template.js';

/** Check one template against CloudFormation's size and resource-count quotas. */
export function checkQuotas(t: Template, text: string, diags: Diagnostic[]): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > AWS_QUOTAS.cfnTemplateBytes)
    diags.push(
      error(
        LIMIT_CODES.cfnTemplateBytes,
        `the template is ${bytes} bytes; CloudFormation would say: Template may not exceed ${AWS_QUOTAS.cfnTemplateBytes} bytes in size`,
        { file: t.file, line: 1, col: 1 },
      ),
    );
  const n = t.resources.size;
  if (n > AWS_QUOTAS.cfnResources) {
    const at = t.root.byKey.get('Resources')?.keyPos ?? t.root.pos;
    diags.push(
      error(
        LIMIT_CODES.cfnResources,
        `CloudFormation would say: Template format error: Number of resources, ${n}, is greater than maximum allowed, ${AWS_QUOTAS.cfnResources}`,
        spanOf(t.file, at),
      ),
    );
  }
}
