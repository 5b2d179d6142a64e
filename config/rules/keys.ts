// Rules of the keys: which come from AWS, which are literals, and that a created secret holds
// exactly the keys the class mounts (a missing one fails the whole mount).
import { OPEN_SOURCE_FILE_KEYS, openSourceFileKeys, openSourceTag } from "../../derive/image";
import { isEnvName } from "../grammar";
import { awsKeysOf, isRenderKey } from "../keys";
import { Rule } from "./rule";

/** Secrets Manager's limit on a secret value. */
const MAX_SECRET_BYTES = 65536;

export const secretKeysWellFormed: Rule = ({ s }, p) => {
    const listed = s.secretKeys ?? [];
    listed.forEach((k, i) => {
        if (!isEnvName(k))
            p.add(
                "secretKeys",
                `item ${i} is not an environment variable name (letters, digits and _, not starting with a digit)`,
                "rename the key here and in the secret",
            );
    });
    if (new Set(listed).size !== listed.length) p.add("secretKeys", "lists a key more than once", "list each key once");
};

export const someKeyFromAws: Rule = ({ s }, p) => {
    if (awsKeysOf(s).length > 0 || (s.secretKeys ?? []).some((k) => !isEnvName(k))) return;
    const fix =
        s.secret.existing === undefined
            ? "add values with `pulumi config set --secret --path 'secretValues.<KEY>' <value>`"
            : "list the keys of the existing secret with `pulumi config set --path 'secretKeys[0]' <KEY>`";
    p.add("secretKeys", "no key comes from AWS Secrets Manager", fix);
};

export const createdSecretHoldsExactlyTheKeys: Rule = ({ s, raw }, p) => {
    if (s.secret.existing !== undefined) {
        if (raw.secretValues !== undefined)
            p.add(
                "secretValues",
                "values are set but the secret is adopted (secret.existing is set), so the program cannot write them",
                "remove secretValues and put the values in the existing secret, or remove secret.existing",
            );
        return;
    }
    const values = s.secretValues ?? {};
    const written = typeof raw.secretValues === "object" && raw.secretValues !== null ? (raw.secretValues as Record<string, unknown>) : {};
    const keys = awsKeysOf(s);
    for (const k of keys.filter((k) => !Object.hasOwn(written, k))) {
        p.add(
            `secretValues.${k}`,
            `secretKeys lists ${k} but the secret the program creates has no value for it (its mount would fail)`,
            `set it with \`pulumi config set --secret --path 'secretValues.${k}' <value>\`, or remove ${k} from secretKeys`,
        );
    }
    for (const k of Object.keys(values).filter((k) => !keys.includes(k))) {
        p.add(
            `secretValues.${k}`,
            `is stored in the secret but no env var uses it (secretKeys does not list ${k})`,
            `add ${k} to secretKeys, or remove it with \`pulumi config rm --path 'secretValues.${k}'\``,
        );
    }
    if (Buffer.byteLength(JSON.stringify(values), "utf8") > MAX_SECRET_BYTES) {
        p.add("secretValues", "the secret's JSON is larger than the 64 KiB Secrets Manager allows", "move large values elsewhere");
    }
};

export const literalsFitTheMode: Rule = ({ s }, p) => {
    const env = s.env ?? {};
    if (s.secretsMode === "full") {
        const secretish = Object.keys(env).filter((k) => !isRenderKey(k));
        if (secretish.length > 0)
            p.add(
                "env",
                `full mode takes every value from AWS Secrets Manager, but literal values are set for ${secretish.join(", ")}`,
                "move those values into the secret, or use secretsMode partial (only PORT, MCP_PORT, SERVER_MODE and CACHE_STORE may be literals in full mode)",
            );
    }
    for (const k of awsKeysOf(s)) {
        if (Object.hasOwn(env, k))
            p.add(`env.${k}`, `${k} has a literal value and also comes from AWS (secretKeys)`, `remove env.${k}, or remove ${k} from secretKeys`);
        if (isRenderKey(k)) {
            p.add(
                "secretKeys",
                `${k} cannot come from AWS: the chart reads it from its values while rendering (ports, server mode, whether to deploy Redis)`,
                `remove ${k} from secretKeys${s.secret.existing === undefined ? " and secretValues" : ""}, and set it in env`,
            );
        }
    }
};

/**
 * In mount-only mode each key from AWS reaches the gateway as the path of its file; the open-source
 * image reads only a few env vars from a file (derive/image.ts OPEN_SOURCE_FILE_KEYS), so any other
 * key would hold the path itself.
 */
export const mountOnlyKeysReadAsFiles: Rule = ({ s }, p) => {
    if (s.secretsMode !== "mount-only" || s.gateway.image !== "open-source") return;
    const tag = openSourceTag(s.gateway.values);
    const known = openSourceFileKeys(tag);
    if (known === undefined) {
        p.add(
            "gateway.values.images.gatewayImage.tag",
            "names an open-source gateway version without a list of the env vars it reads from files, and in mount-only mode every key from AWS reaches the gateway as a file path",
            `use secretsMode partial, or the tag ${Object.keys(OPEN_SOURCE_FILE_KEYS).join(" or ")}, or read that version's src/utils/env.ts in Portkey-AI/gateway and add its list to OPEN_SOURCE_FILE_KEYS in derive/image.ts`,
        );
        return;
    }
    const literal = awsKeysOf(s).filter((k) => !known.includes(k));
    if (literal.length > 0)
        p.add(
            "secretKeys",
            `${literal.join(", ")} would reach the open-source gateway as the file's path, not its value: in mount-only mode each key from AWS is a path, and this image reads only ${known.join(", ")} from a file`,
            "use secretsMode partial (the env var then holds the value), or list in secretKeys only keys the image reads as files",
        );
};

export const KEY_RULES: Rule[] = [secretKeysWellFormed, someKeyFromAws, createdSecretHoldsExactlyTheKeys, literalsFitTheMode, mountOnlyKeysReadAsFiles];
