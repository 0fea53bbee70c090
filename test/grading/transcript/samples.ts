/**
 * Transcripts as students hand them in, one per style: written to look like the real thing
 * (an Ubuntu VM on a cloud, a kubeadm control plane, a Windows laptop), used by the tests of
 * each reader.
 */

/** A plain list of commands, as a student types them into the submission form. */
export const COMMAND_LIST = `# Chapter 6: a Deployment and a Service
kubectl create deployment web --image=nginx:1.25 --replicas=3

cat <<'EOF' | kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
EOF
kubectl rollout status deployment/web   # wait for it
kubectl expose deployment web \\
  --name=web-lb --port=80 \\
  --type=LoadBalancer
for i in 1 2 3; do
  kubectl get pods -l app=web
done
`;

/** ~/.bash_history with HISTTIMEFORMAT set: `#<epoch>` before each entry (one written by a parallel shell). */
export const BASH_HISTORY = `#1700000000
kubectl get nodes
#1700000012
cat > pod.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.25
EOF
#1700000030
kubectl apply -f pod.yaml
#1700000025
kubectl get pods -o wide
#1700000095
kubectl delete pod web
`;

/** The output of `history` with HISTTIMEFORMAT="%F %T ". */
export const HISTORY_OUTPUT = `    1  2023-11-14 22:13:20 kubectl get nodes
    2  2023-11-14 22:14:05 cat <<EOF | kubectl apply -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
    3 replicas is what the lab asks for
EOF
    3  2023-11-14 22:15:00 kubectl get deploy web
   10* 2023-11-14 22:16:40 history
`;

/** An Ubuntu VM on EC2: the MOTD, a heredoc shown with `> ` prompts, a command that prints nothing, ssh to a worker. */
export const UBUNTU_SESSION = `Welcome to Ubuntu 22.04.3 LTS (GNU/Linux 6.2.0-1012-aws x86_64)

 * Documentation:  https://help.ubuntu.com
 * Management:     https://landscape.canonical.com

Last login: Tue Nov 14 21:58:02 2023 from 203.0.113.7
ubuntu@ip-172-31-1-2:~$ sudo -i
root@k8s-m:~# cd chapter6
root@k8s-m:~/chapter6# cat <<EOF | kubectl apply -f -
> apiVersion: apps/v1
> kind: Deployment
> metadata:
>   name: web
> spec:
>   replicas: 3
>   selector:
>     matchLabels:
>       app: web
>   template:
>     metadata:
>       labels:
>         app: web
>     spec:
>       containers:
>       - name: nginx
>         image: nginx:1.25
> EOF
deployment.apps/web created
root@k8s-m:~/chapter6# kubectl get pods
NAME                   READY   STATUS    RESTARTS   AGE
web-7d4b9c8f5d-b8kzt   1/1     Running   0          12s
web-7d4b9c8f5d-q7wvn   1/1     Running   0          12s
web-7d4b9c8f5d-x2x9k   1/1     Running   0          12s

root@k8s-m:~/chapter6# kubectl scale deployment web \\
> --replicas=5
deployment.apps/web scaled
root@k8s-m:~/chapter6# kubectl get pods --no-headers | wc -l^C
root@k8s-m:~/chapter6# ssh k8s-w1
root@k8s-w1:~# crictl ps --name nginx -q | wc -l
2
root@k8s-w1:~# exit
logout
Connection to k8s-w1 closed.
root@k8s-m:~/chapter6# 
`;

/** A Windows laptop with kubectl: cmd.exe, then PowerShell with a backtick continuation. */
export const WINDOWS_SESSION = `Microsoft Windows [Version 10.0.22631.2715]
(c) Microsoft Corporation. All rights reserved.

C:\\kubernetes\\chapter8>kubectl apply -f .\\pod.yaml
pod/web created

C:\\kubernetes\\chapter8>kubectl get pods
NAME   READY   STATUS    RESTARTS   AGE
web    1/1     Running   0          9s

C:\\kubernetes\\chapter8>powershell
Windows PowerShell
Copyright (C) Microsoft Corporation. All rights reserved.

PS C:\\kubernetes\\chapter8> kubectl get pod web \`
>> -o wide
NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
web    1/1     Running   0          31s   10.244.1.4   k8s-w1   <none>           <none>
PS C:\\kubernetes\\chapter8>
`;

