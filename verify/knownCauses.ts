// Known causes of FailedMount / FailedCreatePodSandBox events, matched on the error strings of
// the driver and of ASCP as they reach the kubelet's event message. Each pattern names the
// upstream file its string comes from. Order matters: specific causes before the broad ones.

export interface KnownCause {
    id: string;
    /** Matched against the event message. */
    pattern: RegExp;
    cause: string;
    fix: string;
    /** Upstream file of the error string. */
    source: string;
}

export const KNOWN_CAUSES: readonly KnownCause[] = [
    {
        id: "class-not-found",
        // kubernetes-sigs/secrets-store-csi-driver pkg/secrets-store/utils.go: "failed to get secretproviderclass %s/%s, error: %w" (wrapping the API's NotFound)
        pattern: /failed to get secretproviderclass [^\s,]+, error: .*not found/i,
        cause: "the SecretProviderClass named by the pod's volume does not exist in the pod's namespace",
        fix: "create the class in the pods' namespace (`pulumi up`), and make volumeAttributes.secretProviderClass name it",
        source: "kubernetes-sigs/secrets-store-csi-driver pkg/secrets-store/utils.go",
    },
    {
        id: "provider-not-found",
        // kubernetes-sigs/secrets-store-csi-driver pkg/secrets-store/provider_client.go: errProviderNotFound "provider not found" + `: provider %q`
        pattern: /provider not found: provider "aws"/,
        cause: "no ASCP pod runs on the pod's node (its socket is missing)",
        fix: "give the ASCP DaemonSet tolerations for the node's taints (`tolerations: [{operator: Exists}]`) and check the provider.nodes finding",
        source: "kubernetes-sigs/secrets-store-csi-driver pkg/secrets-store/provider_client.go",
    },
    {
        id: "token-audience-missing",
        // ASCP (aws/secrets-store-csi-driver-provider-aws) utils/token_parser.go: `token for audience %q not found - ensure tokenRequests includes this audience in CSIDriver`,
        // "serviceAccount.tokens not provided - ensure tokenRequests is configured in CSIDriver"; server/server.go "CSI token error: "
        pattern: /token for audience "[^"]*" not found|serviceAccount\.tokens not provided|ensure tokenRequests/,
        cause: "the CSIDriver does not request a service-account token for the audience ASCP needs",
        fix: "set the driver chart's tokenRequests to [{audience: sts.amazonaws.com}, {audience: pods.eks.amazonaws.com}] and restart the gateway pods",
        source: "aws/secrets-store-csi-driver-provider-aws utils/token_parser.go, server/server.go",
    },
    {
        id: "pod-identity-agent-timeout",
        // ASCP before chart 2.0 (aws/secrets-store-csi-driver-provider-aws credential_provider/pod_identity_credential_provider.go):
        // "HTTP request to pod identity agent failed: %+v" around the agent's Get, timing out on a node Auto Mode just launched;
        // 2.x and 3.x (provider/secrets_manager_provider.go) log the SDK's credential error instead:
        // "get credentials: failed to refresh cached credentials, failed to load credentials" (docs/upstream-facts.md#ascp-pod-identity-auto-mode).
        pattern:
            /pod identity agent failed: Get "http:\/\/(169\.254\.170\.23|\[fd00:ec2::23\])\/v1\/credentials": context deadline exceeded|get credentials: failed to refresh cached credentials, failed to load credentials/,
        cause: "the node's Pod Identity agent did not answer ASCP in time (reported on nodes EKS Auto Mode has just launched)",
        fix: "no ASCP release fixes it yet: check the service account's Pod Identity association (`aws eks list-pod-identity-associations`) and delete the stuck pod so a new one mounts afresh; if pods on new Auto Mode nodes keep failing, use identity: irsa, whose credentials do not come from the node's agent (docs/troubleshooting.md)",
        source: "aws/secrets-store-csi-driver-provider-aws credential_provider/pod_identity_credential_provider.go, provider/secrets_manager_provider.go",
    },
    {
        id: "pod-identity-agent-missing",
        // ASCP (aws/secrets-store-csi-driver-provider-aws) credential_provider/pod_identity_credential_provider.go: "failed to get AWS config from pod identity agent: %+v"
        pattern: /failed to get AWS config from pod identity agent/,
        cause: "ASCP could not reach the EKS Pod Identity agent on the node",
        fix: "install the eks-pod-identity-agent add-on (cluster.installPodIdentityAgent: true; EKS Auto Mode has the agent built in) and create the Pod Identity association for the service account",
        source: "aws/secrets-store-csi-driver-provider-aws credential_provider/pod_identity_credential_provider.go",
    },
    {
        id: "irsa-annotation-missing",
        // ASCP (aws/secrets-store-csi-driver-provider-aws) server/server.go getRoleARN: "An IAM role must be associated with service account %s (namespace: %s)"
        pattern: /An IAM role must be associated with service account/,
        cause: "identity irsa, but the pod's service account has no eks.amazonaws.com/role-arn annotation",
        fix: "run `pulumi up` (the chart's serviceAccount annotations carry the role ARN), or set usePodIdentity if the stack uses Pod Identity",
        source: "aws/secrets-store-csi-driver-provider-aws server/server.go",
    },
    {
        id: "assume-role-denied",
        // The AWS STS error ASCP passes through when the role's trust policy rejects the token.
        pattern: /AssumeRoleWithWebIdentity[\s\S]*AccessDenied|Not authorized to perform sts:AssumeRoleWithWebIdentity/,
        cause: "the IAM role's trust policy does not accept this service account's token",
        fix: "the trust policy must name system:serviceaccount:<namespace>:<service account> and audience sts.amazonaws.com for this cluster's OIDC provider (`pulumi up`)",
        source: "aws/secrets-store-csi-driver-provider-aws credential_provider/irsa_credential_provider.go (STS error passed through)",
    },
    {
        id: "access-denied",
        // ASCP (aws/secrets-store-csi-driver-provider-aws) provider/secrets_manager_provider.go wraps the SDK error: "%s: Failed to describe secret %s: %w",
        // "%s: Failed fetching secret %s: %w"; a 4xx fails the mount at once (utils/error_handling_helper.go IsFatalError).
        pattern: /AccessDeniedException|is not authorized to perform: (secretsmanager|kms):/,
        cause: "the pod's IAM role may not read the secret (or decrypt its KMS key)",
        fix: "grant the role secretsmanager:GetSecretValue and secretsmanager:DescribeSecret on the secret (and kms:Decrypt on a customer-managed key); check that the pod uses the stack's role",
        source: "aws/secrets-store-csi-driver-provider-aws provider/secrets_manager_provider.go, utils/error_handling_helper.go",
    },
    {
        id: "secret-not-found",
        // Same wrapping as access-denied, with the SDK's ResourceNotFoundException.
        pattern: /ResourceNotFoundException/,
        cause: "the secret does not exist under that name in the class's region",
        fix: "check secret.name / secret.existing and aws:region of the stack; an ARN objectName must carry the class's region",
        source: "aws/secrets-store-csi-driver-provider-aws provider/secrets_manager_provider.go",
    },
    {
        id: "jmespath-key",
        // ASCP (aws/secrets-store-csi-driver-provider-aws) provider/secret_value.go: "JMES Path - %s for object alias - %s does not point to a valid object.",
        // "Invalid JMES search result type for path:%s. Only string is allowed.", "Invalid JSON used with jmesPath in secret: %s.";
        // these are logged and the mount fails with provider/secrets_manager_provider.go
        // "Failed to fetch secret from all regions. Verify secret exists and required permissions are granted for: %s".
        pattern: /does not point to a valid object|Invalid JMES search result type|Invalid JSON used with jmesPath|Failed to fetch secret from all regions/,
        cause: "a key in secretKeys is missing, null or not a string in the secret's JSON (jmesPath fails the whole mount)",
        fix: "make every key listed in secretKeys a string in the AWS secret's JSON (`aws secretsmanager get-secret-value --query SecretString | jq keys`); the ASCP pod's log on that node names the key (with Pod Identity, `failed to refresh cached credentials` there means the node's agent did not answer instead: docs/troubleshooting.md)",
        source: "aws/secrets-store-csi-driver-provider-aws provider/secret_value.go, provider/secrets_manager_provider.go",
    },
];

export function matchKnownCause(message: string): KnownCause | undefined {
    return KNOWN_CAUSES.find((c) => c.pattern.test(message));
}
