// Rules on the pinned chart versions: the program relies on facts of each chart that hold for
// the versions it knows (derive/charts.ts). A version outside them is refused, with what to check
// and where its facts go (docs/upgrading.md).
import { atLeast, AWS_PROVIDER_MAJORS, CSI_DRIVER_LINES, GATEWAY_CHART_FACTS, RELOADER_CSI_SINCE, versionLine } from "../../derive/charts";
import { MODES } from "../../derive/modes";
import { isExactVersion } from "../grammar";
import { Rule } from "./rule";

const known = (table: object, key: string) => Object.hasOwn(table, key);

export const gatewayChartKnown: Rule = ({ s }, p) => {
    const v = s.gateway.chartVersion;
    if (!isExactVersion(v) || known(GATEWAY_CHART_FACTS, v)) return;
    p.add(
        "gateway.chartVersion",
        "is a gateway chart version the program has no facts for (the environment.data keys it leaves null, the keys it reads while rendering, its pod labels), so the values could be wrong without any error",
        `use one of ${Object.keys(GATEWAY_CHART_FACTS).join(", ")}, or check that version's charts/portkey-gateway values.yaml (environment.data) and templates/_helpers.tpl (labels, env helper) in Portkey-AI/helm and add its entry to GATEWAY_CHART_FACTS in derive/charts.ts (docs/upgrading.md)`,
    );
};

export const csiDriverLineKnown: Rule = ({ s }, p) => {
    const v = s.addons.csiDriverChartVersion;
    if (!s.addons.install || !isExactVersion(v) || known(CSI_DRIVER_LINES, versionLine(v, 2))) return;
    p.add(
        "addons.csiDriverChartVersion",
        "is a secrets-store-csi-driver release line the program has no facts for (how it rotates, the values it takes)",
        `use a ${Object.keys(CSI_DRIVER_LINES).join(".x or ")}.x version, or check the release's notes and its chart's values.yaml and add the line to CSI_DRIVER_LINES in derive/charts.ts (docs/versions.md)`,
    );
};

export const awsProviderMajorKnown: Rule = ({ s }, p) => {
    const v = s.addons.awsProviderChartVersion;
    if (!s.addons.install || !isExactVersion(v) || known(AWS_PROVIDER_MAJORS, versionLine(v, 1))) return;
    p.add(
        "addons.awsProviderChartVersion",
        "is a secrets-store-csi-driver-provider-aws major version the program has no facts for (whether it bundles the driver, where it gets the pod's token)",
        `use a ${Object.keys(AWS_PROVIDER_MAJORS).join(".x or ")}.x version, or check its README and chart values and add the major version to AWS_PROVIDER_MAJORS in derive/charts.ts (docs/versions.md)`,
    );
};

export const reloaderHasCsiIntegration: Rule = ({ s }, p) => {
    const v = s.rotation.reloaderChartVersion;
    if (!MODES[s.secretsMode].reloaderCsiIntegration || s.rotation.reloader !== "install" || !isExactVersion(v) || atLeast(v, RELOADER_CSI_SINCE)) return;
    p.add(
        "rotation.reloaderChartVersion",
        `is older than Reloader chart ${RELOADER_CSI_SINCE}, which brought the CSI integration rotation in a mode without a synced Secret needs (reloader.enableCSIIntegration); without it pods never restart on rotation`,
        `use chart ${RELOADER_CSI_SINCE} or later`,
    );
};

export const VERSION_RULES: Rule[] = [gatewayChartKnown, csiDriverLineKnown, awsProviderMajorKnown, reloaderHasCsiIntegration];
