// Rules of rotation: the poll interval the driver can parse, and Reloader only with rotation.
import { durationNanoseconds, MAX_GO_DURATION_NS } from "../grammar";
import { MODES } from "../../derive/modes";
import { Rule } from "./rule";

export const pollIntervalIsADuration: Rule = ({ s }, p) => {
    if (!s.rotation.enabled) return;
    const ns = durationNanoseconds(s.rotation.pollInterval);
    if (ns === undefined) {
        p.add("rotation.pollInterval", "is not a duration of whole hours, minutes and seconds", 'use a duration such as "1h", "30m" or "1h30m"');
    } else if (ns === 0n) {
        p.add("rotation.pollInterval", "is zero", 'use a positive duration; one hour ("1h") keeps the Secrets Manager API cost down');
    } else if (ns > MAX_GO_DURATION_NS) {
        p.add("rotation.pollInterval", "is longer than the driver can parse (Go durations end at 2562047h47m16s)", 'use a duration such as "1h" or "24h"');
    }
};

export const reloaderNeedsRotation: Rule = ({ s }, p) => {
    if (s.rotation.enabled || s.rotation.reloader === "none") return;
    const why = MODES[s.secretsMode].reloaderCsiIntegration
        ? "in mount-only mode Reloader's CSI integration only sees a change when the driver rotates the mounted secrets"
        : "without driver rotation the synced Secret never changes, so Reloader has nothing to react to";
    p.add(
        "rotation.reloader",
        `Reloader is set to "${s.rotation.reloader}" but rotation.enabled is false: ${why}`,
        "set rotation.enabled to true, or set rotation.reloader to none",
    );
};

export const ROTATION_RULES: Rule[] = [pollIntervalIsADuration, reloaderNeedsRotation];
