// Service accounts and the Pod Identity agent, one case at a time. IRSA: the pod identity webhook and
// ASCP read the eks.amazonaws.com/role-arn annotation (aws/amazon-eks-pod-identity-webhook README;
// aws/secrets-store-csi-driver-provider-aws server/server.go getRoleARN). Pod Identity: the role comes
// from the association, the agent is the EKS add-on eks-pod-identity-agent (a DaemonSet in kube-system,
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html).
import * as assert from "assert";
import { ExpectedState } from "../expected";
import { groupObjects } from "../observed";
import { autoModeState, DATASERVICE_ROLE_ARN, edit, healthyObjects, obj, ROLE_ARN, stackState, without } from "../testing";
import { KubeObject, Workload } from "../types";
import { identityFindings, logStoreFinding, podIdentityAgentFinding, podServiceAccountFinding, serviceAccountFinding } from "./identity";

const GW = "portkey-gateway";
const KEY = "eks.amazonaws.com/role-arn";
const AGENT = "eks-pod-identity-agent";
const sa = (e: ExpectedState, objects: KubeObject[], i = 0) => serviceAccountFinding(e, groupObjects(objects), e.serviceAccounts[i]);
const annotate = (e: ExpectedState, annotations: Record<string, string> | undefined) =>
    edit(healthyObjects(e), "ServiceAccount", GW, (s: KubeObject) => void (s.metadata.annotations = annotations));

