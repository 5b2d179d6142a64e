// npm run load:mock -- [--port P] [--chunks N] [--interval-ms M] [--first-chunk-ms F]
// Runs the OpenAI-shaped mock provider until interrupted, printing its base URL.
import { MOCK_USAGE, parseMockFlags } from "../load/flags";
import { startMockProvider } from "../load/mockProvider";

async function main(): Promise<void> {
    const flags = parseMockFlags(process.argv.slice(2));
    if (flags.help) return void process.stdout.write(MOCK_USAGE);
    if (flags.problems.length > 0) {
        for (const p of flags.problems) console.error(`npm run load:mock: ${p}`);
        process.exitCode = 2;
        return;
    }
    const mock = await startMockProvider(flags.options);
    console.log(mock.url);
    const stop = () => {
        const { requests, streams } = mock.served();
        console.error(`served ${requests} requests, ${streams} streams`);
        void mock.close();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
    console.error(`npm run load:mock: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
});
