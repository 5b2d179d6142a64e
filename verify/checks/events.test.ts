// Which events count as the gateway's mount or sandbox failures, and how they are summed up.
// Event fields (involvedObject, reason, message, count): Kubernetes API reference, Event v1
// (https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/). The reasons are
// the kubelet's (kubernetes pkg/kubelet/events/event.go: FailedMount, FailedAttachVolume,
// FailedCreatePodSandBox, FailedCreatePodContainer). Healthy strings: docs/operating.md sample output.
import * as assert from "assert";
import { groupObjects } from "../observed";
import { SAMPLE_MESSAGES } from "../samples";
import { failureEvent, obj, stackState } from "../testing";
import { KubeEvent, KubeObject } from "../types";
import { eventFindings, gatewayFailureEvents } from "./events";

const e = stackState("prod");
const POD = "portkey-gateway-5d8f7c9b4-x7k2p";
const ns = e.namespace;
const events = (objects: KubeObject[]) => eventFindings(e, groupObjects(objects));
function event(name: string, fields: Partial<KubeEvent>, namespace: string | undefined = ns): KubeObject {
    return obj("v1", "Event", name, namespace, fields);
}

describe("verify events: which events count", () => {
    it("none is a pass, with the reasons it looks for", () => {
        const [f] = events([]);
        assert.deepStrictEqual(
            [f.id, f.status, f.expected, f.found],
            ["events", "pass", "no FailedMount/FailedAttachVolume/FailedCreatePodSandBox/FailedCreatePodContainer events on the gateway's pods", "none"],
        );
    });
    it("each of the kubelet's four failure reasons counts, on the gateway's and the dataservice's pods", () => {
        const got = ["FailedMount", "FailedAttachVolume", "FailedCreatePodSandBox", "FailedCreatePodContainer"].map(
            (reason) => gatewayFailureEvents(e, groupObjects([failureEvent(e, reason, "x")])).length,
        );
        assert.deepStrictEqual(got, [1, 1, 1, 1]);
        const ds = failureEvent(e, "FailedMount", "x", "portkey-gateway-dataservice-7c9-abcde");
        assert.strictEqual(gatewayFailureEvents(e, groupObjects([ds])).length, 1);
    });
    it("other reasons, other pods, other kinds and other namespaces do not", () => {
        const others = [
            event("a", { reason: "BackOff", involvedObject: { kind: "Pod", name: POD, namespace: ns } }),
            event("b", { reason: "FailedMount", involvedObject: { kind: "Pod", name: "redis-0", namespace: ns } }),
            event("c", { reason: "FailedMount", involvedObject: { kind: "ReplicaSet", name: "portkey-gateway-5d8f7c9b4", namespace: ns } }),
            event("d", { reason: "FailedMount", involvedObject: { kind: "Pod", name: POD, namespace: "default" } }, "default"),
            event("e", { reason: "FailedMount", involvedObject: { kind: "Pod", namespace: ns } }),
            event("f", { reason: "FailedMount" }),
            event("g", { involvedObject: { kind: "Pod", name: POD, namespace: ns } }),
        ];
        assert.deepStrictEqual(gatewayFailureEvents(e, groupObjects(others)), []);
    });
    it("an event without involvedObject.namespace belongs to its own namespace", () => {
        const own = event("a", { reason: "FailedMount", involvedObject: { kind: "Pod", name: POD } });
        const other = event("b", { reason: "FailedMount", involvedObject: { kind: "Pod", name: POD } }, "default");
        assert.deepStrictEqual(
            gatewayFailureEvents(e, groupObjects([own, other])).map((x) => x.metadata.name),
            ["a"],
        );
    });
});

describe("verify events: findings", () => {
    it("events of one cause make one finding, counting every occurrence across pods", () => {
        const message = SAMPLE_MESSAGES["access-denied"];
        const a = failureEvent(e, "FailedMount", message);
        const b = { ...failureEvent(e, "FailedMount", message, "portkey-gateway-5d8f7c9b4-p1q"), count: undefined } as KubeObject;
        const c = failureEvent(e, "FailedMount", message, "portkey-gateway-5d8f7c9b4-p1q");
        const out = events([a, b, c]);
        assert.deepStrictEqual(
            out.map((f) => f.id),
            ["events.access-denied"],
        );
        assert.match(out[0].found, /^7 FailedMount event\(s\) on portkey-gateway-5d8f7c9b4-x7k2p, portkey-gateway-5d8f7c9b4-p1q: /);
    });
    it("different causes make separate findings; an unknown message gets the logs to read", () => {
        const out = events([
            failureEvent(e, "FailedMount", SAMPLE_MESSAGES["secret-not-found"]),
            failureEvent(e, "FailedCreatePodSandBox", "failed to setup network for sandbox"),
        ]);
        assert.deepStrictEqual(
            out.map((f) => [f.id, f.status]),
            [
                ["events.secret-not-found", "fail"],
                ["events.unrecognised", "fail"],
            ],
        );
        const unknown = out[1];
        assert.strictEqual(unknown.found, `3 FailedCreatePodSandBox event(s) on ${POD}: failed to setup network for sandbox`);
        assert.ok(unknown.fix!.includes("`kubectl -n kube-system logs -l app=secrets-store-csi-driver-provider-aws`"), unknown.fix);
    });
    it("an event without a message is unrecognised and shown empty", () => {
        const ev = event("a", { reason: "FailedMount", involvedObject: { kind: "Pod", name: POD, namespace: ns } });
        const [f] = events([ev]);
        assert.deepStrictEqual([f.id, f.found], ["events.unrecognised", `1 FailedMount event(s) on ${POD}: `]);
    });
    it("the message is shown on one line, cut after 300 characters", () => {
        const long = `line one\n\tline   two ${"x".repeat(400)}`;
        const [f] = events([failureEvent(e, "FailedMount", long)]);
        const shown = f.found.slice(f.found.indexOf(": ") + 2);
        assert.strictEqual(shown, `line one line two ${"x".repeat(300 - "line one line two ".length)}…`);
        const exact = "y".repeat(300);
        const [g] = events([failureEvent(e, "FailedMount", exact)]);
        assert.ok(g.found.endsWith(`: ${exact}`), g.found);
    });
});
