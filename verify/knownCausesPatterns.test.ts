// Each alternative of the known-cause patterns on its own upstream string, the near misses that must
// not be taken for a known cause, and the cause each finding names. Upstream strings:
//   driver pkg/secrets-store/utils.go          "failed to get secretproviderclass %s/%s, error: %w"
//   driver pkg/secrets-store/provider_client.go errProviderNotFound "provider not found" + `: provider %q`
//   ASCP utils/token_parser.go                  `token for audience %q not found - ...`, "serviceAccount.tokens not provided - ensure tokenRequests is configured in CSIDriver"
//   ASCP provider/secrets_manager_provider.go   "%s: Failed to describe secret %s: %w" (AWS SDK error wrapped)
//   ASCP provider/secret_value.go               "Invalid JSON used with jmesPath in secret: %s."
//   AWS STS API reference, AssumeRoleWithWebIdentity errors (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html)
import * as assert from "assert";
import { eventFindings } from "./checks/events";
import { KNOWN_CAUSES, matchKnownCause } from "./knownCauses";
import { groupObjects } from "./observed";
import { SAMPLE_MESSAGES } from "./samples";
import { failureEvent, stackState } from "./testing";

const KUBELET = 'MountVolume.SetUp failed for volume "secrets-store" : rpc error: code = Unknown desc = ';
const SDK = "us-east-1: Failed to describe secret portkey/dev/gateway: operation error Secrets Manager: DescribeSecret, ";

