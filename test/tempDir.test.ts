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
        assert.strictEqual(path.basename(path.dirname(a)).slice(0, -6), `portkey-tests-${os.hostname()}-${process.pid}-`);
        assert.deepStrictEqual(fs.readdirSync(a), []);
    });
    it("a directory this host's process left is removed once that process no longer runs; a running one's, and another host's, are kept", async () => {
        const pid = await ended;
        assert.match(pid, /^\d+$/);
        const root = (host: string, p: string | number) => fs.mkdtempSync(path.join(os.tmpdir(), `portkey-tests-${host}-${p}-`));
        const left = root(os.hostname(), pid);
        fs.mkdirSync(path.join(left, "plan-out-abcdef"));
        // A container sharing this /tmp: its pids are not this host's.
        const kept = [root(os.hostname(), process.ppid), root(`other-${os.hostname()}`, pid)];
        try {
            removeLeftRoots();
            assert.ok(!fs.existsSync(left), left);
            for (const dir of kept) assert.ok(fs.existsSync(dir), dir);
            assert.ok(fs.existsSync(path.dirname(tempDir("three-"))), "this process's own is kept");
        } finally {
            for (const dir of [left, ...kept]) fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
