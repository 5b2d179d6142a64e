// npm run load -- --url <gateway base URL> --concurrency N --duration S [...] (docs/capacity.md#the-load-tool)
// Sends OpenAI-shaped chat completions through a gateway and prints what it measured.
import { parseLoadFlags, USAGE } from "../load/flags";
import { loadReportTable } from "../load/report";
import { runLoad } from "../load/run";

async function main(): Promise<number> {
    const flags = parseLoadFlags(process.argv.slice(2));
    if (flags.help) {
        process.stdout.write(USAGE);
        return 0;
    }
    if (flags.problems.length > 0) {
        for (const p of flags.problems) console.error(`npm run load: ${p}`);
        return 2;
    }
    const report = await runLoad(flags.options);
    process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + "\n" : loadReportTable(report));
    return 0;
}

main().then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
        console.error(`npm run load: ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 1;
    },
);
