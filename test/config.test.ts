// What only the whole program can show: bad config stops it before any resource is registered.
// The rules themselves are tested beside their modules (config/**/*.test.ts).
import * as assert from "assert";
import { baseConfig, plan } from "./testing";

describe("config validation in the program", () => {
    it("fails the program before any resource is registered, naming the key", async () => {
        await assert.rejects(plan(baseConfig({ secretsMode: "sync" })), (e: Error) => {
            assert.match(e.message, /portkey-gateway:secretsMode: is not one of the accepted values/);
            return true;
        });
    });
});
