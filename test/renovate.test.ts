// renovate.json's custom managers find every version the repository pins: the defaults
// (derive/defaults.ts DEFAULT_VERSIONS), the chart versions and gateway image tag a shipped
// stack file sets, the Pulumi CLI the workflows install and the curl image of the e2e check. Each chart's manager looks it up in the chart's own Helm repository
// (derive/charts.ts CHARTS). Renovate runs a manager's matchStrings as ECMAScript regular
// expressions with the global flag (https://docs.renovatebot.com/modules/manager/regex/).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT } from "../config";
import { CHARTS } from "../derive/charts";
import { CLUSTER_AUTOSCALER_CHART } from "../derive/clusterAutoscaler";
import { DEFAULT_VERSIONS, WRITE_PROBE_IMAGE } from "../derive/defaults";
import { OPEN_SOURCE_IMAGE } from "../derive/image";
import { LOAD_BALANCER_CONTROLLER_CHART } from "../derive/loadBalancerController";
import { listStacks, loadStackConfig, ROOT } from "../offline/stackConfig";
import { parsedYamlFile } from "./parsedYaml";

interface Manager {
    customType: string;
    managerFilePatterns: string[];
    matchStrings: string[];
    datasourceTemplate: string;
    depNameTemplate?: string;
    registryUrlTemplate?: string;
    versioningTemplate?: string;
}

const renovate = JSON.parse(fs.readFileSync(path.join(ROOT, "renovate.json"), "utf8"));
const managers: Manager[] = renovate.customManagers;
const DEFAULTS_FILE = "derive/defaults.ts";

/** A managerFilePatterns entry `/regex/` as a RegExp. */
function filePattern(p: string): RegExp {
    assert.match(p, /^\/.+\/$/, `a file pattern in slashes: ${p}`);
    return new RegExp(p.slice(1, -1));
}

/** What one manager extracts from a file: each match's depName (captured or templated) and currentValue. */
function extracted(m: Manager, file: string): Array<{ depName?: string; currentValue: string }> {
    if (!m.managerFilePatterns.some((p) => filePattern(p).test(file))) return [];
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    return m.matchStrings.flatMap((s) =>
        [...text.matchAll(new RegExp(s, "g"))].map((x) => ({ depName: x.groups?.depName ?? m.depNameTemplate, currentValue: x.groups!.currentValue })),
    );
}

function helmManager(chart: keyof typeof CHARTS): Manager {
    const found = managers.filter((m) => m.datasourceTemplate === "helm" && m.depNameTemplate === CHARTS[chart].chart);
    assert.strictEqual(found.length, 1, `one helm manager for ${CHARTS[chart].chart}`);
    return found[0];
}

/** The stack-file setting that pins each chart's version. */
const STACK_SETTING: Record<keyof typeof CHARTS, [string, string]> = {
    gateway: ["gateway", "chartVersion"],
    csiDriver: ["addons", "csiDriverChartVersion"],
    awsProvider: ["addons", "awsProviderChartVersion"],
    reloader: ["rotation", "reloaderChartVersion"],
};

/** A value the stack file itself sets (not a default), at `section`.`key`. */
function pinnedInStack(stack: string, section: string, ...keys: string[]): unknown {
    const text = loadStackConfig(stack).config[`${PROJECT}:${section}`];
    let v: unknown = text === undefined ? undefined : JSON.parse(text);
    for (const k of keys) v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined;
    return v;
}

const chartKeys = Object.keys(CHARTS) as Array<keyof typeof CHARTS>;

