// Real-shaped event messages, one per known cause, built from the upstream error strings, as the kubelet puts them in FailedMount events
// ("MountVolume.SetUp failed for volume ... : rpc error: code = Unknown desc = failed to mount
// secrets store objects for pod ..., err: rpc error: code = Unknown desc = <provider error>").
// Sources of each string (driver: kubernetes-sigs/secrets-store-csi-driver; ASCP: aws/secrets-store-csi-driver-provider-aws):
//   driver pkg/secrets-store/nodeserver.go   "failed to mount secrets store objects for pod %s/%s, err: %w"
//   driver pkg/secrets-store/utils.go        "failed to get secretproviderclass %s/%s, error: %w"
//   driver pkg/secrets-store/provider_client.go  errProviderNotFound + `: provider %q`
//   ASCP utils/token_parser.go               `token for audience %q not found - ensure tokenRequests includes this audience in CSIDriver`
//   ASCP server/server.go                    "CSI token error: %w - ...", "An IAM role must be associated with service account %s (namespace: %s)"
//   ASCP credential_provider/pod_identity_credential_provider.go "failed to get AWS config from pod identity agent: %+v",
//        before chart 2.0 wrapping "HTTP request to pod identity agent failed: %+v" (issues 536, 537: docs/upstream-facts.md#ascp-pod-identity-auto-mode)
//   ASCP provider/secrets_manager_provider.go "%s: Failed to describe secret %s: %w", "Failed to fetch secret from all regions. ..."
//   ASCP provider/secret_value.go            "JMES Path - %s for object alias - %s does not point to a valid object."
const KUBELET =
    'MountVolume.SetUp failed for volume "secrets-store" : rpc error: code = Unknown desc = failed to mount secrets store objects for pod portkeyai/portkey-gateway-5d8f7c9b4-x7k2p, err: rpc error: code = Unknown desc = ';

/** One real-shaped message per known cause. */
export const SAMPLE_MESSAGES: Record<string, string> = {
    "class-not-found":
        'MountVolume.SetUp failed for volume "secrets-store" : rpc error: code = Unknown desc = failed to get secretproviderclass portkeyai/portkey-gateway-aws-secrets, error: SecretProviderClass.secrets-store.csi.x-k8s.io "portkey-gateway-aws-secrets" not found',
    "provider-not-found": `${KUBELET.replace(/desc = $/, "")}desc = provider not found: provider "aws"`,
    "token-audience-missing": `${KUBELET}CSI token error: token for audience "pods.eks.amazonaws.com" not found - ensure tokenRequests includes this audience in CSIDriver - ensure tokenRequests is configured in CSIDriver spec`,
    "pod-identity-agent-timeout": `${KUBELET}us-east-1: failed to get AWS config from pod identity agent: HTTP request to pod identity agent failed: Get "http://169.254.170.23/v1/credentials": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    "pod-identity-agent-missing": `${KUBELET}failed to get AWS config from pod identity agent: dial tcp 169.254.170.23:80: connect: connection refused`,
    "irsa-annotation-missing": `${KUBELET}An IAM role must be associated with service account portkey-gateway (namespace: portkeyai)`,
    "assume-role-denied": `${KUBELET}us-east-1: Failed to describe secret portkey/dev/gateway: operation error Secrets Manager: DescribeSecret, get identity: get credentials: failed to refresh cached credentials, operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 1, api error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity`,
    "access-denied": `${KUBELET}us-east-1: Failed to describe secret portkey/dev/gateway: operation error Secrets Manager: DescribeSecret, https response error StatusCode: 400, RequestID: 2, api error AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/portkey/x is not authorized to perform: secretsmanager:DescribeSecret`,
    "secret-not-found": `${KUBELET}us-east-1: Failed to describe secret portkey/dev/gateway: operation error Secrets Manager: DescribeSecret, https response error StatusCode: 400, RequestID: 3, ResourceNotFoundException: Secrets Manager can't find the specified secret.`,
    "jmespath-key": `${KUBELET}Failed to fetch secret from all regions. Verify secret exists and required permissions are granted for: portkey/dev/gateway`,
};
