// Rules of the gateway release: names the chart and Kubernetes accept, a mount that hides
// nothing the container needs, ports, and the settings the program manages itself.
import { isDns1035Label, isPort } from "../grammar";
import { isPlainObject, own } from "../schema";
import { Rule } from "./rule";

/** Namespaces that always exist; the program must not try to create them. */
const BUILTIN_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

export const namespaceCreatable: Rule = ({ s }, p) => {
    if (s.createNamespace && BUILTIN_NAMESPACES.includes(s.namespace)) {
        p.add(
            "createNamespace",
            `the namespace is one that always exists (${BUILTIN_NAMESPACES.join(", ")}), so the program cannot create it`,
            "set createNamespace to false, or choose another namespace",
        );
    }
};

/** Helm's limit for release names (helm/pkg/chartutil validation: 53 characters). */
const MAX_RELEASE_NAME = 53;

export const releaseNameValid: Rule = ({ s }, p) => {
    const name = s.gateway.releaseName;
    if (name.length > MAX_RELEASE_NAME) {
        p.add("gateway.releaseName", `is ${name.length} characters long`, `use at most ${MAX_RELEASE_NAME} characters (Helm's limit for release names)`);
    } else if (!isDns1035Label(name)) {
        p.add(
            "gateway.releaseName",
            "is not a valid release name: the chart names its Services after it, and a Service name must start with a letter",
            "use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit",
        );
    }
};

/**
 * Directories a mount would hide from the container: a volume replaces everything at and below
 * its path. The gateway image keeps its application under /app (Portkey-AI/gateway Dockerfile).
 */
export const SHADOWED_DIRECTORIES = [
    "/app",
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/lib64",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/sys",
    "/tmp",
    "/usr",
    "/var",
];
/** Kernel and device filesystems: the runtime refuses or breaks a mount inside them. */
const KERNEL_FILESYSTEMS = ["/proc", "/sys", "/dev"];

/**
 * Where the cluster mounts a pod's credentials; a volume at, above or inside one would hide or
 * replace the token the pod authenticates with. The service-account token: kubernetes/kubernetes
 * plugin/pkg/admission/serviceaccount/admission.go (DefaultAPITokenMountPath,
 * /var/run/secrets/kubernetes.io/serviceaccount). IRSA and Pod Identity tokens:
 * aws/amazon-eks-pod-identity-webhook main.go @3bf80a34 (--token-mount-path,
 * /var/run/secrets/eks.amazonaws.com/serviceaccount; --container-credentials-token-mount-path,
 * /var/run/secrets/pods.eks.amazonaws.com/serviceaccount). /var/run is a link to /run in the
 * usual base images (FHS 3.0), so both spellings are covered.
 */
export const TOKEN_DIRECTORIES = ["kubernetes.io", "eks.amazonaws.com", "pods.eks.amazonaws.com"].flatMap((d) => [
    `/var/run/secrets/${d}`,
    `/run/secrets/${d}`,
]);

