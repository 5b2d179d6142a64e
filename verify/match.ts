// How the checker recognises the add-ons' workloads wherever they were installed: by image or
// by the labels their charts set (secrets-store-csi-driver charts/.../templates/_helpers.tpl
// `sscd.labels`; ASCP charts/.../templates/_helpers.tpl `provider.selectorLabels`). Pure.
import { Container, KubeObject, Workload } from "./types";

export function containersOf(w: Workload): Container[] {
    return w.spec?.template?.spec?.containers ?? [];
}

function imageMatches(w: Workload, test: (image: string) => boolean): boolean {
    return containersOf(w).some((c) => test(c.image ?? ""));
}

/** The driver image is registry.k8s.io/csi-secrets-store/driver (not driver-crds, the CRD hook). */
export function isDriverImage(image: string): boolean {
    return /csi-secrets-store\/driver(?:[:@]|$)/.test(image);
}

export function isDriverDaemonSet(w: Workload): boolean {
    return imageMatches(w, isDriverImage) || w.metadata.labels?.app === "secrets-store-csi-driver";
}

export function isProviderImage(image: string): boolean {
    return image.includes("secrets-store-csi-driver-provider-aws");
}

export function isProviderDaemonSet(w: Workload): boolean {
    return imageMatches(w, isProviderImage) || w.metadata.labels?.["app.kubernetes.io/name"] === "secrets-store-csi-driver-provider-aws";
}

export function isReloaderImage(image: string): boolean {
    return /stakater\/reloader/.test(image);
}

export function isReloaderDeployment(w: Workload): boolean {
    return imageMatches(w, isReloaderImage);
}

export function ownedBy(obj: KubeObject, kind: string, name: string): boolean {
    return (obj.metadata.ownerReferences ?? []).some((r) => r.kind === kind && r.name === name);
}

export function qualified(obj: KubeObject): string {
    return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/** `--flag=value` and bare `--flag` (true) of a container's args and command. */
export function flagsOf(c: Container): Map<string, string> {
    const flags = new Map<string, string>();
    for (const a of [...(c.command ?? []), ...(c.args ?? [])]) {
        const m = /^--?([A-Za-z0-9-]+)(?:=(.*))?$/.exec(a);
        if (m) flags.set(m[1], m[2] ?? "true");
    }
    return flags;
}
