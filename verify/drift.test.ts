import * as assert from "assert";
import {
    ALLOWED,
    Allowed,
    AWS_FACTS,
    cidrWithin,
    ipv4Block,
    compareObjects,
    CompareSpec,
    listKeys,
    pathText,
    sameValue,
    stringMatches,
    valueText,
} from "./drift";

const SUBSET: (kind: string) => CompareSpec = (kind) => ({ kind, exact: [] });
const SPEC_EXACT: (kind: string) => CompareSpec = (kind) => ({ kind, exact: [{ path: ["spec"], why: "test" }] });

describe("listKeys", () => {
    // kubernetes/api v0.35.0 core/v1/types.go: `+listType=map` with `+listMapKey` on PodSpec.Containers (name),
    // Container.Env (name), Container.Ports (containerPort, protocol), Container.VolumeMounts (mountPath),
    // PodSpec.Volumes (name), PodSpec.TopologySpreadConstraints (topologyKey, whenUnsatisfiable),
    // ServiceSpec.Ports (port, protocol); networking/v1/types.go: NetworkPolicySpec.Ingress, rule From and
    // Ports, IngressSpec.Rules are `+listType=atomic`.
    const pod = ["spec", "template", "spec"];
    it("keys a pod's lists as the API declares them", () => {
        assert.deepStrictEqual(listKeys("Deployment", [...pod, "containers"]), ["name"]);
        assert.deepStrictEqual(listKeys("Deployment", [...pod, "initContainers"]), ["name"]);
        assert.deepStrictEqual(listKeys("Deployment", [...pod, "volumes"]), ["name"]);
        assert.deepStrictEqual(listKeys("Deployment", [...pod, "topologySpreadConstraints"]), ["topologyKey", "whenUnsatisfiable"]);
        assert.deepStrictEqual(listKeys("Deployment", [...pod, "containers", "[name=gateway]", "env"]), ["name"]);
        assert.deepStrictEqual(listKeys("Deployment", [...pod, "containers", "[name=gateway]", "ports"]), ["containerPort", "protocol"]);
        assert.deepStrictEqual(listKeys("Deployment", [...pod, "containers", "[name=gateway]", "volumeMounts"]), ["mountPath"]);
        assert.deepStrictEqual(listKeys("Deployment", [...pod, "imagePullSecrets"]), ["name"]);
        // PodSpec.EphemeralContainers: `+listType=map`, `+listMapKey=name`.
        assert.deepStrictEqual(listKeys("Pod", ["spec", "ephemeralContainers"]), ["name"]);
        // An init container is a Container: its env, ports and volumeMounts are keyed as a container's.
        assert.deepStrictEqual(listKeys("Deployment", [...pod, "initContainers", "[name=init]", "env"]), ["name"]);
        assert.deepStrictEqual(listKeys("Deployment", [...pod, "initContainers", "[name=init]", "ports"]), ["containerPort", "protocol"]);
        assert.deepStrictEqual(listKeys("Deployment", [...pod, "initContainers", "[name=init]", "volumeMounts"]), ["mountPath"]);
    });
    it("keys a Service's ports by port and protocol", () => {
        assert.deepStrictEqual(listKeys("Service", ["spec", "ports"]), ["port", "protocol"]);
    });
    it("leaves atomic lists unkeyed: a NetworkPolicy's rules, peers and ports, an Ingress's rules", () => {
        assert.strictEqual(listKeys("NetworkPolicy", ["spec", "ingress"]), undefined);
        assert.strictEqual(listKeys("NetworkPolicy", ["spec", "ingress", "[*]", "from"]), undefined);
        assert.strictEqual(listKeys("NetworkPolicy", ["spec", "ingress", "[*]", "ports"]), undefined);
        assert.strictEqual(listKeys("Ingress", ["spec", "rules"]), undefined);
        assert.strictEqual(listKeys("Service", ["spec", "loadBalancerSourceRanges"]), undefined);
    });
});

