// The Pod Security checks of verify against a healthy install and installs loosened one way each.
// Levels and labels: Pulumi.<stack>.yaml (dev: CACHE_STORE redis; staging, prod: another store)
// and docs/security.md; the restricted rules are kubernetes/pod-security-admission v0.33.13's.
import * as assert from "assert";
import { evaluate } from "./checks";
import { mountsApiToken } from "./checks/podSecurity";
import { ExpectedState } from "./expected";
import { groupObjects } from "./observed";
import { edit, healthyObjects, stackState } from "./testing";
import { Finding, KubeObject, Namespace, Pod } from "./types";

function findings(e: ExpectedState, objects: KubeObject[], prefix: string): Finding[] {
    return evaluate(e, groupObjects(objects)).filter((f) => f.id.startsWith(prefix));
}
const firstPod = (objects: KubeObject[], deployment: string) =>
    objects.find((o) => o.kind === "Pod" && o.metadata.name.startsWith(`${deployment}-`))!.metadata.name;

describe("verify: expected Pod Security", () => {
    it("dev (the chart's Redis) expects baseline; staging and prod restricted, at v1.36 (the default cluster.kubernetesVersion, docs/config-reference.md)", () => {
        assert.strictEqual(stackState("dev").podSecurity.level, "baseline");
        for (const s of ["staging", "prod"] as const) {
            const p = stackState(s).podSecurity;
            assert.deepStrictEqual([p.level, p.labels["pod-security.kubernetes.io/enforce-version"]], ["restricted", "v1.36"]);
        }
        assert.deepStrictEqual(
            [stackState("staging").podSecurity.namespaceCreatedByStack, stackState("prod").podSecurity.namespaceCreatedByStack],
            [true, false],
        );
    });
});

describe("verify checks: Pod Security", () => {
    for (const stack of ["dev", "staging", "prod"] as const) {
        it(`${stack}: a healthy install passes the namespace and every pod`, () => {
            const e = stackState(stack);
            const list = findings(e, healthyObjects(e), "security.");
            assert.ok(list.length >= 2);
            for (const f of list) assert.strictEqual(f.status, "pass", `${f.id}: ${f.found}`);
            const pod = list.find((f) => f.id.startsWith("security.pod/"))!;
            assert.match(pod.found, /drop=\["ALL"\] seccomp="RuntimeDefault"/);
            assert.match(pod.found, /restricted: met; API token: not mounted$/);
        });
    }

    it("fails a namespace without the labels: `pulumi up` when the stack creates it, the owning team otherwise", () => {
        for (const [stack, fix] of [
            ["staging", /pulumi up/],
            ["prod", /ask the team that owns namespace portkey/],
        ] as const) {
            const e = stackState(stack);
            const objs = edit<Namespace>(
                healthyObjects(e),
                "Namespace",
                e.namespace,
                (n) => void (n.metadata.labels = { "pod-security.kubernetes.io/enforce": "baseline" }),
            );
            const f = findings(e, objs, "security.namespace/")[0];
            assert.strictEqual(f.status, "fail");
            assert.strictEqual(f.found, "namespace labels pod-security.kubernetes.io/enforce=baseline");
            assert.match(f.fix!, fix);
        }
    });

    it("fails a pod without a seccomp profile, naming the check", () => {
        const e = stackState("staging");
        const objs0 = healthyObjects(e);
        const pod = firstPod(objs0, "portkey-gateway");
        const objs = edit<Pod>(objs0, "Pod", pod, (p) => {
            delete p.spec!.securityContext!.seccompProfile;
            delete p.spec!.containers[0].securityContext!.seccompProfile;
        });
        const f = findings(e, objs, `security.pod/${pod}`)[0];
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /restricted: seccompProfile_restricted \(gateway: seccompProfile.type must be/);
    });

    it("fails a pod that mounts kubelet's API token, and not for the IRSA token", () => {
        const e = stackState("prod");
        const objs0 = healthyObjects(e);
        const pod = firstPod(objs0, "portkey-gateway-dataservice");
        const objs = edit<Pod>(objs0, "Pod", pod, (p) =>
            p.spec!.volumes!.push({ name: "kube-api-access-x1", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }),
        );
        const f = findings(e, objs, `security.pod/${pod}`)[0];
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /API token: mounted$/);
        assert.strictEqual(
            mountsApiToken({
                containers: [],
                volumes: [{ name: "aws-iam-token", projected: { sources: [{ serviceAccountToken: { audience: "sts.amazonaws.com" } }] } }],
            }),
            false,
        );
    });

    it("is n/a for a Deployment with no pods", () => {
        const e = stackState("staging");
        const objs = healthyObjects(e).filter((o) => o.kind !== "Pod");
        assert.deepStrictEqual(
            findings(e, objs, "security.pod/").map((f) => [f.id, f.status]),
            [["security.pod/portkey-gateway", "n/a"]],
        );
    });
});
