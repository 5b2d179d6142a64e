// The fake cloud's placeholders: legal where AWS has a grammar, and never two for one fact.
import * as assert from "assert";
import fc from "fast-check";
import { fakeSubnetCidrs, placeholderClusterName } from "./fakeCloud";

describe("placeholderClusterName", () => {
    // EKS CreateCluster: 1-100 characters, a letter or digit first, then letters, digits, hyphens and underscores (docs/upstream-facts.md#eks-cluster-name).
    const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
    it("is a legal EKS cluster name for any stack name, dots included", () => {
        assert.strictEqual(placeholderClusterName("platform/eks/prod.eu_west"), "eks-prod-eu_west");
        // Pulumi stack names: letters, digits, hyphens, underscores and periods.
        const stack = fc.stringMatching(/^[A-Za-z0-9._-]{1,200}$/);
        fc.assert(fc.property(stack, stack, (org, s) => EKS_NAME.test(placeholderClusterName(`${org}/project/${s}`))));
    });
});

describe("fakeSubnetCidrs", () => {
    it("gives each subnet of a run its own /24, the same one each time it is asked", () => {
        const cidrOf = fakeSubnetCidrs();
        // The IDs the reviewer found sharing a block: the same last two hex digits.
        const a = cidrOf("subnet-0aaaaaaaaaaaaaa18");
        const b = cidrOf("subnet-0bbbbbbbbbbbbbb18");
        assert.notStrictEqual(a, b);
        assert.strictEqual(cidrOf("subnet-0aaaaaaaaaaaaaa18"), a);
        fc.assert(
            fc.property(fc.uniqueArray(fc.stringMatching(/^subnet-[0-9a-f]{17}$/), { maxLength: 300 }), (ids) => {
                const f = fakeSubnetCidrs();
                return new Set(ids.map(f)).size === ids.length;
            }),
            { numRuns: 20 },
        );
    });
});
