// Availability of the gateway (and dataservice) as running: enough ready pods for the budget,
// pods over at least two zones (node label topology.kubernetes.io/zone), requests present.
import { ZONE_LABEL } from "../../derive/availability";
import { sameQuantity } from "../drift";
import { ExpectedDeployment, ExpectedState } from "../expected";
import { Finding, Observed } from "../types";
import { deploymentPods, findDeployment, mainContainer } from "./workloads";
import { fail, list, notApplicable, pass } from "./finding";

function noDeployment(id: string, e: ExpectedState, d: ExpectedDeployment, expected: string): Finding {
    return fail(id, expected, `no Deployment ${d.name} in ${e.namespace}`, "run `pulumi up`");
}

export function readyFinding(e: ExpectedState, o: Observed, d: ExpectedDeployment): Finding {
    const id = `availability.ready/${d.name}`;
    const expected = `at least ${d.minReady} ready replicas (the disruption budget)`;
    const dep = findDeployment(e, o, d.name);
    if (!dep) return noDeployment(id, e, d, expected);
    const ready = dep.status?.readyReplicas ?? 0;
    const found = `${ready} ready of ${dep.spec?.replicas ?? "?"}`;
    if (ready >= d.minReady) return pass(id, expected, found);
    return fail(
        id,
        expected,
        found,
        `\`kubectl -n ${e.namespace} describe deployment/${d.name}\`: pods Pending for capacity need nodes (or lower requests); pods not ready fail their readiness probe`,
    );
}

/** Zones of the nodes running the Deployment's pods; "unlabelled" for a node without the label. */
function podZones(e: ExpectedState, o: Observed, name: string): string[] {
    const running = deploymentPods(e, o, name).filter((p) => p.status?.phase === "Running" && p.spec?.nodeName);
    const zones = running.map((p) => o.nodes.find((n) => n.metadata.name === p.spec!.nodeName)?.metadata.labels?.[ZONE_LABEL] ?? "unlabelled");
    return [...new Set(zones)].sort();
}

/** Under Auto Mode the NodeClass's subnets decide the zones (docs/upstream-facts.md#eks-auto-pending-pods). */
export function zonesFinding(e: ExpectedState, o: Observed, d: ExpectedDeployment): Finding {
    const id = `availability.zones/${d.name}`;
    if (d.minZones < 2) return notApplicable(id, "one replica: nothing to spread");
    const expected = `running pods in at least ${d.minZones} zones (${ZONE_LABEL})`;
    const zones = podZones(e, o, d.name).filter((z) => z !== "unlabelled");
    const found = `zones: ${list(zones)}`;
    if (zones.length >= d.minZones) return pass(id, expected, found);
    return fail(
        id,
        expected,
        found,
        `the zone spread is soft: ${e.compute === "auto-mode" ? "Auto Mode launches nodes in its NodeClass's subnets, which must cover several zones (`kubectl get nodeclass -o yaml`, spec.subnetSelectorTerms)" : "give the node group nodes in several zones"} (\`kubectl get nodes -L ${ZONE_LABEL}\`), then \`kubectl -n ${e.namespace} rollout restart deployment/${d.name}\``,
    );
}

export function requestsFinding(e: ExpectedState, o: Observed, d: ExpectedDeployment): Finding {
    const id = `availability.requests/${d.name}`;
    const expected = `requests cpu ${d.requests.cpu}, memory ${d.requests.memory}`;
    const dep = findDeployment(e, o, d.name);
    if (!dep) return noDeployment(id, e, d, expected);
    const got = mainContainer(dep, e.mount.volumeName)?.resources?.requests ?? {};
    const found = `requests cpu ${got.cpu ?? "none"}, memory ${got.memory ?? "none"}`;
    // The API server stores quantities in canonical form (1000m as 1, 1024Mi as 1Gi): compare amounts.
    const same = (r: "cpu" | "memory") => got[r] !== undefined && sameQuantity(r, got[r], d.requests[r]);
    if (same("cpu") && same("memory")) return pass(id, expected, found);
    return fail(id, expected, found, "run `pulumi up`: resources are managed chart values (gateway.resources, gateway.dataservice.resources)");
}

export function availabilityFindings(e: ExpectedState, o: Observed): Finding[] {
    return e.deployments.flatMap((d) => [readyFinding(e, o, d), zonesFinding(e, o, d), requestsFinding(e, o, d)]);
}
