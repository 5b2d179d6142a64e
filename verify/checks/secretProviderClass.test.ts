// The SecretProviderClass, one difference at a time. Its spec: kubernetes-sigs/secrets-store-csi-driver
// apis/v1/secretproviderclass_types.go (provider, parameters map[string]string, secretObjects);
// ASCP parses parameters.objects as YAML (aws/secrets-store-csi-driver-provider-aws
// provider/secret_descriptor.go, sigs.k8s.io/yaml), so JSON and YAML of the same list are equal.
import * as assert from "assert";
import { ExpectedState } from "../expected";
import { groupObjects } from "../observed";
import { edit, healthyObjects, obj, stackState } from "../testing";
import { KubeObject, SecretProviderClass } from "../types";
import { canonical, classFinding } from "./secretProviderClass";

const SPC = "portkey-gateway-aws-secrets";
const dev = () => stackState("dev");
const cls = (e: ExpectedState, objects: KubeObject[]) => classFinding(e, groupObjects(objects));
const setSpc = (e: ExpectedState, change: (c: SecretProviderClass) => void) => edit(healthyObjects(e), "SecretProviderClass", SPC, change);

describe("verify class: canonical JSON", () => {
    it("sorts keys at every depth, keeps list order, drops undefined fields", () => {
        assert.strictEqual(canonical({ b: 1, a: { d: [2, 1], c: "x" }, u: undefined }), '{"a":{"c":"x","d":[2,1]},"b":1}');
        assert.strictEqual(canonical([{ b: 1, a: 2 }, null, true]), '[{"a":2,"b":1},null,true]');
        assert.strictEqual(canonical({ B: 1, a: 2, A: 3 }), '{"A":3,"B":1,"a":2}');
        assert.strictEqual(canonical('say "hi"'), '"say \\"hi\\""');
        assert.strictEqual(canonical({ a: 1, b: 2 }), canonical({ b: 2, a: 1 }));
        assert.notStrictEqual(canonical([1, 2]), canonical([2, 1]));
        assert.strictEqual(canonical({}), "{}");
    });
});

describe("verify class: spec", () => {
    it("dev passes, as in docs/operating.md", () => {
        const f = cls(dev(), healthyObjects(dev()));
        assert.deepStrictEqual(
            [f.id, f.status, f.expected, f.found],
            [
                "class.spec",
                "pass",
                `SecretProviderClass portkeyai/${SPC} with the derived spec (provider aws, parameters objects, region, secretObjects)`,
                "spec equals the derived one",
            ],
        );
    });
    it("mount-only expects no secretObjects, and fails on any", () => {
        const e = stackState("staging");
        const f = cls(e, healthyObjects(e));
        assert.strictEqual(f.status, "pass");
        assert.doesNotMatch(f.expected, /secretObjects/);
        const withObjects = edit(
            healthyObjects(e),
            "SecretProviderClass",
            SPC,
            (c: SecretProviderClass) => void (c.spec!.secretObjects = [{ secretName: "x" }]),
        );
        assert.deepStrictEqual(cls(e, withObjects).found, 'secretObjects: expected [], found [{"secretName":"x"}]');
    });
    it("another provider fails; a class without a spec has every field unset", () => {
        const other = cls(
            dev(),
            setSpc(dev(), (c) => void (c.spec!.provider = "azure")),
        );
        assert.deepStrictEqual([other.status, other.found], ["fail", "provider: expected aws, found azure"]);
        assert.match(other.fix!, /pulumi up/);
        const bare = cls(
            dev(),
            setSpc(dev(), (c) => void delete c.spec),
        );
        assert.match(
            bare.found,
            /^provider: expected aws, found unset; parameters\.objects: expected \[.*\], found unset; parameters\.region: expected "us-east-1", found unset; secretObjects: expected \[.*\], found \[\]$/,
        );
    });
    it("an extra or changed parameter is named; objects that are not YAML are compared as text", () => {
        const extra = cls(
            dev(),
            setSpc(dev(), (c) => void (c.spec!.parameters!.failoverRegion = "us-west-2")),
        );
        assert.strictEqual(extra.found, 'parameters.failoverRegion: expected unset, found "us-west-2"');
        const region = cls(
            dev(),
            setSpc(dev(), (c) => void (c.spec!.parameters!.region = "eu-west-1")),
        );
        assert.strictEqual(region.found, 'parameters.region: expected "us-east-1", found "eu-west-1"');
        const broken = cls(
            dev(),
            setSpc(dev(), (c) => void (c.spec!.parameters!.objects = "- [unclosed")),
        );
        assert.match(broken.found, /^parameters\.objects: expected \[.*\], found "- \[unclosed"$/);
    });
    it("the same objects in YAML pass", () => {
        const e = dev();
        const parsed = JSON.parse(e.secretProviderClass.parameters.objects) as Array<Record<string, unknown>>;
        const yaml = parsed.map((o) => `- ${JSON.stringify(o)}`).join("\n");
        assert.strictEqual(
            cls(
                e,
                setSpc(e, (c) => void (c.spec!.parameters!.objects = yaml)),
            ).status,
            "pass",
        );
    });
    it("missing from the namespace: lists the classes there and where this one is", () => {
        const e = dev();
        const moved = setSpc(e, (c) => void (c.metadata.namespace = "default"));
        const others = [
            obj("secrets-store.csi.x-k8s.io/v1", "SecretProviderClass", "a", "portkeyai"),
            obj("secrets-store.csi.x-k8s.io/v1", "SecretProviderClass", "b", "portkeyai"),
        ];
        const f = cls(e, [...moved, ...others]);
        assert.deepStrictEqual([f.status, f.found], ["fail", `none in portkeyai (classes there: a, b; ${SPC} found in default)`]);
        assert.match(f.fix!, /must exist in portkeyai/);
        const nowhere = cls(e, others);
        assert.strictEqual(nowhere.found, "none in portkeyai (classes there: a, b)");
    });
});
