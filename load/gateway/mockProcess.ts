// The mock provider in a process of its own, so the gateway benchmark can pin it to a CPU and read
// its CPU time from /proc. Argument: the mock's options as JSON. Prints {"url": ...} once
// listening; stops on SIGTERM or when its parent closes stdin.
import { startMockProvider, type MockProviderOptions } from "../mockProvider";

async function main(): Promise<void> {
    const options = JSON.parse(process.argv[2] ?? "{}") as MockProviderOptions;
    const mock = await startMockProvider(options);
    process.stdout.write(JSON.stringify({ url: mock.url }) + "\n");
    const stop = () => void mock.close().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.stdin.on("end", stop);
    process.stdin.resume();
}

void main();
