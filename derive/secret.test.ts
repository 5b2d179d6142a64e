import * as assert from "assert";
import { dockerConfigJson, secretJson } from "./secret";

describe("secretJson", () => {
    // docs/upstream-facts.md#ascp-string-keys: every synced key must be a string in the secret JSON.
    it("is one JSON object of strings, keys sorted", () => {
        assert.strictEqual(secretJson({ REDIS_URL: "redis://r:6379", OPENAI_API_KEY: "sk-test" }), '{"OPENAI_API_KEY":"sk-test","REDIS_URL":"redis://r:6379"}');
        assert.strictEqual(secretJson({}), "{}");
    });
});

describe("dockerConfigJson", () => {
    // The chart's imagePullSecret helper (Portkey-AI/helm _helpers.tpl): auths.<registry> with
    // username, password, email and auth = base64("<user>:<password>").
    it("holds the credentials and their base64 auth for the registry", () => {
        assert.deepStrictEqual(dockerConfigJson({ registry: "https://index.docker.io/v1/", username: "acme", password: "pw" }), {
            auths: { "https://index.docker.io/v1/": { username: "acme", password: "pw", auth: "YWNtZTpwdw==" } },
        });
    });

    it("adds the email only when set", () => {
        assert.deepStrictEqual(dockerConfigJson({ registry: "r.example", username: "u", password: "p", email: "ops@example.com" }), {
            auths: { "r.example": { username: "u", password: "p", email: "ops@example.com", auth: "dTpw" } },
        });
        assert.ok(!("email" in dockerConfigJson({ registry: "r", username: "u", password: "p", email: "" }).auths.r));
    });
});
