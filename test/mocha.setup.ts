// Test-run settings, loaded by mocha before the tests (.mocharc.json `require`).
import { enableCompileCache, Module } from "module";
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
 * Run before each test file's tests in a worker (and once in a serial run), not in the parallel
 * run's main process, which runs no test and so need not load Pulumi's SDK.
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
    const proto: { RegisterResourceResponse: { prototype: object } } = require("@pulumi/pulumi/proto/resource_pb");
    Object.defineProperty(proto.RegisterResourceResponse.prototype, "toString", {
        value: () => "RegisterResourceResponse",
        configurable: true,
        writable: true,
    });
}