describe("compareObjects", () => {
    const deployment = (containers: unknown[]) => ({ spec: { template: { spec: { containers } } } });

    it("pairs containers and env by name, whatever their order", () => {
        const exp = deployment([
            { name: "a", env: [{ name: "X", value: "1" }] },
            { name: "b", env: [{ name: "Y", value: "2" }] },
        ]);
        const found = deployment([
            { name: "b", env: [{ name: "Y", value: "2" }] },
            {
                name: "a",
                env: [
                    { name: "Z", value: "9" },
                    { name: "X", value: "1" },
                ],
            },
        ]);
        assert.deepStrictEqual(compareObjects(SUBSET("Deployment"), exp, found), []);
    });

    it("names a keyed item by its key: a changed env value, a missing container", () => {
        const exp = deployment([{ name: "a", env: [{ name: "X", value: "1" }] }, { name: "c" }]);
        const found = deployment([{ name: "a", env: [{ name: "X", value: "2" }] }]);
        assert.deepStrictEqual(compareObjects(SUBSET("Deployment"), exp, found), [
            { path: "spec.template.spec.containers[name=a].env[name=X].value", expected: '"1"', found: '"2"' },
            { path: "spec.template.spec.containers[name=c]", expected: '{"name":"c"}', found: "(absent)" },
        ]);
    });

    it("compares quantities by value: 1000m is 1, 1Gi is 1024Mi, 500m is not 1", () => {
        const res = (cpu: string, memory: string) => deployment([{ name: "a", resources: { requests: { cpu, memory } } }]);
        assert.deepStrictEqual(compareObjects(SUBSET("Deployment"), res("1000m", "1Gi"), res("1", "1024Mi")), []);
        assert.deepStrictEqual(
            compareObjects(SUBSET("Deployment"), res("1", "1Gi"), res("500m", "1Gi")).map((d) => d.path),
            ["spec.template.spec.containers[name=a].resources.requests.cpu"],
        );
    });

    it("takes the defaults the API server fills in: protocol TCP, policyTypes Ingress", () => {
        // kubernetes/api v0.35.0 networking/v1/types.go: a port's protocol defaults to TCP; policyTypes defaults to ["Ingress"] without egress rules.
        const exp = { spec: { ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8787 }] }] } };
        const found = { spec: { policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8787, protocol: "TCP" }] }] } };
        assert.deepStrictEqual(compareObjects(SPEC_EXACT("NetworkPolicy"), exp, found), []);
        const egress = { spec: { ...found.spec, policyTypes: ["Ingress", "Egress"] } };
        assert.deepStrictEqual(
            compareObjects(SPEC_EXACT("NetworkPolicy"), exp, egress).map((d) => d.path),
            ["spec.policyTypes"],
        );
    });

    it("is exact where declared: an ingress rule admitting everyone differs at spec.ingress", () => {
        const exp = { spec: { ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: 8787 }] }] } };
        const diffs = compareObjects(SPEC_EXACT("NetworkPolicy"), exp, { spec: { ingress: [{}] } });
        assert.deepStrictEqual(diffs, [{ path: "spec.ingress", expected: JSON.stringify(exp.spec.ingress), found: "[{}]" }]);
    });

    it("is exact where declared: one peer more, or a port range, differs", () => {
        const rule = { from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: 8787 }] };
        const exp = { spec: { ingress: [rule] } };
        const morePeer = { spec: { ingress: [{ ...rule, from: [...rule.from, { ipBlock: { cidr: "0.0.0.0/0" } }] }] } };
        const range = { spec: { ingress: [{ ...rule, ports: [{ protocol: "TCP", port: 8787, endPort: 65535 }] }] } };
        assert.deepStrictEqual(
            compareObjects(SPEC_EXACT("NetworkPolicy"), exp, morePeer).map((d) => d.path),
            ["spec.ingress"],
        );
        assert.deepStrictEqual(
            compareObjects(SPEC_EXACT("NetworkPolicy"), exp, range).map((d) => d.path),
            ["spec.ingress"],
        );
    });

    it("is a subset elsewhere: labels and annotations others add are no difference", () => {
        const exp = { metadata: { name: "x", labels: { a: "1" } } };
        const found = { metadata: { name: "x", labels: { a: "1", b: "2" }, annotations: { c: "3" } } };
        assert.deepStrictEqual(compareObjects(SUBSET("Namespace"), exp, found), []);
    });

    it("is exact on the keys of a prefix: a changed, added or removed controller annotation differs", () => {
        const spec: CompareSpec = {
            kind: "Ingress",
            exact: [{ path: ["metadata", "annotations"], keys: "alb.ingress.kubernetes.io/*", why: "test" }],
        };
        const exp = { metadata: { annotations: { "alb.ingress.kubernetes.io/scheme": "internal", "alb.ingress.kubernetes.io/inbound-cidrs": "10.0.0.0/16" } } };
        const found = {
            metadata: {
                annotations: {
                    "alb.ingress.kubernetes.io/scheme": "internet-facing",
                    "alb.ingress.kubernetes.io/security-groups": "sg-1",
                    "other.example.com/x": "y",
                },
            },
        };
        assert.deepStrictEqual(compareObjects(spec, exp, found), [
            { path: 'metadata.annotations["alb.ingress.kubernetes.io/scheme"]', expected: '"internal"', found: '"internet-facing"' },
            { path: 'metadata.annotations["alb.ingress.kubernetes.io/inbound-cidrs"]', expected: '"10.0.0.0/16"', found: "(absent)" },
            { path: 'metadata.annotations["alb.ingress.kubernetes.io/security-groups"]', expected: "(absent)", found: '"sg-1"' },
        ]);
    });

    it("ignores what the API server and controllers own, even where exact", () => {
        const exp = { metadata: { name: "s" }, spec: { type: "LoadBalancer", ports: [{ port: 443, protocol: "TCP" }] } };
        const found = {
            metadata: {
                name: "s",
                uid: "u",
                resourceVersion: "1",
                generation: 3,
                creationTimestamp: "t",
                managedFields: [{}],
                finalizers: ["service.k8s.aws/resources"],
            },
            spec: {
                type: "LoadBalancer",
                ports: [{ port: 443, protocol: "TCP" }],
                clusterIP: "172.20.0.1",
                clusterIPs: ["172.20.0.1"],
                ipFamilies: ["IPv4"],
                ipFamilyPolicy: "SingleStack",
                sessionAffinity: "None",
                internalTrafficPolicy: "Cluster",
                externalTrafficPolicy: "Cluster",
            },
            status: { loadBalancer: {} },
        };
        assert.deepStrictEqual(compareObjects({ kind: "Service", exact: [{ path: [], why: "all" }] }, exp, found), []);
        const affinity = { ...found, spec: { ...found.spec, sessionAffinity: "ClientIP", externalIPs: ["203.0.113.5"] } };
        assert.deepStrictEqual(
            compareObjects({ kind: "Service", exact: [{ path: [], why: "all" }] }, exp, affinity).map((d) => d.path),
            ["spec.sessionAffinity", "spec.externalIPs"],
        );
    });

    it("ignores Reloader's env and annotations, a rollout restart's stamp and the HPA's replicas on a Deployment", () => {
        const exp = {
            // With autoscaling on the stack sets no replica count (the chart omits spec.replicas).
            spec: { template: { metadata: { annotations: {} }, spec: { containers: [{ name: "g", env: [{ name: "A", value: "1" }] }] } } },
        };
        const found = {
            spec: {
                replicas: 5,
                template: {
                    metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "t", "reloader.stakater.com/last-reloaded-from": "{}" } },
                    spec: {
                        containers: [
                            {
                                name: "g",
                                env: [
                                    { name: "A", value: "1" },
                                    { name: "STAKATER_PORTKEY_GATEWAY_AWS_SECRETS_SECRET", value: "abc" },
                                ],
                            },
                        ],
                    },
                },
            },
        };
        assert.deepStrictEqual(compareObjects({ kind: "Deployment", exact: [{ path: ["spec"], why: "all" }] }, exp, found), []);
        const other = structuredClone(found);
        other.spec.template.spec.containers[0].env.push({ name: "DEBUG", value: "1" });
        assert.deepStrictEqual(
            compareObjects({ kind: "Deployment", exact: [{ path: ["spec"], why: "all" }] }, exp, other).map((d) => d.path),
            ["spec.template.spec.containers[name=g].env[name=DEBUG]"],
        );
    });

    it("compares a fixed replica count: the HPA's allowance holds only where the stack sets none", () => {
        const spec: CompareSpec = { kind: "Deployment", exact: [] };
        assert.deepStrictEqual(compareObjects(spec, { spec: { replicas: 3 } }, { spec: { replicas: 1 } }), [
            { path: "spec.replicas", expected: "3", found: "1" },
        ]);
        assert.deepStrictEqual(compareObjects({ kind: "Deployment", exact: [{ path: ["spec"], why: "t" }] }, { spec: {} }, { spec: { replicas: 1 } }), []);
    });

    it("compares a JSON string parsed where declared: key order is no difference, a key more is", () => {
        const spec: CompareSpec = { kind: "SecretProviderClass", exact: [{ path: ["spec"], why: "t" }], parsed: [["spec", "parameters", "objects"]] };
        const exp = { spec: { parameters: { objects: JSON.stringify([{ objectName: "s", objectType: "secretsmanager" }]) } } };
        const reordered = { spec: { parameters: { objects: '[ { "objectType": "secretsmanager", "objectName": "s" } ]' } } };
        const more = { spec: { parameters: { objects: JSON.stringify([{ objectName: "s", objectType: "secretsmanager" }, { objectName: "other" }]) } } };
        assert.deepStrictEqual(compareObjects(spec, exp, reordered), []);
        assert.deepStrictEqual(
            compareObjects(spec, exp, more).map((d) => d.path),
            ["spec.parameters.objects"],
        );
    });
});

