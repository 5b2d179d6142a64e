// Support bundles: one `kubectl get <kind> -o json`-style List per kind (--dump), and reading a
// directory of such files back (--from). Secret values are removed before writing and again on
// reading, so a bundle made by hand with kubectl is safe too.
import * as fs from "fs";
import * as path from "path";
import { allObjects, groupObjects, KINDS, redact } from "./observed";
import { objectProblem } from "./bundleShape";
import { KubeObject, Observed } from "./types";

export class BundleError extends Error {}

export interface KubeList {
    apiVersion: "v1";
    kind: "List";
    metadata: { resourceVersion: string };
    items: KubeObject[];
}

/** The files of a bundle: name → List, one per kind, every item with apiVersion and kind. */
export function bundleFiles(o: Observed): Map<string, KubeList> {
    const objects = allObjects(o);
    const files = new Map<string, KubeList>();
    for (const k of KINDS) {
        files.set(k.file, { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items: objects.filter((x) => x.kind === k.kind).map(redact) });
    }
    return files;
}

export function writeBundle(dir: string, o: Observed): string[] {
    fs.mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    for (const [file, list] of bundleFiles(o)) {
        fs.writeFileSync(path.join(dir, file), JSON.stringify(list, null, 2) + "\n");
        written.push(file);
    }
    return written;
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects of one parsed file: a List (or a typed `…List`), or one object. */
export function objectsOfDocument(doc: unknown): KubeObject[] {
    if (!isRecord(doc)) return [];
    if (Array.isArray(doc.items)) {
        const itemKind = typeof doc.kind === "string" && doc.kind !== "List" && doc.kind.endsWith("List") ? doc.kind.slice(0, -4) : undefined;
        return doc.items
            .filter(isRecord)
            .map((i) => ({ ...i, kind: (i.kind as string) ?? itemKind, apiVersion: (i.apiVersion as string) ?? doc.apiVersion }) as KubeObject);
    }
    return typeof doc.kind === "string" && isRecord(doc.metadata) ? [doc as unknown as KubeObject] : [];
}

/** A bundle file larger than this is not a `kubectl get -o json` List of the objects verify reads. */
export const MAX_BUNDLE_FILE_BYTES = 64 * 1024 * 1024;

const REWRITE = "write the bundle again with `npm run verify -- --stack <name> --dump <dir>`, or fix or remove that file";

function bundleError(file: string, what: string, fix = REWRITE): BundleError {
    return new BundleError(`bundle file ${file}: ${what}. Fix: ${fix}.`);
}

/** The `*.json` names of the directory; throws BundleError naming it when it cannot be listed. */
function bundleNames(dir: string): string[] {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(dir);
    } catch (e) {
        const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
        throw new BundleError(`the --from directory ${dir} ${missing ? "does not exist" : "cannot be read"}. Fix: give the directory a --dump wrote.`);
    }
    if (!stat.isDirectory()) throw new BundleError(`the --from path ${dir} is not a directory. Fix: give the directory a --dump wrote.`);
    try {
        return fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".json"))
            .sort();
    } catch {
        throw new BundleError(`the --from directory ${dir} cannot be read (no permission to list it). Fix: give a directory you can read.`);
    }
}

/** The parsed JSON of one bundle file: a regular file within the size bound (a pipe or device is never opened). */
function readBundleJson(file: string): unknown {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(file);
    } catch {
        throw bundleError(file, "cannot be read");
    }
    if (!stat.isFile()) throw bundleError(file, "is not a regular file (a directory, pipe, socket or device)", "remove it from the bundle directory");
    if (stat.size > MAX_BUNDLE_FILE_BYTES) throw bundleError(file, `is larger than ${MAX_BUNDLE_FILE_BYTES / 1024 / 1024} MiB`);
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw bundleError(file, "cannot be read (no permission, or it changed while being read)");
    }
    try {
        return JSON.parse(text);
    } catch {
        throw bundleError(file, "is not valid JSON");
    }
}

/** What is wrong with a file named for a kind: it must be a List of objects of that kind. */
function kindFileProblem(doc: unknown, kind: string): string | undefined {
    if (!isRecord(doc))
        return `is ${Array.isArray(doc) ? "a JSON array" : `a JSON ${doc === null ? "null" : typeof doc}`}, not a Kubernetes List of ${kind} objects`;
    if (!Array.isArray(doc.items)) return `has no items list, so it is not a Kubernetes List of ${kind} objects`;
    for (const [i, item] of doc.items.entries()) {
        const p = objectProblem(item, kind, `items[${i}]`);
        if (p) return p;
    }
    return undefined;
}

/** What is wrong with another file: a List or one object, each object of a known kind well formed. */
function otherFileProblem(doc: unknown): string | undefined {
    if (!isRecord(doc)) return `is ${Array.isArray(doc) ? "a JSON array" : `a JSON ${doc === null ? "null" : typeof doc}`}, not a Kubernetes List or object`;
    const items: unknown[] = Array.isArray(doc.items) ? doc.items : [doc];
    for (const [i, item] of items.entries()) {
        const at = Array.isArray(doc.items) ? `items[${i}]` : "the object";
        const kind = isRecord(item) && typeof item.kind === "string" ? item.kind : undefined;
        if (kind === undefined) return `${at} has no kind`;
        const p = KINDS.some((k) => k.kind === kind) ? objectProblem(item, kind, at) : undefined;
        if (p) return p;
    }
    return undefined;
}

/**
 * Reads every `*.json` of the directory. Throws BundleError, naming the directory or the file and
 * what is wrong, when it cannot be read as a bundle: checks never run on part of a bundle.
 */
export function readBundle(dir: string): Observed {
    const objects: KubeObject[] = [];
    const carried = new Set<string>();
    for (const name of bundleNames(dir)) {
        const file = path.join(dir, name);
        const doc = readBundleJson(file);
        const kind = KINDS.find((k) => k.file === name)?.kind;
        const problem = kind === undefined ? otherFileProblem(doc) : kindFileProblem(doc, kind);
        if (problem) throw bundleError(file, problem);
        if (kind !== undefined) carried.add(kind);
        objects.push(...objectsOfDocument(doc));
    }
    for (const o of objects) carried.add(o.kind);
    const observed = groupObjects(objects);
    // A bundle written before verify read a kind has no file for it: its checks are not applicable, not failed.
    const unread = KINDS.filter((k) => !carried.has(k.kind)).map((k) => k.kind);
    return unread.length > 0 ? { ...observed, unread } : observed;
}
