/**
 * vpcsim's public library API. Everything a program needs to load a network, validate it, trace flows and run
 * expectations; internal modules are not part of the API.
 *
 * ```ts
 * import { loadInputs, validateNetwork, compileNetwork, traceFlow } from 'vpcsim';
 * const input = await loadInputs(['examples/s2-ingress-routing.yaml']);
 * const diagnostics = validateNetwork(input.network);
 * const { compiled } = compileNetwork(input.network);
 * const t = traceFlow(compiled, { from: '203.0.113.50', to: '198.51.100.10', protocol: 'tcp', port: 443 });
 * t.verdict; // 'reachable'
 * ```
 */
export type { Diagnostic, Severity, Span } from './diag/diagnostic.js';
export { formatDiagnostic, hasErrors } from './diag/diagnostic.js';

export type * from './model/network.js';
export type * from './model/firewall.js';
export type * from './model/clientvpn.js';
export type * from './model/os.js';
export type * from './model/expectation.js';
export { emptyNetwork, mergeNetworks } from './model/network.js';

export type { ImportOptions, ImportResult, Variant } from './formats/import-result.js';
export { loadInputs, inputSets } from './formats/load.js';
export { importNative, isNative } from './formats/native/index.js';
export { parseOsConfig, mergeOs } from './formats/iptables/index.js';
export { parseSuricataRules } from './model/suricata/parse.js';

export {
  resolveAssociations,
  type Association,
  type AssociationConflict,
  type Associations,
  type SubnetAssociations,
  type VpcAssociations,
} from './associations/resolve.js';

export { validateNetwork } from './validate/index.js';

export { compileNetwork, type CompileResult } from './dataplane/compile.js';
export type { CompiledNetwork } from './dataplane/compiled.js';
export type { Hop, HopAction, HopKind } from './dataplane/hop.js';
export type { PacketJson } from './dataplane/packet.js';

export { traceFlow, TraceError, type TraceOptions } from './analysis/trace.js';
export type { AsymmetryReport, Disposition, PathResult, TraceResult } from './analysis/trace-result.js';
export { checkExpectation, checkDiagnostics, type ExpectationOutcome } from './analysis/expectations.js';
export { runTests, type Suite } from './analysis/run-tests.js';
export { reach, type ReachQuestion, type ReachResult } from './analysis/reach/reach.js';
export type { ReachBox, ReachClass, Outcome } from './analysis/reach/classes.js';
export { ReachError } from './analysis/reach/query.js';
export { evaluateScope, type ScopeResult } from './analysis/reach/scopes.js';
export { scopePaths } from './analysis/reach/scope-library.js';
export { checkScopeExpectation } from './analysis/scope-expectations.js';
export {
  LIBRARY_SCOPES,
  type AccessScope,
  type LibraryScopeName,
  type ScopeExpectation,
  type ScopePath,
} from './model/scope.js';
export { predicateBoundaries, type PredicateBoundaries } from './dataplane/boundaries.js';

export { traceText, diagnosticsText, testReportText } from './render/text.js';
export { reachText, reachJson } from './render/reach.js';
export { junitXml } from './render/junit.js';
export { networkToDot, dotToSvg, svgToPng, networkToMermaid } from './render/diagram/index.js';