describe("stringMatches (AWS facts)", () => {
    const cidr = AWS_FACTS.subnetCidr.token;
    // No pattern tells a subnet's block from a whole VPC's (10.0.0.0/16 is both a VPC and a subnet size,
    // docs/upstream-facts.md#vpc-subnet-sizes): without --lb-cidrs a block is unchecked, and the checks say
    // so; but a subnet's block is IPv4 from /16 to /28, so anything else is no subnet's.
    it("takes any block a subnet can have for a subnet's CIDR the stack does not know, and nothing else", () => {
        for (const c of ["10.0.1.0/24", "10.0.0.0/16", "100.64.3.16/28", "203.0.113.0/24", "255.255.255.0/24"]) assert.ok(stringMatches(cidr, c), c);
        for (const c of [
            "0.0.0.0/0",
            "10.0.0.0/8",
            "10.0.0.0/15",
            "10.0.1.0/29",
            "10.0.1.1/32",
            "::/0",
            "fd00::/64",
            "256.0.0.0/24",
            "10.0.1/24",
            "010.0.1.0/24",
            "10.0.1.0/24 ",
        ])
            assert.ok(!stringMatches(cidr, c), c);
    });
    it("matches subnet IDs inside a joined annotation, and nothing else", () => {
        const t = `${AWS_FACTS.subnetId.token},${AWS_FACTS.subnetId.token}`;
        assert.ok(stringMatches(t, "subnet-0a1b2c3d4e5f60718,subnet-0123abcd"));
        assert.ok(!stringMatches(t, "subnet-0a1b2c3d4e5f60718"));
        assert.ok(!stringMatches(t, "subnet-0a1b2c3d4e5f60718,sg-0123abcd"));
    });
    it("pairs atomic items with a fact after the concrete ones; the number of ipBlock peers and their shape still count", () => {
        const exp = [{ podSelector: {} }, { ipBlock: { cidr } }, { ipBlock: { cidr } }];
        assert.ok(sameValue("NetworkPolicy", exp, [{ ipBlock: { cidr: "10.0.2.0/24" } }, { podSelector: {} }, { ipBlock: { cidr: "10.0.1.0/24" } }]));
        assert.ok(!sameValue("NetworkPolicy", exp, [{ ipBlock: { cidr: "10.0.2.0/24" } }, { podSelector: {} }]));
        assert.ok(!sameValue("NetworkPolicy", exp, [{ ipBlock: { cidr: "10.0.2.0/24" } }, { podSelector: {} }, { namespaceSelector: {} }]));
        assert.ok(
            !sameValue("NetworkPolicy", exp, [{ ipBlock: { cidr: "10.0.2.0/24", except: [] } }, { podSelector: {} }, { ipBlock: { cidr: "10.0.1.0/24" } }]),
        );
    });
    it("with the CIDRs known the blocks compare exactly: the whole VPC is not a subnet's block", () => {
        const exp = [{ podSelector: {} }, { ipBlock: { cidr: "10.0.1.0/24" } }, { ipBlock: { cidr: "10.0.2.0/24" } }];
        assert.ok(sameValue("NetworkPolicy", exp, [{ ipBlock: { cidr: "10.0.2.0/24" } }, { podSelector: {} }, { ipBlock: { cidr: "10.0.1.0/24" } }]));
        assert.ok(!sameValue("NetworkPolicy", exp, [{ ipBlock: { cidr: "10.0.0.0/16" } }, { podSelector: {} }, { ipBlock: { cidr: "10.0.1.0/24" } }]));
    });
});