/** A root shell with a bare `# ` prompt (PS1='# '), one command printing nothing. */
export const BARE_ROOT_SESSION = `# kubectl taint nodes k8s-w1 dedicated=gpu:NoSchedule
node/k8s-w1 tainted
# kubectl label nodes k8s-w1 disktype=ssd --overwrite
node/k8s-w1 labeled
# export KUBE_EDITOR=nano
# kubectl get nodes
NAME     STATUS   ROLES           AGE   VERSION
k8s-m    Ready    control-plane   3d    v1.33.1
k8s-w1   Ready    <none>          3d    v1.33.1
`;

const ESC = "\u001b";
const BEL = "\u0007";
/** Ubuntu's colour prompt, with the window title it sets. */
const PS1 = `${ESC}]0;root@k8s-m: ~${BEL}${ESC}[01;32mroot@k8s-m${ESC}[00m:${ESC}[01;34m~${ESC}[00m# `;

export const event = (t: number, code: string, data: string): string => JSON.stringify([t, code, data]);

export const ASCIINEMA_HEADER = JSON.stringify({
  version: 2,
  width: 80,
  height: 24,
  timestamp: 1700000000,
  env: { SHELL: "/bin/bash", TERM: "xterm-256color" },
});

/**
 * An asciinema v2 recording: colour prompts that set the window title, bracketed paste
 * switches, `podd` corrected with a backspace, a coloured `kubectl get` output, and `clear`.
 */
export const ASCIINEMA = [
  ASCIINEMA_HEADER,
  event(0.412, "o", `${ESC}[?2004h${PS1}`),
  event(1.2, "o", "k"),
  event(1.31, "o", "ubectl get podd"),
  event(2.05, "o", `\b${ESC}[K`),
  event(2.4, "o", "s"),
  event(2.9, "o", `\r\n${ESC}[?2004l\r`),
  event(
    3.321,
    "o",
    `NAME   READY   STATUS    RESTARTS   AGE\r\nweb    1/1     ${ESC}[32mRunning${ESC}[0m   0          40s\r\n`,
  ),
  event(3.33, "o", `${ESC}[?2004h${PS1}`),
  event(5.0, "o", "clear"),
  event(5.5, "o", `\r\n${ESC}[?2004l\r${ESC}[H${ESC}[2J${ESC}[3J`),
  event(5.51, "o", `${ESC}[?2004h${PS1}`),
  event(7.25, "o", "kubectl delete pod web"),
  event(8.0, "o", `\r\n${ESC}[?2004l\rpod "web" deleted\r\n`),
  event(9.75, "o", `${ESC}[?2004h${PS1}`),
].join("\n");

/**
 * The same kind of session recorded with `asciinema rec --stdin`: the keys typed are there too.
 * The student completes `deploy<TAB>` (the echo then is the witness) and types a heredoc.
 */
export const ASCIINEMA_WITH_INPUT = [
  JSON.stringify({ version: 2, width: 100, height: 30 }),
  event(0.5, "o", `${PS1}`),
  event(1.0, "i", "kubectl get po"),
  event(1.0, "o", "kubectl get po"),
  event(1.4, "i", "\u007f\u007fpods"),
  event(1.4, "o", "\b \b\b \bpods"),
  event(1.6, "i", "\r"),
  event(1.6, "o", "\r\nNo resources found in default namespace.\r\n"),
  event(1.7, "o", `${PS1}`),
  event(2.0, "i", "cat <<EOF > pod.yaml\r"),
  event(2.0, "o", "cat <<EOF > pod.yaml\r\n> "),
  event(2.5, "i", "kind: Pod\r"),
  event(2.5, "o", "kind: Pod\r\n> "),
  event(2.8, "i", "EOF\r"),
  event(2.8, "o", `EOF\r\n${PS1}`),
  event(3.5, "i", "kubectl create deploy\t"),
  event(3.5, "o", "kubectl create deployment "),
  event(4.0, "i", "web --image=nginx\r"),
  event(4.0, "o", "web --image=nginx\r\ndeployment.apps/web created\r\n"),
  event(4.2, "o", `${PS1}`),
].join("\n");
