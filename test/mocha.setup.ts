// Test-run settings. Pulumi's SDK records a stack trace for every promise and resource it creates
// (runtime/debuggable.js `debuggablePromise`, resource.js `callsites`); capturing and formatting
// them was a third of every whole-program test. So traces are off: a failing test shows its title,
// message and diff. `TEST_TRACES=1 npm test` turns them back on, with source-mapped positions.
const traces = process.env.TEST_TRACES !== undefined && process.env.TEST_TRACES !== "" && process.env.TEST_TRACES !== "0";
process.setSourceMapsEnabled(traces);
Error.stackTraceLimit = traces ? 20 : 0;
// One fixed day for the EKS support check (program/clock.ts), so no test depends on the date it runs.
import { fixToday } from "../program/clock";
fixToday("2026-11-30");
