// Citations a maintainer can follow: every tracked text file cites a public source (a URL, or a
// repository and path) or a file inside this repository, never a document outside it, never an
// absolute path of a build machine; every cited docs/ page and anchor exists (docs/development.md,
// "Citations").
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** Directories that hold no tracked source: dependencies, build output, reports (.gitignore). */
const SKIPPED_DIRS = new Set(["node_modules", ".git", "reports", ".stryker-tmp", "plan-out", "bin"]);
const SCANNED = /\.(ts|mjs|md|ya?ml|json)$/;

function trackedTextFiles(dir = ROOT): string[] {
    const out: string[] = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
            if (!SKIPPED_DIRS.has(e.name)) out.push(...trackedTextFiles(full));
        } else if ((SCANNED.test(e.name) && e.name !== "package-lock.json") || path.basename(dir) === ".ci") {
            out.push(path.relative(ROOT, full).split(path.sep).join("/"));
        }
    }
    return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
    return heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .trim()
        .replace(/\s/g, "-");
}

/** Results already worked out from a text: each is asked for once per citation, and the texts do not change during a run. */
const anchors = new Map<string, Set<string>>();
const shortNames = new Map<string, string[]>();
function memo<T>(cache: Map<string, T>, text: string, work: (text: string) => T): T {
    if (!cache.has(text)) cache.set(text, work(text));
    return cache.get(text)!;
}

function anchorsOf(markdown: string): Set<string> {
    return memo(anchors, markdown, headingAnchors);
}

function headingAnchors(markdown: string): Set<string> {
    const out = new Set<string>();
    let fenced = false;
    for (const line of markdown.split("\n")) {
        if (line.startsWith("```")) fenced = !fenced;
        const m = !fenced && /^#{1,6} (.*)$/.exec(line);
        if (m) out.add(headingAnchor(m[1]));
    }
    return out;
}

/** The repository as the checker sees it: which files exist, and their text. */
export interface Repo {
    read(file: string): string | undefined;
}

