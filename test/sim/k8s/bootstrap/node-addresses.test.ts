import { describe, expect, it } from "vitest";
import type { NodeSpec } from "../../../../src/sim/k8s/bootstrap/index.ts";
import { resolveNodes } from "../../../../src/sim/k8s/bootstrap/nodes.ts";

const validIPv4 = (ip: string) => ip.split(".").every((o) => Number(o) >= 0 && Number(o) <= 255);

describe("node addresses of large clusters", () => {
  const specs: NodeSpec[] = Array.from({ length: 5000 }, (_, i) => ({
    name: `node-${i}`,
    role: i === 0 ? "control-plane" : "worker",
  }));
  const nodes = resolveNodes(specs, "10.244.0.0/16", () => "uid");

  it("the first nodes keep the addresses small clusters always had", () => {
    expect(nodes[0].ip).toBe("192.168.0.10");
    expect(nodes[245].ip).toBe("192.168.0.255");
    expect(nodes[3].podCidr).toBe("10.244.3.0/24");
    expect(nodes[255].podCidr).toBe("10.244.255.0/24");
  });

  it("node IPs continue across the /16 and stay valid and distinct", () => {
    expect(nodes[246].ip).toBe("192.168.1.0");
    expect(nodes.every((n) => validIPv4(n.ip))).toBe(true);
    expect(new Set(nodes.map((n) => n.ip)).size).toBe(nodes.length);
  });

  it("pod CIDRs continue into the next /16 and stay valid and distinct", () => {
    expect(nodes[256].podCidr).toBe("10.245.0.0/24");
    expect(nodes[3072].podCidr).toBe("10.0.0.0/24");
    expect(nodes.every((n) => validIPv4(n.podCidr.split("/")[0]))).toBe(true);
    expect(new Set(nodes.map((n) => n.podCidr)).size).toBe(nodes.length);
  });
});
