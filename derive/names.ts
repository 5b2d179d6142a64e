// Names of everything the chart and the program create, derived once from the config.

import type { Config } from "./inputs";
import { MODES } from "./modes";
import { unique } from "./objects";

export interface Names {
    release: string;
    /** The chart's fullname: `<release>-gateway`, or `<release>` when it already contains "gateway". */
    fullname: string;
    gatewayDeployment: string;
    gatewayServiceAccount: string;
    dataserviceDeployment?: string;
    dataserviceServiceAccount?: string;
    secretProviderClass: string;
    syncedSecret?: string;
    pullSecret?: string;
    /** Service accounts the IAM role trusts, gateway first. */
    serviceAccounts: string[];
}

/** The gateway chart's `fullname` helper (no fullnameOverride: the program never sets it). */
export function chartFullname(release: string): string {
    const name = release.includes("gateway") ? release : `${release}-gateway`;
    return name.slice(0, 63).replace(/-+$/, "");
}

/** The chart's default dataservice account name: `<fullname>-dataservice | trunc 63 | trimSuffix "-"` (_helpers.tpl). */
export function defaultDataserviceAccount(fullname: string): string {
    return `${fullname}-dataservice`.slice(0, 63).replace(/-$/, "");
}

/** What the names depend on: the chart's release and accounts, the mode, whether credentials are given. */
export type NamesInput = Pick<Config, "secretsMode" | "imageCredentials"> & {
    gateway: Pick<Config["gateway"], "releaseName" | "serviceAccountName" | "syncedSecretName"> & {
        dataservice: Pick<Config["gateway"]["dataservice"], "enabled" | "serviceAccountName">;
    };
};

export function gatewayNames(cfg: NamesInput): Names {
    const release = cfg.gateway.releaseName;
    const fullname = chartFullname(release);
    const ds = cfg.gateway.dataservice.enabled;
    const gatewayServiceAccount = cfg.gateway.serviceAccountName ?? fullname;
    const dataserviceServiceAccount = ds ? (cfg.gateway.dataservice.serviceAccountName ?? defaultDataserviceAccount(fullname)) : undefined;
    return {
        release,
        fullname,
        gatewayDeployment: fullname,
        gatewayServiceAccount,
        dataserviceDeployment: ds ? `${fullname}-dataservice` : undefined,
        dataserviceServiceAccount,
        secretProviderClass: `${fullname}-aws-secrets`,
        syncedSecret: MODES[cfg.secretsMode].syncsSecret ? (cfg.gateway.syncedSecretName ?? `${fullname}-aws-secrets`) : undefined,
        pullSecret: cfg.imageCredentials ? `${fullname}-image-pull` : undefined,
        serviceAccounts: unique([gatewayServiceAccount, ...(dataserviceServiceAccount ? [dataserviceServiceAccount] : [])]),
    };
}
