// Rules of the layouts platform teams use: a cluster from another stack, a secret in another
// account, a failover region. ASCP calls both regions on every mount and a 4xx from either fails
// it (docs/upstream-facts.md#ascp-failover), so everything that can be checked before `up` is checked here.
import { arnFields } from "../grammar";
import { isPlainObject, own } from "../schema";
import { Rule } from "./rule";

export const fromStackExcludesCreate: Rule = ({ s }, p) => {
    if (s.cluster.fromStack !== undefined && s.cluster.create) {
        p.add(
            "cluster.fromStack",
            "cannot be combined with cluster.create true: the cluster either comes from another stack or is created here",
            "remove cluster.create, or remove cluster.fromStack",
        );
    }
};

export const failoverRegionDiffers: Rule = ({ s, region }, p) => {
    const f = s.secret.failoverRegion;
    if (f !== undefined && region !== undefined && f === region) {
        p.add(
            "secret.failoverRegion",
            "is the stack's own region (aws:region); ASCP needs a second region",
            "set another region, one where the secret has a replica",
        );
    }
};

export const failoverKeyInFailoverRegion: Rule = ({ s }, p) => {
    const { failoverRegion, failoverKmsKeyArn } = s.secret;
    const r = failoverKmsKeyArn === undefined ? undefined : arnFields(failoverKmsKeyArn)?.region;
    if (failoverRegion !== undefined && r !== undefined && r !== failoverRegion) {
        p.add(
            "secret.failoverKmsKeyArn",
            "is not in secret.failoverRegion, and a replica is encrypted with a key of its own region",
            "use a key in secret.failoverRegion",
        );
    }
};

/** A replica of a secret on a customer-managed key needs a key in its region, and the role needs to know it. */
export const failoverKeysPaired: Rule = ({ s, raw }, p) => {
    const { failoverRegion, kmsKeyArn, failoverKmsKeyArn } = s.secret;
    // A written but rejected key is reported once, by its own check.
    const written = isPlainObject(raw.secret) && own(raw.secret, "failoverKmsKeyArn") !== undefined;
    if (failoverRegion === undefined) return;
    if (failoverKmsKeyArn !== undefined && kmsKeyArn === undefined) {
        p.add(
            "secret.failoverKmsKeyArn",
            "is set but the primary uses the aws/secretsmanager key (secret.kmsKeyArn is not set)",
            "remove secret.failoverKmsKeyArn, or set secret.kmsKeyArn to the primary's customer-managed key",
        );
    }
    if (kmsKeyArn !== undefined && !written) {
        p.add(
            "secret.failoverKmsKeyArn",
            "is required with secret.kmsKeyArn and secret.failoverRegion: the replica needs a customer-managed key in its own region",
            "set secret.failoverKmsKeyArn to a key in secret.failoverRegion",
        );
    }
};

export const LAYOUT_RULES: Rule[] = [fromStackExcludesCreate, failoverRegionDiffers, failoverKeyInFailoverRegion, failoverKeysPaired];
