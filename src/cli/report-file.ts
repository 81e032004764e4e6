/**
 * Writing a report a command produces beside its normal output (`--junit FILE`, `--sarif FILE`,
 * `--markdown FILE`): to the file, or to stdout for `-`.
 */
import { writeFile } from 'node:fs/promises';
import { userWrite } from './errors.js';

/** Write `text` to `file`, or to stdout when `file` is `-`. */
export async function writeReport(file: string, text: string): Promise<void> {
  if (file === '-') process.stdout.write(text);
  else await userWrite(file, () => writeFile(file, text));
}
