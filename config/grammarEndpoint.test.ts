// Grammars of the endpoint's values, each as the receiving side reads it.
import * as assert from "assert";
import { isAcmCertificateArn, isHostname, isIpv4Cidr, isSubnetId } from "./grammar";

describe("isIpv4Cidr", () => {
    it("accepts a network address with its prefix, /0 to /32", () => {
        for (const v of ["10.0.0.0/16", "0.0.0.0/0", "192.168.1.7/32", "10.30.8.0/22", "172.16.0.0/12", "10.0.100.0/24", "10.0.0.100/32", "255.255.255.255/32"])
            assert.ok(isIpv4Cidr(v), v);
    });
    it("rejects host bits set (AWS refuses 10.0.0.1/16 as a source range), bad octets and prefixes, IPv6 and leading zeros", () => {
        for (const v of [
            "10.0.0.1/16",
            "10.0.1.0/23",
            "10.0.0.0/16x",
            "256.0.0.0/8",
            "10.0.0.0/33",
            "10.0.0.0",
            "10.0.0/8",
            "fd00::/8",
            "010.0.0.0/8",
            " 10.0.0.0/8",
        ])
            assert.ok(!isIpv4Cidr(v), v);
    });
});

describe("isHostname", () => {
    it("accepts lower-case DNS names of two labels or more", () => {
        for (const v of ["gw.example.com", "portkey.staging.internal.example.com", "a-1.b2.io", "a.b", "gw.123b", `${"a.".repeat(125)}abc`])
            assert.ok(isHostname(v), v);
    });
    it("rejects one label, upper case, underscores, empty labels, a numeric top label, long labels and wildcards", () => {
        for (const v of [
            "localhost",
            "a.b.123",
            `${"a.".repeat(126)}ab`,
            "Gw.example.com",
            "gw_1.example.com",
            "gw..example.com",
            "10.0.0.1",
            `${"a".repeat(64)}.com`,
            "*.example.com",
            "-a.example.com",
        ])
            assert.ok(!isHostname(v), v);
    });
});

describe("isAcmCertificateArn", () => {
    it("accepts ACM certificate ARNs in any partition", () => {
        for (const v of ["arn:aws:acm:eu-west-1:123456789012:certificate/6f1c2d3e-4a5b", "arn:aws-cn:acm:cn-north-1:123456789012:certificate/x1"])
            assert.ok(isAcmCertificateArn(v), v);
    });
    it("rejects IAM server certificates, other services and short accounts", () => {
        for (const v of [
            "arn:aws:iam::123456789012:server-certificate/x",
            "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/x",
            "arn:aws:acm:eu-west-1:1234:certificate/x",
        ])
            assert.ok(!isAcmCertificateArn(v), v);
    });
});

describe("isSubnetId", () => {
    it("accepts the 8- and 17-digit forms", () => {
        assert.ok(isSubnetId("subnet-0a1b2c3d"));
        assert.ok(isSubnetId("subnet-0a1b2c3d4e5f60718"));
    });
    it("rejects other IDs and lengths", () => {
        for (const v of ["subnet-0a1b2c3", "sg-0a1b2c3d", "subnet-0A1B2C3D", "subnet-0a1b2c3d4e5f6071", "my-subnet-0a1b2c3d"]) assert.ok(!isSubnetId(v), v);
    });
});
