// `--probe`, one case at a time: a single GET of the endpoint's health path with a time limit, 200
// passes, any other status or no answer fails with what to check; a cluster endpoint is n/a.
// The health path is the gateway's /v1/health (docs/endpoint.md).
import * as assert from "assert";
import { Fetch, probeFinding, probeUrl } from "./probe";
import { stackState } from "./testing";

describe("verify probe", () => {
    it("one GET with an abort signal that has not fired; expected names the URL", async () => {
        const calls: Array<{ url: string; method: string; aborted: boolean }> = [];
        const fetchFn: Fetch = (url, init) => {
            calls.push({ url, method: init.method, aborted: init.signal.aborted });
            return Promise.resolve({ status: 200 });
        };
        const f = await probeFinding(stackState("prod"), fetchFn);
        assert.deepStrictEqual(calls, [{ url: "https://portkey.internal.example.com/v1/health", method: "GET", aborted: false }]);
        assert.deepStrictEqual(
            [f.id, f.status, f.expected, f.found],
            ["endpoint.probe", "pass", "GET https://portkey.internal.example.com/v1/health answers 200", "200"],
        );
    });
    it("another status: the load balancer answers, the gateway does not", async () => {
        const f = await probeFinding(stackState("prod"), () => Promise.resolve({ status: 204 }));
        assert.deepStrictEqual([f.status, f.found], ["fail", "HTTP 204"]);
        assert.match(f.fix!, /target group's health/);
    });
    it("a timeout is reported by the error's name", async () => {
        const f = await probeFinding(stackState("prod"), () => Promise.reject(new DOMException("timed out", "TimeoutError")));
        assert.deepStrictEqual([f.status, f.found], ["fail", "no answer (TimeoutError)"]);
        assert.match(f.fix!, /DNS record of endpoint\.hostname/);
    });
    it("a cluster endpoint is n/a, with the in-cluster curl", async () => {
        const e = stackState("dev");
        let called = false;
        const f = await probeFinding(e, () => {
            called = true;
            return Promise.resolve({ status: 200 });
        });
        assert.strictEqual(called, false);
        assert.deepStrictEqual(
            [f.status, f.expected],
            ["n/a", `endpoint.type cluster: reachable only inside the cluster (from a pod of an allowed namespace: curl ${probeUrl(e)})`],
        );
        assert.match(probeUrl(e), /^http:\/\/.+\/v1\/health$/);
    });
});
