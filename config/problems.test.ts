import * as assert from "assert";
import { ConfigError, configKey, kindOf, Problems, PROJECT } from "./problems";

describe("PROJECT", () => {
    it("is the project name of Pulumi.yaml", () => assert.strictEqual(PROJECT, "portkey-gateway"));
});

describe("configKey", () => {
    it("puts a project key in the project's namespace", () => assert.strictEqual(configKey("cluster.name"), "portkey-gateway:cluster.name"));
    it("keeps a key that already has a namespace", () => assert.strictEqual(configKey("aws:region"), "aws:region"));
});

describe("ConfigError", () => {
    it("lists one problem", () => {
        const e = new ConfigError(["a: b. Fix: c."]);
        assert.strictEqual(e.message, "Invalid stack config (1 problem):\n  - a: b. Fix: c.");
        assert.strictEqual(e.name, "ConfigError");
        assert.deepStrictEqual(e.problems, ["a: b. Fix: c."]);
        assert.ok(e instanceof Error);
    });
    it("lists several problems, one a line", () => assert.strictEqual(new ConfigError(["x", "y"]).message, "Invalid stack config (2 problems):\n  - x\n  - y"));
});

describe("Problems", () => {
    it("formats <project>:<key>: <what>. Fix: <how>.", () => {
        const p = new Problems();
        p.add("cluster.name", "is wrong", "set it");
        p.add("aws:region", "is empty", "set it");
        assert.deepStrictEqual(p.list, ["portkey-gateway:cluster.name: is wrong. Fix: set it.", "aws:region: is empty. Fix: set it."]);
    });
    it("throws nothing when empty", () => assert.doesNotThrow(() => new Problems().throwIfAny()));
    it("throws a ConfigError with every problem", () => {
        const p = new Problems();
        p.add("a", "w", "f");
        p.add("b", "w", "f");
        assert.throws(
            () => p.throwIfAny(),
            (e: unknown) => e instanceof ConfigError && e.problems.length === 2,
        );
    });
});

describe("kindOf", () => {
    it("names the kind of a value without quoting it", () => {
        assert.strictEqual(kindOf([1]), "a list");
        assert.strictEqual(kindOf(null), "null (an empty value)");
        assert.strictEqual(kindOf(12345), "a number");
        assert.strictEqual(kindOf("s3cret"), "a string");
        assert.strictEqual(kindOf(true), "a boolean");
        assert.strictEqual(kindOf({ a: 1 }), "an object");
        assert.strictEqual(kindOf(undefined), "an undefined");
    });
});

describe("Problems.takeUndecrypted", () => {
    it("takes out the problems at the paths given or below them, and returns those paths", () => {
        const p = new Problems();
        p.add("aws:region", "is not an AWS region code", "set it");
        p.add("endpoint.certificateArn", "is not an ACM certificate ARN", "set it");
        p.add("endpoint.certificateArnX", "unknown", "remove it");
        p.add("env.LOG_LEVEL", "is bad", "fix it");
        assert.deepStrictEqual(p.takeUndecrypted(new Set(["endpoint.certificateArn", "aws:region", "secret.existing"])), [
            "aws:region",
            "endpoint.certificateArn",
        ]);
        assert.deepStrictEqual(
            p.list.map((l) => l.split(": ")[0]),
            [`${PROJECT}:endpoint.certificateArnX`, `${PROJECT}:env.LOG_LEVEL`],
        );
    });
});
