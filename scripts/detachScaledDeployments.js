#!/usr/bin/env node
/* global require, module, process, Buffer */
// Helm post-renderer of the first step of turning autoscaling on for a running release
// (docs/availability.md, "Turning autoscaling on for a running release"): the rendered manifest
// comes on stdin and leaves on stdout without each Deployment that a HorizontalPodAutoscaler of the
// same manifest scales. Helm then keeps that Deployment running as it is (it carries
// `helm.sh/resource-policy: keep`) instead of patching its `replicas` away. Plain JavaScript with no
// dependency: Helm runs this file itself (docs/upstream-facts.md#helm-post-renderer).
"use strict";

/** The value of `key:` at the shallowest indent of a block of YAML lines, unquoted. */
function fieldOf(block, key) {
    const lines = block.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
    if (lines.length === 0) return undefined;
    const indent = lines[0].length - lines[0].trimStart().length;
    for (const line of lines) {
        if (line.length - line.trimStart().length !== indent) continue;
        const m = line.trim().match(/^([^:]+):\s*(.*)$/);
        if (m && m[1] === key) return m[2].replace(/\s+#.*$/, "").replace(/^(["'])(.*)\1$/, "$2");
    }
    return undefined;
}

/** The lines nested under `key:` that starts a line at `indent` characters. */
function blockUnder(doc, key, indent) {
    const lines = doc.split("\n");
    const start = lines.findIndex((l) => l === `${" ".repeat(indent)}${key}:` || l.startsWith(`${" ".repeat(indent)}${key}: `));
    if (start < 0) return "";
    const out = [];
    for (const line of lines.slice(start + 1)) {
        if (line.trim() !== "" && line.length - line.trimStart().length <= indent) break;
        out.push(line);
    }
    return out.join("\n");
}

/** A document's kind and name, and for an HPA the Deployment it scales. */
function describe(doc) {
    const kind = fieldOf(doc.replace(/^---.*$/m, ""), "kind");
    const name = fieldOf(blockUnder(doc, "metadata", 0), "name");
    const target = blockUnder(blockUnder(doc, "spec", 0), "scaleTargetRef", 2);
    const scales = kind === "HorizontalPodAutoscaler" && fieldOf(target, "kind") === "Deployment" ? fieldOf(target, "name") : undefined;
    return { kind, name, scales };
}

/** The manifest stream without the Deployments its HPAs scale; every other document byte for byte. */
function withoutScaledDeployments(stream) {
    const docs = stream.split(/(?=^---[ \t]*$)/m);
    const scaled = new Set(docs.map(describe).flatMap((d) => (d.scales ? [d.scales] : [])));
    return docs
        .filter((doc) => {
            const d = describe(doc);
            return !(d.kind === "Deployment" && scaled.has(d.name));
        })
        .join("");
}

module.exports = { withoutScaledDeployments };

if (require.main === module) {
    const chunks = [];
    process.stdin.on("data", (c) => chunks.push(c));
    process.stdin.on("end", () => process.stdout.write(withoutScaledDeployments(Buffer.concat(chunks).toString("utf8"))));
}
