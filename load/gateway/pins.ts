// What the open-source image runs: the npm package at the image's version, its runtime dependencies at
// the versions of the image's lockfile (docs/upstream-facts.md#gateway-image-lockfile), under the
// Dockerfile's Node major. `npm install` of the package alone resolves newer ones (hono among them),
// which change the figures and break streaming (docs/upstream-facts.md#gateway-streaming-immutable).

export const GATEWAY_PACKAGE = "@portkey-ai/gateway";
export const GATEWAY_VERSION = "1.15.2";
/** The Dockerfile's base image is node:20-alpine. */
export const IMAGE_NODE_MAJOR = 20;

/** Every runtime package of the lockfile; a package held twice is listed at its top-level version here. */
export const IMAGE_PACKAGES: Readonly<Record<string, string>> = {
    "@aws-crypto/crc32": "3.0.0",
    "@aws-crypto/sha256-js": "5.2.0",
    "@aws-crypto/util": "5.2.0",
    "@aws-sdk/types": "3.515.0",
    "@aws-sdk/util-utf8-browser": "3.259.0",
    "@cfworker/json-schema": "4.0.3",
    "@hono/node-server": "1.13.5",
    "@hono/node-ws": "1.2.0",
    "@ioredis/commands": "1.4.0",
    "@portkey-ai/mustache": "2.1.3",
    "@smithy/eventstream-codec": "2.1.1",
    "@smithy/is-array-buffer": "2.1.1",
    "@smithy/signature-v4": "2.1.1",
    "@smithy/types": "2.9.1",
    "@smithy/util-buffer-from": "2.1.1",
    "@smithy/util-hex-encoding": "2.1.1",
    "@smithy/util-middleware": "2.1.1",
    "@smithy/util-uri-escape": "2.1.1",
    "@smithy/util-utf8": "2.1.1",
    "@types/mustache": "4.2.5",
    "@yarnpkg/lockfile": "1.1.0",
    "ansi-styles": "4.3.0",
    "async-retry": "1.3.3",
    avsc: "5.7.7",
    braces: "3.0.3",
    "call-bind": "1.0.8",
    "call-bind-apply-helpers": "1.0.2",
    "call-bound": "1.0.4",
    chalk: "4.1.2",
    "ci-info": "3.9.0",
    "cluster-key-slot": "1.1.2",
    "color-convert": "2.0.1",
    "color-name": "1.1.4",
    "cross-spawn": "7.0.6",
    debug: "4.3.4",
    "define-data-property": "1.1.4",
    denque: "2.1.0",
    "dunder-proto": "1.0.1",
    "es-define-property": "1.0.1",
    "es-errors": "1.3.0",
    "es-object-atoms": "1.1.1",
    "fill-range": "7.1.1",
    "find-yarn-workspace-root": "2.0.0",
    "fs-extra": "10.1.0",
    "function-bind": "1.1.2",
    "get-intrinsic": "1.3.0",
    "get-proto": "1.0.1",
    gopd: "1.2.0",
    "graceful-fs": "4.2.11",
    "has-flag": "4.0.0",
    "has-property-descriptors": "1.0.2",
    "has-symbols": "1.1.0",
    hasown: "2.0.2",
    hono: "4.9.7",
    ioredis: "5.8.0",
    "is-docker": "2.2.1",
    "is-number": "7.0.0",
    "is-wsl": "2.2.0",
    isarray: "2.0.5",
    isexe: "2.0.0",
    jose: "6.0.11",
    "json-stable-stringify": "1.2.1",
    jsonfile: "6.2.0",
    jsonify: "0.0.1",
    "klaw-sync": "6.0.0",
    "lodash.defaults": "4.2.0",
    "lodash.isarguments": "3.1.0",
    "math-intrinsics": "1.1.0",
    micromatch: "4.0.8",
    minimist: "1.2.8",
    ms: "2.1.2",
    "object-keys": "1.1.1",
    open: "7.4.2",
    "patch-package": "8.0.1",
    "path-key": "3.1.1",
    picomatch: "2.3.1",
    "redis-errors": "1.2.0",
    "redis-parser": "3.0.0",
    retry: "0.13.1",
    semver: "7.7.1",
    "set-function-length": "1.2.2",
    "shebang-command": "2.0.0",
    "shebang-regex": "3.0.0",
    slash: "2.0.0",
    "standard-as-callback": "2.1.0",
    "supports-color": "7.2.0",
    tmp: "0.2.5",
    "to-regex-range": "5.0.1",
    tslib: "2.6.2",
    universalify: "2.0.1",
    which: "2.0.2",
    ws: "8.18.3",
    yaml: "2.7.1",
    zod: "3.25.76",
};

/** The lockfile's second copies: the older versions it keeps under one parent. */
export const IMAGE_NESTED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    "@aws-crypto/crc32": { "@aws-crypto/util": "3.0.0", tslib: "1.14.1" },
};

export type Overrides = Record<string, string | Record<string, string>>;

/** npm `overrides` that make `npm install` of the package resolve the lockfile's versions. */
export function npmOverrides(): Overrides {
    const out: Overrides = { ...IMAGE_PACKAGES };
    for (const [parent, nested] of Object.entries(IMAGE_NESTED)) out[parent] = { ".": IMAGE_PACKAGES[parent], ...nested };
    return out;
}

/** The package.json of the directory the gateway is installed into; without overrides, npm resolves today's versions. */
export function installManifest(overrides = true): object {
    return {
        name: "gateway-bench",
        private: true,
        description: `The open-source Portkey gateway ${overrides ? "with the image's dependency versions" : "with what npm resolves today (not the image)"}; made by npm run bench:gateway`,
        dependencies: { [GATEWAY_PACKAGE]: GATEWAY_VERSION },
        ...(overrides ? { overrides: npmOverrides() } : {}),
    };
}

/** Name -> the versions a tree holds of it, sorted. */
export type TreeVersions = Map<string, string[]>;

function addVersion(out: TreeVersions, name: string, version: string): void {
    const vs = out.get(name) ?? [];
    if (!vs.includes(version)) out.set(name, [...vs, version].sort());
}

/** The versions the lockfile pins: each package once, plus the nested second copies. */
export function expectedVersions(): TreeVersions {
    const out: TreeVersions = new Map();
    for (const [name, v] of Object.entries(IMAGE_PACKAGES)) addVersion(out, name, v);
    for (const nested of Object.values(IMAGE_NESTED)) for (const [name, v] of Object.entries(nested)) addVersion(out, name, v);
    return out;
}

export interface LockFile {
    packages?: Record<string, { version?: string; dev?: boolean }>;
}

/** The runtime packages an npm lockfile (v2/v3) holds, by name; the root and the `skip` package left out. */
export function lockVersions(lock: LockFile, skip: string = GATEWAY_PACKAGE): TreeVersions {
    const out: TreeVersions = new Map();
    for (const [where, entry] of Object.entries(lock.packages ?? {})) {
        const name = where.split("node_modules/").pop() ?? "";
        if (where === "" || entry.dev || name === skip || entry.version === undefined) continue;
        addVersion(out, name, entry.version);
    }
    return out;
}

/** How an installed tree differs from the expected one, one line a package; empty when it matches. */
export function versionDifferences(expected: TreeVersions, actual: TreeVersions): string[] {
    const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
    const show = (vs: string[] | undefined) => (vs ? vs.join(", ") : "absent");
    return names
        .filter((n) => show(expected.get(n)) !== show(actual.get(n)))
        .map((n) => `${n}: the image's lockfile has ${show(expected.get(n))}, installed ${show(actual.get(n))}`);
}
