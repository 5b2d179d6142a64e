// test/tempDir.ts: one scratch directory per test process, and those of processes that are gone removed.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawned, startedEarly } from "./spawned";
import { removeLeftRoots, tempDir } from "./tempDir";

// A pid that ran and has ended (a pid is reused only after many more processes start); started as the file loads.
const ended = startedEarly(spawned("/bin/sh", ["-c", "echo $$"]).then((r) => r.stdout.trim()));

describe("test scratch directories", () => {
    it("are made under one directory named after this process, in the OS temp directory", () => {
        const [a, b] = [tempDir("one-"), tempDir("two-")];
        assert.strictEqual(path.dirname(a), path.dirname(b));
        assert.match(path.basename(a), /^one-\w{6}$/);
        assert.strictEqual(path.dirname(path.dirname(a)), os.tmpdir());
        assert.match(path.basename(path.dirname(a)), new RegExp(`^portkey-tests-${process.pid}-\\w{6}$`));
        assert.deepStrictEqual(fs.readdirSync(a), []);
    });
    it("a process's directory left behind is removed once that process no longer runs; a running one's is kept", async () => {
        const pid = await ended;
        assert.match(pid, /^\d+$/);
        const left = fs.mkdtempSync(path.join(os.tmpdir(), `portkey-tests-${pid}-`));
        fs.mkdirSync(path.join(left, "plan-out-abcdef"));
        const running = fs.mkdtempSync(path.join(os.tmpdir(), `portkey-tests-${process.ppid}-`));
        try {
            removeLeftRoots();
            assert.ok(!fs.existsSync(left), left);
            assert.ok(fs.existsSync(running), running);
            assert.ok(fs.existsSync(path.dirname(tempDir("three-"))), "this process's own is kept");
        } finally {
            fs.rmSync(left, { recursive: true, force: true });
            fs.rmSync(running, { recursive: true, force: true });
        }
    });
});
