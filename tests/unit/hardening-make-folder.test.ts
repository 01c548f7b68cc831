/**
 * Hardening, creating folders: when a recursive mkdir reports ENOENT although the real cause is a
 * read-only file system (or no write permission), makeFolder reports the real cause.
 */
import { describe, expect, it } from "vitest";
import { makeFolder, type FolderFs } from "../../src/node/make-folder.js";

const errno = (code: string) => Object.assign(new Error(code), { code });

/** A file system where /ro exists but is read-only, and nothing under it does. */
const readOnly: FolderFs = {
  mkdir: async (path, options) => {
    if (options.recursive) throw errno("ENOENT"); // what the recursive form reports
    throw errno(path.startsWith("/ro/") ? "EROFS" : "ENOENT");
  },
  stat: async (path) => {
    if (path === "/ro" || path === "/") return {};
    throw errno("ENOENT");
  },
};

describe("hardening: makeFolder", () => {
  it("a read-only file system is reported as EROFS, not 'no such file'", async () => {
    await expect(makeFolder("/ro/a/b/c", 0o700, readOnly)).rejects.toMatchObject({ code: "EROFS" });
  });

  it("a genuinely missing path keeps its ENOENT", async () => {
    const missing: FolderFs = { mkdir: async () => Promise.reject(errno("ENOENT")), stat: async () => Promise.reject(errno("ENOENT")) };
    await expect(makeFolder("/gone/a", 0o700, missing)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("other errors pass through unchanged", async () => {
    const full: FolderFs = { mkdir: async () => Promise.reject(errno("ENOSPC")), stat: async () => ({}) };
    await expect(makeFolder("/x/y", 0o700, full)).rejects.toMatchObject({ code: "ENOSPC" });
  });
});
