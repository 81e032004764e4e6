/**
 * What every importer returns: the network it read, the expectations written in it, and diagnostics.
 * Importers never throw on bad input; a malformed file yields diagnostics and as much network as could be read.
 */
import { error, type Diagnostic } from '../diag/diagnostic.js';
import type { DiagnosticExpectation, Expectation } from '../model/expectation.js';
import type { AccessScope, ScopeExpectation } from '../model/scope.js';
import { emptyNetwork, type Network } from '../model/network.js';
import type { HclParser } from './terraform/hcl-parser.js';

/** A named modification of the base network (a "broken variant"), with its own expectations. */
export interface Variant {
  readonly name: string;
  readonly description?: string | undefined;
  readonly network: Network;
  readonly expectations: readonly Expectation[];
  /** Diagnostics the variant's network must produce (validation cases: AWS would refuse it). */
  readonly expectedDiagnostics: readonly DiagnosticExpectation[];
  /** Diagnostics from reading the variant itself. */
  readonly diagnostics: readonly Diagnostic[];
  /** The access scopes of the variant's document (native files: the base document's, as patched). */
  readonly scopes?: readonly AccessScope[] | undefined;
  /** Expectations on scope findings (`{ scope: NAME, findings: none }`). */
  readonly scopeExpectations?: readonly ScopeExpectation[] | undefined;
}

export interface ImportResult {
  readonly network: Network;
  readonly expectations: readonly Expectation[];
  readonly variants: readonly Variant[];
  readonly diagnostics: readonly Diagnostic[];
  /** Files that were read. */
  readonly files: readonly string[];
  /** Diagnostics the base network must produce (validation cases written in the input). */
  readonly expectedDiagnostics?: readonly DiagnosticExpectation[] | undefined;
  /** Access scopes written next to the network (native `scopes:`), evaluated by analysis/reach/scopes.ts. */
  readonly scopes?: readonly AccessScope[] | undefined;
  /** Expectations on scope findings (`{ scope: NAME, findings: none }`). */
  readonly scopeExpectations?: readonly ScopeExpectation[] | undefined;
}

/** Options every importer accepts (each uses what applies to it). */
export interface ImportOptions {
  /** CloudFormation parameters (`--param Name=Value`). */
  readonly params?: Readonly<Record<string, string>> | undefined;
  /** Terraform variables (`--var name=value`) and var files. */
  readonly vars?: Readonly<Record<string, string>> | undefined;
  readonly varFiles?: readonly string[] | undefined;
  readonly region?: string | undefined;
  readonly accountId?: string | undefined;
  /** Availability zones per region for Fn::GetAZs / aws_availability_zones. */
  readonly azs?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Values for Fn::ImportValue by export name. */
  readonly imports?: Readonly<Record<string, string>> | undefined;
  /** Pinned deploy-time values (`--assume Resource.Attribute=value`). */
  readonly assume?: Readonly<Record<string, string>> | undefined;
  /**
   * The isolated HCL parser to use; without it a Terraform load uses the process's shared one
   * (`sharedHclParser`).
   */
  readonly hclParser?: HclParser | undefined;
}

/**
 * The safety net every importer call goes through: an importer bug (an exception on input it should have
 * diagnosed) becomes one IMPORTER_INTERNAL_ERROR diagnostic at the input, never a stack trace (architecture §2).
 */
export function importerFailed(importer: string, files: readonly string[], e: unknown): ImportResult {
  return {
    network: emptyNetwork(),
    expectations: [],
    variants: [],
    diagnostics: [
      error(
        'IMPORTER_INTERNAL_ERROR',
        `the ${importer} importer failed on this input (${e instanceof Error ? e.message : String(e)}); please report it`,
        { file: files[0] ?? '.', line: 1, col: 1 },
      ),
    ],
    files: [...files],
  };
}
