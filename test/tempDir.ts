// Scratch directories for tests: all under one directory per test process, which is removed when
// the process exits, so a run leaves nothing in the OS temp directory (a mutation run starts the
// suite thousands of times).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

let root: string | undefined;

/** This process's directory for test files, made on first use and removed at exit. */
function processRoot(): string {
    if (root === undefined) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portkey-tests-"));
        process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
        root = dir;
    }
    return root;
}

/** A new empty directory, named `prefix` and six random characters, under this process's test directory. */
export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(processRoot(), prefix));
}