describe("verify known causes: each upstream string", () => {
    const cases: Array<[string, string]> = [
        ["token-audience-missing", `${KUBELET}CSI token error: serviceAccount.tokens not provided`],
        ["token-audience-missing", `${KUBELET}CSI token error: failed to parse tokens - ensure tokenRequests is configured in CSIDriver`],
        ["token-audience-missing", `${KUBELET}token for audience "sts.amazonaws.com" not found`],
        ["token-audience-missing", `${KUBELET}token for audience "" not found`],
        [
            "assume-role-denied",
            `${SDK}get identity: get credentials: operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 1, api error AccessDenied: Access denied`,
        ],
        ["assume-role-denied", `${KUBELET}Not authorized to perform sts:AssumeRoleWithWebIdentity`],
        ["access-denied", `${SDK}api error AccessDeniedException: access to the secret is denied`],
        ["access-denied", `${SDK}User: arn:aws:sts::123456789012:assumed-role/portkey/x is not authorized to perform: secretsmanager:GetSecretValue`],
        ["access-denied", `${SDK}User: arn:aws:sts::123456789012:assumed-role/portkey/x is not authorized to perform: kms:Decrypt`],
        ["jmespath-key", "Invalid JSON used with jmesPath in secret: portkey/dev/gateway."],
        ["jmespath-key", "JMES Path - REDIS_URL for object alias - REDIS_URL does not point to a valid object."],
        [
            "class-not-found",
            `${KUBELET}failed to get secretproviderclass portkeyai/portkey-gateway-aws-secrets, error: secretproviderclasses.secrets-store.csi.x-k8s.io "portkey-gateway-aws-secrets" not found`,
        ],
        ["class-not-found", `${KUBELET}failed to get secretproviderclass a/b, error: not found`],
        // aws/secrets-store-csi-driver-provider-aws issues 537 (event, before chart 2.0) and 613 (the provider's log, 2.x and 3.x).
        [
            "pod-identity-agent-timeout",
            `${KUBELET}us-east-1: failed to get AWS config from pod identity agent: HTTP request to pod identity agent failed: Get "http://[fd00:ec2::23]/v1/credentials": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        ],
        [
            "pod-identity-agent-timeout",
            "us-west-2: Failed to describe secret portkey/dev/gateway: operation error Secrets Manager: GetSecretValue, exceeded maximum number of attempts, 3, get identity: get credentials: failed to refresh cached credentials, failed to load credentials, exceeded maximum number of attempts, 3, : []",
        ],
        [
            "pod-identity-agent-missing",
            `${KUBELET}us-east-1: failed to get AWS config from pod identity agent: HTTP request to pod identity agent failed: Get "http://169.254.170.23/v1/credentials": dial tcp 169.254.170.23:80: connect: connection refused`,
        ],
        ["class-not-found", `${KUBELET}Failed to get SecretProviderClass portkeyai/x, error: SecretProviderClass "x" NOT FOUND`],
    ];
    for (const [id, message] of cases) {
        it(`${id}: ${message.replace(KUBELET, "").replace(SDK, "").slice(0, 70)}`, () => assert.strictEqual(matchKnownCause(message)?.id, id));
    }

    const nearMisses: Array<[string, string]> = [
        ["another provider's socket", `${KUBELET}provider not found: provider "azure"`],
        ["the class read failing for a reason other than NotFound", `${KUBELET}failed to get secretproviderclass portkeyai/x, error: connection refused`],
        ["a class name with a space is not a class name", `${KUBELET}failed to get secretproviderclass port key, error: not found`],
        ["an STS call that succeeded", `${SDK}operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 500`],
        ["a permission error of another service", `${SDK}x is not authorized to perform: ec2:DescribeInstances`],
        ["a network failure", "failed to setup network for sandbox: plugin type=aws-cni failed"],
        [
            "an IMDS timeout, not the Pod Identity agent's address",
            'HTTP request to pod identity agent failed: Get "http://169.254.169.254/latest/meta-data": context deadline exceeded',
        ],
        ["an empty message", ""],
    ];
    for (const [what, message] of nearMisses) {
        it(`no known cause for ${what}`, () => assert.strictEqual(matchKnownCause(message), undefined));
    }
});

describe("verify known causes: what each finding says", () => {
    // The causes listed in docs/operating.md (verify section), one phrase each that the finding must carry.
    const causeWords: Record<string, RegExp> = {
        "class-not-found": /SecretProviderClass .*does not exist/,
        "provider-not-found": /no ASCP pod/,
        "token-audience-missing": /CSIDriver .*token .*audience/,
        "pod-identity-agent-missing": /Pod Identity agent/,
        "pod-identity-agent-timeout": /Pod Identity agent did not answer .*Auto Mode/,
        "irsa-annotation-missing": /eks\.amazonaws\.com\/role-arn/,
        "assume-role-denied": /trust policy/,
        "access-denied": /IAM role may not read the secret/,
        "secret-not-found": /secret does not exist/,
        "jmespath-key": /secretKeys .*missing, null or not a string/,
    };
    it("covers every known cause", () => assert.deepStrictEqual(KNOWN_CAUSES.map((c) => c.id).sort(), Object.keys(causeWords).sort()));
    for (const [id, words] of Object.entries(causeWords)) {
        it(`${id}: the failing finding names the cause`, () => {
            const e = stackState("dev");
            const out = eventFindings(e, groupObjects([failureEvent(e, "FailedMount", SAMPLE_MESSAGES[id])]));
            const f = out.find((x) => x.id === `events.${id}`)!;
            const [, cause] = f.found.split(" → cause: ");
            assert.match(cause ?? "", words);
        });
    }
    // What each fix must tell the user to do (docs/troubleshooting.md); the IAM actions ASCP needs and the
    // token audiences are in docs/upstream-facts.md.
    const fixWords: Record<string, RegExp[]> = {
        "class-not-found": [/secretProviderClass/],
        "provider-not-found": [/tolerations/, /provider\.nodes/],
        "token-audience-missing": [/tokenRequests/, /sts\.amazonaws\.com/, /pods\.eks\.amazonaws\.com/],
        "pod-identity-agent-missing": [/eks-pod-identity-agent/, /Auto Mode has the agent built in/],
        // docs/upstream-facts.md#ascp-pod-identity-auto-mode: no fixed ASCP version; the IRSA path does not use the node's agent.
        "pod-identity-agent-timeout": [/list-pod-identity-associations/, /identity: irsa/, /docs\/troubleshooting\.md/],
        "irsa-annotation-missing": [/pulumi up/],
        "assume-role-denied": [/trust policy/],
        "access-denied": [/secretsmanager:GetSecretValue/, /secretsmanager:DescribeSecret/, /kms:Decrypt/],
        "secret-not-found": [/secret\.name/, /aws:region/],
        // The same event message when the node's Pod Identity agent does not answer (aws/secrets-store-csi-driver-provider-aws issue 613).
        "jmespath-key": [/secretKeys/, /string/, /failed to refresh cached credentials/],
    };
    for (const [id, words] of Object.entries(fixWords)) {
        it(`${id}: the fix says what to change`, () => {
            const fix = KNOWN_CAUSES.find((c) => c.id === id)!.fix;
            for (const w of words) assert.match(fix, w);
        });
    }
    it("each pattern names the upstream repository and file its string comes from", () => {
        for (const c of KNOWN_CAUSES) {
            assert.match(c.source, /^(kubernetes-sigs\/secrets-store-csi-driver|aws\/secrets-store-csi-driver-provider-aws) [a-z_/-]+\.go\b/, c.id);
        }
    });
});
