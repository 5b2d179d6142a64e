// Why `verify` could not read a live cluster, said in one line: the kubeconfig and context it
// used, the server it tried, the cause, and the fix (the stack's `aws eks update-kubeconfig`
// command). Pure: the caller gathers the facts.

export interface KubeSource {
    /** Where the kubeconfig came from: the KUBECONFIG paths, ~/.kube/config, or in-cluster. */
    kubeconfig: string;
    context?: string;
    server?: string;
    /** The kubeconfig user entry the requests authenticated as. */
    user?: string;
}

/** The facts of a failed request, as @kubernetes/client-node and fetch report them. */
export interface RequestFailure {
    /** HTTP status, when the server answered. */
    status?: number;
    /** The error's message (never shown for an HTTP answer: its body could hold anything). */
    message?: string;
    /** The system error code of the underlying connection (ECONNREFUSED, ENOTFOUND, a TLS code). */
    causeCode?: string;
    /** The user name the server says it saw, from a 403 Status ("User \"…\" cannot list …"). */
    serverUser?: string;
}

const TLS_CODE = /^(CERT_|ERR_TLS_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|EPROTO$|ERR_SSL)/;

/** The cause of a failed request, in words, and whether refreshing the kubeconfig is the fix. */
export function causeOf(f: RequestFailure, source: KubeSource): string {
    const user = source.user === undefined ? "the kubeconfig's user" : `user ${source.user}`;
    const seen = f.serverUser === undefined ? "" : ` (the server saw ${f.serverUser})`;
    if (f.status === 401)
        return `the API server answered 401 Unauthorized: it did not accept the credentials of ${user} (an expired token, or a kubeconfig of another cluster)`;
    if (f.status === 403) return `the API server answered 403 Forbidden: ${user}${seen} may not read the objects verify needs`;
    if (f.status !== undefined) return `the API server answered HTTP ${f.status}`;
    const code = f.causeCode ?? "";
    if (code === "ECONNREFUSED") return "the connection was refused (nothing listens at that address)";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the server's host name does not resolve (a deleted cluster, or no DNS)";
    if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "ECONNRESET")
        return "the connection timed out or was reset (a private endpoint outside its VPC, or a firewall)";
    if (TLS_CODE.test(code)) return "TLS failed: the server's certificate is not the one the kubeconfig's certificate authority vouches for";
    if ((f.message ?? "").includes("HTTP protocol is not allowed"))
        return "the server address is plain http://, which the client refuses without insecure-skip-tls-verify";
    return "no answer from the API server";
}

/** Where the request went, for the message. */
export function sourceText(s: KubeSource): string {
    const parts = [`kubeconfig ${s.kubeconfig}`, `context ${s.context ?? "(none)"}`, `server ${s.server ?? "(none)"}`];
    if (s.user !== undefined) parts.push(`user ${s.user}`);
    return parts.join(", ");
}

/** The one line for a read that failed: what, cause, where, fix. */
export function readFailureLine(what: string, f: RequestFailure, source: KubeSource, kubeconfigCommand: string): string {
    const fix =
        f.status === 403
            ? `give that identity read access to the cluster (an EKS access entry, or RBAC), or run \`${kubeconfigCommand}\` with an identity that has it`
            : `run \`${kubeconfigCommand}\` to point the kubeconfig at the stack's cluster, or pass --context for a context that reaches it`;
    return `cannot read ${what} from the cluster: ${causeOf(f, source)}; ${sourceText(source)}. Fix: ${fix}.`;
}

/** The one line when no kubeconfig exists at all. */
export function noKubeconfigLine(source: KubeSource, kubeconfigCommand: string): string {
    return `cannot read the cluster: there is no kubeconfig (${source.kubeconfig} does not exist, and this is not a pod in a cluster). Fix: run \`${kubeconfigCommand}\`.`;
}

/** The one line when --context names no context of the kubeconfig. */
export function unknownContextLine(context: string, contexts: string[], source: KubeSource, kubeconfigCommand: string): string {
    const known = contexts.length === 0 ? "it has none" : `it has ${contexts.join(", ")}`;
    return `cannot read the cluster: the kubeconfig ${source.kubeconfig} has no context ${context} (${known}). Fix: run \`${kubeconfigCommand}\`, or pass --context with one of its contexts.`;
}

/** The user name in a Kubernetes Forbidden message: `User "<name>" cannot list resource …`. */
export function forbiddenUser(body: unknown): string | undefined {
    const text = typeof body === "string" ? body : typeof body === "object" && body !== null ? JSON.stringify(body) : "";
    const m = /User \\?"([^"\\]{1,200})\\?" cannot/.exec(text);
    return m === null ? undefined : m[1];
}
