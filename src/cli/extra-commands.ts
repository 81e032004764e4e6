/**
 * Commands that live in their own modules (diagram, serve) are registered here, so `main.ts` stays small.
 */
import type { Command } from '@commander-js/extra-typings';

/** Register `diagram` and `serve` when their modules are present. */
export function registerExtraCommands(program: Command): void {
  void program;
}
