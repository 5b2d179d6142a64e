// The stack's own previous deployment, read back: which step of turning the gateway's autoscaling on
// this deployment makes (derive/replicaHandover.ts), and whether it changes what runs the cluster's
// nodes (derive/compute.ts).
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config";
import { COMPUTE_OUTPUT, computeSwitchRefusal, LOAD_BALANCER_OUTPUT, previousCompute, previousHadLoadBalancer } from "../derive/compute";
import { usesLoadBalancer } from "../derive/endpoint";
import {
    PREVIOUS_DEPLOYMENT,
    previousDeploymentDependents,
    previousScaling,
    ReplicaHandover,
    replicaHandover,
    SCALING_OUTPUT,
    selfReferenceName,
} from "../derive/replicaHandover";
import { stackSpec } from "./gatewayArgs";
import { NOT_CHECKED_OFFLINE, OFFLINE_MARK, previousDeploymentLine } from "../config/rules/cloud";

/** The outputs this deployment reads back from the last one. */
const READ_BACK = [SCALING_OUTPUT, "releaseName", COMPUTE_OUTPUT, LOAD_BALANCER_OUTPUT] as const;

/**
 * The outputs of the stack's last deployment (`{}` before the first): a StackReference reads the named
 * stack's last saved outputs, this stack's own included, in `preview` as in `up` (docs/upstream-facts.md#stack-reference-self).
 */
async function previousOutputs(dependents: string[]): Promise<Record<string, unknown>> {
    const self = selfReferenceName(pulumi.getOrganization(), pulumi.getProject(), pulumi.getStack());
    const ref = new pulumi.StackReference(PREVIOUS_DEPLOYMENT, { name: self });
    // Offline, with no previous deployment declared, the answer is "none" marked in its name (offline/fakeCloud.ts).
    ref.name.apply((n) => {
        if (n === OFFLINE_MARK && dependents.length > 0) void pulumi.log.info(NOT_CHECKED_OFFLINE + previousDeploymentLine(dependents));
    });
    const values = await Promise.all(READ_BACK.map((name) => ref.getOutputValue(name)));
    return Object.fromEntries(READ_BACK.map((name, i) => [name, values[i]]));
}

export interface FromPreviousDeployment {
    handover: ReplicaHandover;
    /** Why this deployment may not change `cluster.compute` in one step. */
    computeRefusal?: string;
}

/** What the last deployment decides for this one. */
export async function fromPreviousDeployment(config: StackConfig): Promise<FromPreviousDeployment> {
    const spec = stackSpec(config);
    const loadBalancer = usesLoadBalancer(spec.endpoint);
    const outputs = await previousOutputs(
        previousDeploymentDependents({ autoscaling: spec.gateway.autoscaling.enabled, created: config.cluster.create, loadBalancer }),
    );
    const computeRefusal = computeSwitchRefusal(
        { created: config.cluster.create, loadBalancer: loadBalancer && previousHadLoadBalancer(outputs), compute: spec.cluster.compute },
        previousCompute(outputs),
    );
    return { handover: replicaHandover(spec.gateway, previousScaling(outputs)), computeRefusal };
}
