import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { adminKubeconfigObject, adminKubeconfigText, buildSimulation } from "../../../src/cli/simulation.ts";

describe("the admin kubeconfig a simulation writes", () => {
  for (const seed of [1, 2, 3, 42]) {
    it(`parses to exactly the object remembered for it (seed ${seed})`, () => {
      const r = buildSimulation({ seed });
      if (!r.ok) throw new Error(r.error);
      const text = r.simulation.current.shell.exec("cat /root/.kube/config").stdout;
      const parsed = load(text) as {
        clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
        users: { user: { "client-certificate-data": string; "client-key-data": string } }[];
      };
      const server = parsed.clusters[0].cluster.server;
      const creds = {
        ca: parsed.clusters[0].cluster["certificate-authority-data"],
        cert: parsed.users[0].user["client-certificate-data"],
        key: parsed.users[0].user["client-key-data"],
      };
      expect(adminKubeconfigText(server, creds)).toBe(text);
      // Key order matters too: kubectl config view prints the parse in document order.
      expect(JSON.stringify(adminKubeconfigObject(server, creds))).toBe(JSON.stringify(parsed));
    });
  }
});