describe("cidrWithin", () => {
    it("a block within another: same or longer prefix, same leading bits", () => {
        assert.ok(cidrWithin("10.0.1.0/24", "10.0.1.0/24"));
        assert.ok(cidrWithin("10.0.1.128/25", "10.0.1.0/24"));
        assert.ok(cidrWithin("10.0.1.7/32", "10.0.1.0/24"));
        // A host address with a prefix names the block it lies in.
        assert.ok(cidrWithin("10.0.1.9/28", "10.0.1.0/24"));
    });
    it("not within: wider, beside, or not IPv4", () => {
        for (const [inner, outer] of [
            ["10.0.0.0/16", "10.0.1.0/24"],
            ["0.0.0.0/0", "10.0.1.0/24"],
            ["10.0.2.0/24", "10.0.1.0/24"],
            ["10.0.1.0/23", "10.0.1.0/24"],
            ["10.0.0.0/23", "10.0.0.0/24"],
            ["fd00::/64", "10.0.1.0/24"],
            ["10.0.1.0", "10.0.1.0/24"],
            ["10.0.1.0/24", "10.0.256.0/16"],
        ])
            assert.ok(!cidrWithin(inner, outer), `${inner} in ${outer}`);
    });
});

describe("pathText", () => {
    it("writes keys with dots or slashes in brackets, list items as their keys", () => {
        assert.strictEqual(pathText(["metadata", "labels", "pod-security.kubernetes.io/enforce"]), 'metadata.labels["pod-security.kubernetes.io/enforce"]');
        assert.strictEqual(pathText(["spec", "ports", "[port=443,protocol=TCP]", "targetPort"]), "spec.ports[port=443,protocol=TCP].targetPort");
    });
});

