// Tags every AWS resource of a stack carries, through the AWS provider's default tags, so a
// leftover check and a team's cost reports can find what a stack created.
import { isPlainObject } from "./objects";

export const PROJECT_TAG = "pulumi:project";
export const STACK_TAG = "pulumi:stack";

/** The tags that name the Pulumi project and stack that created a resource. */
export function stackTags(project: string, stack: string): Record<string, string> {
    return { [PROJECT_TAG]: project, [STACK_TAG]: stack };
}

/**
 * Provider settings that are plain strings in @pulumi/aws `ProviderArgs` (provider.ts of 7.48.0);
 * every other setting is a list, map, number or boolean, which stack config holds as JSON text.
 */
const STRING_SETTINGS = new Set([
    "accessKey",
    "customCaBundle",
    "ec2MetadataServiceEndpoint",
    "ec2MetadataServiceEndpointMode",
    "httpProxy",
    "httpsProxy",
    "noProxy",
    "profile",
    "region",
    "retryMode",
    "s3UsEast1RegionalEndpoint",
    "secretKey",
    "stsRegion",
    "tagPolicyCompliance",
    "token",
]);

function settingValue(name: string, text: string): unknown {
    if (STRING_SETTINGS.has(name)) return text;
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/** The tags of a `defaultTags` setting's value, when it is `{ tags: { … } }`. */
function givenTags(value: unknown): Record<string, unknown> {
    const tags = isPlainObject(value) ? value.tags : undefined;
    return isPlainObject(tags) ? tags : {};
}

/**
 * Args of an explicit AWS provider equivalent to the stack's default one: every `aws:<setting>` of
 * the stack config carried over (an explicit provider does not read stack config), plus default
 * tags naming the project and stack. The stack's own `aws:defaultTags` stay; these two win.
 */
export function taggedProviderArgs(config: Record<string, string>, project: string, stack: string): Record<string, unknown> {
    const args: Record<string, unknown> = {};
    for (const [key, text] of Object.entries(config)) {
        if (!key.startsWith("aws:")) continue;
        const name = key.slice("aws:".length);
        args[name] = settingValue(name, text);
    }
    const given = isPlainObject(args.defaultTags) ? args.defaultTags : {};
    args.defaultTags = { ...given, tags: { ...givenTags(given), ...stackTags(project, stack) } };
    return args;
}
