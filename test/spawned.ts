// Child processes for tests, without blocking: a test file starts its runs as it loads and awaits
// them later (in a `before` hook or the test itself), so the child runs on the other core while
// Node goes on running other tests.
import { spawn, SpawnOptions } from "child_process";

export interface Spawned {
    status: number | null;
    stdout: string;
    stderr: string;
}

/**
 * Runs `command` with `args`, writing `input` (if any) to its stdin; resolves once it has exited and its
 * output is read. It runs at the lowest priority (`nice -n 19`, which then runs the command itself, so
 * whatever it starts inherits the priority): a batch of runs side by side would otherwise take both
 * cores from the test process, which goes on running tests meanwhile.
 */
export function spawned(command: string, args: string[], options: SpawnOptions & { input?: string } = {}): Promise<Spawned> {
    const { input, ...rest } = options;
    return new Promise<Spawned>((resolve, reject) => {
        const child = spawn("nice", ["-n", "19", command, ...args], { ...rest, stdio: ["pipe", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout!.on("data", (b: Buffer) => out.push(b));
        child.stderr!.on("data", (b: Buffer) => err.push(b));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
        child.stdin!.on("error", () => undefined);
        child.stdin!.end(input ?? "");
    });
}

/**
 * `promise`, marked handled for now: a run started as a file loads may fail before anything awaits
 * it, and its failure is reported where it is awaited.
 */
export function startedEarly<T>(promise: Promise<T>): Promise<T> {
    promise.catch(() => undefined);
    return promise;
}
