// Expected dates: the EKS user guide's release calendar
// (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, as recorded in
// docs/versions.md) and, for 1.35 and 1.36, the end dates in awslabs/aws-service-eol-data@f10afaf
// data/eol.json. Prices: https://aws.amazon.com/eks/pricing/. Extended support cannot be turned off
// once a cluster is in it: EKS user guide, disable-extended-support.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { EKS_CALENDAR, isDay, sortedVersions, standardVersions, supportPhase, upgradePath, versionReport, versionStepRefusal } from "./eksVersions";

describe("EKS_CALENDAR", () => {
    it("holds the calendar's dates for 1.33 and 1.34", () => {
        assert.deepStrictEqual(EKS_CALENDAR["1.33"], { eksRelease: "2025-05-29", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" });
        assert.deepStrictEqual(EKS_CALENDAR["1.34"], { eksRelease: "2025-10-02", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" });
    });
    it("holds 1.35 as the calendar has it: offered 2026-01-27, standard support to 2027-03-27, extended to 2028-03-27", () => {
        // End dates: awslabs/aws-service-eol-data@f10afaf data/eol.json (source URL: the EKS calendar); the
        // release day is the end of standard support less 14 months, as on every row of the guide's calendar.
        assert.deepStrictEqual(EKS_CALENDAR["1.35"], { eksRelease: "2026-01-27", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" });
    });
    it("is the calendar recorded in docs/versions.md, row by row", () => {
        const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "versions.md"), "utf8");
        const rows = [...doc.matchAll(/^\| (1\.\d+) \| (\d{4}-\d\d-\d\d) \| (\d{4}-\d\d-\d\d) \| (\d{4}-\d\d-\d\d) \|/gm)];
        const documented = Object.fromEntries(
            rows.map(([, v, eksRelease, endOfStandardSupport, endOfExtendedSupport]) => [v, { eksRelease, endOfStandardSupport, endOfExtendedSupport }]),
        );
        assert.deepStrictEqual(EKS_CALENDAR, documented);
    });
    it("starts and ends each support period on the day of the month EKS released the version, as every row of the guide's calendar does", () => {
        // awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc: 1.29 January 23, 2024 / March 23, 2025 / March 23, 2026, …,
        // 1.34 October 2, 2025 / December 2, 2026 / December 2, 2027.
        for (const [v, d] of Object.entries(EKS_CALENDAR))
            assert.deepStrictEqual([d.endOfStandardSupport.slice(8), d.endOfExtendedSupport.slice(8)], [d.eksRelease.slice(8), d.eksRelease.slice(8)], v);
    });
    it("gives every version valid days in order, 14 months of standard and 12 of extended support", () => {
        for (const [v, d] of Object.entries(EKS_CALENDAR)) {
            assert.ok([d.eksRelease, d.endOfStandardSupport, d.endOfExtendedSupport].every(isDay), v);
            assert.ok(d.eksRelease < d.endOfStandardSupport && d.endOfStandardSupport < d.endOfExtendedSupport, v);
            const months = (a: string, b: string) => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
            assert.strictEqual(months(d.eksRelease, d.endOfStandardSupport), 14, v);
            assert.strictEqual(months(d.endOfStandardSupport, d.endOfExtendedSupport), 12, v);
        }
    });
});

describe("isDay", () => {
    it("accepts a calendar day and nothing else", () => {
        assert.deepStrictEqual(["2026-11-30", "2028-02-29", "2026-13-01", "2026-02-30", "2026-11-3", "x2026-11-30", "2026-11-30x", "12026-11-30"].map(isDay), [
            true,
            true,
            false,
            false,
            false,
            false,
            false,
            false,
        ]);
    });
});

describe("supportPhase", () => {
    it("places 1.33 in each phase; extended support starts on the end-of-standard day (UTC)", () => {
        assert.deepStrictEqual(supportPhase("1.33", "2025-05-28"), { phase: "not-yet-offered", from: "2025-05-29" });
        assert.deepStrictEqual(supportPhase("1.33", "2025-05-29"), { phase: "standard", until: "2026-07-29", extendedUntil: "2027-07-29" });
        assert.deepStrictEqual(supportPhase("1.33", "2026-07-28").phase, "standard");
        assert.deepStrictEqual(supportPhase("1.33", "2026-07-29"), { phase: "extended", until: "2027-07-29" });
        assert.deepStrictEqual(supportPhase("1.33", "2027-07-28").phase, "extended");
        assert.deepStrictEqual(supportPhase("1.33", "2027-07-29"), { phase: "ended", since: "2027-07-29" });
    });
    it("does not know a version outside the calendar, nor an inherited property name", () => {
        assert.deepStrictEqual([supportPhase("1.20", "2026-11-30"), supportPhase("constructor", "2026-11-30")], [{ phase: "unknown" }, { phase: "unknown" }]);
    });
});

describe("standardVersions", () => {
    it("on 2026-11-30: 1.34 (until 2026-12-02), 1.35 and 1.36, oldest first", () => {
        assert.deepStrictEqual(standardVersions("2026-11-30"), ["1.34", "1.35", "1.36"]);
    });
    it("orders by minor number, not as text", () => {
        assert.deepStrictEqual(standardVersions("2025-06-01"), ["1.30", "1.31", "1.32", "1.33"]);
    });
});

describe("sortedVersions", () => {
    it("orders by minor number, not as text", () => assert.deepStrictEqual(sortedVersions(["1.10", "1.36", "1.9"]), ["1.9", "1.10", "1.36"]));
});

describe("upgradePath", () => {
    it("steps one minor version at a time", () => {
        assert.deepStrictEqual(upgradePath("1.33", "1.35"), ["1.33", "1.34", "1.35"]);
        assert.deepStrictEqual(upgradePath("1.9", "1.11"), ["1.9", "1.10", "1.11"]);
    });
});

describe("versionReport", () => {
    const day = "2026-11-30";
    it("reports a version in standard support with its end date, as information", () => {
        assert.deepStrictEqual(versionReport("1.35", day, "EXTENDED"), {
            notice: "Kubernetes 1.35 is in EKS standard support until 2027-03-27 (extended support, at extra cost, until 2028-03-27).",
        });
    });
    it("with the STANDARD policy on a version in standard support says what EKS will do at its end, and what to set before", () => {
        assert.deepStrictEqual(versionReport("1.35", day, "STANDARD"), {
            notice: "Kubernetes 1.35 is in EKS standard support until 2027-03-27; with cluster.supportType STANDARD, EKS then upgrades the control plane to 1.36 by itself, leaving the node group and add-ons behind, so set cluster.version to 1.36 before 2027-03-27.",
        });
    });
    it("warns about 1.33 in extended support: its end date and the extra $0.50 per cluster hour (about $365 a month)", () => {
        const r = versionReport("1.33", day, "EXTENDED");
        assert.strictEqual(r.extraCost, true);
        assert.strictEqual(r.refusal, undefined);
        assert.match(r.notice!, /^Kubernetes 1\.33 \(cluster\.version\) is in EKS extended support until 2027-07-29: /);
        assert.match(r.notice!, /\$0\.60 per cluster hour instead of \$0\.10 \(about \$365 more a month per cluster\)/);
    });
    it("names cluster.version and the value to set in the extended-support warning: the newest standard version, or the next step of a running cluster", () => {
        assert.match(
            versionReport("1.33", day, "EXTENDED").notice!,
            /per cluster\)\. To leave extended support, set cluster\.version to 1\.36 for a cluster not created yet, or to 1\.34 for a cluster that already runs 1\.33 \(one minor version per update, docs\/upgrading\.md\)\.$/,
        );
    });
    it("refuses the STANDARD policy on a version already in extended support, which EKS cannot leave (user guide, disable-extended-support)", () => {
        assert.deepStrictEqual(versionReport("1.33", day, "STANDARD"), {
            refusal: {
                key: "cluster.supportType",
                what: "is STANDARD, but Kubernetes 1.33 has been in EKS extended support since 2026-07-29, and EKS can turn extended support off only for a cluster still in standard support",
                fix: "set cluster.supportType to EXTENDED (the plan then warns of the charge), or set cluster.version to 1.36 for a cluster not created yet, or to 1.34 for a cluster that already runs 1.33 (one minor version per update, docs/upgrading.md) and keep STANDARD",
            },
        });
    });
    it("refuses a version past extended support, naming the newest standard version", () => {
        assert.deepStrictEqual(versionReport("1.31", day, "EXTENDED"), {
            refusal: {
                key: "cluster.version",
                what: "reached the end of EKS extended support on 2026-11-26; EKS no longer creates clusters at it",
                fix: "set cluster.version to 1.36",
            },
        });
        assert.strictEqual(versionReport("1.31", day, "STANDARD").refusal!.key, "cluster.version");
    });
    it("refuses a version not yet offered (1.35 from 2026-01-27)", () => {
        assert.deepStrictEqual(versionReport("1.35", "2026-01-26", "EXTENDED").refusal, {
            key: "cluster.version",
            what: "is not offered by EKS before 2026-01-27",
            fix: "set cluster.version to 1.34",
        });
        assert.strictEqual(versionReport("1.35", "2026-01-27", "EXTENDED").refusal, undefined);
    });
    it("refuses a version outside the calendar, saying where to add it, without quoting it", () => {
        const r = versionReport("1.99", day, "EXTENDED").refusal!;
        assert.match(r.fix, /^set cluster\.version to 1\.36, or add .*EKS_CALENDAR in derive\/eksVersions\.ts$/);
        assert.strictEqual(r.what, "is not in the program's EKS release calendar, so its support dates are unknown");
        assert.doesNotMatch(r.what + r.fix, /1\.99/);
    });
    it("names no version when none is in standard support", () => {
        assert.match(versionReport("1.99", "2030-01-01", "EXTENDED").refusal!.fix, /^set cluster\.version to a version in standard support,/);
    });
});

describe("versionStepRefusal", () => {
    it("allows the same version and one minor step", () => {
        assert.deepStrictEqual([versionStepRefusal("1.34", "1.34"), versionStepRefusal("1.34", "1.35")], [undefined, undefined]);
    });
    it("refuses two steps at once with the path to take", () => {
        const r = versionStepRefusal("1.33", "1.35")!;
        assert.match(r.what, /at 1\.33\) more than one minor version/);
        assert.match(r.fix, /^upgrade through 1\.33 -> 1\.34 -> 1\.35: set cluster\.version to 1\.34 and run pulumi up/);
    });
    it("refuses a downgrade", () => {
        const r = versionStepRefusal("1.35", "1.34")!;
        assert.match(r.what, /at 1\.35\); the program only upgrades, a step back is EKS's rollback/);
        assert.match(r.fix, /^set cluster\.version back to 1\.35, or roll the cluster back with EKS's rollback/);
    });
});