describe("verify identity: service accounts", () => {
    it("IRSA: the annotation passes, shown as found", () => {
        const e = stackState("dev");
        const f = sa(e, healthyObjects(e));
        assert.deepStrictEqual(
            [f.id, f.status, f.expected, f.found],
            [`identity.serviceAccount/${GW}`, "pass", `ServiceAccount portkeyai/${GW} with ${KEY}`, `${KEY}: ${ROLE_ARN}`],
        );
    });
    it("IRSA with --role-arn: the expected text says so, and the same ARN passes", () => {
        const e = stackState("dev", ROLE_ARN);
        const f = sa(e, healthyObjects(e));
        assert.deepStrictEqual([f.status, f.expected], ["pass", `ServiceAccount portkeyai/${GW} with ${KEY} = the --role-arn value`]);
        const other = sa(stackState("dev", "arn:aws:iam::123456789012:role/other"), healthyObjects(e));
        assert.strictEqual(other.status, "fail");
        assert.match(other.fix!, /--role-arn/);
    });
    // Two roles (docs/data-plane.md, "Two roles"): the dataservice's account is annotated with the
    // dataservice role's ARN (stack output dataserviceRoleArn), the gateway's with the gateway role's.
    const withDataservice = (e: ExpectedState, dsRoleArn?: string) => {
        const DS = "portkey-gateway-dataservice";
        e.serviceAccounts.push({ ...e.serviceAccounts[0], name: DS, roleArn: dsRoleArn });
        e.deployments.push({ ...e.deployments[0], name: DS, role: "dataservice", serviceAccount: DS });
        const objects = (arn: string | undefined) =>
            edit(healthyObjects(e), "ServiceAccount", DS, (s: KubeObject) => void (s.metadata.annotations = arn === undefined ? {} : { [KEY]: arn }));
        return { DS, objects };
    };
    it("IRSA with the dataservice on: its account carries its own role; the gateway's role there fails", () => {
        const e = structuredClone(stackState("dev", ROLE_ARN));
        const { DS, objects } = withDataservice(e);
        const f = sa(e, objects(DATASERVICE_ROLE_ARN), 1);
        assert.deepStrictEqual([f.id, f.status, f.found], [`identity.serviceAccount/${DS}`, "pass", `${KEY}: ${DATASERVICE_ROLE_ARN}`]);
        assert.strictEqual(sa(e, objects(undefined), 1).status, "fail");
        const gw = sa(e, objects(ROLE_ARN), 1);
        assert.deepStrictEqual([gw.status, gw.found], ["fail", `${KEY}: ${ROLE_ARN} (the gateway's role)`]);
        assert.match(gw.fix!, /dataserviceRoleArn/);
        // The gateway's own account is still compared with --role-arn.
        const objs = edit(
            objects(DATASERVICE_ROLE_ARN),
            "ServiceAccount",
            GW,
            (s: KubeObject) => void (s.metadata.annotations = { [KEY]: DATASERVICE_ROLE_ARN }),
        );
        assert.strictEqual(sa(e, objs).status, "fail");
    });
    it("IRSA with the dataservice on and no --role-arn: the gateway's role is the one its account carries", () => {
        const e = structuredClone(stackState("dev"));
        const { objects } = withDataservice(e);
        assert.strictEqual(sa(e, objects(DATASERVICE_ROLE_ARN), 1).status, "pass");
        assert.strictEqual(sa(e, objects(ROLE_ARN), 1).status, "fail");
    });
    it("IRSA with the dataservice role's ARN given: the annotation must equal it", () => {
        const e = structuredClone(stackState("dev", ROLE_ARN));
        const { objects } = withDataservice(e, DATASERVICE_ROLE_ARN);
        assert.strictEqual(sa(e, objects(DATASERVICE_ROLE_ARN), 1).status, "pass");
        const other = sa(e, objects("arn:aws:iam::123456789012:role/other"), 1);
        assert.strictEqual(other.status, "fail");
        assert.match(other.expected, /the dataservice's own role \(arn:aws:iam::123456789012:role\/portkey-dataservice-role-iam\)/);
    });
    it("IRSA: an empty annotation is no annotation", () => {
        const e = stackState("dev");
        const f = sa(e, annotate(e, { [KEY]: "" }));
        assert.deepStrictEqual([f.status, f.found], ["fail", "no role annotation"]);
        assert.match(f.fix!, /identity irsa sets the annotation/);
    });
    it("other service accounts of the namespace are not read", () => {
        const e = stackState("dev");
        const other = obj("v1", "ServiceAccount", "default", "portkeyai");
        assert.strictEqual(sa(e, [other, ...healthyObjects(e)]).status, "pass");
    });
    it("a service account of that name in another namespace does not count", () => {
        const e = stackState("dev");
        const moved = edit(healthyObjects(e), "ServiceAccount", GW, (s: KubeObject) => void (s.metadata.namespace = "default"));
        const f = sa(e, moved);
        assert.deepStrictEqual([f.status, f.found], ["fail", "none"]);
        assert.match(f.fix!, /serviceAccount\.create: true/);
    });
    it("Pod Identity: no annotation passes; one fails with the command that removes it", () => {
        const e = stackState("prod");
        const f = sa(e, healthyObjects(e));
        assert.deepStrictEqual(
            [f.status, f.expected, f.found],
            ["pass", `ServiceAccount ${e.namespace}/${GW} without ${KEY} (Pod Identity)`, "no role annotation"],
        );
        const other = sa(e, annotate(e, { [KEY]: ROLE_ARN, "other/annotation": "x" }));
        assert.strictEqual(other.status, "fail");
        assert.ok(other.fix!.includes(`kubectl -n ${e.namespace} annotate sa ${GW} ${KEY}-`), other.fix);
    });
    it("Pod Identity: other annotations are fine", () => {
        const e = stackState("prod");
        assert.strictEqual(sa(e, annotate(e, { "other/annotation": "x" })).status, "pass");
    });
    it("one finding per service account, then the agent", () => {
        const e = stackState("prod");
        const ids = identityFindings(e, groupObjects(healthyObjects(e))).map((f) => f.id);
        assert.deepStrictEqual(ids, [
            ...e.serviceAccounts.map((s) => `identity.serviceAccount/${s.name}`),
            ...e.deployments.flatMap((d) => [`identity.podServiceAccount/${d.name}`, `identity.logStore/${d.name}`]),
            "identity.podIdentityAgent",
        ]);
        assert.ok(e.serviceAccounts.length >= 1);
    });
});

describe("verify identity: Pod Identity agent", () => {
    const e = stackState("prod");
    const agent = (change?: (d: Workload) => void) =>
        podIdentityAgentFinding(e, groupObjects(change ? edit(healthyObjects(e), "DaemonSet", AGENT, change) : healthyObjects(e)));
    it("ready on every node passes", () => {
        const f = agent();
        assert.deepStrictEqual([f.status, f.expected, f.found], ["pass", `DaemonSet ${AGENT} (EKS add-on) with ready pods`, `kube-system/${AGENT}: 2 ready`]);
    });
    it("fewer ready than scheduled fails, with the describe command", () => {
        const f = agent((d) => void (d.status = { desiredNumberScheduled: 2, numberReady: 1 }));
        assert.deepStrictEqual([f.status, f.found], ["fail", `kube-system/${AGENT}: 1 of 2 ready`]);
        assert.strictEqual(f.fix, `\`kubectl -n kube-system describe daemonset ${AGENT}\``);
    });
    it("none ready fails even when none are scheduled; no status reads as zero", () => {
        assert.strictEqual(agent((d) => void (d.status = { desiredNumberScheduled: 0, numberReady: 0 })).status, "fail");
        const f = agent((d) => void delete d.status);
        assert.deepStrictEqual([f.status, f.found], ["fail", `kube-system/${AGENT}: 0 of 0 ready`]);
    });
    it("ready beyond scheduled (a node just left) passes", () => {
        assert.strictEqual(agent((d) => void (d.status = { desiredNumberScheduled: 1, numberReady: 2 })).status, "pass");
        assert.strictEqual(agent((d) => void (d.status = { numberReady: 1 })).status, "pass");
    });
    it("missing: the fix names the add-on and the config key", () => {
        const f = podIdentityAgentFinding(e, groupObjects(without(healthyObjects(e), "DaemonSet", AGENT)));
        assert.deepStrictEqual([f.status, f.found], ["fail", "none"]);
        assert.match(f.fix!, /cluster\.installPodIdentityAgent: true/);
        assert.ok(f.fix!.includes(`aws eks create-addon --addon-name ${AGENT}`));
    });
    it("IRSA does not use it", () => {
        const f = podIdentityAgentFinding(stackState("dev"), groupObjects([]));
        assert.deepStrictEqual([f.status, f.expected], ["n/a", "identity irsa does not use the Pod Identity agent"]);
    });
    // EKS user guide, automode: "You do not have to install the EKS Pod Identity Agent on EKS Auto Mode clusters".
    it("EKS Auto Mode's nodes run the agent: no add-on DaemonSet expected, whatever the cluster has", () => {
        const auto = autoModeState("prod");
        for (const objects of [healthyObjects(auto), without(healthyObjects(e), "DaemonSet", AGENT)]) {
            const f = podIdentityAgentFinding(auto, groupObjects(objects));
            assert.deepStrictEqual(
                [f.status, f.expected],
                ["n/a", "EKS Auto Mode's nodes run the Pod Identity agent themselves: no add-on DaemonSet to check"],
            );
        }
        assert.ok(!healthyObjects(auto).some((o) => o.kind === "DaemonSet" && o.metadata.name === AGENT), "the Auto Mode fixture has no agent DaemonSet");
        const irsa = podIdentityAgentFinding(autoModeState("dev"), groupObjects([]));
        assert.deepStrictEqual([irsa.status, irsa.expected], ["n/a", "identity irsa does not use the Pod Identity agent"]);
    });
});

// docs/data-plane.md: each pod under its own account; with logStore (prod), LOG_STORE s3_assume, the region and
// the bucket on both pods (chart 1.7.7 _helpers.tpl logStore.commonEnv gives the dataservice the LOG_STORE_* keys), no key.
describe("verify identity: the pods' own accounts and the log store", () => {
    const DS = "portkey-gateway-dataservice";
    const container = (o: KubeObject) => (o as unknown as Workload).spec!.template!.spec!.containers![0];
    it("each Deployment runs under its own service account; the dataservice under the gateway's fails", () => {
        const e = stackState("prod");
        const d = e.deployments.find((x) => x.role === "dataservice")!;
        assert.strictEqual(podServiceAccountFinding(e, groupObjects(healthyObjects(e)), d).status, "pass");
        const swapped = edit(
            healthyObjects(e),
            "Deployment",
            DS,
            (x: KubeObject) => void ((x as unknown as Workload).spec!.template!.spec!.serviceAccountName = GW),
        );
        const f = podServiceAccountFinding(e, groupObjects(swapped), d);
        assert.deepStrictEqual([f.status, f.found], ["fail", `serviceAccountName: ${GW}`]);
    });
    it("prod keeps its logs on the role: both pods pass; dev has no log store", () => {
        const e = stackState("prod");
        assert.deepStrictEqual(e.logStore, { region: "us-east-1" });
        for (const d of e.deployments) assert.strictEqual(logStoreFinding(e, groupObjects(healthyObjects(e)), d).status, "pass", d.name);
        const dev = stackState("dev");
        assert.strictEqual(logStoreFinding(dev, groupObjects(healthyObjects(dev)), dev.deployments[0]).status, "n/a");
    });
    it("a key beside the role, another store or a missing setting fails, without showing a value", () => {
        const e = stackState("prod");
        const d = e.deployments.find((x) => x.role === "dataservice")!;
        const keyed = edit(
            healthyObjects(e),
            "Deployment",
            DS,
            (x: KubeObject) =>
                void container(x).env!.push({ name: "LOG_STORE_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "s", key: "LOG_STORE_ACCESS_KEY" } } }),
        );
        const f = logStoreFinding(e, groupObjects(keyed), d);
        assert.deepStrictEqual([f.status, f.found], ["fail", "LOG_STORE_ACCESS_KEY is set (value not shown)"]);
        const s3 = edit(healthyObjects(e), "Deployment", DS, (x: KubeObject) => {
            container(x).env = container(x)
                .env!.filter((v) => v.name !== "LOG_STORE_REGION")
                .map((v) => (v.name === "LOG_STORE" ? { ...v, value: "s3" } : v));
        });
        assert.strictEqual(
            logStoreFinding(e, groupObjects(s3), d).found,
            "LOG_STORE is not the literal s3_assume; LOG_STORE_REGION is not the literal us-east-1",
        );
    });
});