describe("renovate.json", () => {
    it("every regex compiles as Renovate runs it", () => {
        for (const m of managers) {
            assert.strictEqual(m.customType, "regex");
            for (const s of m.matchStrings) assert.ok(new RegExp(s, "g").source.includes("(?<currentValue>"), s);
            m.managerFilePatterns.forEach(filePattern);
        }
    });

    for (const chart of chartKeys) {
        it(`${CHARTS[chart].chart}: looked up in ${CHARTS[chart].repo}, its default found in ${DEFAULTS_FILE}`, () => {
            const m = helmManager(chart);
            assert.strictEqual(m.registryUrlTemplate, CHARTS[chart].repo);
            const version = (DEFAULT_VERSIONS as Record<string, string>)[`${chart}Chart`];
            assert.ok(version, `DEFAULT_VERSIONS.${chart}Chart`);
            assert.deepStrictEqual(extracted(m, DEFAULTS_FILE), [{ depName: CHARTS[chart].chart, currentValue: version }]);
        });
    }

    for (const stack of listStacks()) {
        const file = `Pulumi.${stack}.yaml`;
        it(`${file}: each chart version it pins, and only those, is found by that chart's manager`, () => {
            for (const chart of chartKeys) {
                const [section, key] = STACK_SETTING[chart];
                const pinned = pinnedInStack(stack, section, key);
                const expected =
                    pinned === undefined ? [] : [{ depName: CHARTS[chart].chart, currentValue: typeof pinned === "string" ? pinned : JSON.stringify(pinned) }];
                assert.deepStrictEqual(extracted(helmManager(chart), file), expected, `${file} ${section}.${key}`);
            }
        });
        it(`${file}: a pinned gateway image tag is found with its repository`, () => {
            const image = pinnedInStack(stack, "gateway", "values", "images", "gatewayImage") as { repository?: string; tag?: string } | undefined;
            const docker = managers.filter((m) => m.datasourceTemplate === "docker");
            const found = docker.flatMap((m) => extracted(m, file));
            const expected = image?.tag === undefined ? [] : [{ depName: image.repository, currentValue: String(image.tag) }];
            assert.deepStrictEqual(found, expected);
        });
    }

    it("prod pins the gateway chart and image, so the stack-file managers are exercised", () => {
        assert.ok(pinnedInStack("prod", "gateway", "chartVersion") !== undefined);
        assert.ok(pinnedInStack("prod", "gateway", "values", "images", "gatewayImage", "tag") !== undefined);
    });

    it("the Kubernetes version is proposed from endoflife.date's amazon-eks releases", () => {
        const m = managers.filter((x) => x.datasourceTemplate === "endoflife-date");
        assert.strictEqual(m.length, 1);
        assert.strictEqual(m[0].depNameTemplate, "amazon-eks");
        assert.deepStrictEqual(extracted(m[0], DEFAULTS_FILE), [{ depName: "amazon-eks", currentValue: DEFAULT_VERSIONS.kubernetes }]);
    });

    it("every pinned default has a manager that finds it, so a new pin without one fails here", () => {
        const found = new Set(managers.flatMap((m) => extracted(m, DEFAULTS_FILE).map((x) => x.currentValue)));
        for (const [k, v] of Object.entries(DEFAULT_VERSIONS)) assert.ok(found.has(v), `DEFAULT_VERSIONS.${k}`);
        const versions = managers.filter((m) => m.datasourceTemplate !== "docker").flatMap((m) => extracted(m, DEFAULTS_FILE));
        assert.strictEqual(versions.length, Object.keys(DEFAULT_VERSIONS).length);
    });

    it("finds the write probe's AWS CLI image, and no other image, in derive/defaults.ts", () => {
        const found = managers.filter((m) => m.datasourceTemplate === "docker").flatMap((m) => extracted(m, DEFAULTS_FILE));
        assert.deepStrictEqual(found, [{ depName: WRITE_PROBE_IMAGE.repository, currentValue: WRITE_PROBE_IMAGE.tag }]);
    });

    it("finds the Cluster Autoscaler's chart pin, looked up in the kubernetes/autoscaler chart repository", () => {
        const m = managers.filter((x) => x.depNameTemplate === CLUSTER_AUTOSCALER_CHART.chart);
        assert.deepStrictEqual(
            m.map((x) => [x.datasourceTemplate, x.registryUrlTemplate]),
            [["helm", CLUSTER_AUTOSCALER_CHART.repo]],
        );
        assert.deepStrictEqual(extracted(m[0], "derive/clusterAutoscaler.ts"), [
            { depName: CLUSTER_AUTOSCALER_CHART.chart, currentValue: CLUSTER_AUTOSCALER_CHART.version },
        ]);
    });

    it("finds the load balancer controller's chart pin, looked up in its own repository", () => {
        const m = managers.filter((x) => x.depNameTemplate === LOAD_BALANCER_CONTROLLER_CHART.chart);
        assert.deepStrictEqual(
            m.map((x) => [x.datasourceTemplate, x.registryUrlTemplate]),
            [["helm", LOAD_BALANCER_CONTROLLER_CHART.repo]],
        );
        assert.deepStrictEqual(extracted(m[0], "derive/loadBalancerController.ts"), [
            { depName: LOAD_BALANCER_CONTROLLER_CHART.chart, currentValue: LOAD_BALANCER_CONTROLLER_CHART.version },
        ]);
    });

    it("finds the open-source image's tag", () => {
        const found = managers.filter((m) => m.datasourceTemplate === "docker").flatMap((m) => extracted(m, "derive/image.ts"));
        assert.deepStrictEqual(found, [{ depName: OPEN_SOURCE_IMAGE.repository, currentValue: OPEN_SOURCE_IMAGE.tag }]);
    });

    it("holds CSI driver 1.6 back (docs/versions.md)", () => {
        const rule = renovate.packageRules.find((r: { matchDepNames?: string[]; allowedVersions?: string }) => r.allowedVersions !== undefined);
        assert.deepStrictEqual([rule.matchDepNames, rule.allowedVersions], [[CHARTS.csiDriver.chart], "<1.6.0"]);
    });
});

interface PackageRule {
    matchManagers?: string[];
    matchDatasources?: string[];
    matchDepNames?: string[];
    matchPackageNames?: string[];
    matchDepTypes?: string[];
    groupName?: string;
    extractVersion?: string;
}

/** A dependency as a package rule sees it (Renovate names a custom regex manager's `custom.regex`: renovatebot/renovate lib/util/package-rules/managers.ts). */
interface Dep {
    manager: string;
    datasource: string;
    depName: string;
    depType?: string;
}

