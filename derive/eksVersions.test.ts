// Expected dates: the EKS user guide's release calendar
// (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html) and, for 1.35 and 1.36,
// https://endoflife.date/amazon-eks and awslabs/aws-service-eol-data data/eol.json. Prices: https://aws.amazon.com/eks/pricing/.
import * as assert from "assert";
import { EKS_CALENDAR, isDay, sortedVersions, standardVersions, supportPhase, upgradePath, versionReport, versionStepRefusal } from "./eksVersions";

describe("EKS_CALENDAR", () => {
    it("holds the calendar's dates for 1.33 and 1.34", () => {
        assert.deepStrictEqual(EKS_CALENDAR["1.33"], { eksRelease: "2025-05-29", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" });
        assert.deepStrictEqual(EKS_CALENDAR["1.34"], { eksRelease: "2025-10-02", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" });
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
    it("warns about 1.33 in extended support: its end date and the extra $0.50 per cluster hour (about $365 a month)", () => {
        const r = versionReport("1.33", day, "EXTENDED");
        assert.strictEqual(r.extraCost, true);
        assert.strictEqual(r.refusal, undefined);
        assert.match(r.notice!, /^Kubernetes 1\.33 is in EKS extended support until 2027-07-29: /);
        assert.match(r.notice!, /\$0\.60 per cluster hour instead of \$0\.10 \(about \$365 more a month per cluster\)/);
        assert.match(r.notice!, /per cluster\)\. Upgrade one minor version at a time \(docs\/upgrading\.md\)\.$/);
    });
    it("with the STANDARD policy says EKS upgrades the control plane alone", () => {
        assert.match(versionReport("1.33", day, "STANDARD").notice!, /cluster\.supportType STANDARD, EKS upgrades the control plane itself/);
    });
    it("refuses a version past extended support, naming the newest standard version", () => {
        assert.deepStrictEqual(versionReport("1.31", day, "EXTENDED"), {
            refusal: {
                what: "reached the end of EKS extended support on 2026-11-26; EKS no longer creates clusters at it",
                fix: "set cluster.version to 1.36",
            },
        });
    });
    it("refuses a version not yet offered", () => {
        assert.deepStrictEqual(versionReport("1.35", "2026-01-27", "EXTENDED").refusal, {
            what: "is not offered by EKS before 2026-01-28",
            fix: "set cluster.version to 1.34",
        });
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
