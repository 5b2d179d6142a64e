// Test-run settings. Pulumi's SDK records a stack trace for every promise it creates
// (runtime/debuggable.js, debuggablePromise); with tsx's source maps on and full-depth traces,
// building them dominated the whole-program tests. A failing test's trace then shows compiled
// positions and its four innermost frames.
process.setSourceMapsEnabled(false);
Error.stackTraceLimit = 4;
// One fixed day for the EKS support check (program/clock.ts), so no test depends on the date it runs.
import { fixToday } from "../program/clock";
fixToday("2026-11-30");