const MACHINE_PATH = /(^|[^\w.~/-])\/(work|farm|home|root|Users)\//;
const NOTES = /(^|[^\w.-])facts(-[\w-]+)?\.md\b/;
const BARE_DOC = /(^|[^\w./-])([\w-]+\.md)\b/g;
const DOCS_CITATION = /(^|[^\w./-])(docs\/[\w.-]+\.md)(#[\w-]+)?/g;
const MD_LINK = /\]\(([^)\s]+)\)/g;
/** A path with a file extension, not inside a URL: how a file of another repository is cited. */
const CITED_PATH = /(?<![\w./@:#~-])((?:[\w-]+\/)+[\w.-]*\.(?:go|md|mdx|adoc|ya?ml|ts|js|tpl|json|txt|sh|py))(?![\w/])/g;
/** owner/name: a repository, unless the first part is one of these directory names. */
const OWNER_NAME = /(?<![\w./@-])([A-Za-z0-9][\w.-]*)\/([\w.-]*[\w-])(?![\w.-]*\/)/g;
const DIRECTORY_NAMES = new Set(
    "api apis charts cmd config controllers crds credential_provider data docs go helm latest lib nodejs packages pkg plugin policy provider sdk server src stable templates time utils".split(
        " ",
    ),
);
/** Output directories of this repository's tools (.gitignore): paths in them are not citations. */
const OUTPUT_DIRS = new Set(["reports", "plan-out"]);

/** The short names docs/upstream-facts.md gives repositories (`helm@576a626`), which name a repository as well. */
function shortRepositoryNames(repo: Repo): string[] {
    return memo(shortNames, repo.read("docs/upstream-facts.md") ?? "", (facts) =>
        [...facts.matchAll(/^\| ([\w-]+)@[\w.]+ \| \[[\w-]+\/[\w.-]+\]/gm)].map((m) => m[1]),
    );
}

/** Whether a text names a repository: a URL, an npm package, owner/name, or a short name of docs/upstream-facts.md. */
function namesRepository(text: string, shortNames: string[]): boolean {
    if (/https?:\/\/|@[\w-]+\/[\w.-]+/.test(text)) return true;
    if (shortNames.some((n) => new RegExp(`(^|[^\\w-])${n}@[\\w.]`).test(text))) return true;
    return [...text.matchAll(OWNER_NAME)].some(([, owner, name]) => !DIRECTORY_NAMES.has(owner) && !/\.(go|md|ya?ml|ts|tpl|json)$/.test(name));
}

const isCommentLine = (line: string) => /^\s*(\/\/|\/\*|\*|#)/.test(line);

/** What a line of code cites with: its comment, and the titles of tests; a prose line is all citation. */
function citingText(line: string, prose: boolean): string {
    if (prose || isCommentLine(line)) return line;
    const comment = line.indexOf("// ");
    const titles = [...line.matchAll(/\b(?:it|describe)\(\s*(["'`])(.*?)\1/g)].map((m) => m[2]);
    return [comment >= 0 ? line.slice(comment) : "", ...titles].join(" ");
}

/** The text a citation on line i belongs to: its paragraph in prose; its comment block in code (a code line: the comment above it). */
function citationBlock(lines: string[], i: number, prose: boolean): string {
    let [a, b] = [i, i];
    const joined = prose ? (l: string) => l.trim() !== "" : isCommentLine;
    while (a > 0 && joined(lines[a - 1])) a--;
    if (prose || isCommentLine(lines[i])) while (b < lines.length - 1 && joined(lines[b + 1])) b++;
    return lines.slice(a, b + 1).join("\n");
}

/** Files of other repositories cited on line i without naming their repository in the line's paragraph or comment. */
function unnamedRepositoryCitations(repo: Repo, file: string, lines: string[], i: number): string[] {
    // A cited path has a slash, and what a line cites with is a part of the line.
    if (!lines[i].includes("/")) return [];
    const prose = /\.(md|ya?ml)$/.test(file);
    const out: string[] = [];
    for (const [, cited] of citingText(lines[i], prose).matchAll(CITED_PATH)) {
        const inRepo = repo.read(cited) !== undefined || repo.read(path.posix.join(path.posix.dirname(file), cited)) !== undefined;
        // A docs page of this repository is checked as such (DOCS_CITATION).
        if (
            inRepo ||
            /^docs\/[\w.-]+\.md$/.test(cited) ||
            OUTPUT_DIRS.has(cited.split("/")[0]) ||
            namesRepository(citationBlock(lines, i, prose), shortRepositoryNames(repo))
        )
            continue;
        out.push(`${file}:${i + 1}: cites ${cited}, which is not in this repository, without naming the repository it is in`);
    }
    return out;
}

/** A cited file (repo-relative) and anchor: what is wrong with the citation, if anything. */
function targetProblem(repo: Repo, file: string, anchor: string | undefined): string | undefined {
    const text = repo.read(file);
    if (text === undefined) return `${file} does not exist`;
    if (anchor !== undefined && file.endsWith(".md") && !anchorsOf(text).has(anchor)) return `${file} has no heading #${anchor}`;
    return undefined;
}

function linkProblems(repo: Repo, file: string, text: string): string[] {
    const out: string[] = [];
    const dir = path.posix.dirname(file);
    for (const [, link] of text.matchAll(MD_LINK)) {
        if (/^[a-z]+:/i.test(link)) continue;
        const [target, anchor] = link.split("#");
        const resolved = target === "" ? file : path.posix.normalize(path.posix.join(dir, target));
        if (resolved.startsWith("../")) out.push(`${file}: links to ${link}, outside the repository`);
        else {
            const p = targetProblem(repo, resolved, anchor);
            if (p) out.push(`${file}: links to ${link}: ${p}`);
        }
    }
    return out;
}

/** Every citation problem of one file: machine paths, documents outside the repository, missing docs pages or anchors. */
export function citationProblems(repo: Repo, file: string): string[] {
    const text = repo.read(file) ?? "";
    const out: string[] = [];
    // In markdown, link targets are checked as links (linkProblems), not as cited names.
    const lines = file.endsWith(".md") ? text.replace(MD_LINK, "]()").split("\n") : text.split("\n");
    lines.forEach((line, i) => {
        const at = `${file}:${i + 1}`;
        out.push(...unnamedRepositoryCitations(repo, file, lines, i));
        if (MACHINE_PATH.test(line)) out.push(`${at}: an absolute path of a machine`);
        if (NOTES.test(line)) out.push(`${at}: cites notes that are not in the repository (use docs/upstream-facts.md#<anchor>)`);
        for (const [, , name] of line.matchAll(BARE_DOC)) {
            if (
                repo.read(name) === undefined &&
                repo.read(`docs/${name}`) === undefined &&
                repo.read(path.posix.join(path.posix.dirname(file), name)) === undefined
            )
                out.push(`${at}: cites ${name}, which is not in the repository`);
        }
        for (const [, , cited, hash] of line.matchAll(DOCS_CITATION)) {
            const p = targetProblem(repo, cited, hash?.slice(1));
            if (p) out.push(`${at}: cites ${cited}${hash ?? ""}: ${p}`);
        }
        if (/\.\.\/[\w-]/.test(line) && !file.endsWith(".md")) {
            for (const [ref] of line.matchAll(/(\.\.\/)+[\w./-]+/g)) {
                if (path.posix.normalize(path.posix.join(path.posix.dirname(file), ref)).startsWith("../"))
                    out.push(`${at}: cites ${ref}, outside the repository`);
            }
        }
    });
    if (file.endsWith(".md")) out.push(...linkProblems(repo, file, text));
    return out;
}

function repoOf(files: Record<string, string>): Repo {
    return { read: (f) => (Object.hasOwn(files, f) ? files[f] : undefined) };
}

describe("citationProblems", () => {
    const notes = "facts.md";
    const machine = "/home/builder/shared/facts.md";
    const page = "# Availability\n\n## Sizing requests and limits\n\n```sh\n# not a heading\n```\n";
    const repo = repoOf({ "docs/availability.md": page, "README.md": "# Title\n", "derive/a.ts": "" });
    const problems = (file: string, text: string) =>
        citationProblems(repoOf({ ...{ "docs/availability.md": page, "README.md": "# Title\n" }, [file]: text }), file);

    it("accepts a public source, a repository file, an existing docs page and anchor", () => {
        for (const line of [
            "// docs/availability.md#sizing-requests-and-limits",
            "// Portkey-AI/helm@576a626 charts/portkey-gateway/docs/SecretManager.md",
            "// https://github.com/aws/secrets-store-csi-driver-provider-aws/blob/main/README.md",
            "// kubernetes-sigs/secrets-store-csi-driver v1.5.6 docs/book/src/topics/sync-as-kubernetes-secret.md",
            "// see README.md, and the mount at /mnt/secrets-store",
            'import { x } from "../derive/a";',
        ])
            assert.deepStrictEqual(problems("test/x.test.ts", line), [], line);
        assert.deepStrictEqual(problems("docs/x.md", "[a](availability.md#sizing-requests-and-limits) [b](../README.md#title) [c](#x)\n\n## X\n"), []);
        assert.deepStrictEqual(citationProblems(repo, "docs/availability.md"), []);
    });

    it("rejects an absolute machine path", () =>
        assert.deepStrictEqual(problems("derive/x.ts", `// see ${machine}`), [
            "derive/x.ts:1: an absolute path of a machine",
            `derive/x.ts:1: cites notes that are not in the repository (use docs/upstream-facts.md#<anchor>)`,
        ]));

    it("rejects notes that are not in the repository, by name or by a path out of it", () => {
        assert.deepStrictEqual(problems("derive/x.ts", `// ${notes} §7`), [
            "derive/x.ts:1: cites notes that are not in the repository (use docs/upstream-facts.md#<anchor>)",
            `derive/x.ts:1: cites ${notes}, which is not in the repository`,
        ]);
        assert.deepStrictEqual(problems("derive/x.ts", "// see ../../shared/notes.txt"), [
            "derive/x.ts:1: cites ../../shared/notes.txt, outside the repository",
        ]);
        assert.deepStrictEqual(problems("derive/x.ts", "// see docs-sizing.md"), ["derive/x.ts:1: cites docs-sizing.md, which is not in the repository"]);
    });

    it("rejects a docs page or an anchor that does not exist", () => {
        assert.deepStrictEqual(problems("derive/x.ts", "// docs/sizing.md"), ["derive/x.ts:1: cites docs/sizing.md: docs/sizing.md does not exist"]);
        assert.deepStrictEqual(problems("derive/x.ts", "// docs/availability.md#sizing"), [
            "derive/x.ts:1: cites docs/availability.md#sizing: docs/availability.md has no heading #sizing",
        ]);
        assert.deepStrictEqual(problems("derive/x.ts", "// docs/availability.md#not-a-heading"), [
            "derive/x.ts:1: cites docs/availability.md#not-a-heading: docs/availability.md has no heading #not-a-heading",
        ]);
    });

    it("rejects a file of another repository cited without its repository, in code, in a test title and in prose", () => {
        assert.deepStrictEqual(problems("config/rules/x.ts", "/** An ALB needs two zones (docs/deploy/subnet_discovery.md). */"), [
            "config/rules/x.ts:1: cites docs/deploy/subnet_discovery.md, which is not in this repository, without naming the repository it is in",
        ]);
        assert.deepStrictEqual(problems("derive/x.test.ts", 'it("sets clusterName (required by templates/deployment.yaml)", () => {'), [
            "derive/x.test.ts:1: cites templates/deployment.yaml, which is not in this repository, without naming the repository it is in",
        ]);
        assert.deepStrictEqual(problems("docs/x.md", "The chart's Redis (`templates/redis/deployment.yaml`) has no security context."), [
            "docs/x.md:1: cites templates/redis/deployment.yaml, which is not in this repository, without naming the repository it is in",
        ]);
    });

    it("accepts a cited file of another repository named on its line, in its comment or paragraph, by URL, npm package or short name", () => {
        for (const text of [
            "// kubernetes-sigs/aws-load-balancer-controller@v3.5.0 docs/deploy/subnet_discovery.md",
            "// The controller (kubernetes-sigs/aws-load-balancer-controller, v3.5.0):\n// its docs/deploy/subnet_discovery.md says so.",
            "// Portkey-AI/helm charts/portkey-gateway 1.7.7:\nconst x = 1; // templates/gateway/service.yaml",
            "// https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/deploy/subnet_discovery.md",
            "// the npm package @portkey-ai/gateway@1.15.2 build/start-server.js",
            "// docs/upstream-facts.md and derive/a.ts exist here",
            'fs.writeFileSync(path.join(out, "stale-release/values.yaml"), "");',
            "// written to reports/mutation/mutation.json",
        ])
            assert.deepStrictEqual(citationProblems(repoOf({ "docs/upstream-facts.md": "", "derive/a.ts": "", "derive/x.ts": text }), "derive/x.ts"), [], text);
        const facts = "| helm@576a626 | [Portkey-AI/helm](https://github.com/Portkey-AI/helm) | `576a626` | the chart |\n";
        assert.deepStrictEqual(
            citationProblems(repoOf({ "docs/upstream-facts.md": facts, "derive/x.ts": "// helm@576a626 templates/_helpers.tpl" }), "derive/x.ts"),
            [],
        );
        assert.deepStrictEqual(problems("docs/x.md", "Read in kubernetes-sigs/aws-load-balancer-controller:\n\n`docs/deploy/subnet_discovery.md`").length, 1);
    });

    it("rejects a markdown link to a missing file or anchor, or out of the repository", () => {
        assert.deepStrictEqual(problems("docs/x.md", "[a](layouts.md)"), ["docs/x.md: links to layouts.md: docs/layouts.md does not exist"]);
        assert.deepStrictEqual(problems("docs/x.md", "[a](#nowhere)"), ["docs/x.md: links to #nowhere: docs/x.md has no heading #nowhere"]);
        assert.deepStrictEqual(problems("README.md", "[a](docs/availability.md#sizing)"), [
            "README.md: links to docs/availability.md#sizing: docs/availability.md has no heading #sizing",
        ]);
        assert.deepStrictEqual(problems("docs/x.md", "[a](../../notes.md)"), ["docs/x.md: links to ../../notes.md, outside the repository"]);
    });
});

describe("headingAnchor", () => {
    it("is GitHub's anchor for a heading (code spans, commas and parentheses dropped)", () => {
        assert.strictEqual(headingAnchor("What the first `up` needs"), "what-the-first-up-needs");
        assert.strictEqual(headingAnchor("Protected resources, and retiring a stack"), "protected-resources-and-retiring-a-stack");
        assert.strictEqual(headingAnchor("A second region (failover)"), "a-second-region-failover");
        assert.strictEqual(headingAnchor("chart-env-modes"), "chart-env-modes");
    });
});

describe("citations in the repository", () => {
    const files = trackedTextFiles();
    // Read once each: a file is asked for once per citation of it.
    const texts = new Map<string, string | undefined>();
    const readFile = (f: string) =>
        fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile() ? fs.readFileSync(path.join(ROOT, f), "utf8") : undefined;
    const repo: Repo = { read: (f) => memo(texts, f, readFile) };

    it("scans the code, the tests and the docs", () => {
        for (const f of ["README.md", "docs/upstream-facts.md", "derive/iam.ts", "test/citations.test.ts", ".github/workflows/preview.yml", ".ci/run"])
            assert.ok(files.includes(f), f);
    });

    it("cite only public sources and files that exist in the repository", () => {
        // This file's fixtures are bad citations on purpose; every other file is checked.
        const checked = files.filter((f) => f !== "test/citations.test.ts");
        assert.deepStrictEqual(
            checked.flatMap((f) => citationProblems(repo, f)),
            [],
        );
    });
});
