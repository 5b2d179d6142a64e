// Helpers for the config unit tests (not shipped, not mutated). Every problem a helper returns is
// checked on the spot for the message form and for canary leaks, so every test checks both.
import * as assert from "assert";
import { CONFIG, Settings } from "./declaration";
import { decodeRaw } from "./decode";
import { ConfigError, parseConfig, StackConfig } from "./index";
import { Problems } from "./problems";
import { Rule, RuleInput } from "./rules/rule";
import { resolveFields } from "./schema";

/** `<namespace>:<key>: <what>. Fix: <how>.` (docs/config-reference.md: "each names the key, what is wrong and how to fix it"). */
export const PROBLEM_FORM = /^[a-z][\w-]*:[\w.\-[\]]+: \S[^\n]*\. Fix: \S[^\n]*\.$/;

/** Distinctive strings seeded into secret config paths; no problem text may contain one. */
export const CANARIES = ["canary-Zq7xW3pL9", "canary-Kv2mR8tN4", "canary-Hj5bY1cF6", "canary-Ps3dG0wE2", "canary-Tu8nA4kM1"];

export function assertWellFormed(list: readonly string[]): void {
    for (const line of list) {
        assert.match(line, PROBLEM_FORM);
        for (const c of CANARIES) assert.ok(!line.includes(c), `problem quotes a secret canary: ${line}`);
    }
}

export const REGION = "eu-west-1";
const SECRET_TOP = new Set(
    Object.entries(CONFIG)
        .filter(([, f]) => f.secret === true)
        .map(([k]) => k),
);

/** The raw map Pulumi hands the program: objects become JSON text; secret keys are marked secret. */
export function rawMap(cfg: Record<string, unknown>, region: string | null = REGION): { raw: Record<string, string>; secretKeys: Set<string> } {
    const raw: Record<string, string> = region === null ? {} : { "aws:region": region };
    const secretKeys = new Set<string>();
    for (const [k, v] of Object.entries(cfg)) {
        const full = k.includes(":") ? k : `portkey-gateway:${k}`;
        raw[full] = typeof v === "string" ? v : JSON.stringify(v);
        if (SECRET_TOP.has(k)) secretKeys.add(full);
    }
    return { raw, secretKeys };
}

/** The open-source image (the chart's default, the enterprise image, needs registry credentials and more). */
export const OPEN_IMAGE = { images: { gatewayImage: { repository: "portkeyai/gateway" } } };

/** The smallest valid stack: one secret value and the open-source image, everything else defaulted. */
export const MINIMAL = { secretValues: { OPENAI_API_KEY: "sk-minimal" }, gateway: { values: OPEN_IMAGE } };

/** MINIMAL under `cfg`; a `gateway` section in `cfg` keeps the open-source image unless it sets `values`. */
export function onMinimal(cfg: Record<string, unknown>): Record<string, unknown> {
    const g = cfg.gateway;
    const gateway = typeof g === "object" && g !== null ? { gateway: { values: OPEN_IMAGE, ...g } } : {};
    return { ...MINIMAL, ...cfg, ...gateway };
}

/** Asserts that no problem repeats `value` (values may be secret; messages name keys instead). */
export function assertNotEchoed(list: readonly string[], value: string): void {
    for (const line of list) assert.ok(!line.includes(value), `problem echoes the value ${JSON.stringify(value)}: ${line}`);
}

/** parseConfig of `cfg` (MINIMAL unless given); throws when it is rejected. */
export function parsed(cfg: Record<string, unknown> = MINIMAL, stack = "dev"): StackConfig {
    const { raw, secretKeys } = rawMap(cfg);
    return parseConfig(raw, secretKeys, stack);
}

/** The problems parseConfig reports for a raw map ([] when it is accepted). */
export function problemsOfRaw(raw: Record<string, string>, secretKeys: ReadonlySet<string> = new Set(), stack = "dev"): string[] {
    try {
        parseConfig(raw, secretKeys, stack);
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        assertWellFormed(e.problems);
        return e.problems;
    }
}

/** The problems of `cfg`; `region` null leaves aws:region unset. */
export function problemsOf(cfg: Record<string, unknown>, region: string | null = REGION): string[] {
    const { raw, secretKeys } = rawMap(cfg, region);
    return problemsOfRaw(raw, secretKeys);
}

/** Settings as parseConfig resolves them (before rules) for `cfg`. */
export function settingsOf(cfg: Record<string, unknown> = MINIMAL): Settings {
    const { raw, secretKeys } = rawMap(cfg);
    const p = new Problems();
    const { values } = decodeRaw(raw, secretKeys, p);
    const s = resolveFields(CONFIG, values, "", p, { stack: "dev" });
    assert.deepStrictEqual(p.list, []);
    return s;
}

export type Overrides = {
    [K in keyof Settings]?: Settings[K] extends Record<string, unknown> | undefined ? Partial<NonNullable<Settings[K]>> | undefined : Settings[K];
};

/** A RuleInput: the minimal valid Settings with `over` merged one level deep; `raw` as written. */
export function ruleInput(over: Overrides = {}, raw: Record<string, unknown> = MINIMAL, region?: string): RuleInput {
    const s = settingsOf() as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(over)) {
        const base = s[k];
        const isSection = typeof base === "object" && base !== null && !Array.isArray(base) && k !== "secretValues" && k !== "env";
        s[k] = isSection && v !== undefined ? { ...(base as object), ...(v as object) } : v;
    }
    return { s: s as unknown as Settings, raw, region, stack: "dev" };
}

/** Runs one rule on a fresh Problems and returns what it reported (checked for form and canaries). */
export function run(rule: Rule, input: RuleInput): string[] {
    const p = new Problems();
    rule(input, p);
    assertWellFormed(p.list);
    return p.list;
}
