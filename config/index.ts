// parseConfig: the raw config map Pulumi hands the program → the typed, validated Config, or one
// ConfigError listing every problem. Pure: nothing here touches Pulumi.
import { decodeRaw } from "./decode";
import type { ImageCredentials } from "../derive/inputs";
import { CONFIG, Settings } from "./declaration";
import { awsKeysOf } from "./keys";
import { Problems } from "./problems";
import { applyCapacity, CapacityReport } from "./capacity";
import { AVAILABILITY_RULES } from "./rules/availability";
import { CAPACITY_RULES } from "./rules/capacity";
import { AUTOSCALING_RULES } from "./rules/autoscaling";
import { CHART_RULES } from "./rules/chart";
import { CLUSTER_RULES } from "./rules/cluster";
import { ENDPOINT_RULES } from "./rules/endpoint";
import { GATEWAY_RULES } from "./rules/gateway";
import { KEY_RULES } from "./rules/keys";
import { LAYOUT_RULES } from "./rules/layouts";
import { LEAK_RULES, secretTexts } from "./rules/leaks";
import { PARTITION_RULES } from "./rules/partition";
import { PORT_RULES } from "./rules/ports";
import { ROTATION_RULES } from "./rules/rotation";
import { Rule } from "./rules/rule";
import { SECRET_RULES } from "./rules/secret";
import { VERSION_RULES } from "./rules/versions";
import { reportInapplicable, resolveFields } from "./schema";

export { ConfigError, PROJECT } from "./problems";
export { CHART_RENDER_KEYS } from "./keys";
export { checkAgainstCloud, needsCallerIdentity } from "./rules/cloud";
export type { CloudAnswers } from "./rules/cloud";
export { CONFIG, DEFAULT_VERSIONS, SECRETS_MODES, IDENTITIES, RELOADER_SOURCES } from "./declaration";

export { isSecretArn } from "../derive/inputs";
export type { Identity, ImageCredentials, ReloaderSource, SecretsMode } from "../derive/inputs";

/** Top-level keys whose values must be set with `pulumi config set --secret`. */
export const SECRET_CONFIG_KEYS = Object.entries(CONFIG)
    .filter(([, f]) => f.secret === true)
    .map(([k]) => k);

/** The validated stack config: the declared settings plus what is derived from them. */
export type StackConfig = Omit<Settings, "imageCredentials" | "env"> & {
    env: Record<string, string>;
    /** Registry credentials, complete (both user name and password). */
    imageCredentials?: ImageCredentials;
    /** Env vars whose values come from AWS Secrets Manager, in order. */
    awsKeys: string[];
    /** `aws:region` when the stack sets it. */
    region?: string;
    /** How `gateway.capacity` sized the gateway, when it declares a peak (config/capacity.ts). */
    sizing?: CapacityReport;
    /** Settings whose rules judged a value that was not decrypted (offline only): `pulumi preview` checks them. */
    undecryptedChecks?: string[];
};

export const RULES: Rule[] = [
    ...CLUSTER_RULES,
    ...ROTATION_RULES,
    ...SECRET_RULES,
    ...PARTITION_RULES,
    ...LAYOUT_RULES,
    ...KEY_RULES,
    ...GATEWAY_RULES,
    ...PORT_RULES,
    ...AVAILABILITY_RULES,
    ...CAPACITY_RULES,
    ...AUTOSCALING_RULES,
    ...CHART_RULES,
    ...LEAK_RULES,
    ...VERSION_RULES,
    ...ENDPOINT_RULES,
];

/**
 * Validates the raw config map (`<namespace>:<key>` → text, as Pulumi provides it) and returns
 * the typed config with defaults applied. `secretKeys` holds the full keys Pulumi marks secret.
 * `undecrypted` (an offline plan's only) holds the config paths whose encrypted values read as a
 * placeholder: a rule that refuses one is listed in `undecryptedChecks` instead of failing.
 */
export function parseConfig(
    raw: Record<string, string>,
    secretKeys: ReadonlySet<string> = new Set(),
    stack = "dev",
    undecrypted: ReadonlySet<string> = new Set(),
): StackConfig {
    const p = new Problems();
    const { values, region } = decodeRaw(raw, secretKeys, p);
    const resolved: Settings = resolveFields(CONFIG, values, "", p, { stack, undecrypted });
    reportInapplicable(CONFIG, values, resolved, "", resolved, p);
    // Sized settings the stack left out take the values its declared peak needs, before the rules check them.
    const { s, report } = applyCapacity(resolved, values, p);
    for (const rule of RULES) rule({ s, raw: values, region, stack, undecrypted }, p);
    p.withhold(secretTexts({ s, raw: values, undecrypted }));
    // The secret maps' values are always encrypted and never judged as text, but their keys are: problems there stay.
    const undecryptedChecks = p.takeUndecrypted(
        new Set([...undecrypted].filter((k) => !SECRET_CONFIG_KEYS.some((s) => k === s || k.startsWith(`${s}.`) || k.startsWith(`${s}[`)))),
    );
    p.throwIfAny();
    return {
        ...s,
        cluster: { ...s.cluster, installPodIdentityAgent: s.identity === "pod-identity" && s.cluster.installPodIdentityAgent },
        env: s.env ?? {},
        imageCredentials: s.imageCredentials as ImageCredentials | undefined,
        awsKeys: awsKeysOf(s),
        region,
        ...(report ? { sizing: report } : {}),
        ...(undecryptedChecks.length > 0 ? { undecryptedChecks } : {}),
    };
}
