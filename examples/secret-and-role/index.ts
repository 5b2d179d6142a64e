// Two components on their own, for a team that installs the chart itself on a cluster it already
// runs: the Secrets Manager secret (GatewaySecret) and the IRSA role that reads it (GatewayRole),
// with the policies the full component would derive (derive/spec.ts, derive/names.ts, derive/iam.ts).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GatewayRole } from "../../components/gatewayRole";
import { GatewaySecret } from "../../components/gatewaySecret";
import { gatewayTrustPolicy, secretAccessPolicy } from "../../derive/iam";
import { gatewayNames } from "../../derive/names";
import { gatewaySpec } from "../../derive/spec";

export = () => {
    const config = new pulumi.Config("team-gateway");
    const oidcProviderArn = config.require("oidcProviderArn");
    const oidcIssuer = config.require("oidcIssuer");

    const spec = gatewaySpec({
        namespace: "team-ai",
        cluster: { existingName: "team-cluster" },
        secret: { name: "team/ai-gateway" },
        awsKeys: ["OPENAI_API_KEY", "ANTHROPIC_API_KEY"],
    });
    const names = gatewayNames(spec);

    const secret = new GatewaySecret("team-secret", {
        name: spec.secret.name,
        values: { OPENAI_API_KEY: config.requireSecret("openaiApiKey"), ANTHROPIC_API_KEY: config.requireSecret("anthropicApiKey") },
        recoveryWindowInDays: 7,
    });

    const context = pulumi
        .all([aws.getPartitionOutput().partition, aws.getRegionOutput().region, aws.getCallerIdentityOutput().accountId])
        .apply(([partition, region, accountId]) => ({ partition, region, accountId }));
    const role = new GatewayRole("team-role", {
        trustPolicy: gatewayTrustPolicy(spec, names, { kind: "irsa", oidcProviderArn, oidcIssuer }),
        accessPolicy: pulumi.all([context, secret.arn!]).apply(([ctx, arn]) => secretAccessPolicy(spec, ctx, arn)),
    });

    return {
        secretArn: secret.arn,
        roleArn: role.arn,
        // The chart's service accounts must carry this role (eks.amazonaws.com/role-arn).
        serviceAccounts: names.serviceAccounts,
    };
};
