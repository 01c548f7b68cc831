/**
 * Create a folder and any missing parents. A recursive mkdir can report ENOENT ("no such file")
 * when the real cause is a read-only file system or a folder that cannot be written: it gives up
 * on the missing parent, not on the existing folder it could not write in. When that happens the
 * first missing folder is created on its own, which fails with the true reason (EROFS, EACCES).
 */
import { mkdir as fsMkdir, stat as fsStat } from "node:fs/promises";
import { dirname } from "node:path";

export interface FolderFs {
  mkdir: (path: string, options: { recursive?: boolean; mode?: number }) => Promise<unknown>;
  stat: (path: string) => Promise<unknown>;
}

const realFs: FolderFs = { mkdir: fsMkdir, stat: fsStat };

export async function makeFolder(folder: string, mode = 0o700, fs: FolderFs = realFs): Promise<void> {
  try {
    await fs.mkdir(folder, { recursive: true, mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code !== "ENOENT") throw error;
    throw (await firstMissingError(folder, mode, fs)) ?? error;
  }
}

/** The error from creating the first missing folder of `folder`'s path alone, if that fails otherwise than ENOENT. */
async function firstMissingError(folder: string, mode: number, fs: FolderFs): Promise<unknown> {
  let missing = folder;
  for (let parent = dirname(missing); parent !== missing; missing = parent, parent = dirname(parent)) {
    try {
      await fs.stat(parent);
      break; // `missing` is the first folder of the path that is not there
    } catch {
      // the parent is missing too: go up
    }
  }
  try {
    await fs.mkdir(missing, { mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code !== "ENOENT") return error;
  }
  return undefined;
}
