// The grammars of the values the program hands to Kubernetes, Helm, EKS, IAM, Secrets Manager
// and the CSI driver. Each is what the receiving side accepts; the source is named beside it.

/** RFC 1123 label (namespaces, most names): kubernetes apimachinery validation.IsDNS1123Label. */
export function isDnsLabel(v: string): boolean {
    return v.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v);
}

/** RFC 1035 label (Service names must start with a letter): validation.IsDNS1035Label. */
export function isDns1035Label(v: string): boolean {
    return v.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(v);
}

/** RFC 1123 subdomain (Secrets, ServiceAccounts): validation.IsDNS1123Subdomain. */
export function isDnsSubdomain(v: string): boolean {
    return v.length <= 253 && v.split(".").every((part) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(part));
}

/** An environment variable name the chart can render and a JMESPath identifier can select. */
export function isEnvName(v: string): boolean {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v);
}

/** An exact chart version (Helm would otherwise float to the newest match). */
export function isExactVersion(v: string): boolean {
    return /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(v);
}

/** EKS CreateCluster: 1-100 characters, letters, digits, '-' and '_', starting with a letter or digit. */
export function isClusterName(v: string): boolean {
    return /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(v);
}

/** The shape of an EC2 instance type name, <family><generation><attributes>.<size>. */
export function isInstanceTypeName(v: string): boolean {
    return /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/.test(v);
}

/** An AWS region code such as us-east-1, us-gov-west-1, ap-southeast-2 or eusc-de-east-1 (aws-sdk-js-v3 partitions.json region patterns). */
export function isRegion(v: string): boolean {
    return /^([a-z]{2}|eusc)(-[a-z]+)+-\d{1,2}$/.test(v);
}

/** A fully qualified Pulumi stack name, `<org>/<project>/<stack>` (what a StackReference takes). */
export function isStackReferenceName(v: string): boolean {
    return /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(v);
}

const PARTITION = "aws(-[a-z]+)*";

/**
 * An EC2 resource ID: its type prefix, '-', and 8 or 17 hexadecimal digits (EC2 user guide,
 * "Resource IDs": https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html). A Name
 * tag is not an ID: CreateCluster and the node group take subnet IDs only.
 */
export function isEc2Id(prefix: "vpc" | "subnet", v: string): boolean {
    return new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(v);
}

/** Secrets Manager names: letters, digits and /_+=.@-, 1-512 characters. */
export function isSecretName(v: string): boolean {
    return /^[A-Za-z0-9/_+=.@-]{1,512}$/.test(v);
}

/** A name ending in '-' and six characters looks like an ARN suffix; Secrets Manager warns against it. */
export function hasArnLikeSuffix(v: string): boolean {
    return /-[A-Za-z0-9]{6}$/.test(v);
}

export function isValidSecretArn(v: string): boolean {
    return new RegExp(`^arn:${PARTITION}:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$`).test(v);
}

export function isKmsKeyArn(v: string): boolean {
    return new RegExp(`^arn:${PARTITION}:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$`).test(v);
}

/** An IAM role or user ARN, the principals an EKS access entry takes (not an assumed-role session). Names: 1-64 characters (IAM CreateRole, CreateUser). */
export function isIamPrincipalArn(v: string): boolean {
    return new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(role|user)/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`).test(v);
}

export { arnFields } from "../derive/inputs";

/** An IPv4 CIDR block with a prefix from `min` to `max` (a VPC takes /16 to /28: Amazon VPC user guide, "VPC CIDR blocks"). */
export function isCidrBlock(v: string, min: number, max: number): boolean {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v);
    if (m === null) return false;
    const prefix = Number(m[5]);
    return m.slice(1, 5).every((o) => Number(o) <= 255 && (o === "0" || !o.startsWith("0"))) && prefix >= min && prefix <= max;
}

/** Whether a CIDR block's address is its network address (RFC 4632 §3.1: host bits zero), so the subnets carved from it start where it does. */
export function isCidrNetworkAddress(v: string): boolean {
    const [addr, bits] = v.split("/");
    const n = addr.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const hostBits = 32 - Number(bits);
    return n % 2 ** hostBits === 0;
}

/** An EKS add-on version: v<major>.<minor>.<patch>-eksbuild.<n> (aws eks describe-addon-versions). */
export function isAddonVersion(v: string): boolean {
    return /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(v);
}

/**
 * A registry key of a dockerconfigjson: a host with an optional scheme, port and path, as the
 * kubelet's keyring parses it (kubernetes/kubernetes pkg/credentialprovider/keyring.go, parseSchemelessURL).
 */
export function isRegistry(v: string): boolean {
    return /^(https?:\/\/)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/.test(v);
}

/**
 * A registry user name: the pull secret's `auth` is base64 of user:password, and the kubelet splits
 * it at the first ':' (kubernetes/kubernetes pkg/credentialprovider/config.go, decodeDockerConfigFieldAuth).
 */
export function isRegistryUsername(v: string): boolean {
    return !v.includes(":");
}

/** One '@' between a local part and a domain with a dot, no spaces. */
export function isEmail(v: string): boolean {
    return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v);
}

/** A TCP port as the chart renders it into containerPort and the Service. */
export function isPort(v: string): boolean {
    return /^[1-9]\d{0,4}$/.test(v) && Number(v) <= 65535;
}

// The poll interval's grammar: Go durations, parsed in one place.
export { durationNanoseconds, MAX_GO_DURATION_NS } from "../derive/duration";

/** An IPv4 CIDR block with its network address (what the load balancer and NetworkPolicy ipBlock take). */
export function isIpv4Cidr(v: string): boolean {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v);
    if (!m) return false;
    const octets = m.slice(1, 5).map(Number);
    const bits = Number(m[5]);
    if (octets.some((o) => o > 255) || bits > 32 || m.slice(1, 5).some((o) => o.length > 1 && o.startsWith("0"))) return false;
    const address = octets.reduce((a, o) => a * 256 + o, 0);
    // The host bits must be zero: AWS rejects 10.0.0.1/16 as a source range.
    return address % 2 ** (32 - bits) === 0;
}

/** A DNS name callers can resolve: RFC 1123 labels of letters, digits and '-', at least two, at most 253 characters. */
export function isHostname(v: string): boolean {
    const labels = v.split(".");
    return v.length <= 253 && labels.length >= 2 && labels.every((l) => /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(l)) && !/^\d+$/.test(labels.at(-1)!);
}

/** An ACM certificate ARN: arn:<partition>:acm:<region>:<account>:certificate/<id>. */
export function isAcmCertificateArn(v: string): boolean {
    return new RegExp(`^arn:${PARTITION}:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+$`).test(v);
}

/** An EC2 subnet ID. */
export function isSubnetId(v: string): boolean {
    return /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/.test(v);
}
