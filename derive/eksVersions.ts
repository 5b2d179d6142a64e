// Which Kubernetes versions EKS offers on a given day, and what a created cluster's version costs.
// Dates are UTC days. Sources: the EKS user guide's release calendar ("Understand the Kubernetes
// version lifecycle on EKS", https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html,
// awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc, rows up to 1.34);
// for later rows, the end dates of the same calendar as recorded by awslabs/aws-service-eol-data@f10afaf
// data/eol.json, and the release day 14 months before the end of standard support, as EKS defines
// it and as every row of the guide's calendar has it. See docs/versions.md for each row's source.
import type { SupportType } from "./inputs";

export interface EksVersionDates {
    /** The day EKS offered the version. */
    eksRelease: string;
    /** Extended support, and its charge, starts on this day (the calendar's "end of standard support"). */
    endOfStandardSupport: string;
    /** On this day EKS stops offering the version and upgrades control planes still on it. */
    endOfExtendedSupport: string;
}

export const EKS_CALENDAR: Readonly<Record<string, EksVersionDates>> = {
    "1.29": { eksRelease: "2024-01-23", endOfStandardSupport: "2025-03-23", endOfExtendedSupport: "2026-03-23" },
    "1.30": { eksRelease: "2024-05-23", endOfStandardSupport: "2025-07-23", endOfExtendedSupport: "2026-07-23" },
    "1.31": { eksRelease: "2024-09-26", endOfStandardSupport: "2025-11-26", endOfExtendedSupport: "2026-11-26" },
    "1.32": { eksRelease: "2025-01-23", endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
    "1.33": { eksRelease: "2025-05-29", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
    "1.34": { eksRelease: "2025-10-02", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
    "1.35": { eksRelease: "2026-01-27", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
    "1.36": { eksRelease: "2026-06-02", endOfStandardSupport: "2027-08-02", endOfExtendedSupport: "2028-08-02" },
};

/**
 * Control-plane price per cluster hour, in US dollars (https://aws.amazon.com/eks/pricing/; the
 * extended rate also in AWS's notices, e.g. https://github.com/WGBH-MLA/chowda/issues/217).
 */
export const EKS_HOURLY_PRICE = { standard: 0.1, extended: 0.6 } as const;
/** Hours in an average month (365 × 24 / 12), to show the extra charge as a monthly figure. */
const HOURS_PER_MONTH = 730;

/** EKS's cluster upgrade policy (`upgradePolicy.supportType`), declared with the vocabulary (derive/inputs.ts). */
export type { SupportType };

export type SupportPhase =
    | { phase: "unknown" }
    | { phase: "not-yet-offered"; from: string }
    | { phase: "standard"; until: string; extendedUntil: string }
    | { phase: "extended"; until: string }
    | { phase: "ended"; since: string };

/** A UTC day `YYYY-MM-DD` that exists; such strings order as the days do. */
export function isDay(s: string): boolean {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Where `version` stands on `today` (extended support and its charge start on the end-of-standard day). */
export function supportPhase(version: string, today: string): SupportPhase {
    const d = Object.hasOwn(EKS_CALENDAR, version) ? EKS_CALENDAR[version] : undefined;
    if (d === undefined) return { phase: "unknown" };
    if (today < d.eksRelease) return { phase: "not-yet-offered", from: d.eksRelease };
    if (today < d.endOfStandardSupport) return { phase: "standard", until: d.endOfStandardSupport, extendedUntil: d.endOfExtendedSupport };
    if (today < d.endOfExtendedSupport) return { phase: "extended", until: d.endOfExtendedSupport };
    return { phase: "ended", since: d.endOfExtendedSupport };
}

/** Calendar versions in standard support on `today`, oldest first. */
export function standardVersions(today: string): string[] {
    return sortedVersions(Object.keys(EKS_CALENDAR)).filter((v) => supportPhase(v, today).phase === "standard");
}

function minorOf(version: string): number {
    return Number(version.split(".")[1]);
}

export function sortedVersions(versions: string[]): string[] {
    return [...versions].sort((a, b) => minorOf(a) - minorOf(b));
}

/** The versions a cluster passes through from `from` to `to`, one minor version at a time (both included). */
export function upgradePath(from: string, to: string): string[] {
    const out = [];
    for (let m = minorOf(from); m <= minorOf(to); m++) out.push(`1.${m}`);
    return out;
}

export interface VersionReport {
    /**
     * Set when EKS would not create or keep a cluster at this version with this policy: the key to
     * change, what is wrong, and the fix.
     */
    refusal?: { key: "cluster.version" | "cluster.supportType"; what: string; fix: string };
    /** What the plan tells about the version: its support phase and end date, and any extra cost. */
    notice?: string;
    /** The version costs more than standard support (a warning rather than information). */
    extraCost?: boolean;
}

function newestStandard(today: string): string {
    const standard = standardVersions(today);
    return standard.length > 0 ? standard[standard.length - 1] : "a version in standard support";
}

/** The next minor version: the one step a running cluster may take (versionStepRefusal). */
function nextMinor(version: string): string {
    return `1.${minorOf(version) + 1}`;
}

/** How to leave extended support: the newest standard version for a new cluster, one minor step for a running one. */
function leaveExtended(version: string, today: string): string {
    return `set cluster.version to ${newestStandard(today)} for a cluster not created yet, or to ${nextMinor(version)} for a cluster that already runs ${version} (one minor version per update, docs/upgrading.md)`;
}

function extendedNotice(version: string, until: string, today: string): string {
    const extra = EKS_HOURLY_PRICE.extended - EKS_HOURLY_PRICE.standard;
    const cost = `EKS charges $${EKS_HOURLY_PRICE.extended.toFixed(2)} per cluster hour instead of $${EKS_HOURLY_PRICE.standard.toFixed(2)} (about $${Math.round(extra * HOURS_PER_MONTH)} more a month per cluster)`;
    return `Kubernetes ${version} (cluster.version) is in EKS extended support until ${until}: ${cost}. To leave extended support, ${leaveExtended(version, today)}.`;
}

function standardNotice(version: string, s: { until: string; extendedUntil: string }, supportType: SupportType): string {
    const head = `Kubernetes ${version} is in EKS standard support until ${s.until}`;
    // EKS user guide, view-upgrade-policy: with STANDARD, EKS upgrades the control plane at the end of standard support.
    if (supportType === "STANDARD")
        return `${head}; with cluster.supportType STANDARD, EKS then upgrades the control plane to ${nextMinor(version)} by itself, leaving the node group and add-ons behind, so set cluster.version to ${nextMinor(version)} before ${s.until}.`;
    return `${head} (extended support, at extra cost, until ${s.extendedUntil}).`;
}

/**
 * EKS cannot take a cluster out of extended support ("You can only disable extended support for
 * clusters on standard support", EKS user guide, disable-extended-support), so STANDARD on a
 * version already past standard support is refused rather than planned.
 */
function standardPolicyRefusal(version: string, since: string, today: string): VersionReport["refusal"] {
    return {
        key: "cluster.supportType",
        what: `is STANDARD, but Kubernetes ${version} has been in EKS extended support since ${since}, and EKS can turn extended support off only for a cluster still in standard support`,
        fix: `set cluster.supportType to EXTENDED (the plan then warns of the charge), or ${leaveExtended(version, today)} and keep STANDARD`,
    };
}

/** What the plan reports about a created cluster's Kubernetes version on `today`. */
export function versionReport(version: string, today: string, supportType: SupportType): VersionReport {
    const s = supportPhase(version, today);
    const fixTo = `set cluster.version to ${newestStandard(today)}`;
    const key = "cluster.version";
    switch (s.phase) {
        case "unknown":
            return {
                refusal: {
                    key,
                    what: "is not in the program's EKS release calendar, so its support dates are unknown",
                    fix: `${fixTo}, or add the version's dates from the EKS user guide's release calendar to EKS_CALENDAR in derive/eksVersions.ts`,
                },
            };
        case "not-yet-offered":
            return { refusal: { key, what: `is not offered by EKS before ${s.from}`, fix: fixTo } };
        case "ended":
            return { refusal: { key, what: `reached the end of EKS extended support on ${s.since}; EKS no longer creates clusters at it`, fix: fixTo } };
        case "extended":
            if (supportType === "STANDARD") return { refusal: standardPolicyRefusal(version, EKS_CALENDAR[version].endOfStandardSupport, today) };
            return { notice: extendedNotice(version, s.until, today), extraCost: true };
        case "standard":
            return { notice: standardNotice(version, s, supportType) };
    }
}

/**
 * Whether `pulumi up` may take a running control plane from `current` to `target`: EKS upgrades
 * one minor version per update (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
 * Going back is EKS's own rollback (one minor version, within 7 days of the upgrade,
 * https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html), done outside the program.
 */
export function versionStepRefusal(current: string, target: string): { what: string; fix: string } | undefined {
    const step = minorOf(target) - minorOf(current);
    if (step < 0)
        return {
            what: `is older than the running cluster (at ${current}); the program only upgrades, a step back is EKS's rollback`,
            fix: `set cluster.version back to ${current}, or roll the cluster back with EKS's rollback (within 7 days of the upgrade) and then set cluster.version to the version it runs (docs/upgrading.md)`,
        };
    if (step > 1) {
        const path = upgradePath(current, target);
        return {
            what: `would move the running cluster (at ${current}) more than one minor version in one update; EKS upgrades one minor version at a time`,
            fix: `upgrade through ${path.join(" -> ")}: set cluster.version to ${path[1]} and run pulumi up (control plane, then node group), update the add-ons, then take the next step`,
        };
    }
    return undefined;
}
