// npm run load:bundle:check [-- --node <path to a node binary, e.g. a Node 20>]
// Builds dist/load.js (npm run load:bundle) and runs it with plain node from outside the
// repository (no node_modules) against the mock provider: 50 requests, then 20 streams. Not part
// of npm test: building and starting node twice takes over a second.
import { execFile, execFileSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { startMockProvider } from "../load/mockProvider";

const ROOT = path.resolve(__dirname, "..");
const run = promisify(execFile);

async function main(): Promise<void> {
    const i = process.argv.indexOf("--node");
    const node = i > 0 ? process.argv[i + 1] : process.execPath;
    execFileSync("npm", ["run", "--silent", "load:bundle"], { cwd: ROOT, stdio: "inherit" });
    const mock = await startMockProvider({ chunks: 5, chunkIntervalMs: 1 });
    try {
        const base = mock.url.replace(/\/v1$/, "");
        const version = (await run(node, ["--version"])).stdout.trim();
        console.log(`node ${version} (${node}) running dist/load.js against the mock at ${mock.url}\n`);
        for (const extra of [
            ["--requests", "50"],
            ["--requests", "20", "--stream"],
        ]) {
            const args = [path.join(ROOT, "dist", "load.js"), "--url", base, "--concurrency", "4", "--duration", "10", ...extra];
            process.stdout.write((await run(node, args, { cwd: os.tmpdir() })).stdout + "\n");
        }
    } finally {
        await mock.close();
    }
}

main().catch((e: unknown) => {
    console.error(`npm run load:bundle:check: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
});
