// The security settings of the gateway's and dataservice's pods, as chart values and as the
// patch the chart has no value for. What they must meet: the `restricted` profile
// (derive/podSecurity.ts). The chart's own container defaults (values.yaml `securityContext` and
// `dataservice.deployment.securityContext`, Portkey-AI/helm charts/portkey-gateway 1.7.7) already
// set runAsNonRoot, runAsUser 1000, readOnlyRootFilesystem and allowPrivilegeEscalation false;
// they are kept and completed with the two fields `restricted` adds.
import type { Config } from "./inputs";
import type { Names } from "./names";

/** The user id the chart's images run as (values.yaml `securityContext.runAsUser`). */
export const CHART_RUN_AS_USER = 1000;

/** Pod level: no container of the pod may run as root, and every one runs under the runtime's seccomp profile. */
export const POD_SECURITY_CONTEXT = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } as const;

/** Container level: the chart's defaults plus no capabilities and the runtime's seccomp profile. */
export const CONTAINER_SECURITY_CONTEXT = {
    runAsNonRoot: true,
    runAsUser: CHART_RUN_AS_USER,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
} as const;

/** Fresh copies, so no caller can change the constants through the values it was given. */
function contexts() {
    return { podSecurityContext: structuredClone(POD_SECURITY_CONTEXT), securityContext: structuredClone(CONTAINER_SECURITY_CONTEXT) };
}

/**
 * Chart values for the pods' security contexts, and no service-account token in the gateway's pods
 * (`serviceAccount.automount` is the chart's value for its ServiceAccount's
 * `automountServiceAccountToken`; nothing in the pod calls the Kubernetes API).
 */
export function securityValues(cfg: Config): Record<string, unknown> {
    return {
        ...contexts(),
        serviceAccount: { automount: false },
        ...(cfg.gateway.dataservice.enabled ? { dataservice: { deployment: contexts() } } : {}),
    };
}

/** A server-side patch of a Deployment the chart renders: the pod template's fields the chart has no value for. */
export interface PodTemplatePatch {
    deployment: string;
    podSpec: { automountServiceAccountToken: false };
}

/**
 * The dataservice's ServiceAccount has no automount value in the chart (templates/dataservice/
 * service-account.yaml), so its pod template gets `automountServiceAccountToken: false`, which
 * takes precedence over the ServiceAccount's setting.
 */
export function podTemplatePatches(names: Names): PodTemplatePatch[] {
    return names.dataserviceDeployment ? [{ deployment: names.dataserviceDeployment, podSpec: { automountServiceAccountToken: false } }] : [];
}
