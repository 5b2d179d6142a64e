// Each secrets mode's wiring, in one table: whether the driver syncs a Kubernetes Secret, the
// chart's `environment` values, and the annotation that makes Reloader roll the pods.

import { gatewayChartFacts } from "./charts";
import { RELOADER_SECRET_ANNOTATION, RELOADER_SPC_ANNOTATION } from "./constants";
import type { Config, SecretsMode } from "./inputs";
import type { Names } from "./names";
import { sortKeys } from "./objects";

export type Environment = Record<string, unknown>;

export interface ModeWiring {
    /** Whether the SecretProviderClass syncs the AWS keys into a Kubernetes Secret. */
    syncsSecret: boolean;
    /** The chart's `environment` values. Never contains a secret value. */
    environment(cfg: Config, names: Names): Environment;
    /** The Reloader annotation that rolls the Deployments when the secret changes. */
    reloadAnnotation(names: Names): [string, string];
    /**
     * Whether Reloader must watch SecretProviderClassPodStatus (its CSI integration): with no synced
     * Secret, a rotated mount is the only change it can see.
     */
    reloaderCsiIntegration: boolean;
}

/** Where the CSI volume puts one AWS key's file (its objectAlias is the env var name). */
export function secretFilePath(cfg: Config, envKey: string): string {
    return `${cfg.gateway.mountPath.replace(/\/+$/, "")}/${envKey}`;
}

/**
 * The chart's explicit mode: each key in `secretKeys` is a secretKeyRef into the synced Secret
 * and every other `data` key a literal. Never the `lookup` mode, which on a first install finds
 * no Secret and silently turns every key into its literal. AWS keys are not put in `data`: the
 * chart reads `data` for other decisions (CACHE_STORE gates its Redis), so chart defaults stay;
 * its null defaults (that chart version's facts) are given as "" (see GATEWAY_CHART_NULL_ENV_KEYS).
 */
function fromSyncedSecret(cfg: Config, names: Names): Environment {
    const blanks = gatewayChartFacts(cfg.gateway.chartVersion)
        .nullEnvKeys.filter((k) => !cfg.awsKeys.includes(k))
        .map((k) => [k, ""]);
    return {
        create: false,
        existingSecret: names.syncedSecret,
        secretKeys: [...cfg.awsKeys],
        data: sortKeys({ ...Object.fromEntries(blanks), ...cfg.env }),
    };
}

/** Paths and literals only: the chart keeps them in a ConfigMap, not a Secret. */
function fromMountedFiles(cfg: Config): Environment {
    const data: Record<string, string> = { ...cfg.env };
    for (const k of cfg.awsKeys) data[k] = secretFilePath(cfg, k);
    return { create: true, secret: false, data: sortKeys(data) };
}

export const MODES: Record<SecretsMode, ModeWiring> = {
    partial: {
        syncsSecret: true,
        environment: fromSyncedSecret,
        reloadAnnotation: (n) => [RELOADER_SECRET_ANNOTATION, n.syncedSecret!],
        reloaderCsiIntegration: false,
    },
    // Validation has rejected literals in full mode, so every key the stack sets is a secretKeyRef.
    full: {
        syncsSecret: true,
        environment: fromSyncedSecret,
        reloadAnnotation: (n) => [RELOADER_SECRET_ANNOTATION, n.syncedSecret!],
        reloaderCsiIntegration: false,
    },
    "mount-only": {
        syncsSecret: false,
        environment: fromMountedFiles,
        reloadAnnotation: (n) => [RELOADER_SPC_ANNOTATION, n.secretProviderClass],
        reloaderCsiIntegration: true,
    },
};
