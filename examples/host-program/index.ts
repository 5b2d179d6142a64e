// A host program that builds on PortkeyGateway: its own config namespace, literal args instead of
// this project's stack config, and one resource of its own on the gateway's cluster, ordered after
// the gateway's release through the component's readonly fields.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PortkeyGateway } from "../../components/portkeyGateway";

export = () => {
    const config = new pulumi.Config("ai-platform");

    const gateway = new PortkeyGateway("ai", {
        secretsMode: "partial",
        identity: "pod-identity",
        namespace: "ai-gateway",
        cluster: {
            create: {
                name: "ai-platform",
                version: "1.33",
                // Sizes, instance types and the VPC's CIDR block take their documented defaults.
                network: { availabilityZoneNames: ["us-east-1b", "us-east-1c"] },
                adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admins"],
            },
            podIdentityAgent: {},
        },
        secret: { name: "ai-platform/gateway", values: { OPENAI_API_KEY: config.requireSecret("openaiApiKey") }, protect: false },
        rotation: { enabled: true },
        gateway: { values: { images: { gatewayImage: { repository: "portkeyai/gateway" } } }, replicas: 3 },
    });

    // Only pods of the host's own apps namespace may reach the gateway; applied once the chart is installed.
    const ingress = new k8s.networking.v1.NetworkPolicy(
        "ai-gateway-from-apps",
        {
            metadata: { name: "gateway-from-apps", namespace: gateway.namespace },
            spec: {
                podSelector: {},
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "apps" } } }] }],
            },
        },
        { provider: gateway.provider, dependsOn: [gateway.release] },
    );

    return {
        clusterName: gateway.clusterName,
        gatewayRoleArn: gateway.roleArn,
        ingressPolicy: ingress.metadata.name,
    };
};