/** System directories of the image: a mount inside one replaces programs, libraries or configuration it runs with (FHS 3.0). */
export const SYSTEM_DIRECTORIES = ["/bin", "/boot", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/sbin", "/usr"];

function isAtOrBelow(path: string, dir: string): boolean {
    return path === dir || path.startsWith(`${dir}/`);
}

export const mountPathSafe: Rule = ({ s }, p) => {
    const m = s.gateway.mountPath;
    // "/" itself and a trailing "/" give an empty segment.
    const segments = m.slice(1).split("/");
    if (!m.startsWith("/")) {
        p.add("gateway.mountPath", "is not an absolute path", 'use an absolute path such as "/mnt/secrets-store"');
    } else if (segments.some((seg) => seg === "" || seg === "." || seg === "..")) {
        p.add("gateway.mountPath", "is not a normalised directory below /", 'use a plain absolute directory such as "/mnt/secrets-store"');
    } else if ([...SHADOWED_DIRECTORIES, ...TOKEN_DIRECTORIES].some((d) => isAtOrBelow(d, m))) {
        const all = [...SHADOWED_DIRECTORIES, ...TOKEN_DIRECTORIES].filter((d) => isAtOrBelow(d, m));
        // Name only the outermost: /var already says that /var/run/secrets/... goes too.
        const hidden = all.filter((d) => !all.some((o) => o !== d && isAtOrBelow(d, o)));
        p.add(
            "gateway.mountPath",
            `would hide ${hidden.join(", ")} from the container (a volume replaces everything below its path)`,
            'mount in a directory of its own, such as "/mnt/secrets-store"',
        );
    } else if (KERNEL_FILESYSTEMS.some((d) => isAtOrBelow(m, d))) {
        p.add("gateway.mountPath", "is inside a kernel or device filesystem", 'mount in a directory of its own, such as "/mnt/secrets-store"');
    } else if (TOKEN_DIRECTORIES.some((d) => isAtOrBelow(m, d))) {
        p.add(
            "gateway.mountPath",
            "is inside a directory where the cluster mounts the pod's service-account, IRSA or Pod Identity token",
            'mount in a directory of its own, such as "/mnt/secrets-store"',
        );
    } else if (SYSTEM_DIRECTORIES.some((d) => isAtOrBelow(m, d))) {
        const dir = SYSTEM_DIRECTORIES.find((d) => isAtOrBelow(m, d));
        p.add(
            "gateway.mountPath",
            `is inside the system directory ${dir}, where the volume would replace what the image runs with`,
            'mount in a directory of its own, such as "/mnt/secrets-store"',
        );
    }
};

export const portsValid: Rule = ({ s }, p) => {
    for (const k of ["PORT", "MCP_PORT"]) {
        const v = own(s.env ?? {}, k);
        if (typeof v === "string" && !isPort(v)) p.add(`env.${k}`, "is not a port number", 'set a whole number from 1 to 65535, such as "8787"');
    }
};

/** Chart values the program manages; the `gateway.values` escape hatch may not set them. */
export const MANAGED_VALUE_PATHS = [
    "fullnameOverride",
    "nameOverride",
    "useVaultInjection",
    "environment",
    "serviceAccount",
    "volumes",
    "volumeMounts",
    "imageCredentials",
    "imagePullSecrets",
    "dataservice.enabled",
    "dataservice.name",
    "dataservice.serviceAccount",
    "dataservice.deployment.volumes",
    "dataservice.deployment.volumeMounts",
    // Availability (derive/availability.ts); the selector labels would break the budgets' selectors.
    "replicaCount",
    "resources",
    "autoscaling",
    "strategy",
    "topologySpreadConstraints",
    "readinessProbe.periodSeconds",
    "selectorLabels",
    "dataservice.autoscaling",
    "dataservice.deployment.replicas",
    "dataservice.deployment.resources",
    "dataservice.deployment.topologySpreadConstraints",
    "dataservice.deployment.selectorLabels",
] as const;

/** The value at a dotted path, own properties only. */
export function valueAt(values: Record<string, unknown>, dotted: string): unknown {
    let cur: unknown = values;
    for (const part of dotted.split(".")) {
        if (!isPlainObject(cur)) return undefined;
        cur = own(cur, part);
    }
    return cur;
}

export const managedValuesUntouched: Rule = ({ s }, p) => {
    for (const path of MANAGED_VALUE_PATHS.filter((m) => valueAt(s.gateway.values, m) !== undefined)) {
        p.add(
            `gateway.values.${path}`,
            "is managed by the program",
            "remove it from gateway.values; see docs/config-reference.md for the setting that controls it",
        );
    }
};

/** The pods' security contexts (derive/workloadSecurity.ts), held at the Pod Security Standards' `restricted` profile. */
export const SECURITY_VALUE_PATHS = [
    "podSecurityContext",
    "securityContext",
    "dataservice.deployment.podSecurityContext",
    "dataservice.deployment.securityContext",
] as const;

export const securityValuesUntouched: Rule = ({ s }, p) => {
    for (const path of SECURITY_VALUE_PATHS.filter((m) => valueAt(s.gateway.values, m) !== undefined)) {
        p.add(
            `gateway.values.${path}`,
            "is managed by the program: the pods run with the Pod Security Standards' restricted settings, and the namespace the program creates enforces that profile",
            "remove it from gateway.values; there is no opt-out (a looser pod would be rejected by the namespace, and the gateway holds every provider key), see docs/security.md",
        );
    }
};

export const GATEWAY_RULES: Rule[] = [namespaceCreatable, releaseNameValid, mountPathSafe, portsValid, managedValuesUntouched, securityValuesUntouched];
