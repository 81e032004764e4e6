/**
 * `vpcsim test <inputs…>`: run the expectations written in the inputs (a directory of vpcsim files runs each file
 * on its own) and report them — text on stdout, and on request JSON, JUnit XML, GitHub Actions annotations and a
 * Markdown summary.
 *
 * Counting: passed, failed (a definite answer other than the one expected) and unknown (the trace is uncertain: it
 * depends on something not modelled, left open or assumed). Exit status: 1 when anything failed or nothing was
 * tested at all (inputs without expectations keep CI from going green on nothing); otherwise 3 when anything is
 * unknown, unless `--allow-unknown`; 2 when an input cannot be read; else 0.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from '@commander-js/extra-typings';
import { hasErrors } from '../diag/diagnostic.js';
import { runTests, type Suite } from '../analysis/run-tests.js';
import { testReportText } from '../render/text.js';
import { junitXml } from '../render/junit.js';
import { githubAnnotations } from '../render/github.js';
import { testCounts, testSummaryMarkdown } from '../render/markdown.js';
import { Exit, userWrite } from './errors.js';
import { printDiagnostics } from './flow.js';
import { importOptions, inputCommand, type CliDeps } from './options.js';
import { writeReport } from './report-file.js';

/** Register `vpcsim test`. */
export function registerTest(program: Command, deps: CliDeps): void {
  inputCommand(
    program,
    'test',
    'run the expectations written in the inputs; exit 1 if any fails, 3 if any is unknown',
    'files or directories (a directory of vpcsim files runs each file on its own)',
  )
    .option('--allow-unknown', 'do not fail on unknown results (uncertain verdicts); they are still counted')
    .option('--junit <FILE>', 'also write a JUnit XML report')
    .option('--github', 'also print GitHub Actions annotations for failed and unknown expectations')
    .option(
      '--markdown <FILE>',
      'also write a Markdown summary (a pull-request comment, $GITHUB_STEP_SUMMARY)',
    )
    .option('--json', 'print results as JSON')
    .option('--no-color', 'plain output')
    .action(async (inputs, o) => {
      const { inputSets } = await import('../formats/load.js'); // on first use: `vpcsim --help` stays fast
      const sets = await inputSets(inputs);
      const suites: Suite[] = [];
      let bad = false;
      for (const set of sets) {
        const r = await deps.load(set, importOptions(o));
        const title = set.join(' + ');
        // Every reading diagnostic is shown: a warning can be why an expectation fails or is unknown.
        printDiagnostics(r.diagnostics);
        if (hasErrors(r.diagnostics) && r.variants.length === 0 && r.expectations.length === 0) {
          bad = true;
          continue;
        }
        suites.push(...runTests(r, title));
      }
      const allowUnknown = o.allowUnknown === true;
      const junit = o.junit;
      if (junit !== undefined)
        await userWrite(junit, () => writeFile(junit, junitXml(suites, { allowUnknown })));
      if (o.markdown !== undefined) await writeReport(o.markdown, testSummaryMarkdown(suites));
      if (o.github) process.stdout.write(githubAnnotations(suites, { allowUnknown }));
      if (o.json) {
        process.stdout.write(
          JSON.stringify(
            suites.map((s) => ({
              title: s.title,
              outcomes: s.outcomes.map((x) => ({
                name: x.name,
                passed: x.passed,
                ...(x.unknown ? { unknown: true } : {}),
                failures: x.failures,
                trace: x.passed ? undefined : x.trace,
              })),
            })),
            null,
            2,
          ) + '\n',
        );
      } else if (o.markdown !== '-') {
        const color = o.color && process.stdout.isTTY && !process.env.NO_COLOR;
        process.stdout.write(testReportText(suites, color) + '\n');
      }
      if (bad) throw new Exit(2);
      const c = testCounts(suites);
      if (c.passed + c.failed + c.unknown === 0) {
        process.stderr.write(
          `vpcsim test: the inputs hold no expectations, so nothing was tested (write \`expect:\` in a vpcsim file, Metadata.vpcsim.expect in a CloudFormation template — see the README)\n`,
        );
        throw new Exit(1);
      }
      if (c.failed > 0) throw new Exit(1);
      throw new Exit(c.unknown > 0 && !allowUnknown ? 3 : 0);
    });
}
