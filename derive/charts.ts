// Helm repositories and chart names of everything the program installs (facts.md §1, §2).

export interface ChartRef {
    chart: string;
    repo: string;
}

export const CHARTS = {
    gateway: { chart: "gateway", repo: "https://portkey-ai.github.io/helm" },
    csiDriver: { chart: "secrets-store-csi-driver", repo: "https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts" },
    awsProvider: { chart: "secrets-store-csi-driver-provider-aws", repo: "https://aws.github.io/secrets-store-csi-driver-provider-aws" },
    reloader: { chart: "reloader", repo: "https://stakater.github.io/stakater-charts" },
} as const;