// docs/operating.md (Drift: how objects are compared) and docs/upstream-facts.md#k8s-list-keys.
describe("compareObjects (defaults, owners, exact rules)", () => {
    const ALL = (kind: string): CompareSpec => ({ kind, exact: [{ path: [], why: "all" }] });

    it("ALLOWED: each entry says who writes it and why (docs/operating.md)", () => {
        for (const a of ALLOWED) assert.ok(a.owner.trim() !== "" && a.why.trim() !== "", JSON.stringify(a.path));
    });

    it("keys a Service port without a protocol as TCP, and takes the API server's TCP there", () => {
        const exp = { spec: { ports: [{ port: 443, targetPort: 8787 }] } };
        assert.deepStrictEqual(compareObjects(SPEC_EXACT("Service"), exp, { spec: { ports: [{ port: 443, protocol: "TCP", targetPort: 8787 }] } }), []);
        assert.deepStrictEqual(compareObjects(SPEC_EXACT("Service"), exp, { spec: { ports: [{ port: 443, protocol: "TCP", targetPort: 8080 }] } }), [
            { path: "spec.ports[port=443,protocol=TCP].targetPort", expected: "8787", found: "8080" },
        ]);
        // A UDP port is another item of the map.
        assert.deepStrictEqual(compareObjects(SPEC_EXACT("Service"), exp, { spec: { ports: [{ port: 443, protocol: "UDP", targetPort: 8787 }] } }), [
            { path: "spec.ports[port=443,protocol=TCP]", expected: '{"port":443,"targetPort":8787}', found: "(absent)" },
            { path: "spec.ports[port=443,protocol=UDP]", expected: "(absent)", found: '{"port":443,"protocol":"UDP","targetPort":8787}' },
        ]);
        // An item without its key is named by an empty key.
        const noName = { spec: { template: { spec: { containers: [{ image: "x" }] } } } };
        assert.deepStrictEqual(compareObjects(SUBSET("Deployment"), noName, { spec: { template: { spec: { containers: [] } } } }), [
            { path: "spec.template.spec.containers[name=]", expected: '{"image":"x"}', found: "(absent)" },
        ]);
    });

    it("applies a kind's defaults and owners to that kind only", () => {
        const found = { spec: { clusterIP: "172.20.0.1", sessionAffinity: "None", ports: [{ port: 443, protocol: "TCP" }] } };
        const exp = { spec: { ports: [{ port: 443 }] } };
        assert.deepStrictEqual(compareObjects(SPEC_EXACT("Service"), exp, found), []);
        assert.deepStrictEqual(
            compareObjects(SPEC_EXACT("Ingress"), exp, found).map((d) => d.path),
            // Ingress has no keyed ports and no protocol default: the list compares whole.
            ["spec.ports", "spec.clusterIP", "spec.sessionAffinity"],
        );
    });

    it("ignores every object's bookkeeping, owner references and status, and a Deployment's revision", () => {
        const meta = {
            name: "g",
            selfLink: "/apis/apps/v1/x",
            deletionTimestamp: "t",
            deletionGracePeriodSeconds: 30,
            ownerReferences: [{ kind: "ReplicaSet", name: "r" }],
            annotations: { "deployment.kubernetes.io/revision": "3" },
        };
        assert.deepStrictEqual(
            compareObjects(ALL("Deployment"), { metadata: { name: "g", annotations: {} } }, { metadata: meta, status: { replicas: 1 } }),
            [],
        );
        // The revision is the Deployment controller's, on a Deployment only.
        assert.deepStrictEqual(
            compareObjects(ALL("Service"), { metadata: { name: "g", annotations: {} } }, { metadata: meta }).map((d) => d.path),
            ['metadata.annotations["deployment.kubernetes.io/revision"]'],
        );
    });

    it("takes a default the stack sets where the live object has none; a null is a field left out", () => {
        assert.deepStrictEqual(compareObjects(SPEC_EXACT("Service"), { spec: { sessionAffinity: "None" } }, { spec: {} }), []);
        assert.deepStrictEqual(compareObjects(SPEC_EXACT("Deployment"), { spec: { a: null, b: undefined } }, { spec: { c: null } }), []);
        assert.deepStrictEqual(compareObjects(SPEC_EXACT("Deployment"), { spec: { a: "x", b: 1 } }, { spec: { a: null } }), [
            { path: "spec.a", expected: '"x"', found: "(absent)" },
            { path: "spec.b", expected: "1", found: "(absent)" },
        ]);
    });

    it("reports a field the stack leaves undefined and the live object holds once", () => {
        assert.deepStrictEqual(compareObjects(SPEC_EXACT("Deployment"), { spec: { paused: undefined } }, { spec: { paused: true } }), [
            { path: "spec.paused", expected: "(absent)", found: "true" },
        ]);
    });

    it("is exact on a key glob only for the map at its path, and an exact path elsewhere leaves metadata a subset", () => {
        const spec: CompareSpec = {
            kind: "Namespace",
            exact: [
                { path: ["metadata"], keys: "label*", why: "t" },
                { path: ["spec"], why: "t" },
            ],
        };
        const exp = { metadata: { labels: { a: "1" } } };
        assert.deepStrictEqual(compareObjects(spec, exp, { metadata: { labels: { a: "1", labelled: "2" }, annotations: { x: "y" } } }), []);
        assert.deepStrictEqual(compareObjects(spec, exp, { metadata: { labels: { a: "1" }, labelX: "2" } }), [
            { path: "metadata.labelX", expected: "(absent)", found: '"2"' },
        ]);
    });

    it("compares quantities by value only under resources.requests and resources.limits, by the resource's unit", () => {
        const at = (path: string[], a: string, b: string) => {
            const wrap = (v: string): Record<string, unknown> => path.reduceRight<unknown>((acc, k) => ({ [k]: acc }), v) as Record<string, unknown>;
            return compareObjects(SUBSET("Deployment"), wrap(a), wrap(b)).length === 0;
        };
        assert.ok(at(["resources", "limits", "cpu"], "1", "1000m"));
        assert.ok(at(["resources", "requests", "memory"], "1Gi", "1024Mi"));
        assert.ok(at(["x", "resources", "limits", "ephemeral-storage"], "1Gi", "1024Mi"));
        assert.ok(!at(["resources", "other", "cpu"], "1", "1000m"));
        assert.ok(!at(["spec", "limits", "cpu"], "1", "1000m"));
        assert.ok(!at(["limits", "cpu"], "1", "1000m"));
        assert.ok(!at(["metadata", "annotations", "cpu"], "1", "1000m"));
        assert.ok(!at(["resources", "limits", "cpu"], "abc", "xyz"));
        // A resource without a known unit compares as written.
        assert.ok(!at(["resources", "limits", "nvidia.com/gpu"], "1", "2"));
    });

    it("compares an int and a string apart (a targetPort number is not a named port)", () => {
        assert.deepStrictEqual(compareObjects(SUBSET("Service"), { spec: { targetPort: 8787 } }, { spec: { targetPort: "8787" } }), [
            { path: "spec.targetPort", expected: "8787", found: '"8787"' },
        ]);
        // An AWS fact stands for a string: a live number is a difference.
        assert.ok(!sameValue("NetworkPolicy", { cidr: AWS_FACTS.subnetCidr.token }, { cidr: 5 }));
    });

    it("compares a declared JSON string that does not parse as written", () => {
        const spec: CompareSpec = { kind: "SecretProviderClass", exact: [], parsed: [["spec", "objects"]] };
        assert.deepStrictEqual(compareObjects(spec, { spec: { objects: '[{"objectName":"s"}]' } }, { spec: { objects: "garbage" } }), [
            { path: "spec.objects", expected: '[{"objectName":"s"}]', found: '"garbage"' },
        ]);
        assert.deepStrictEqual(compareObjects(spec, { spec: { objects: "not json" } }, { spec: { objects: "not json either" } }), [
            { path: "spec.objects", expected: '"not json"', found: '"not json either"' },
        ]);
    });

    it("pairs a concrete atomic item first, so an item with an AWS fact does not take its live match", () => {
        const token = AWS_FACTS.subnetCidr.token;
        const exp = [{ ipBlock: { cidr: token } }, { ipBlock: { cidr: "10.0.1.0/24" } }];
        assert.ok(sameValue("NetworkPolicy", exp, [{ ipBlock: { cidr: "10.0.1.0/24" } }, { ipBlock: { cidr: "10.0.2.0/24" } }]));
    });

    it("sameValue is exact: a field more differs", () => {
        assert.ok(sameValue("NetworkPolicy", { podSelector: {} }, { podSelector: {} }));
        assert.ok(!sameValue("NetworkPolicy", { podSelector: {} }, { podSelector: {}, ipBlock: { cidr: "0.0.0.0/0" } }));
    });

    it("matches an allowed default exactly: object keys in any order, lists in order, nothing more or less", () => {
        // kubernetes/api v0.35.0 apps/v1/types.go: a Deployment's strategy defaults to RollingUpdate, 25% surge and unavailable.
        const strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } };
        const allowed: Allowed[] = [
            { kinds: ["Deployment"], path: ["spec", "strategy"], value: strategy, owner: "the API server", why: "t" },
            { kinds: ["Deployment"], path: ["spec", "families"], value: ["IPv4", "IPv6"], owner: "the API server", why: "t" },
            { kinds: ["Deployment"], path: ["spec", "securityContext"], value: {}, owner: "the API server", why: "t" },
        ];
        const spec: CompareSpec = { kind: "Deployment", exact: [{ path: ["spec"], why: "t" }], allowed };
        const differs = (found: Record<string, unknown>) => compareObjects(spec, { spec: {} }, { spec: found }).map((d) => d.path);
        const reordered = { rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" }, type: "RollingUpdate" };
        assert.deepStrictEqual(differs({ strategy: reordered, families: ["IPv4", "IPv6"], securityContext: {} }), []);
        assert.deepStrictEqual(differs({ strategy: { ...strategy, rollingUpdate: { maxSurge: "25%", maxUnavailable: "50%" } } }), ["spec.strategy"]);
        assert.deepStrictEqual(differs({ strategy: { ...strategy, extra: 1 } }), ["spec.strategy"]);
        assert.deepStrictEqual(differs({ strategy: { type: "RollingUpdate" } }), ["spec.strategy"]);
        assert.deepStrictEqual(differs({ strategy: { ...strategy, rollingUpdate: null } }), ["spec.strategy"]);
        assert.deepStrictEqual(differs({ families: ["IPv4", "IPv4"] }), ["spec.families"]);
        assert.deepStrictEqual(differs({ families: ["IPv6", "IPv4"] }), ["spec.families"]);
        assert.deepStrictEqual(differs({ families: "46" }), ["spec.families"]);
        assert.deepStrictEqual(differs({ securityContext: 0 }), ["spec.securityContext"]);
        // The stack setting the default while the live object lacks it, a key left undefined counting as absent.
        assert.deepStrictEqual(compareObjects(spec, { spec: { strategy: { ...strategy, extra: undefined } } }, { spec: {} }), []);
    });
});

