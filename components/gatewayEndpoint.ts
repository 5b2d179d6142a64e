import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import In = k8s.types.input;
type Meta = In.meta.v1.ObjectMeta;
type PolicySpec = { metadata: Meta; spec: In.networking.v1.NetworkPolicySpec };
type ObjectSpec = { metadata: Meta; spec: Record<string, unknown> };
type ClassSpec<S = Record<string, unknown>> = { apiVersion: string; kind: string; metadata: { name: string }; spec: S };

/** The object's metadata in the gateway's namespace (released by the secret's key check). */
function inNamespace(meta: pulumi.Input<Meta>, namespace: pulumi.Input<string>) {
    return pulumi.all([meta, namespace]).apply(([m, ns]) => ({ ...m, namespace: ns }));
}

export interface GatewayEndpointArgs {
    /** Namespace of every object (the gateway's); it overrides the objects' own. */
    namespace: pulumi.Input<string>;
    /** NetworkPolicy admitting the gateway's callers (`gatewayNetworkPolicy`). */
    gatewayPolicy: pulumi.Input<PolicySpec>;
    /** NetworkPolicy of the chart's Redis, when the chart deploys it (`redisNetworkPolicy`). */
    redisPolicy?: PolicySpec;
    /** The internal ALB's Ingress (`albIngress`), or the internal NLB's Service (`nlbService`). */
    loadBalancer?: { kind: "ingress" | "service"; object: pulumi.Input<ObjectSpec> };
    /**
     * Under EKS Auto Mode, the internal ALB's IngressClass and IngressClassParams (`autoModeAlbClass`),
     * cluster-scoped: the Ingress names the class and goes before both on destroy.
     */
    autoModeClass?: { ingressClass: ClassSpec; ingressClassParams: ClassSpec<pulumi.Input<Record<string, unknown>>> };
    /**
     * What the load-balancer object waits for: the gateway's Service (its backend) and the
     * controller (which must be serving before the object exists and outlive it on destroy, or the
     * load balancer leaks behind the object's finalizer).
     */
    loadBalancerDependsOn?: pulumi.Resource[];
}

/**
 * How callers reach the gateway: the NetworkPolicies that admit them, and the Ingress or Service
 * the AWS Load Balancer Controller, or EKS Auto Mode, turns into an internal load balancer.
 */
export class GatewayEndpoint extends pulumi.ComponentResource {
    readonly gatewayPolicy: k8s.networking.v1.NetworkPolicy;
    readonly redisPolicy?: k8s.networking.v1.NetworkPolicy;
    readonly ingress?: k8s.networking.v1.Ingress;
    /** Auto Mode's IngressClass of the internal ALB and the IngressClassParams it names. */
    readonly ingressClass?: k8s.networking.v1.IngressClass;
    readonly ingressClassParams?: k8s.apiextensions.CustomResource;
    readonly service?: k8s.core.v1.Service;
    /** The load balancer's DNS name, once the controller has made it (undefined for `cluster`). */
    readonly loadBalancerHostname: pulumi.Output<string | undefined>;

    constructor(name: string, args: GatewayEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:gateway:GatewayEndpoint", name, {}, opts);
        const policy = pulumi.output(args.gatewayPolicy);
        this.gatewayPolicy = new k8s.networking.v1.NetworkPolicy(
            `${name}-callers`,
            { metadata: inNamespace(policy.metadata, args.namespace), spec: policy.spec },
            { parent: this },
        );
        if (args.redisPolicy)
            this.redisPolicy = new k8s.networking.v1.NetworkPolicy(
                `${name}-redis`,
                { metadata: inNamespace(args.redisPolicy.metadata, args.namespace), spec: args.redisPolicy.spec },
                { parent: this },
            );
        const auto = args.autoModeClass ? this.autoModeClass(name, args.autoModeClass) : undefined;
        this.ingressClassParams = auto?.params;
        this.ingressClass = auto?.ingressClass;
        const classes = auto ? [auto.params, auto.ingressClass] : [];
        const lbOpts = { parent: this, dependsOn: [...(args.loadBalancerDependsOn ?? []), ...classes] };
        const lb = args.loadBalancer ? pulumi.output(args.loadBalancer.object) : undefined;
        if (args.loadBalancer?.kind === "ingress" && lb) {
            this.ingress = new k8s.networking.v1.Ingress(
                `${name}-ingress`,
                { metadata: inNamespace(lb.metadata, args.namespace), spec: lb.spec as In.networking.v1.IngressSpec },
                lbOpts,
            );
            this.loadBalancerHostname = this.ingress.status.apply((s) => s?.loadBalancer?.ingress?.[0]?.hostname);
        } else if (args.loadBalancer?.kind === "service" && lb) {
            this.service = new k8s.core.v1.Service(
                `${name}-nlb`,
                { metadata: inNamespace(lb.metadata, args.namespace), spec: lb.spec as In.core.v1.ServiceSpec },
                lbOpts,
            );
            this.loadBalancerHostname = this.service.status.apply((s) => s?.loadBalancer?.ingress?.[0]?.hostname);
        } else {
            this.loadBalancerHostname = pulumi.output(undefined);
        }
        this.registerOutputs({ loadBalancerHostname: this.loadBalancerHostname });
    }

    /** The IngressClassParams, then the IngressClass naming it (Auto Mode reads the class's parameters when it builds the ALB). */
    private autoModeClass(name: string, c: NonNullable<GatewayEndpointArgs["autoModeClass"]>) {
        const p = c.ingressClassParams;
        const params = new k8s.apiextensions.CustomResource(
            `${name}-ingress-class-params`,
            { apiVersion: p.apiVersion, kind: p.kind, metadata: p.metadata, spec: p.spec },
            { parent: this },
        );
        const ingressClass = new k8s.networking.v1.IngressClass(
            `${name}-ingress-class`,
            { metadata: c.ingressClass.metadata, spec: c.ingressClass.spec as In.networking.v1.IngressClassSpec },
            { parent: this, dependsOn: [params] },
        );
        return { params, ingressClass };
    }
}
