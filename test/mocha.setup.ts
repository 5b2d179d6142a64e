// Test-run settings, loaded by mocha before the tests (.mocharc.json `require`).
import { enableCompileCache, Module } from "module";
import * as path from "path";
// Every run loads the same ~1,900 modules (Pulumi's SDK and providers, the program, the tests, and
// what only tests load: the Kubernetes client, the schema packages, fast-check). Node's compile
// cache (https://nodejs.org/api/module.html#module-compile-cache) keeps V8's compiled code between
// runs, keyed by each file's content, so a changed file is compiled afresh. It covers what is
// loaded after this call, hence `require` rather than (hoisted) imports below.
enableCompileCache();

// Pulumi's SDK records a stack trace for every promise and resource it creates
// (runtime/debuggable.js `debuggablePromise`, resource.js `callsites`); capturing and formatting
// them was a third of every whole-program test. So traces are off: a failing test shows its title,
// message and diff. `TEST_TRACES=1 npm test` turns them back on, with source-mapped positions.
// Set before any module loads: with source maps on, Node reads each loaded file's map comment.
const traces = process.env.TEST_TRACES !== undefined && process.env.TEST_TRACES !== "" && process.env.TEST_TRACES !== "0";
process.setSourceMapsEnabled(traces);
Error.stackTraceLimit = traces ? 20 : 0;

deferTypeScript();

// The offline plan takes a stack's region, when it sets none, from AWS_REGION or AWS_DEFAULT_REGION as the AWS
// provider would (offline/stackConfig.ts assumedRegion): no test depends on the developer's shell.
delete process.env.AWS_REGION;
delete process.env.AWS_DEFAULT_REGION;

// One fixed day for the EKS support check (program/clock.ts), so no test depends on the date it runs.
const { fixToday }: typeof import("../program/clock") = require("../program/clock");
fixToday("2026-11-30");

/**
 * Pulumi's SDK loads TypeScript's compiler (about 0.2 s of CPU in each test process) as it loads,
 * through its function serializer (@pulumi/pulumi runtime/closure/parseFunction.js requires
 * typescript-shim.js at the top), which only a program that serializes a function calls; this
 * program and its tests never do. So, before the SDK loads, its shim is a stand-in that loads the
 * compiler on first use: a serialization would get the same module, later.
 */
function deferTypeScript(): void {
    const shim = require.resolve("@pulumi/pulumi/typescript-shim");
    let ts: object | undefined;
    // The SDK's own shim, loaded in place of the stand-in, picks the compiler as it would have.
    const compiler = () => (ts ??= (delete require.cache[shim], require(shim) as object));
    const stub = new Module(shim);
    stub.filename = shim;
    stub.loaded = true;
    stub.exports = new Proxy(
        {},
        {
            get: (_, k) => Reflect.get(compiler(), k),
            has: (_, k) => Reflect.has(compiler(), k),
            ownKeys: () => Reflect.ownKeys(compiler()),
            getOwnPropertyDescriptor: (_, k) => {
                const d = Reflect.getOwnPropertyDescriptor(compiler(), k);
                return d && { ...d, configurable: true };
            },
        },
    );
    require.cache[shim] = stub;
}

/**
 * Run once before the tests (in a `--parallel` run, before each file's tests in a worker, not in
 * the main process, which runs no test and so need not load Pulumi's SDK).
 */
export const mochaHooks = {
    beforeAll(): void {
        if (!traces) skipUnobservedPulumiCosts();
    },
};

/**
 * Per-registration costs no test can observe, about a quarter of a whole-program run:
 * - `Resource.stackTrace` (pulumi/pulumi sdk/nodejs/resource.ts) captures an unlimited stack for
 *   each resource's source position; the mock monitor (pulumi/pulumi sdk/nodejs/runtime/mocks.ts
 *   `registerResource`) never reads it, so the mocks see the same arguments.
 * - `debuggablePromise` (pulumi/pulumi sdk/nodejs/runtime/debuggable.ts) tags each RPC promise and
 *   keeps it in a set for a leak report printed at process exit, never during a test. The
 *   stand-in keeps its `then`/`catch` chain, so every promise settles on the same microtask tick.
 * - The debug line each registration logs formats the monitor's whole answer (runtime/resource.ts
 *   `resp: ${innerResponse}`, google-protobuf's Message toString); without an engine the SDK prints
 *   it only with excessive debug output on (sdk/nodejs/log/index.ts `debug`), which tests never set.
 * Either way the SDK gives the same results, so a program run that starts before this (while the
 * test files load) is no different.
 */
