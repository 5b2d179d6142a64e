import * as assert from "assert";
import { createHash } from "crypto";
import { expectedVersions, installManifest, IMAGE_NODE_MAJOR, lockVersions, npmOverrides, versionDifferences, type LockFile } from "./pins";

// Portkey-AI/gateway tag v1.15.2: Dockerfile `FROM node:20-alpine`; package-lock.json resolves
// hono 4.9.7 and @hono/node-server 1.13.5 (docs/upstream-facts.md#gateway-image-lockfile), and keeps
// @aws-crypto/util 3.0.0 and tslib 1.14.1 under @aws-crypto/crc32 beside the top-level 5.2.0 and 2.6.2.
describe("gateway bench: the image's versions (Portkey-AI/gateway v1.15.2 package-lock.json, Dockerfile)", () => {
    it("runs under Node 20, the Dockerfile's base image", () => assert.strictEqual(IMAGE_NODE_MAJOR, 20));

    it("overrides hono and @hono/node-server to the lockfile's versions", () => {
        const o = npmOverrides();
        assert.strictEqual(o.hono, "4.9.7");
        assert.strictEqual(o["@hono/node-server"], "1.13.5");
    });

    it("nests the lockfile's second copies under their parent, keeping the parent's own version", () => {
        assert.deepStrictEqual(npmOverrides()["@aws-crypto/crc32"], { ".": "3.0.0", "@aws-crypto/util": "3.0.0", tslib: "1.14.1" });
        assert.strictEqual(npmOverrides().tslib, "2.6.2");
    });

    it("installs the gateway at 1.15.2 with those overrides", () => {
        const m = installManifest() as any;
        assert.deepStrictEqual(m.dependencies, { "@portkey-ai/gateway": "1.15.2" });
        assert.strictEqual(m.private, true);
        assert.deepStrictEqual(m.overrides, npmOverrides());
        const unpinned = installManifest(false) as any;
        assert.deepStrictEqual([unpinned.dependencies, unpinned.overrides], [{ "@portkey-ai/gateway": "1.15.2" }, undefined]);
    });

    // Computed from Portkey-AI/gateway v1.15.2 (ca77129) package-lock.json: every `packages` entry but
    // the root and those with `dev: true`, as `name@version` lines, sorted, joined with "\n", SHA-256.
    it("expects exactly the lockfile's 96 runtime package versions (94 names)", () => {
        const lines = [...expectedVersions()].flatMap(([name, versions]) => versions.map((v) => `${name}@${v}`)).sort();
        assert.strictEqual(lines.length, 96);
        assert.strictEqual(createHash("sha256").update(lines.join("\n")).digest("hex"), "8bc7908d43be7d3ca6de281ca09cf307fd8cba55ed8080625337087f115f5c9d");
    });

    it("overrides every package the lockfile holds, at its (top-level) version", () => {
        const o = npmOverrides();
        const top = (v: string | Record<string, string> | undefined) => (typeof v === "object" ? v["."] : v);
        for (const [name, versions] of expectedVersions()) assert.ok(versions.includes(top(o[name]) ?? "absent"), name);
    });

    it("expects both copies of a package the lockfile holds twice", () => {
        const e = expectedVersions();
        assert.deepStrictEqual(e.get("tslib"), ["1.14.1", "2.6.2"]);
        assert.deepStrictEqual(e.get("@aws-crypto/util"), ["3.0.0", "5.2.0"]);
        assert.deepStrictEqual(e.get("hono"), ["4.9.7"]);
    });

    const lock: LockFile = {
        packages: {
            "": { version: "0.0.0" },
            "node_modules/@portkey-ai/gateway": { version: "1.15.2" },
            "node_modules/hono": { version: "4.9.7" },
            "node_modules/tslib": { version: "2.6.2" },
            "node_modules/@aws-crypto/crc32/node_modules/tslib": { version: "1.14.1" },
            "node_modules/jest": { version: "29.7.0", dev: true },
            // The same version placed twice by npm counts once; an entry without a version (a link) not at all.
            "node_modules/some-parent/node_modules/hono": { version: "4.9.7" },
            "node_modules/linked": {},
        },
    };

    it("reads a lockfile's runtime packages by name, wherever npm placed them, leaving out the root, dev packages and the gateway", () => {
        assert.deepStrictEqual(
            [...lockVersions(lock).entries()],
            [
                ["hono", ["4.9.7"]],
                ["tslib", ["1.14.1", "2.6.2"]],
            ],
        );
    });

    it("lists each package whose versions differ, is missing or is extra; nothing when they match", () => {
        const expected = new Map([
            ["hono", ["4.9.7"]],
            ["tslib", ["1.14.1", "2.6.2"]],
            ["ms", ["2.1.2"]],
        ]);
        const actual = new Map([
            ["hono", ["4.13.23"]],
            ["tslib", ["1.14.1", "2.6.2"]],
            ["generator-function", ["2.0.1"]],
        ]);
        assert.deepStrictEqual(versionDifferences(expected, actual), [
            "generator-function: the image's lockfile has absent, installed 2.0.1",
            "hono: the image's lockfile has 4.9.7, installed 4.13.23",
            "ms: the image's lockfile has 2.1.2, installed absent",
        ]);
        assert.deepStrictEqual(versionDifferences(expected, new Map(expected)), []);
        assert.deepStrictEqual(versionDifferences(expected, new Map([...expected, ["tslib", ["2.8.1"]]])), [
            "tslib: the image's lockfile has 1.14.1, 2.6.2, installed 2.8.1",
        ]);
    });
});
