// npm run load:bundle:check [-- --node <path to a node binary, e.g. a Node 20>]
// Builds dist/load.js and dist/mock.js (npm run load:bundle) and runs both with plain node from
// outside the repository (no node_modules): the mock, then 50 requests and 20 streams against it.
// Not part of npm test: building and starting node three times takes over a second.
import { execFile, execFileSync, spawn } from "child_process";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

const ROOT = path.resolve(__dirname, "..");
const run = promisify(execFile);

async function main(): Promise<void> {
    const i = process.argv.indexOf("--node");
    const node = i > 0 ? process.argv[i + 1] : process.execPath;
    execFileSync("npm", ["run", "--silent", "load:bundle"], { cwd: ROOT, stdio: "inherit" });
    const mock = spawn(node, [path.join(ROOT, "dist", "mock.js"), "--chunks", "5", "--interval-ms", "1"], {
        cwd: os.tmpdir(),
        stdio: ["ignore", "pipe", "inherit"],
    });
    try {
        // The mock prints its base URL as its first line once it listens.
        const url = await new Promise<string>((resolve, reject) => {
            mock.stdout.once("data", (b: Buffer) => resolve(b.toString("utf8").split("\n")[0]));
            mock.once("exit", (code) => reject(new Error(`dist/mock.js exited with ${code} before printing its URL`)));
        });
        const version = (await run(node, ["--version"])).stdout.trim();
        console.log(`node ${version} (${node}) running dist/load.js against dist/mock.js at ${url}\n`);
        for (const extra of [
            ["--requests", "50"],
            ["--requests", "20", "--stream"],
        ]) {
            const args = [path.join(ROOT, "dist", "load.js"), "--url", url.replace(/\/v1$/, ""), "--concurrency", "4", "--duration", "10", ...extra];
            process.stdout.write((await run(node, args, { cwd: os.tmpdir() })).stdout + "\n");
        }
    } finally {
        mock.kill("SIGTERM");
    }
}

main().catch((e: unknown) => {
    console.error(`npm run load:bundle:check: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
});
