import * as assert from "assert";
import { assertNotEchoed, ruleInput, run } from "../testing";
import { pollIntervalIsADuration, reloaderNeedsRotation } from "./rotation";

describe("pollIntervalIsADuration", () => {
    const check = (pollInterval: string, enabled = true) => run(pollIntervalIsADuration, ruleInput({ rotation: { enabled, pollInterval } }));
    it("accepts whole hours, minutes and seconds", () => {
        for (const v of ["1h", "30m", "1h30m", "45s", "1h0m1s"]) assert.deepStrictEqual(check(v), [], v);
    });
    it("rejects other forms", () => {
        for (const v of ["1d", "1.5h"]) {
            assert.deepStrictEqual(
                check(v),
                [
                    'portkey-gateway:rotation.pollInterval: is not a duration of whole hours, minutes and seconds. Fix: use a duration such as "1h", "30m" or "1h30m".',
                ],
                v,
            );
            assertNotEchoed(check(v), v);
        }
    });
    it("rejects zero", () => {
        const zero = ['portkey-gateway:rotation.pollInterval: is zero. Fix: use a positive duration; one hour ("1h") keeps the Secrets Manager API cost down.'];
        assert.deepStrictEqual(check("0s"), zero);
        assert.deepStrictEqual(check("0h0m0s"), zero);
        assertNotEchoed(check("0h0m0s"), "0h0m0s");
    });
    it("accepts up to Go's maximum duration (golang/go src/time/format.go: 2562047h47m16.854775807s = 2^63-1 ns)", () => {
        assert.deepStrictEqual(check("2562047h47m16s"), []);
        assert.deepStrictEqual(check("1s"), []);
    });
    it("rejects one second more", () => {
        const long = [
            'portkey-gateway:rotation.pollInterval: is longer than the driver can parse (Go durations end at 2562047h47m16s). Fix: use a duration such as "1h" or "24h".',
        ];
        for (const v of ["2562047h47m17s", "2562048h", "9223372037s"]) {
            assert.deepStrictEqual(check(v), long, v);
            assertNotEchoed(check(v), v);
        }
    });
    it("is silent with rotation off (the setting is reported as inapplicable elsewhere)", () => assert.deepStrictEqual(check("nonsense", false), []));
});

describe("reloaderNeedsRotation", () => {
    const check = (enabled: boolean, reloader: "install" | "existing" | "none", secretsMode: "partial" | "full" | "mount-only" = "partial") =>
        run(reloaderNeedsRotation, ruleInput({ secretsMode, rotation: { enabled, reloader } }));
    it("rejects Reloader without rotation, saying why for the mode", () => {
        assert.deepStrictEqual(check(false, "existing"), [
            'portkey-gateway:rotation.reloader: Reloader is set to "existing" but rotation.enabled is false: without driver rotation the synced Secret never changes, so Reloader has nothing to react to. Fix: set rotation.enabled to true, or set rotation.reloader to none.',
        ]);
        assert.deepStrictEqual(check(false, "install", "mount-only"), [
            'portkey-gateway:rotation.reloader: Reloader is set to "install" but rotation.enabled is false: in mount-only mode Reloader\'s CSI integration only sees a change when the driver rotates the mounted secrets. Fix: set rotation.enabled to true, or set rotation.reloader to none.',
        ]);
    });
    it("accepts Reloader with rotation, and none without", () => {
        assert.deepStrictEqual(check(true, "install"), []);
        assert.deepStrictEqual(check(true, "existing", "mount-only"), []);
        assert.deepStrictEqual(check(false, "none"), []);
        assert.deepStrictEqual(check(true, "none"), []);
    });
});
