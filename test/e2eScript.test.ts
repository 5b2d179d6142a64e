// The e2e script harness (test/e2eScript.ts): each run gets a TMPDIR of its own, and a run that
// leaves anything there fails its batch, so every script run by the tests is held to removing its
// temporary files.
import * as assert from "assert";
import { E2eRun, startE2eScripts } from "./e2eScript";
import { startedEarly } from "./spawned";

/** leftovers.sh once, with an `aws` that answers every lookup with none after running `extra`. */
const leftovers = (extra: string): E2eRun => ({
    script: "leftovers.sh",
    args: ["e2e-1"],
    standIns: { aws: [extra, "exit 0"] },
    env: { E2E_LEFTOVER_ATTEMPTS: "1", AWS_REGION: "us-east-1" },
});

// Started as this file loads, so bash runs them while the tests before these run.
const leaving = startedEarly(startE2eScripts([leftovers(': > "$TMPDIR/left-behind"')]));
const tidy = startedEarly(startE2eScripts([leftovers('touch "$TMPDIR/scratch"; rm "$TMPDIR/scratch"')]));

describe("e2e script harness: temporary files", () => {
    it("a run that leaves a file in its TMPDIR fails the batch, naming the script and the file", async () => {
        await assert.rejects(leaving, /^Error: e2e\/leftovers\.sh left left-behind in its TMPDIR: remove temporary files on exit \(trap \.\.\. EXIT\)$/);
    });
    it("a run whose temporary files are gone passes, the script's own included (leftovers.sh makes one with mktemp)", async () => {
        const [r] = await tidy;
        assert.strictEqual(r.status, 0, r.output);
    });
});
