/**
 * One entry of the code catalogue (diag/codes.ts): what a code means, the aws-semantics.md rule it implements, and
 * the AWS Reachability Analyzer code it corresponds to.
 */
export interface CodeInfo {
  /** One line: what happened, as a network engineer would say it. */
  readonly meaning: string;
  /** aws-semantics.md ID(s) the code implements (`RT-3`, `NFW-8, NFW-9`), when an AWS rule is behind it. */
  readonly ref?: string;
  /** Reachability Analyzer's explanation code for the same situation, where AWS has one. */
  readonly ra?: string;
}
