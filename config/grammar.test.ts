// Grammars checked against the receiving side's own rules (sources beside each describe).
import * as assert from "assert";
import fc from "fast-check";
import * as g from "./grammar";

const lower = "abcdefghijklmnopqrstuvwxyz";
const digits = "0123456789";
/** Replaces the character at `i` (modulo the length) with `c`. */
function replaceAt(v: string, i: number, c: string): string {
    const at = i % v.length;
    return v.slice(0, at) + c + v.slice(at + 1);
}
function accepts(f: (v: string) => boolean, ...vs: string[]): void {
    for (const v of vs) assert.strictEqual(f(v), true, `should accept ${JSON.stringify(v)}`);
}
function rejects(f: (v: string) => boolean, ...vs: string[]): void {
    for (const v of vs) assert.strictEqual(f(v), false, `should reject ${JSON.stringify(v)}`);
}

// kubernetes/apimachinery pkg/util/validation/validation.go: DNS1123LabelMaxLength = 63,
// dns1123LabelFmt "[a-z0-9]([-a-z0-9]*[a-z0-9])?".
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
// Same file: dns1035LabelFmt "[a-z]([-a-z0-9]*[a-z0-9])?", max 63.
const label1035 = fc.stringMatching(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
// Characters no DNS label may hold anywhere.
const foreign = fc.constantFrom("A", "Z", "_", " ", "/", "é", "@", ":");

describe("isDnsLabel (DNS-1123 label)", () => {
    it("accepts every valid label", () => fc.assert(fc.property(label, (v) => g.isDnsLabel(v))));
    it("rejects a valid label with one character made invalid", () =>
        fc.assert(fc.property(label, fc.nat(), foreign, (v, i, c) => !g.isDnsLabel(replaceAt(v, i, c)))));
    it("rejects a leading or trailing '-' and a '.'", () =>
        fc.assert(fc.property(label, (v) => !g.isDnsLabel(`-${v}`) && !g.isDnsLabel(`${v}-`) && !g.isDnsLabel(`${v}.${v}`))));
    it("allows 63 characters, not 64", () => {
        accepts(g.isDnsLabel, "a".repeat(63), "0", "a-b", "a--b", "9a");
        rejects(g.isDnsLabel, "a".repeat(64), "", "-", "a-", "-a");
    });
});

describe("isDns1035Label", () => {
    it("accepts every valid label", () => fc.assert(fc.property(label1035, (v) => g.isDns1035Label(v))));
    it("rejects a valid label with one character made invalid", () =>
        fc.assert(fc.property(label1035, fc.nat(), foreign, (v, i, c) => !g.isDns1035Label(replaceAt(v, i, c)))));
    it("rejects a label starting with a digit", () =>
        fc.assert(fc.property(label1035, fc.constantFrom(...digits), (v, d) => !g.isDns1035Label(replaceAt(v, 0, d)))));
    it("allows 63 characters, not 64", () => {
        accepts(g.isDns1035Label, "a".repeat(63), "a", "a-0", "portkey");
        rejects(g.isDns1035Label, "a".repeat(64), "", "a-", "-a", "1a", "0");
    });
});

describe("isDnsSubdomain (DNS-1123 subdomain)", () => {
    // validation.go: DNS1123SubdomainMaxLength = 253; labels joined by '.'.
    const subdomain = fc
        .array(label, { minLength: 1, maxLength: 4 })
        .map((ls) => ls.join("."))
        .filter((v) => v.length <= 253);
    it("accepts every valid subdomain", () => fc.assert(fc.property(subdomain, (v) => g.isDnsSubdomain(v))));
    it("rejects a valid subdomain with one character made invalid", () =>
        fc.assert(fc.property(subdomain, fc.nat(), foreign, (v, i, c) => !g.isDnsSubdomain(replaceAt(v, i, c)))));
    it("rejects empty labels and labels with a '-' at an edge", () => rejects(g.isDnsSubdomain, "", ".a", "a.", "a..b", "a.-b", "a-.b"));
    it("allows 253 characters, not 254", () => {
        const of = (n: number) =>
            Array.from({ length: Math.ceil(n / 2) }, () => "a")
                .join(".")
                .slice(0, n);
        assert.strictEqual(of(253).length, 253);
        accepts(g.isDnsSubdomain, of(253), "a", "portkey-aws-secrets", "a.b-c.d");
        rejects(g.isDnsSubdomain, `${of(253)}b`);
    });
});

describe("isEnvName", () => {
    // POSIX portable env names: letters, digits, '_', not starting with a digit.
    const env = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/);
    it("accepts letters, digits and _", () => fc.assert(fc.property(env, (v) => g.isEnvName(v))));
    it("rejects a name with one other character", () =>
        fc.assert(fc.property(env, fc.nat(), fc.constantFrom("-", ".", " ", "=", "$"), (v, i, c) => !g.isEnvName(replaceAt(v, i, c)))));
    it("rejects a leading digit and the empty name", () => rejects(g.isEnvName, "", "9LIVES", "0"));
    it("accepts the chart's keys", () => accepts(g.isEnvName, "PORT", "_X", "a1", "OPENAI_API_KEY"));
});

