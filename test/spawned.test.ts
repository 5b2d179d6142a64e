// The non-blocking child process of the tests: its output, status and stdin, at the lowest priority.
import * as assert from "assert";
import { spawned, startedEarly } from "./spawned";

describe("spawned: a child process the test process does not wait on", () => {
    // Started as this file loads, as the tests that use it do.
    const echoed = startedEarly(spawned("/bin/sh", ["-c", 'cat; echo "to stderr" >&2; nice; exit 3'], { input: "from stdin\n" }));
    const missing = startedEarly(spawned("/nonexistent/command", []));

    it("gives stdin to the child and returns its stdout, stderr and status", async () => {
        const r = await echoed;
        assert.strictEqual(r.status, 3);
        assert.strictEqual(r.stderr, "to stderr\n");
        // `nice` with no arguments prints the niceness it runs at: the child is at the lowest priority (coreutils nice(1)).
        assert.strictEqual(r.stdout, "from stdin\n19\n");
    });

    it("a command that cannot run fails with the status nice gives it (127: not found)", async () => {
        const r = await missing;
        assert.strictEqual(r.status, 127);
        assert.match(r.stderr, /nonexistent/);
    });

    it("startedEarly hands back the same promise, its failure reported where it is awaited", async () => {
        const failing = Promise.reject(new Error("late"));
        assert.strictEqual(startedEarly(failing), failing);
        await assert.rejects(failing, /late/);
    });
});
