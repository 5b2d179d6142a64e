import * as assert from "assert";
import { existingClusterKubeconfig } from "./kubeconfig";

describe("existingClusterKubeconfig", () => {
    // The shape `aws eks update-kubeconfig` writes: an exec credential from `aws eks get-token`.
    it("points at the cluster and gets a token from the AWS CLI at use time", () => {
        assert.deepStrictEqual(existingClusterKubeconfig("shared", "https://ABC.gr7.eu-west-1.eks.amazonaws.com", "Q0EK", "eu-west-1"), {
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "shared", cluster: { server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com", "certificate-authority-data": "Q0EK" } }],
            contexts: [{ name: "shared", context: { cluster: "shared", user: "shared" } }],
            "current-context": "shared",
            users: [
                {
                    name: "shared",
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "aws",
                            args: ["eks", "get-token", "--cluster-name", "shared", "--region", "eu-west-1", "--output", "json"],
                        },
                    },
                },
            ],
        });
    });
});
