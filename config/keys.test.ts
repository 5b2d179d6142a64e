import * as assert from "assert";
import { awsKeysOf, CHART_RENDER_KEYS, isRenderKey } from "./keys";
import { settingsOf } from "./testing";

describe("CHART_RENDER_KEYS", () => {
    // Portkey-AI/helm charts/portkey-gateway templates read these while rendering; the env row of
    // docs/config-reference.md names the same four.
    it("are PORT, MCP_PORT, SERVER_MODE and CACHE_STORE", () =>
        assert.deepStrictEqual([...CHART_RENDER_KEYS], ["PORT", "MCP_PORT", "SERVER_MODE", "CACHE_STORE"]));
});

describe("isRenderKey", () => {
    it("is true for the render keys only", () => {
        assert.deepStrictEqual(["PORT", "MCP_PORT", "SERVER_MODE", "CACHE_STORE"].map(isRenderKey), [true, true, true, true]);
        assert.deepStrictEqual(["REDIS_URL", "port", ""].map(isRenderKey), [false, false, false]);
    });
});

describe("awsKeysOf", () => {
    const created = settingsOf().secret;
    const adopted = { ...created, existing: "prod/portkey" };
    it("defaults to every key of a created secret's values (docs/config-reference.md: secretKeys default)", () =>
        assert.deepStrictEqual(awsKeysOf({ secret: created, secretValues: { B: "1", A: "2" }, secretKeys: undefined }), ["B", "A"]));
    it("is empty for an adopted secret with no list, and without values", () => {
        assert.deepStrictEqual(awsKeysOf({ secret: adopted, secretValues: { A: "1" }, secretKeys: undefined }), []);
        assert.deepStrictEqual(awsKeysOf({ secret: created, secretValues: undefined, secretKeys: undefined }), []);
    });
    it("takes the listed keys in order, each once, env names only", () => {
        assert.deepStrictEqual(awsKeysOf({ secret: adopted, secretValues: undefined, secretKeys: ["B", "A", "B", "9X", "a-b"] }), ["B", "A"]);
        assert.deepStrictEqual(awsKeysOf({ secret: created, secretValues: { C: "1" }, secretKeys: ["A"] }), ["A"]);
    });
});