describe("isExactVersion", () => {
    // semver.org 2.0.0: MAJOR.MINOR.PATCH, optional -prerelease and +build.
    const version = fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)).map(([a, b, c]) => `${a}.${b}.${c}`);
    it("accepts MAJOR.MINOR.PATCH", () => fc.assert(fc.property(version, (v) => g.isExactVersion(v))));
    it("accepts pre-release and build parts", () => accepts(g.isExactVersion, "1.7.7", "1.2.3-rc.1", "1.2.3+build.5", "1.2.3-rc-1+b.2", "10.20.30"));
    it("rejects ranges and partial versions (Helm would float)", () =>
        rejects(g.isExactVersion, "^1.7", "~1.7.7", "1.7", "1.7.x", ">=1.7.7", "1.7.7 ", " 1.7.7", "1.7.7-", "1.7.7+", "1.7.7-rc!", "latest", "", "1..7"));
});

describe("isClusterName", () => {
    // EKS CreateCluster API: name 1-100 characters, pattern ^[0-9A-Za-z][A-Za-z0-9\-_]*$.
    const name = fc.stringMatching(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/);
    it("accepts every valid name", () => fc.assert(fc.property(name, (v) => g.isClusterName(v))));
    it("rejects a name with one other character", () =>
        fc.assert(fc.property(name, fc.nat(), fc.constantFrom(".", " ", "/", ":"), (v, i, c) => !g.isClusterName(replaceAt(v, i, c)))));
    it("allows 100 characters, not 101; must start with a letter or digit", () => {
        accepts(g.isClusterName, "a".repeat(100), "1", "Portkey_dev-1");
        rejects(g.isClusterName, "a".repeat(101), "", "-a", "_a");
    });
});

describe("isRegion", () => {
    // AWS region codes: <area>-<direction/name>-<n>, e.g. us-gov-west-1 (AWS General Reference).
    it("accepts region codes", () =>
        accepts(
            g.isRegion,
            "us-east-1",
            "eu-west-1",
            "ap-southeast-2",
            "us-gov-west-1",
            "cn-north-1",
            "il-central-1",
            "me-south-1",
            "us-isob-east-1",
            "eu-west-10",
            // The European Sovereign Cloud (aws-sdk-js-v3 partitions.json, aws-eusc regionRegex).
            "eusc-de-east-1",
        ));
    it("rejects zones, upper case and partial codes", () =>
        rejects(
            g.isRegion,
            "",
            "us-east-1a",
            "US-EAST-1",
            "us-east",
            "useast1",
            "us-east-100",
            "u-east-1",
            "use-east-1",
            "eusd-de-east-1",
            "us--east-1",
            " us-east-1",
            "us-east-1 ",
        ));
    it("accepts generated codes", () =>
        fc.assert(
            fc.property(
                fc.stringMatching(/^[a-z]{2}$/),
                fc.array(fc.stringMatching(/^[a-z]{1,10}$/), { minLength: 1, maxLength: 3 }),
                fc.integer({ min: 1, max: 99 }),
                (a, parts, n) => g.isRegion(`${a}-${parts.join("-")}-${n}`),
            ),
        ));
});

