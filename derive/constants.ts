// Well-known names fixed by upstream components (see docs/upstream-facts.md).

export const ADDONS_NAMESPACE = "kube-system";
export const CSI_DRIVER_NAME = "secrets-store.csi.k8s.io";
export const SECRETS_VOLUME = "secrets-store";
/** File name of the whole secret in the mount; cannot clash with an env var name. */
export const WHOLE_SECRET_FILE = "secret.json";
export const IRSA_AUDIENCE = "sts.amazonaws.com";
export const POD_IDENTITY_AUDIENCE = "pods.eks.amazonaws.com";
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";
export const POD_IDENTITY_AGENT_ADDON = "eks-pod-identity-agent";
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
export const RELOADER_SECRET_ANNOTATION = "secret.reloader.stakater.com/reload";
export const RELOADER_SPC_ANNOTATION = "secretproviderclass.reloader.stakater.com/reload";
