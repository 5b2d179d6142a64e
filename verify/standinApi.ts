// A stand-in for the Kubernetes API server for the live-read tests: a kubeconfig pointing at a
// loopback server, and the answer such a server gives to the list and get calls verify makes, built
// from fixture objects (typed Lists whose items carry no kind, as the API server sends them).
import { CANARY } from "./testing";
import { KINDS } from "./observed";
import { KubeObject } from "./types";

const CANARY_B64 = Buffer.from(CANARY).toString("base64");

/** A kubeconfig with the contexts `standin` and `other` (the current one), both at the server on `port`. */
export function kubeconfigYaml(port: number): string {
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: standin\n  cluster:\n    server: http://127.0.0.1:${port}\n    insecure-skip-tls-verify: true`,
        "users:",
        "- name: standin\n  user:\n    token: test-token",
        "contexts:",
        "- name: standin\n  context:\n    cluster: standin\n    user: standin",
        "- name: other\n  context:\n    cluster: standin\n    user: standin",
        "current-context: other",
        "",
    ].join("\n");
}

function labelsMatch(o: KubeObject, selector: string | null): boolean {
    if (!selector) return true;
    return selector.split(",").every((pair) => {
        const [k, v] = pair.split("=");
        return o.metadata.labels?.[k] === v;
    });
}

/** Serves the fixture as the API server would: typed Lists whose items carry no kind, or one object. */
export function answer(objects: KubeObject[], url: string): unknown {
    const u = new URL(url, "http://x");
    const m = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(u.pathname);
    if (!m) return undefined;
    const [, ns, plural, name] = m;
    const info = KINDS.find((k) => k.file === `${plural}.json`);
    if (!info) return undefined;
    const wanted = objects.filter((o) => o.kind === info.kind && (!ns || o.metadata.namespace === ns) && labelsMatch(o, u.searchParams.get("labelSelector")));
    const raw = (o: KubeObject) =>
        o.kind === "Secret" ? { ...o, data: Object.fromEntries(Object.keys((o as { data?: object }).data ?? {}).map((k) => [k, CANARY_B64])) } : o;
    if (name) {
        const one = wanted.find((o) => o.metadata.name === name);
        return one ? raw(one) : undefined;
    }
    const items = wanted.map((o) => {
        const { apiVersion: _a, kind: _k, ...rest } = raw(o);
        return rest;
    });
    return { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata: { resourceVersion: "1" }, items };
}
