// Loaded by mocha after tsx/cjs and before the setup and the tests (.mocharc.json `require`).
// tsx checks each JavaScript file it loads for ES-module syntax with es-module-lexer. It starts
// compiling the lexer's WebAssembly build when it registers, and until that is ready it uses the
// lexer's slower asm.js build; the suite's modules are required at once, so without this wait
// nearly all of them would be lexed by the slow build (about 0.3 s of CPU per run). The wait is
// about a millisecond, and both builds are the same lexer, so nothing else changes.
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import { setImmediate } from "timers/promises";

const require = createRequire(import.meta.url);
const dist = path.dirname(path.dirname(require.resolve("tsx/cjs")));
const lexer = fs.readdirSync(dist).find((f) => /^lexer-.*\.cjs$/.test(f));
if (lexer !== undefined) {
    await require(path.join(dist, lexer)).init;
    // tsx takes the ready lexer in a continuation of the same promise.
    await setImmediate();
}
