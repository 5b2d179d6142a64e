// Where a command writes: the process's streams, or a test's buffers (so tests run the command
// in-process instead of paying a process start per case).

export interface Io {
    out(text: string): void;
    err(line: string): void;
}

export const PROCESS_IO: Io = { out: (t) => process.stdout.write(t), err: (l) => console.error(l) };

/** An Io that keeps what a command prints, for tests. */
export function capturedIo(): Io & { stdout: string; stderr: string } {
    const c = {
        stdout: "",
        stderr: "",
        out: (t: string) => void (c.stdout += t),
        err: (l: string) => void (c.stderr += `${l}\n`),
    };
    return c;
}
