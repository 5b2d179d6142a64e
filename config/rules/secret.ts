// Rules of the Secrets Manager secret: names Secrets Manager accepts, ARNs in the stack's region.
import { arnFields, hasArnLikeSuffix, isValidSecretArn, isSecretName } from "../grammar";
import { Problems } from "../problems";
import { Rule } from "./rule";

export const recoveryWindowAllowed: Rule = ({ s }, p) => {
    const n = s.secret.recoveryWindowInDays;
    if (n > 0 && n < 7) p.add("secret.recoveryWindowInDays", `${n} is not allowed`, "use 0 (delete at once) or a number of days from 7 to 30");
};

function checkSecretName(path: string, name: string, p: Problems): void {
    if (name.length > 512) {
        p.add(path, `is ${name.length} characters long`, "use a name of at most 512 characters");
    } else if (!isSecretName(name)) {
        p.add(path, "has characters a secret name cannot have", "use letters, digits and /_+=.@- only, at most 512 characters");
    } else if (hasArnLikeSuffix(name)) {
        p.add(
            path,
            "ends in '-' and six characters, which Secrets Manager reserves for the ARN suffix",
            "change the end of the name (for example drop the last '-' part)",
        );
    }
}

export const secretNamesValid: Rule = ({ s }, p) => {
    const ref = s.secret.existing;
    if (ref === undefined) return checkSecretName("secret.name", s.secret.name, p);
    if (!ref.startsWith("arn:")) return checkSecretName("secret.existing", ref, p);
    if (!isValidSecretArn(ref)) {
        p.add(
            "secret.existing",
            "is not a Secrets Manager secret ARN",
            "give the full ARN, arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>, or the secret's name",
        );
    }
};

/** The SecretProviderClass and kms:ViaService name the stack's region; a secret elsewhere never mounts. */
export const arnsInStackRegion: Rule = ({ s, region }, p) => {
    if (region === undefined) return;
    for (const [path, arn] of [
        ["secret.existing", s.secret.existing],
        ["secret.kmsKeyArn", s.secret.kmsKeyArn],
    ] as const) {
        const r = arn === undefined ? undefined : arnFields(arn)?.region;
        if (r !== undefined && r !== region) {
            p.add(
                path,
                `is in region ${r} but the stack deploys to ${region} (aws:region)`,
                `use a ${path === "secret.existing" ? "secret" : "key"} in ${region}, or set aws:region to ${r}`,
            );
        }
    }
};

export const SECRET_RULES: Rule[] = [recoveryWindowAllowed, secretNamesValid, arnsInStackRegion];