/** Renovate's match of a name list: `/re/` a regular expression, else a glob (`**` any text, `*` any text without `/`). */
function nameMatches(patterns: string[] | undefined, name: string | undefined): boolean {
    if (patterns === undefined) return true;
    if (name === undefined) return false;
    return patterns.some((p) => {
        if (/^\/.+\/$/.test(p)) return new RegExp(p.slice(1, -1)).test(name);
        const re = p
            .split("**")
            .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*"))
            .join(".*");
        return new RegExp(`^${re}$`).test(name);
    });
}

function ruleApplies(r: PackageRule, d: Dep): boolean {
    return (
        (r.matchManagers ?? [d.manager]).includes(d.manager) &&
        (r.matchDatasources ?? [d.datasource]).includes(d.datasource) &&
        (r.matchDepTypes === undefined || (d.depType !== undefined && r.matchDepTypes.includes(d.depType))) &&
        nameMatches(r.matchDepNames, d.depName) &&
        nameMatches(r.matchPackageNames, d.depName)
    );
}

/** The last matching rule's value wins, as Renovate applies package rules in order. */
function ruled<K extends keyof PackageRule>(d: Dep, key: K): PackageRule[K] | undefined {
    return (renovate.packageRules as PackageRule[])
        .filter((r) => ruleApplies(r, d) && r[key] !== undefined)
        .map((r) => r[key])
        .pop();
}

describe("renovate.json: versions outside package.json and the TypeScript sources", () => {
    const workflows = fs.readdirSync(path.join(ROOT, ".github/workflows")).filter((f) => /\.ya?ml$/.test(f));
    const sdk = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];

    // renovatebot/renovate lib/modules/manager/github-actions/community.ts knows no pulumi/actions input.
    it("the Pulumi CLI version of every pulumi/actions step is found, as the @pulumi/pulumi npm package", () => {
        const m = managers.filter((x) => x.depNameTemplate === "@pulumi/pulumi");
        assert.strictEqual(m.length, 1);
        assert.deepStrictEqual([m[0].datasourceTemplate, m[0].versioningTemplate], ["npm", "npm"]);
        let steps = 0;
        for (const f of workflows) {
            const file = `.github/workflows/${f}`;
            const wf = parsedYamlFile(path.join(ROOT, file));
            const pinned = Object.values(wf.jobs as Record<string, any>)
                .flatMap((j) => j.steps ?? [])
                .filter((s: any) => s.with?.["pulumi-version"] !== undefined)
                .map((s: any) => ({ depName: "@pulumi/pulumi", currentValue: String(s.with["pulumi-version"]) }));
            steps += pinned.length;
            assert.deepStrictEqual(extracted(m[0], file), pinned, file);
        }
        assert.ok(steps > 0, "a workflow installs the Pulumi CLI");
    });

    it("the CLI and the SDK are updated in one pull request, so the test that ties them never fails on it", () => {
        const npm = ruled({ manager: "npm", datasource: "npm", depName: "@pulumi/pulumi", depType: "dependencies" }, "groupName");
        const cli = ruled({ manager: "custom.regex", datasource: "npm", depName: "@pulumi/pulumi" }, "groupName");
        assert.ok(npm !== undefined);
        assert.strictEqual(cli, npm);
        assert.strictEqual(
            extracted(
                managers.find((x) => x.depNameTemplate === "@pulumi/pulumi")!,
                ".github/workflows/e2e.yml",
            )[0].currentValue,
            sdk,
        );
    });

    it("the curl image of the endpoint check is found", () => {
        const script = fs.readFileSync(path.join(ROOT, "e2e/check-endpoint.sh"), "utf8");
        assert.match(script, /--image="\$image"/);
        const [repository, tag] = script.match(/^image=(\S+)$/m)![1].split(":");
        const found = managers.filter((m) => m.datasourceTemplate === "docker").flatMap((m) => extracted(m, "e2e/check-endpoint.sh"));
        assert.deepStrictEqual(found, [{ depName: repository, currentValue: tag }]);
    });

    // renovatebot/renovate lib/modules/datasource/endoflife-date/schema.ts: a release's version is the
    // record's `latest` when it has one, else its `cycle`; its __fixtures__/eks.json holds amazon-eks
    // records such as {cycle: "1.26", latest: "1.26-eks-1"}. lib/modules/datasource/common.ts
    // applyExtractVersion keeps the `version` group and drops a release that does not match.
    it("an EKS release is proposed as its minor version, the form derive/defaults.ts holds", () => {
        const rule = ruled({ manager: "custom.regex", datasource: "endoflife-date", depName: "amazon-eks" }, "extractVersion");
        assert.ok(rule, "an extractVersion for amazon-eks (the endoflife-date datasource's readme)");
        const records = [
            { cycle: "1.26", latest: "1.26-eks-1" },
            { cycle: "1.25", latest: "1.25-eks-3" },
            { cycle: "1.34", latest: "1.34-eks-10" },
        ];
        const versions = records.map((r) => new RegExp(rule).exec(r.latest ?? r.cycle)?.groups?.version);
        assert.deepStrictEqual(
            versions,
            records.map((r) => r.cycle),
        );
        assert.match(DEFAULT_VERSIONS.kubernetes, /^\d+\.\d+$/);
    });
});