function skipUnobservedPulumiCosts(): void {
    const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
    (pulumi.Resource as unknown as { stackTrace: () => [] }).stackTrace = () => [];
    // A namespace import would be a copy: the SDK's modules read this export at each call.
    const debuggable: { debuggablePromise: unknown } = require("@pulumi/pulumi/runtime/debuggable");
    debuggable.debuggablePromise = <T>(p: Promise<T>) =>
        p
            .then((v) => v)
            .catch((err) => {
                err.promise = p;
                throw err;
            });
    plainStructs();
    const proto: { RegisterResourceResponse: { prototype: object } } = require("@pulumi/pulumi/proto/resource_pb");
    Object.defineProperty(proto.RegisterResourceResponse.prototype, "toString", {
        value: () => "RegisterResourceResponse",
        configurable: true,
        writable: true,
    });
}

/** A value as google.protobuf.Value holds it: a JSON scalar, a list, or a struct's fields in key order. */
type StructValue = string | number | boolean | null | StructValue[] | { fields: Array<[string, StructValue]> };

/** As `Value.fromJavaScript` reads `v` (google-protobuf struct_pb.js): it refuses what a Value cannot hold, as that does. */
function structValue(v: unknown): StructValue {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === null) return v;
    if (Array.isArray(v)) return Array.from({ length: v.length }, (_, i) => structValue(v[i]));
    if (typeof v !== "object") throw new Error("Unexpected struct type.");
    return structFields(v);
}

/** As `Struct.fromJavaScript` reads `obj`: each enumerable key, in the order jspb.Map.forEach (which `toJavaScript` uses) visits them, sorted. */
function structFields(obj: object): { fields: Array<[string, StructValue]> } {
    const keys: string[] = [];
    for (const k in obj) keys.push(k);
    return { fields: keys.sort().map((k) => [k, structValue((obj as Record<string, unknown>)[k])]) };
}

/** As `Struct.toJavaScript` / `Value.toJavaScript` give it back: new objects and arrays at each call. */
function javaScript(v: StructValue): unknown {
    if (Array.isArray(v)) return v.map(javaScript);
    if (v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of v.fields) out[k] = javaScript(x);
    return out;
}

/**
 * Every registration turns its inputs and the mocks' answer into google.protobuf.Struct messages and
 * back (pulumi/pulumi sdk/nodejs/runtime/resource.ts `Struct.fromJavaScript`, runtime/rpc.ts
 * `toJavaScript`): about a tenth of a whole-program run. Under the mocks no message is sent, so a Struct
 * made from JavaScript keeps the values as `fromJavaScript` reads them and gives them back as
 * `toJavaScript` would; its fields are built, as the SDK builds them, only if something asks for them.
 */
function plainStructs(): void {
    const { Struct, Value } = structModule();
    if (protobufStruct !== undefined) return;
    protobufStruct = Struct.fromJavaScript;
    Struct.fromJavaScript = (obj: object) => {
        const kept = structFields(obj);
        const s = new Struct();
        s.toJavaScript = () => javaScript(kept);
        s.getFieldsMap = (...args: unknown[]) => {
            delete s.toJavaScript;
            delete s.getFieldsMap;
            const fields = s.getFieldsMap();
            for (const [k, v] of kept.fields) fields.set(k, Value.fromJavaScript(javaScript(v)));
            return s.getFieldsMap(...args);
        };
        return s;
    };
}

/** google-protobuf's struct_pb module, as Pulumi's SDK loads it. */
export function structModule(): { Struct: any; Value: any } {
    const sdk = path.dirname(require.resolve("@pulumi/pulumi"));
    return require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [sdk] }));
}

/** google-protobuf's own `Struct.fromJavaScript`, once the stand-in has replaced it: test/mocha.setup.test.ts compares the two. */
export let protobufStruct: ((obj: object) => { toJavaScript(): unknown }) | undefined;
