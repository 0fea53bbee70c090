/**
 * `labgrader sim` end to end: the real bin/labgrader.mjs as a child process, a script on stdin,
 * files copied in with --file, terminal and --json output, version and seed options, and the
 * usage errors. Outputs are asserted in full.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = join(ROOT, "bin", "labgrader.mjs");
const NGINX_POD = join(ROOT, "..", "shared", "corpus", "book", "start-docker-kubernetes", "chapter6", "nginx-pod.yaml");
const work = mkdtempSync(join(tmpdir(), "labgrader-e2e-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function sim(args: string[], stdin: string) {
  const r = spawnSync(process.execPath, [BIN, "sim", ...args], { input: stdin, cwd: work, encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
}

const README_SCRIPT = "kubectl apply -f nginx-pod.yaml\nkubectl get pods\nkubectl delete -f nginx-pod.yaml\n";

/** A heredoc belongs to its command: three steps, the first carrying its YAML. */
const HEREDOC_SCRIPT = `kubectl apply -f - <<YAML
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LOG_LEVEL: DEBUG
YAML
kubectl get cm settings -o jsonpath='{.data.LOG_LEVEL}'
kubectl get pod nosuch
`;

describe("labgrader sim", () => {
  it.skipIf(!existsSync(NGINX_POD))(
    "replays the README's example with the textbook's nginx pod as kubectl prints it",
    () => {
      // One second after apply the scheduler has bound the pod and the image is still being
      // pulled: a real cluster's `get pods` shows ContainerCreating; delete prints the
      // name printer's line (delete.go PrintObj: `pod "name" deleted`).
      expect(sim(["--file", NGINX_POD], README_SCRIPT)).toEqual({
        stdout: [
          "pod/my-nginx-pod created",
          "NAME           READY   STATUS              RESTARTS   AGE",
          "my-nginx-pod   0/1     ContainerCreating   0          1s",
          'pod "my-nginx-pod" deleted',
          "",
        ].join("\n"),
        stderr: "",
        exitCode: 0,
      });
    },
  );

  it("prints every step as JSON, heredocs kept with their command, on 1.21 with a seed", () => {
    const r = sim(["--k8s-version", "1.21", "--seed", "7", "--json"], HEREDOC_SCRIPT);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      steps: [
        {
          command:
            "kubectl apply -f - <<YAML\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LOG_LEVEL: DEBUG\nYAML",
          stdout: "configmap/settings created\n",
          stderr: "",
          exitCode: 0,
        },
        {
          command: "kubectl get cm settings -o jsonpath='{.data.LOG_LEVEL}'",
          stdout: "DEBUG",
          stderr: "",
          exitCode: 0,
        },
        {
          command: "kubectl get pod nosuch",
          stdout: "",
          stderr: 'Error from server (NotFound): pods "nosuch" not found\n',
          exitCode: 1,
        },
      ],
    });
  });

  it("prints the terminal's text and exits with the last step's code", () => {
    expect(sim(["--k8s-version", "1.21"], HEREDOC_SCRIPT)).toEqual({
      stdout: "configmap/settings created\nDEBUG",
      stderr: 'Error from server (NotFound): pods "nosuch" not found\n',
      exitCode: 1,
    });
  });

  it("names generated objects from the seed: the same seed the same names, another seed others", () => {
    const script = "kubectl get pods -n kube-system -l k8s-app=kube-dns -o name\n";
    const seven = sim(["--k8s-version", "1.21", "--seed", "7"], script);
    expect(seven).toEqual({
      stdout: "pod/coredns-558bd4d5db-m7786\npod/coredns-558bd4d5db-wqpfs\n",
      stderr: "",
      exitCode: 0,
    });
    expect(sim(["--k8s-version", "1.21", "--seed", "7"], script)).toEqual(seven);
    expect(sim(["--k8s-version", "1.21"], script).stdout).toBe(
      "pod/coredns-558bd4d5db-gbq4t\npod/coredns-558bd4d5db-wqjkc\n",
    );
  });

  it("copies several files in under their base names", () => {
    writeFileSync(join(work, "a.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n");
    writeFileSync(
      join(work, "b.yaml"),
      "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: bot\n  namespace: team-a\n",
    );
    expect(sim(["--file", join(work, "a.yaml"), "--file", "b.yaml"], "kubectl apply -f a.yaml -f b.yaml\n")).toEqual({
      stdout: "namespace/team-a created\nserviceaccount/bot created\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("rejects an unsupported Kubernetes version", () => {
    expect(sim(["--k8s-version", "1.99"], "")).toEqual({
      stdout: "",
      stderr: 'labgrader: unsupported Kubernetes version "1.99": supported versions are 1.21, 1.33\n',
      exitCode: 2,
    });
  });

  it("rejects a seed that is not an integer", () => {
    expect(sim(["--seed", "abc"], "")).toEqual({
      stdout: "",
      stderr: 'labgrader: --seed must be an integer from 0 to 4294967295, got "abc"\n',
      exitCode: 2,
    });
  });

  it("reports a --file it cannot read", () => {
    expect(sim(["--file", "/nonexistent/x.yaml"], "")).toEqual({
      stdout: "",
      stderr: "labgrader: cannot read --file /nonexistent/x.yaml: ENOENT\n",
      exitCode: 2,
    });
  });

  it("rejects an unknown flag, followed by the usage", () => {
    const help = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(sim(["--bogus"], "")).toEqual({
      stdout: "",
      stderr: `labgrader: Unknown option '--bogus'\n${help.stdout}\n`,
      exitCode: 2,
    });
  });
});

describe("labgrader's output into a pipe closed early", () => {
  it("ends as a Unix tool does on SIGPIPE: status 141, no stack trace", () => {
    // `true` has long exited when labgrader writes its first line: the write meets a closed pipe.
    const r = spawnSync("bash", ["-c", `node "${BIN}" labs | true; echo "status \${PIPESTATUS[0]}" >&2`], {
      cwd: work,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("status 141\n");
  });
});
