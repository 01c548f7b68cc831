/**
 * Write a file only its owner can read (mode 0600), atomically: a crash or Ctrl-C mid-write leaves
 * the previous version, never half a file.
 */
import { chmod, mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export async function writePrivateFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await chmod(temp, 0o600); // the umask may have narrowed nothing, but an existing temp could be wider
  await rename(temp, path);
}