describe("stringMatches and valueText", () => {
    it("without an AWS fact a string matches only itself", () => {
        assert.ok(stringMatches("internal", "internal"));
        assert.ok(!stringMatches("internal", "internet-facing"));
        assert.ok(!stringMatches("a.b", "axb"));
    });
    it("writes a value as JSON, cut after 300 characters with an ellipsis", () => {
        assert.strictEqual(valueText(undefined), "(absent)");
        assert.strictEqual(valueText({ a: [1] }), '{"a":[1]}');
        const exactly = "x".repeat(298);
        assert.strictEqual(valueText(exactly), JSON.stringify(exactly));
        assert.strictEqual(valueText(`${exactly}y`), `"${exactly}y…`.slice(0, 301));
        assert.strictEqual(valueText(`${exactly}yz`), `"${exactly}y…`);
    });
});

describe("ipv4Block", () => {
    it("reads a.b.c.d/n as its first address and prefix length, and nothing else", () => {
        assert.deepStrictEqual(ipv4Block("10.0.1.9/28"), { base: 10 * 2 ** 24 + 256, bits: 28 });
        assert.deepStrictEqual(ipv4Block("10.255.100.0/24"), { base: 10 * 2 ** 24 + 255 * 2 ** 16 + 100 * 256, bits: 24 });
        for (const bad of ["x10.0.1.0/24", "10.0.1.0/24x", "10.0.1.256/24", "10.0.1.0/33", "fd00::/64"]) assert.strictEqual(ipv4Block(bad), undefined, bad);
    });
});

