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
        cluster: { name: "portkey-test", kubernetesVersion: "1.33", ...cluster },
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
