// Scratch directories for tests: all under one directory per test process, removed when the process
// exits. A process killed before that (Stryker ends its test runners so) leaves its directory; the
// next test process to need one removes those of processes that no longer run. So runs leave nothing
// behind in the OS temp directory for long.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Names carry the host as well as the pid: containers sharing a /tmp each have their own pids. */
const PREFIX = `portkey-tests-${os.hostname()}-`;

/**
 * This process's directory, kept on the global object: Stryker's runner evaluates the test modules
 * again for every run in the same process, and each would otherwise make a directory of its own.
 */
const held: { dir?: string } = ((globalThis as { portkeyTestTemp?: { dir?: string } }).portkeyTestTemp ??= {});

function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        // EPERM: it runs, as another user.
        return (e as NodeJS.ErrnoException).code === "EPERM";
    }
}

/** Directories this host's test processes left when they no longer run; another user's are theirs to remove. */
export function removeLeftRoots(): void {
    for (const name of fs.readdirSync(os.tmpdir())) {
        const pid = name.startsWith(PREFIX) ? /^(\d+)-[A-Za-z0-9]{6}$/.exec(name.slice(PREFIX.length))?.[1] : undefined;
        if (pid === undefined || isRunning(Number(pid))) continue;
        const dir = path.join(os.tmpdir(), name);
        try {
            if (fs.lstatSync(dir).uid === process.getuid?.()) fs.rmSync(dir, { recursive: true, force: true });
        } catch {
            // Best effort: what cannot be removed now is not this run's concern.
        }
    }
}

/** This process's directory for test files, made on first use and removed at exit. */
function processRoot(): string {
    if (held.dir === undefined) {
        removeLeftRoots();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
        process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
        held.dir = dir;
    }
    return held.dir;
}

/** A new empty directory, named `prefix` and six random characters, under this process's test directory. */
export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(processRoot(), prefix));
}