// kubernetes-sigs/aws-load-balancer-controller v3.5.0 pkg/annotations/parser.go: a string-list annotation is
// split on commas, trimmed, empty parts dropped; only those where order means nothing compare as sets.
describe("unordered list annotations", () => {
    const ann = (key: string, v: string) => ({ metadata: { annotations: { [key]: v } } });
    const diff = (key: string, a: string, b: string) => compareObjects(SUBSET("Ingress"), ann(key, a), ann(key, b)).length;
    it("compare the inbound CIDRs and subnets as sets of trimmed items", () => {
        assert.strictEqual(diff("alb.ingress.kubernetes.io/inbound-cidrs", "10.0.0.0/16,10.1.0.0/16", " 10.1.0.0/16 , 10.0.0.0/16,"), 0);
        assert.strictEqual(diff("alb.ingress.kubernetes.io/subnets", "subnet-a,subnet-b", "subnet-b,subnet-a"), 0);
        assert.strictEqual(diff("service.beta.kubernetes.io/aws-load-balancer-subnets", "subnet-a,subnet-b", "subnet-b,subnet-a"), 0);
        assert.strictEqual(diff("alb.ingress.kubernetes.io/inbound-cidrs", "10.0.0.0/16,10.1.0.0/16", "10.0.0.0/16,10.0.0.0/16"), 1);
        assert.strictEqual(diff("alb.ingress.kubernetes.io/inbound-cidrs", "10.0.0.0/16", "10.0.0.0/16,10.1.0.0/16"), 1);
    });
    it("keep every other comma-separated value in order: the first certificate is the default, and a field elsewhere is no annotation", () => {
        assert.strictEqual(diff("alb.ingress.kubernetes.io/certificate-arn", "arn:a,arn:b", "arn:b,arn:a"), 1);
        const spec = (v: string) => ({ spec: { "alb.ingress.kubernetes.io/inbound-cidrs": v } });
        assert.strictEqual(compareObjects(SUBSET("Ingress"), spec("a,b"), spec("b,a")).length, 1);
        const deeper = (v: string) => ({ metadata: { annotations: { x: { "alb.ingress.kubernetes.io/inbound-cidrs": v } } } });
        assert.strictEqual(compareObjects(SUBSET("Ingress"), deeper("a,b"), deeper("b,a")).length, 1);
        const labels = (v: string) => ({ metadata: { labels: { "alb.ingress.kubernetes.io/inbound-cidrs": v } } });
        assert.strictEqual(compareObjects(SUBSET("Ingress"), labels("a,b"), labels("b,a")).length, 1);
    });
    it("match an AWS fact to any item of its shape, concrete items first", () => {
        const token = AWS_FACTS.subnetId.token;
        assert.strictEqual(diff("alb.ingress.kubernetes.io/subnets", `${token},subnet-0123abcd`, "subnet-0123abcd,subnet-0a1b2c3d4e5f60718"), 0);
        assert.strictEqual(diff("alb.ingress.kubernetes.io/subnets", `${token},subnet-0123abcd`, "subnet-0a1b2c3d4e5f60718,subnet-0fedcba9"), 1);
    });
});
