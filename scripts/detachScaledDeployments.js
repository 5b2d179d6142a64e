#!/usr/bin/env node
/* global require, module, process, Buffer */
// Helm post-renderer of the first step of turning autoscaling on for a running release
// (docs/availability.md, "Turning autoscaling on for a running release"): the rendered manifest
// comes on stdin and leaves on stdout without each Deployment that a HorizontalPodAutoscaler of the
// same manifest scales. Helm then keeps that Deployment running as it is (it carries
// `helm.sh/resource-policy: keep`) instead of patching its `replicas` away. Plain JavaScript, which
// Helm runs itself (docs/upstream-facts.md#helm-post-renderer); it reads YAML with the project's own
// `yaml` package, installed beside the program that names this file.
"use strict";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file Helm runs with plain node
const YAML = require("yaml");

/** A document's kind and name, and for an HPA the Deployment it scales. */
function describe(doc) {
    const o = YAML.parse(doc) ?? {};
    const target = o.spec?.scaleTargetRef;
    const scales = o.kind === "HorizontalPodAutoscaler" && target?.kind === "Deployment" ? target.name : undefined;
    return { kind: o.kind, name: o.metadata?.name, scales };
}

/** The manifest stream without the Deployments its HPAs scale; every other document byte for byte. */
function withoutScaledDeployments(stream) {
    const docs = stream.split(/(?=^---[ \t]*$)/m).map((text) => ({ text, ...describe(text) }));
    const scaled = new Set(docs.flatMap((d) => (d.scales ? [d.scales] : [])));
    return docs
        .filter((d) => !(d.kind === "Deployment" && scaled.has(d.name)))
        .map((d) => d.text)
        .join("");
}

module.exports = { withoutScaledDeployments };

if (require.main === module) {
    const chunks = [];
    process.stdin.on("data", (c) => chunks.push(c));
    process.stdin.on("end", () => process.stdout.write(withoutScaledDeployments(Buffer.concat(chunks).toString("utf8"))));
}
