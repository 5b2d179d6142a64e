// The stack's own previous deployment, read back: which step of turning the gateway's autoscaling
// on this deployment makes (derive/replicaHandover.ts).
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config";
import { PREVIOUS_DEPLOYMENT, previousScaling, ReplicaHandover, replicaHandover, SCALING_OUTPUT, selfReferenceName } from "../derive/replicaHandover";
import { stackSpec } from "./gatewayArgs";

/**
 * The step, from the outputs of the stack's last deployment: a StackReference reads the named stack's
 * last saved outputs, this stack's own included, in `preview` as in `up` (docs/upstream-facts.md#stack-reference-self).
 */
export async function gatewayHandover(config: StackConfig): Promise<ReplicaHandover> {
    const self = selfReferenceName(pulumi.getOrganization(), pulumi.getProject(), pulumi.getStack());
    const ref = new pulumi.StackReference(PREVIOUS_DEPLOYMENT, { name: self });
    const [scaling, releaseName] = await Promise.all([ref.getOutputValue(SCALING_OUTPUT), ref.getOutputValue("releaseName")]);
    return replicaHandover(stackSpec(config).gateway, previousScaling({ [SCALING_OUTPUT]: scaling, releaseName }));
}
