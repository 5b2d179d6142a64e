// Labels of the namespace the program creates. Pod Security Admission reads
// `pod-security.kubernetes.io/<mode>` and `<mode>-version` (kubernetes/pod-security-admission
// api/constants.go at v0.33.13); the version pins the policy to the cluster's minor version, so a
// cluster upgrade cannot change what the namespace admits.
import type { Config } from "./inputs";

export type PodSecurityLevel = "restricted" | "baseline";

/** Enforce rejects a violating pod; warn tells the client; audit records it in the audit log. */
export const POD_SECURITY_MODES = ["enforce", "warn", "audit"] as const;
export const POD_SECURITY_LABEL_PREFIX = "pod-security.kubernetes.io/";

/** The chart's default `environment.data.CACHE_STORE` (values.yaml, chart 1.7.7). */
const CHART_DEFAULT_CACHE_STORE = "redis";

/**
 * Whether the chart deploys its own Redis: Portkey-AI/helm charts/portkey-gateway templates/redis/deployment.yaml renders a Deployment
 * when `environment.data.CACHE_STORE` is "redis" (the chart's default). That pod has no security
 * context and the chart no value to give it one.
 */
export function deploysChartRedis(cfg: Pick<Config, "env">): boolean {
    return (Object.hasOwn(cfg.env, "CACHE_STORE") ? cfg.env.CACHE_STORE : CHART_DEFAULT_CACHE_STORE) === "redis";
}

/** `restricted`, or `baseline` when the chart's Redis, which cannot meet restricted, runs in the namespace. */
export function podSecurityLevel(cfg: Pick<Config, "env">): PodSecurityLevel {
    return deploysChartRedis(cfg) ? "baseline" : "restricted";
}

/** The Pod Security Admission labels for a level at a Kubernetes minor version ("1.33" → "v1.33"). */
export function podSecurityLabels(level: PodSecurityLevel, kubernetesVersion: string): Record<string, string> {
    return Object.fromEntries(
        POD_SECURITY_MODES.flatMap((mode) => [
            [`${POD_SECURITY_LABEL_PREFIX}${mode}`, level],
            [`${POD_SECURITY_LABEL_PREFIX}${mode}-version`, `v${kubernetesVersion}`],
        ]),
    );
}

/** Every label of the namespace the program creates: one spread per concern. */
export function namespaceLabels(cfg: Pick<Config, "env" | "cluster">): Record<string, string> {
    return {
        ...podSecurityLabels(podSecurityLevel(cfg), cfg.cluster.kubernetesVersion),
    };
}
