/**
 * The programs students of this course type. Used only to tell a command from a line of
 * output (banners before the first prompt; a bare `# ` root prompt against a `#` comment), so
 * the list errs towards the commands of a Kubernetes/Docker lab and leaves out words that
 * often start an English sentence (`for`, `if`, `time`, `host`, `set`).
 */
const COMMAND_WORDS = new Set([
  "kubectl",
  "k",
  "kubeadm",
  "kubelet",
  "kubectx",
  "kubens",
  "minikube",
  "kind",
  "k3s",
  "microk8s",
  "helm",
  "kustomize",
  "etcdctl",
  "docker",
  "docker-compose",
  "podman",
  "crictl",
  "ctr",
  "nerdctl",
  "cat",
  "echo",
  "printf",
  "ls",
  "cd",
  "pwd",
  "mkdir",
  "rm",
  "cp",
  "mv",
  "touch",
  "vi",
  "vim",
  "nano",
  "less",
  "head",
  "tail",
  "grep",
  "sed",
  "awk",
  "cut",
  "sort",
  "wc",
  "tee",
  "xargs",
  "find",
  "curl",
  "wget",
  "ssh",
  "scp",
  "sudo",
  "export",
  "source",
  "watch",
  "sleep",
  "clear",
  "history",
  "chmod",
  "chown",
  "apt",
  "apt-get",
  "yum",
  "dnf",
  "systemctl",
  "journalctl",
  "ping",
  "nslookup",
  "dig",
  "hostname",
  "whoami",
  "base64",
  "openssl",
  "jq",
  "yq",
  "git",
  "exit",
  "alias",
  "unset",
  "nc",
]);

/** Whether a line reads as a command someone typed: `sudo kubectl get pods`, `KUBECONFIG=x kubectl ...`. */
export function looksLikeCommand(line: string): boolean {
  const words = line.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) i++;
  if (words[i] === "sudo") i++;
  const first = words[i];
  if (first === undefined) return false;
  return COMMAND_WORDS.has(first) || first.startsWith("./");
}

/** A command, or shell syntax that starts one (`for i in ...`, `X=1`, `f() {`, `[[ -f x ]]`). */
export function looksLikeShell(line: string): boolean {
  const t = line.trim();
  return (
    looksLikeCommand(t) ||
    /^(for|while|until|if|case|function|select|time|set|unset|export|source|\.)(\s|$)/.test(t) ||
    /^[{([]|^[A-Za-z_]\w*=|^[A-Za-z_][\w-]*\s*\(\)/.test(t)
  );
}