describe("isSecretName", () => {
    // Secrets Manager CreateSecret: Name 1-512 characters, letters, digits and /_+=.@-.
    const name = fc.string({ unit: fc.constantFrom(...lower, ..."ABCXYZ", ...digits, ..."/_+=.@-"), minLength: 1, maxLength: 512 });
    it("accepts names of the allowed characters", () => fc.assert(fc.property(name, (v) => g.isSecretName(v))));
    it("rejects a name with one other character", () =>
        fc.assert(fc.property(name, fc.nat(), fc.constantFrom(" ", "*", "?", ":", "é", "#"), (v, i, c) => !g.isSecretName(replaceAt(v, i, c)))));
    it("allows 512 characters, not 513 or none", () => {
        accepts(g.isSecretName, "a".repeat(512), "portkey/gateway/config", "a_b+c=d.e@f-g");
        rejects(g.isSecretName, "a".repeat(513), "");
    });
});

describe("hasArnLikeSuffix", () => {
    // A secret ARN ends in '-' and six random characters (Secrets Manager user guide).
    it("spots '-' and six letters or digits at the end", () => accepts(g.hasArnLikeSuffix, "x-abcdef", "portkey-config-Ab12Cd", "-ABC123"));
    it("leaves other endings alone", () => rejects(g.hasArnLikeSuffix, "x-abcde", "x_abcdef", "x-abcdef/", "x-abc.ef", "portkey/gateway/config"));
});

const partition = fc.constantFrom("aws", "aws-cn", "aws-us-gov", "aws-iso-b");
const account = fc.stringMatching(/^\d{12}$/);
const region = fc.constantFrom("eu-west-1", "us-east-1", "cn-north-1");

describe("isValidSecretArn", () => {
    // arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>.
    const suffix = fc.stringMatching(/^[A-Za-z0-9]{6}$/);
    const arn = fc
        .tuple(partition, region, account, fc.stringMatching(/^[A-Za-z0-9/_+=.@-]{1,40}$/), suffix)
        .map(([p, r, a, n, s]) => `arn:${p}:secretsmanager:${r}:${a}:secret:${n}-${s}`);
    it("accepts generated ARNs", () => fc.assert(fc.property(arn, (v) => g.isValidSecretArn(v))));
    it("rejects malformed ARNs", () =>
        rejects(
            g.isValidSecretArn,
            "arn:aws:secretsmanager:eu-west-1:1234:secret:x-Ab12Cd",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-Ab12C",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:-Ab12Cd",
            "arn:aws:kms:eu-west-1:123456789012:secret:x-Ab12Cd",
            "arn:gcp:secretsmanager:eu-west-1:123456789012:secret:x-Ab12Cd",
            "arn:aws:secretsmanager:EU:123456789012:secret:x-Ab12Cd",
            "xarn:aws:secretsmanager:eu-west-1:123456789012:secret:x-Ab12Cd",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-Ab12Cd ",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:a b-Ab12Cd",
        ));
});

describe("isKmsKeyArn", () => {
    // arn:<partition>:kms:<region>:<account>:key/<key-id> (AWS KMS developer guide, key ARN).
    const arn = fc.tuple(partition, region, account, fc.uuid()).map(([p, r, a, id]) => `arn:${p}:kms:${r}:${a}:key/${id}`);
    it("accepts generated key ARNs", () => fc.assert(fc.property(arn, (v) => g.isKmsKeyArn(v))));
    it("accepts multi-Region key ids", () => accepts(g.isKmsKeyArn, "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"));
    it("rejects aliases, bare ids and other services", () =>
        rejects(
            g.isKmsKeyArn,
            "alias/portkey",
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:eu-west-1:111122223333:alias/portkey",
            "arn:aws:kms:eu-west-1:1111:key/abc",
            "arn:aws:s3:eu-west-1:111122223333:key/abc",
            "arn:aws:kms:eu-west-1:111122223333:key/",
            "arn:aws:kms:eu-west-1:111122223333:key/a_b",
            "xarn:aws:kms:eu-west-1:111122223333:key/abc",
            "arn:aws:kms:eu-west-1:111122223333:key/abc ",
            "arn:aws:kms:EU:111122223333:key/abc",
        ));
});

