// A full, valid Config for pure tests: the defaults docs/config-reference.md documents, partial mode, IRSA,
// a created cluster and secret. Sections merge one level deep, so a test names only what it varies.

import { IDENTITIES, SECRETS_MODES } from "./inputs";
import type { Config } from "./inputs";

export interface ConfigOverrides extends Partial<Omit<Config, "cluster" | "rotation" | "secret" | "gateway" | "endpoint">> {
    endpoint?: Partial<Config["endpoint"]>;
    cluster?: Partial<Config["cluster"]>;
    rotation?: Partial<Config["rotation"]>;
    secret?: Partial<Config["secret"]>;
    gateway?: Partial<Omit<Config["gateway"], "dataservice">> & { dataservice?: Partial<Config["gateway"]["dataservice"]> };
}

export function testConfig(o: ConfigOverrides = {}): Config {
    const { cluster, rotation, secret, gateway, endpoint, ...top } = o;
    const { dataservice, ...gw } = gateway ?? {};
    return {
        secretsMode: "partial",
        identity: "irsa",
        namespace: "portkeyai",
        env: { LOG_LEVEL: "info" },
        awsKeys: ["OPENAI_API_KEY", "REDIS_URL"],
        ...top,
        cluster: { name: "portkey-test", kubernetesVersion: "1.33", compute: "node-group", ...cluster },
        rotation: { enabled: false, pollInterval: "1h", reloader: "none", ...rotation },
        secret: { name: "portkey/gateway/config", ...secret },
        endpoint: { type: "cluster", inboundCidrs: [], allowedNamespaces: [], idleTimeoutSeconds: 600, ...endpoint },
        gateway: {
            releaseName: "portkey",
            chartVersion: "1.7.7",
            mountPath: "/mnt/secrets-store",
            imagePullSecrets: [],
            values: {},
            image: "enterprise",
            // A small install: one replica, no budget, the default requests.
            replicas: 1,
            autoscaling: { enabled: false, min: 2, max: 6, targetCPU: 70 },
            minAvailable: 0,
            resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" } },
            ...gw,
            dataservice: {
                enabled: false,
                replicas: 1,
                minAvailable: 0,
                resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
                ...dataservice,
            },
        },
    };
}

/** Every secrets mode × identity, for tests that must hold in each. */
export const MODE_NAMES = SECRETS_MODES;
export const IDENTITY_NAMES = IDENTITIES;

/** One request to an IAM policy evaluation: the action, the resource, and the request's condition keys. */
export interface IamRequest {
    action: string;
    resource: string;
    context?: Record<string, string>;
}

/** IAM's wildcard match for actions and resources: `*` any run of characters, `?` one; actions ignore case. */
function iamMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${re}$`, ignoreCase ? "i" : "").test(value);
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);

/** The condition operators the program's policies use; any other fails the test rather than passing silently. */
function conditionHolds(condition: Record<string, Record<string, unknown>> | undefined, ctx: Record<string, string>): boolean {
    return Object.entries(condition ?? {}).every(([op, keys]) =>
        Object.entries(keys).every(([key, want]) => {
            const got = ctx[key];
            if (op === "StringEquals") return got !== undefined && list(want).includes(got);
            if (op === "Bool") return got !== undefined && list(want).includes(got);
            throw new Error(`condition operator ${op} is not modelled`);
        }),
    );
}

/**
 * IAM's identity-policy evaluation for one request (IAM user guide, reference_policies_evaluation-logic):
 * an explicit Deny wins, else an Allow whose action, resource and every condition match, else denied.
 */
export function evaluate(doc: { Statement: Array<Record<string, unknown>> }, req: IamRequest): "allow" | "deny" {
    const ctx = req.context ?? {};
    const matches = (s: Record<string, unknown>) =>
        list(s.Action).some((a) => iamMatch(a, req.action, true)) &&
        list(s.Resource).some((r) => iamMatch(r, req.resource, false)) &&
        conditionHolds(s.Condition as Record<string, Record<string, unknown>> | undefined, ctx);
    const hits = doc.Statement.filter(matches);
    if (hits.some((s) => s.Effect === "Deny")) return "deny";
    return hits.some((s) => s.Effect === "Allow") ? "allow" : "deny";
}
