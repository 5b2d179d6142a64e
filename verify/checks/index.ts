// The evaluation: a pure function of the expected state and the observed objects.
import { ExpectedState } from "../expected";
import { Finding, Observed } from "../types";
import { availabilityFindings } from "./availability";
import { driverFindings } from "./driver";
import { driftFindings } from "./drift";
import { endpointFindings } from "./endpoint";
import { eventFindings } from "./events";
import { identityFindings } from "./identity";
import { mountStatusFinding } from "./mountStatus";
import { podSecurityFindings } from "./podSecurity";
import { providerFindings } from "./provider";
import { rotationFindings } from "./rotation";
import { scalingFindings } from "./scaling";
import { classFinding } from "./secretProviderClass";
import { syncedSecretFinding } from "./syncedSecret";
import { workloadFindings } from "./workloads";

export function evaluate(e: ExpectedState, o: Observed): Finding[] {
    return [
        ...driverFindings(e, o),
        ...providerFindings(e, o),
        classFinding(e, o),
        ...workloadFindings(e, o),
        ...availabilityFindings(e, o),
        ...podSecurityFindings(e, o),
        syncedSecretFinding(e, o),
        ...identityFindings(e, o),
        mountStatusFinding(e, o),
        ...rotationFindings(e, o),
        ...endpointFindings(e, o),
        ...driftFindings(e, o),
        ...scalingFindings(e, o),
        ...eventFindings(e, o),
    ];
}