describe("isIamPrincipalArn", () => {
    // IAM identifiers: arn:<partition>:iam::<account>:role/<path/><name>; names 1-64 of [\w+=,.@-].
    const name = fc.stringMatching(/^[A-Za-z0-9_+=,.@-]{1,64}$/);
    const arn = fc
        .tuple(partition, account, fc.constantFrom("role", "user"), fc.array(name, { maxLength: 2 }), name)
        .map(([p, a, k, path, n]) => `arn:${p}:iam::${a}:${k}/${[...path, n].join("/")}`);
    it("accepts generated role and user ARNs, with paths", () => fc.assert(fc.property(arn, (v) => g.isIamPrincipalArn(v))));
    it("allows names of 64 characters, not 65 (IAM CreateRole/CreateUser)", () => {
        accepts(g.isIamPrincipalArn, `arn:aws:iam::111122223333:role/${"r".repeat(64)}`);
        rejects(g.isIamPrincipalArn, `arn:aws:iam::111122223333:role/${"r".repeat(65)}`);
    });
    it("rejects sessions, groups and malformed ARNs", () =>
        rejects(
            g.isIamPrincipalArn,
            "arn:aws:sts::111122223333:assumed-role/ci/session",
            "arn:aws:iam::111122223333:group/admins",
            "arn:aws:iam::1111:role/ci",
            "arn:aws:iam:eu-west-1:111122223333:role/ci",
            "arn:aws:iam::111122223333:role/",
            "arn:aws:iam::111122223333:role/a b",
            "xarn:aws:iam::111122223333:role/ci",
            "arn:aws:iam::111122223333:role/ci ",
            "arn:aws:iam::111122223333:role//ci",
        ));
});

describe("arnFields", () => {
    it("splits an ARN into its fields", () =>
        assert.deepStrictEqual(g.arnFields("arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:x-Ab12Cd"), {
            partition: "aws-cn",
            service: "secretsmanager",
            region: "cn-north-1",
            account: "111122223333",
        }));
    it("accepts exactly six fields", () => assert.deepStrictEqual(g.arnFields("arn:p:s:r:a:res"), { partition: "p", service: "s", region: "r", account: "a" }));
    it("returns undefined for five fields or a non-ARN", () => {
        assert.strictEqual(g.arnFields("arn:aws:kms:eu-west-1:111122223333"), undefined);
        assert.strictEqual(g.arnFields("urn:aws:kms:eu-west-1:111122223333:key/x"), undefined);
        assert.strictEqual(g.arnFields("prod/portkey"), undefined);
    });
});

describe("isPort", () => {
    // TCP ports 1-65535 (Kubernetes ContainerPort: "0 < x < 65536"). A leading zero reads as
    // octal in YAML 1.1, so the rendered containerPort would not be the number meant.
    it("accepts every port", () => fc.assert(fc.property(fc.integer({ min: 1, max: 65535 }), (n) => g.isPort(String(n)))));
    it("rejects numbers outside 1-65535", () => fc.assert(fc.property(fc.integer({ min: 65536, max: 10_000_000 }), (n) => !g.isPort(String(n)))));
    it("rejects 0, signs, leading zeros and text", () =>
        rejects(g.isPort, "0", "65536", "99999", "-1", "+80", "08787", "80a", "a80", "", " 80", "8.0", "123456"));
    it("accepts the edges", () => accepts(g.isPort, "1", "9", "65535", "8787"));
});
