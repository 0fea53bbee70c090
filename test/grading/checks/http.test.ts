import { describe, expect, it } from "vitest";
import { type Case, expectChecks, type World } from "./helpers.ts";

// The textbook's hostname image answers with the pod's name; nginx answers its welcome page.
const web: World = {
  commands: [
    "kubectl create deployment web --image=alicek106/rr-test:echo-hostname --replicas=3",
    "kubectl expose deployment web --port=80",
    "kubectl create deployment plain --image=nginx",
    "kubectl expose deployment plain --port=80",
    "kubectl create service clusterip empty --tcp=80:80",
    "kubectl run client --image=nginx",
    "sleep 30",
  ],
};
const client = { pod: "client" };

const cases: Case[] = [
  {
    name: "a request through a Service by its DNS name names the pod that answered",
    world: web,
    check: { kind: "http", url: "http://web.default.svc.cluster.local", from: client, status: 200, backend: "web" },
    passed: true,
    explanation:
      /^GET http:\/\/web\.default\.svc\.cluster\.local from pod client answered 200 from pod web-[a-z0-9]+-[a-z0-9]{5}$/,
  },
  {
    name: "a backend that did not answer fails",
    world: web,
    check: { kind: "http", url: "http://web", from: client, backend: "db" },
    passed: false,
    explanation: /^GET http:\/\/web from pod client answered 200 from pod web-\S+; expected db to answer$/,
  },
  {
    name: "the body is searched for the expected text",
    world: web,
    check: { kind: "http", url: "http://plain", from: client, bodyContains: "Welcome to nginx!" },
    passed: true,
    explanation: "GET http://plain from pod client answered 200",
  },
  {
    name: "a body without the expected text is quoted",
    world: web,
    check: { kind: "http", url: "http://web", from: client, bodyContains: "hello" },
    passed: false,
    explanation:
      /^GET http:\/\/web from pod client answered 200 from pod web-\S+; the body \(".*"\) does not contain "hello"$/,
  },
  {
    name: "a Service without ready endpoints refuses the connection",
    world: web,
    check: { kind: "http", url: "http://empty", from: client, status: 200 },
    passed: false,
    explanation: /^curl http:\/\/empty from pod client failed: curl: \(7\) .*; expected status 200$/,
  },
  {
    name: "a Service's short name does not resolve on a node, as on a real cluster",
    world: web,
    check: { kind: "http", url: "http://web", status: 200 },
    passed: false,
    explanation: "curl http://web from k8s-m failed: curl: (6) Could not resolve host: web; expected status 200",
  },
  {
    name: "a request from a pod that is not running fails with kubectl's error",
    world: web,
    check: { kind: "http", url: "http://web", from: { pod: "nope" } },
    passed: false,
    explanation:
      'curl http://web from pod nope failed: Error from server (NotFound): pods "nope" not found; expected an answer',
  },
];

describe("http checks", () => {
  expectChecks(it, expect, cases);
});
