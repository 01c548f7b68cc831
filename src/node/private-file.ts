/**
 * Write a file only its owner can read (mode 0600), atomically: a crash or Ctrl-C mid-write leaves
 * the previous version, never half a file.
 */
import { constants } from "node:fs";
import { access, chmod, rename, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import { makeFolder } from "./make-folder.js";
import { describeFsError } from "./read-input.js";

export async function writePrivateFile(path: string, text: string): Promise<void> {
  await makeFolder(dirname(path));
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await chmod(temp, 0o600); // the umask may have narrowed nothing, but an existing temp could be wider
  await rename(temp, path);
}

/**
 * Refuse, now, a file that a command will write only at its end: a folder, a path whose folder is
 * missing, or a place that cannot be written. The interactive triage checks its outputs so before
 * it asks anything. `flag` names the option in the message.
 */
export async function checkWritable(path: string, flag: string): Promise<void> {
  const where = `${flag} ${path}`;
  const target = resolve(path);
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new InputError(describeFsError(error), where);
  });
  if (existing?.isDirectory()) throw new InputError("is a folder; give the name of a file to write", where);
  // (A folder on the way that is a file already failed the stat above, with ENOTDIR.)
  await stat(dirname(target)).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(error.code === "ENOENT" ? "its folder does not exist" : `its folder: ${describeFsError(error)}`, where);
  });
  try {
    await access(existing ? target : dirname(target), constants.W_OK);
  } catch (error) {
    throw new InputError(`cannot be written: ${describeFsError(error)}`, where);
  }
}
