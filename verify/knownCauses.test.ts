// Known causes matched on the real error strings, as the kubelet puts them in FailedMount events
// ("MountVolume.SetUp failed for volume ... : rpc error: code = Unknown desc = failed to mount
// secrets store objects for pod ..., err: rpc error: code = Unknown desc = <provider error>").
// Sources of each string (driver: kubernetes-sigs/secrets-store-csi-driver; ASCP: aws/secrets-store-csi-driver-provider-aws):
//   driver pkg/secrets-store/nodeserver.go   "failed to mount secrets store objects for pod %s/%s, err: %w"
//   driver pkg/secrets-store/utils.go        "failed to get secretproviderclass %s/%s, error: %w"
//   driver pkg/secrets-store/provider_client.go  errProviderNotFound + `: provider %q`
//   ASCP utils/token_parser.go               `token for audience %q not found - ensure tokenRequests includes this audience in CSIDriver`
//   ASCP server/server.go                    "CSI token error: %w - ...", "An IAM role must be associated with service account %s (namespace: %s)"
//   ASCP credential_provider/pod_identity_credential_provider.go "failed to get AWS config from pod identity agent: %+v"
//   ASCP provider/secrets_manager_provider.go "%s: Failed to describe secret %s: %w", "Failed to fetch secret from all regions. ..."
//   ASCP provider/secret_value.go            "JMES Path - %s for object alias - %s does not point to a valid object."
import * as assert from "assert";
import { evaluate } from "./checks";
import { KNOWN_CAUSES, matchKnownCause } from "./knownCauses";
import { groupObjects } from "./observed";
import { SAMPLE_MESSAGES } from "./samples";
import { failureEvent, healthyObjects, stackState } from "./testing";

describe("verify known causes", () => {
    for (const cause of KNOWN_CAUSES) {
        it(`${cause.id}: matches its upstream message and says the fix`, () => {
            const message = SAMPLE_MESSAGES[cause.id];
            assert.ok(message, `a sample for ${cause.id}`);
            assert.strictEqual(matchKnownCause(message)?.id, cause.id);
            const e = stackState("dev");
            const out = evaluate(e, groupObjects([...healthyObjects(e), failureEvent(e, "FailedMount", message)]));
            const f = out.find((x) => x.id === `events.${cause.id}`);
            assert.ok(f, `events.${cause.id}`);
            assert.strictEqual(f.status, "fail");
            assert.strictEqual(f.fix, cause.fix);
            assert.match(f.found, /^3 FailedMount event\(s\) on portkey-gateway-5d8f7c9b4-x7k2p: /);
        });
    }
    it("the ASCP jmesPath strings themselves match too (as they appear in the provider's log)", () => {
        assert.strictEqual(
            matchKnownCause("JMES Path - OPENAI_API_KEY for object alias - OPENAI_API_KEY does not point to a valid object.")?.id,
            "jmespath-key",
        );
        assert.strictEqual(matchKnownCause("Invalid JMES search result type for path:REDIS_URL. Only string is allowed.")?.id, "jmespath-key");
    });
    it("an unknown message is reported as unrecognised with the logs to read", () => {
        const e = stackState("dev");
        const out = evaluate(
            e,
            groupObjects([...healthyObjects(e), failureEvent(e, "FailedCreatePodSandBox", "failed to setup network for sandbox: plugin type=aws-cni failed")]),
        );
        const f = out.find((x) => x.id === "events.unrecognised")!;
        assert.strictEqual(f.status, "fail");
        assert.match(f.fix!, /logs/);
    });
    it("ignores events of other pods and other reasons", () => {
        const e = stackState("dev");
        const other = [failureEvent(e, "FailedMount", SAMPLE_MESSAGES["access-denied"], "redis-6c9-abc"), failureEvent(e, "Pulled", "ok")];
        const out = evaluate(e, groupObjects([...healthyObjects(e), ...other]));
        assert.deepStrictEqual(
            out.filter((x) => x.id.startsWith("events")).map((x) => [x.id, x.status]),
            [["events", "pass"]],
        );
    });
});
