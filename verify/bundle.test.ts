// Writing and reading support bundles directly: the List files `--dump` writes, what `--from` accepts
// (a List, a typed `<Kind>List` as `kubectl get -o json` writes it, or one object), and each reason a
// directory or file is refused. The List format: https://kubernetes.io/docs/reference/using-api/api-concepts/#collections
// (`kubectl get` of several kinds returns kind "List"; a single kind's list is "<Kind>List").
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { BundleError, bundleFiles, objectsOfDocument, readBundle, writeBundle } from "./bundle";
import { groupObjects, KINDS, REDACTED } from "./observed";
import { CANARY, healthyObjects, stackState } from "./testing";
import { Secret } from "./types";
import { tempDir } from "../test/tempDir";

const tmp = () => tempDir("verify-bundle-");
const pod = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "portkeyai" }, ...extra });

function dirWith(files: Record<string, unknown>): string {
    const dir = tmp();
    for (const [name, content] of Object.entries(files))
        fs.writeFileSync(path.join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
    return dir;
}
function refused(dir: string): string {
    try {
        readBundle(dir);
    } catch (e) {
        assert.ok(e instanceof BundleError, String(e));
        return e.message;
    }
    assert.fail("the bundle was accepted");
}

describe("verify bundle: writing", () => {
    const e = stackState("dev");
    const o = groupObjects(healthyObjects(e));
    it("one List file per kind, items of that kind only, each with apiVersion and kind", () => {
        const files = bundleFiles(o);
        assert.deepStrictEqual(
            [...files.keys()],
            KINDS.map((k) => k.file),
        );
        for (const k of KINDS) {
            const list = files.get(k.file)!;
            assert.deepStrictEqual([list.apiVersion, list.kind, list.metadata], ["v1", "List", { resourceVersion: "" }]);
            assert.ok(
                list.items.every((i) => i.kind === k.kind && typeof i.apiVersion === "string"),
                k.kind,
            );
        }
        assert.deepStrictEqual(
            files.get("deployments.json")!.items.map((i) => i.metadata.name),
            // dev's node group grows (minSize 1, maxSize 3): the Cluster Autoscaler is read as its capacity source.
            ["reloader-reloader", "portkey-gateway", "cluster-autoscaler-aws-cluster-autoscaler"],
        );
    });
    it("Secret values never reach the files", () => {
        const secrets = bundleFiles(o).get("secrets.json")!.items as Secret[];
        assert.ok(secrets.length > 0);
        for (const s of secrets) assert.ok(Object.values(s.data ?? {}).every((v) => v === REDACTED));
        const dir = path.join(tmp(), "nested", "bundle");
        const written = writeBundle(dir, o);
        assert.deepStrictEqual(
            written,
            KINDS.map((k) => k.file),
        );
        const all = written.map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
        assert.ok(all.every((t) => t.endsWith("}\n")));
        assert.ok(!all.join("").includes(CANARY) && !all.join("").includes(Buffer.from(CANARY).toString("base64")));
    });
    it("reads back what it wrote", () => {
        const dir = tmp();
        writeBundle(dir, o);
        // JSON keeps no undefined fields, so compare as JSON.
        const asJson = (x: unknown) => JSON.parse(JSON.stringify(x));
        assert.deepStrictEqual(asJson(readBundle(dir)), asJson(groupObjects(healthyObjects(e))));
    });
});

describe("verify bundle: documents", () => {
    it("a typed list gives its items the kind, and items their list's apiVersion when they lack one", () => {
        const objs = objectsOfDocument({
            apiVersion: "v1",
            kind: "PodList",
            items: [{ metadata: { name: "a" } }, { kind: "Pod", apiVersion: "v2", metadata: { name: "b" } }],
        });
        assert.deepStrictEqual(
            objs.map((x) => [x.kind, x.apiVersion, x.metadata.name]),
            [
                ["Pod", "v1", "a"],
                ["Pod", "v2", "b"],
            ],
        );
    });
    it("a plain List does not name its items' kind; non-object items are dropped", () => {
        const objs = objectsOfDocument({ apiVersion: "v1", kind: "List", items: [{ metadata: { name: "a" } }, 1, null, [pod("c")], pod("b")] });
        assert.deepStrictEqual(
            objs.map((x) => [x.kind, x.metadata.name]),
            [
                [undefined, "a"],
                ["Pod", "b"],
            ],
        );
        assert.deepStrictEqual(
            objectsOfDocument({ items: [{ metadata: { name: "a" } }] }).map((x) => x.kind),
            [undefined],
        );
        assert.deepStrictEqual(
            objectsOfDocument({ kind: "Pod", items: [{ metadata: { name: "a" } }] }).map((x) => x.kind),
            [undefined],
        );
    });
    it("one object is read as itself; anything else gives nothing", () => {
        assert.deepStrictEqual(objectsOfDocument(pod("a")), [pod("a")]);
        for (const doc of [
            null,
            [pod("a")],
            "Pod",
            { kind: "Pod" },
            { metadata: { name: "a" } },
            { kind: 1, metadata: { name: "a" } },
            { kind: "Pod", metadata: "a" },
        ]) {
            assert.deepStrictEqual(objectsOfDocument(doc), [], JSON.stringify(doc));
        }
    });
});

describe("verify bundle: reading", () => {
    it("reads kind files, other *.json files (List or one object), in name order, and ignores other files", () => {
        const dir = dirWith({
            "pods.json": { apiVersion: "v1", kind: "List", items: [pod("b")] },
            "a-extra.json": pod("a"),
            "z-more.json": {
                apiVersion: "v1",
                kind: "List",
                items: [pod("c"), { apiVersion: "v1", kind: "Widget", metadata: { name: "w" }, spec: 1 }, { kind: "Widget" }],
            },
            "notes.txt": "not json",
        });
        assert.deepStrictEqual(
            readBundle(dir).pods.map((p) => p.metadata.name),
            ["a", "b", "c"],
        );
    });
    it("an empty directory reads as nothing", () => {
        assert.deepStrictEqual(readBundle(tmp()).pods, []);
    });
    it("a missing directory, and a file given as the directory", () => {
        const missing = path.join(tmp(), "absent");
        assert.strictEqual(refused(missing), `the --from directory ${missing} does not exist. Fix: give the directory a --dump wrote.`);
        const file = path.join(tmp(), "bundle.json");
        fs.writeFileSync(file, "{}");
        assert.strictEqual(refused(file), `the --from path ${file} is not a directory. Fix: give the directory a --dump wrote.`);
    });
    it("a directory named like a bundle file is not read as one", () => {
        const dir = tmp();
        fs.mkdirSync(path.join(dir, "pods.json"));
        assert.strictEqual(
            refused(dir),
            `bundle file ${path.join(dir, "pods.json")}: is not a regular file (a directory, pipe, socket or device). Fix: remove it from the bundle directory.`,
        );
    });
    const cases: Array<[string, string, unknown, string]> = [
        ["a kind file that is null", "pods.json", "null", "is a JSON null, not a Kubernetes List of Pod objects"],
        ["a kind file that is a string", "pods.json", '"x"', "is a JSON string, not a Kubernetes List of Pod objects"],
        ["a kind file that is one object", "pods.json", pod("a"), "has no items list, so it is not a Kubernetes List of Pod objects"],
        [
            "a kind file with a bad second item",
            "pods.json",
            { kind: "List", items: [pod("a"), pod("b", { status: { phase: 1 } })] },
            "items[1].status.phase is a number, not a string",
        ],
        ["another file that is an array", "raw.json", [pod("a")], "is a JSON array, not a Kubernetes List or object"],
        ["another file that is null", "raw.json", "null", "is a JSON null, not a Kubernetes List or object"],
        ["another file that is a number", "raw.json", "1", "is a JSON number, not a Kubernetes List or object"],
        ["another file of one object without a kind", "raw.json", { metadata: { name: "a" } }, "the object has no kind"],
        ["another file of one malformed object", "raw.json", pod("a", { spec: { nodeName: 1 } }), "the object.spec.nodeName is a number, not a string"],
        [
            "another file with an item whose kind is not a string",
            "raw.json",
            { items: [pod("a"), { kind: 2, metadata: { name: "b" } }] },
            "items[1] has no kind",
        ],
        ["another file with an item that is not an object", "raw.json", { items: ["a"] }, "items[0] has no kind"],
        ["a file that is not JSON", "raw.json", "{", "is not valid JSON"],
    ];
    for (const [what, file, content, problem] of cases) {
        it(what, () => {
            const dir = dirWith({ [file]: content });
            assert.strictEqual(
                refused(dir),
                `bundle file ${path.join(dir, file)}: ${problem}. Fix: write the bundle again with \`npm run verify -- --stack <name> --dump <dir>\`, or fix or remove that file.`,
            );
        });
    }
});
