// Support bundles: one `kubectl get <kind> -o json`-style List per kind (--dump), and reading a
// directory of such files back (--from). Secret values are removed before writing and again on
// reading, so a bundle made by hand with kubectl is safe too.
import * as fs from "fs";
import * as path from "path";
import { allObjects, groupObjects, KINDS, redact } from "./observed";
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

/** Reads every `*.json` of the directory; throws BundleError when the directory or a file can't be read. */
export function readBundle(dir: string): Observed {
    let names: string[];
    try {
        names = fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".json"))
            .sort();
    } catch {
        throw new BundleError("cannot read the --from directory");
    }
    const objects: KubeObject[] = [];
    for (const name of names) {
        let doc: unknown;
        try {
            doc = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
        } catch {
            throw new BundleError(`bundle file ${name} is not readable JSON`);
        }
        objects.push(...objectsOfDocument(doc));
    }
    return groupObjects(objects);
}
