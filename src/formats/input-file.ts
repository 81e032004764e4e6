/**
 * Reading one input file within the limits: a regular file (a FIFO, a device such as /dev/zero or a socket would
 * block or never end), at most `LIMITS.inputBytes` long, as UTF-8 text. Every importer reads through here; a
 * refusal is a diagnostic at the file, never an exception.
 */
import { closeSync, fstatSync, openSync, readSync, constants as fsConstants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { DiagnosticCode } from '../diag/codes.js';
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { LIMIT_CODES, LIMITS } from './limits.js';

export type InputRead =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostic: Diagnostic };

const MiB = 1024 * 1024;

function refused(file: string, code: DiagnosticCode, message: string): InputRead {
  return { ok: false, diagnostic: error(code, message, { file, line: 1, col: 1 }) };
}

function kindOf(st: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isDirectory(): boolean;
}): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/** Why a file of this size or kind is refused, or undefined when it may be read. */
function refusal(
  file: string,
  st: Parameters<typeof kindOf>[0] & { isFile(): boolean; size: number },
  limit: number,
): InputRead | undefined {
  if (!st.isFile())
    return refused(
      file,
      LIMIT_CODES.notAFile,
      `${file} is ${kindOf(st)}; vpcsim reads inputs from regular files only`,
    );
  if (st.size > limit)
    return refused(
      file,
      LIMIT_CODES.inputBytes,
      `${file} is ${(st.size / MiB).toFixed(1)} MiB; vpcsim reads input files of at most ${limit / MiB} MiB`,
    );
  return undefined;
}

// O_NONBLOCK: opening a FIFO with no writer would otherwise block before fstat can say what it is.
const OPEN_FLAGS = fsConstants.O_RDONLY | fsConstants.O_NONBLOCK;

/** Read a text input file. `await readInputFile("main.tf")` → `{ ok: true, text }`. */
export async function readInputFile(file: string, limit: number = LIMITS.inputBytes): Promise<InputRead> {
  let fh;
  try {
    fh = await open(file, OPEN_FLAGS);
  } catch (e) {
    return refused(
      file,
      'FILE_UNREADABLE',
      `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  try {
    const st = await fh.stat();
    const no = refusal(file, st, limit);
    if (no) return no;
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const { bytesRead } = await fh.read(buf, got, st.size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { ok: true, text: buf.toString('utf8', 0, got) };
  } catch (e) {
    return refused(
      file,
      'FILE_UNREADABLE',
      `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    await fh.close();
  }
}

/** The same, synchronously (Terraform's `file()` is evaluated synchronously). */
export function readInputFileSync(file: string, limit: number = LIMITS.inputBytes): InputRead {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (e) {
    return refused(
      file,
      'FILE_UNREADABLE',
      `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  try {
    const st = fstatSync(fd);
    const no = refusal(file, st, limit);
    if (no) return no;
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return { ok: true, text: buf.toString('utf8', 0, got) };
  } catch (e) {
    return refused(
      file,
      'FILE_UNREADABLE',
      `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    closeSync(fd);
  }
}
