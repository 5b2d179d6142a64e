// A full, valid Config for pure tests: the defaults the README documents, partial mode, IRSA,
// a created cluster and secret. Sections merge one level deep, so a test names only what it varies.

import type { Config } from "./inputs";

export interface ConfigOverrides extends Partial<Omit<Config, "cluster" | "addons" | "rotation" | "secret" | "gateway">> {
    cluster?: Partial<Config["cluster"]>;
    addons?: Partial<Config["addons"]>;
    rotation?: Partial<Config["rotation"]>;
    secret?: Partial<Config["secret"]>;
    gateway?: Partial<Omit<Config["gateway"], "dataservice">> & { dataservice?: Partial<Config["gateway"]["dataservice"]> };
}

export function testConfig(o: ConfigOverrides = {}): Config {
    const { cluster, addons, rotation, secret, gateway, ...top } = o;
    const { dataservice, ...gw } = gateway ?? {};
    return {
        secretsMode: "partial",
        identity: "irsa",
        namespace: "portkeyai",
        createNamespace: true,
        secretValues: { OPENAI_API_KEY: "sk-test", REDIS_URL: "redis://r:6379" },
        env: { LOG_LEVEL: "info" },
        awsKeys: ["OPENAI_API_KEY", "REDIS_URL"],
        ...top,
        cluster: {
            create: true,
            name: "portkey-test",
            version: "1.33",
            instanceTypes: ["m6i.large"],
            desiredSize: 2,
            minSize: 2,
            maxSize: 4,
            installPodIdentityAgent: false,
            ...cluster,
        },
        addons: { install: true, csiDriverChartVersion: "1.5.6", awsProviderChartVersion: "3.1.1", ...addons },
        rotation: { enabled: false, pollInterval: "1h", reloader: "none", reloaderChartVersion: "2.2.16", ...rotation },
        secret: { name: "portkey/gateway/config", recoveryWindowInDays: 30, ...secret },
        gateway: {
            releaseName: "portkey",
            chartVersion: "1.7.7",
            mountPath: "/mnt/secrets-store",
            imagePullSecrets: [],
            values: {},
            ...gw,
            dataservice: { enabled: false, ...dataservice },
        },
    };
}

/** Every secrets mode × identity, for tests that must hold in each. */
export const MODE_NAMES = ["partial", "full", "mount-only"] as const;
export const IDENTITY_NAMES = ["irsa", "pod-identity"] as const;
