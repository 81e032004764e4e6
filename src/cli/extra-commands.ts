/**
 * Commands that live in their own modules (`diagram`, `serve`, `pull`, `ls`, `reach`, `exposure`, `matrix`, `diff`) are
 * registered here, so `main.ts` stays small.
 */
import type { Command } from '@commander-js/extra-typings';
import { register as registerDiagram } from './diagram.js';
import { register as registerLs } from './ls.js';
import { register as registerPull } from './pull.js';
import { register as registerServe } from './serve.js';
import { register as registerReach } from './reach.js';
import { register as registerExposure } from './exposure.js';
import { register as registerMatrix } from './matrix.js';
import { register as registerDiff } from './diff.js';
import type { CliDeps } from './options.js';

/** Register `diagram`, `serve`, `pull`, `ls` and the network-wide commands (`reach`, `exposure`, `matrix`, `diff`). */
export function registerExtraCommands(program: Command, deps: CliDeps): void {
  registerDiagram(program, deps);
  registerServe(program, deps);
  registerPull(program);
  registerLs(program, deps);
  registerReach(program, deps);
  registerExposure(program, deps);
  registerMatrix(program, deps);
  registerDiff(program, deps);
}
