// Default settings, shared by the stack config declaration and the components' args, so the two
// cannot disagree. Chart versions are the ones the product is tested with; each is a setting.

export const DEFAULT_VERSIONS = {
    gatewayChart: "1.7.7",
    csiDriverChart: "1.5.6",
    awsProviderChart: "3.1.1",
    reloaderChart: "2.2.16",
    // kubernetes-sigs/metrics-server chart (app 0.8.1, Kubernetes 1.31+): docs/upstream-facts.md#metrics-server-chart.
    metricsServerChart: "3.13.1",
    // The newest version in EKS standard support on the calendar (derive/eksVersions.ts); see docs/versions.md.
    kubernetes: "1.36",
} as const;

export const DEFAULTS = {
    secretsMode: "partial",
    identity: "irsa",
    namespace: "portkeyai",
    releaseName: "portkey",
    mountPath: "/mnt/secrets-store",
    secretName: "portkey/gateway/config",
    recoveryWindowInDays: 30,
    pollInterval: "1h",
    instanceTypes: ["m6i.large"],
    /** Managed node group sizes; the desired size defaults to the minimum. */
    nodeGroup: { minSize: 2, maxSize: 4 },
    vpcCidr: "10.0.0.0/16",
    natGateways: "single",
} as const;

/** Reloader is what makes rotation reach the pods: installed when rotation is on, else none. */
export function defaultReloader(rotationEnabled: boolean): "install" | "none" {
    return rotationEnabled ? "install" : "none";
}

/**
 * Availability defaults of a component built from literal args (a production install); the stack
 * config lowers the replica count for stacks that do not look like production.
 * Sizing: see docs/availability.md.
 */
export const AVAILABILITY_DEFAULTS = {
    replicas: 2,
    gatewayResources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" } },
    dataserviceResources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
    autoscaling: { enabled: false, min: 2, max: 6, targetCPU: 70 },
} as const;

/**
 * Endpoint defaults: a ClusterIP Service only. The ALB's idle timeout fires when no bytes flow, so
 * its 60 s default cuts long non-streamed LLM calls and a long time to first token; 600 s leaves
 * room for them (the ALB accepts 1-4000 s).
 */
export const ENDPOINT_DEFAULTS = { type: "cluster", idleTimeoutSeconds: 600 } as const;

/**
 * The AWS CLI image of `npm run verify -- --write-probe` (verify/writeProbe.ts): AWS's official image,
 * built on Amazon Linux 2 with a shell and `aws` at /usr/local/bin (docs/upstream-facts.md#aws-cli-image).
 * Pinned to one CLI release; renovate.json proposes newer ones.
 */
export const WRITE_PROBE_IMAGE = { repository: "public.ecr.aws/aws-cli/aws-cli", tag: "2.36.15" } as const;
