/**
 * Write a file only its owner can read (mode 0600), atomically: a crash or Ctrl-C mid-write leaves
 * the previous version, never half a file.
 */
import { chmod, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { makeFolder } from "./make-folder.js";

export async function writePrivateFile(path: string, text: string): Promise<void> {
  await makeFolder(dirname(path));
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await chmod(temp, 0o600); // the umask may have narrowed nothing, but an existing temp could be wider
  await rename(temp, path);
}
