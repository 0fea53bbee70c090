/**
 * The instructor API as a user runs it, written once and run against every implementation of
 * the service: in-process on PGlite, in-process on a real PostgreSQL through the Neon driver,
 * and the Worker in workerd. It imports only vitest and Web APIs so that it loads in workerd.
 *
 * Every group of tests works in a tenant of its own whose slug names the tier and the run, so
 * tiers and runs can share one database without seeing each other's rows.
 */
import { beforeAll, describe, expect, it } from "vitest";

export interface ApiTarget {
  /** The service, reached with a path (`/api/v1/courses`). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The operator token the service was configured with (provisions tenants). */
  operatorToken: string;
  /** Lets `seconds` pass on the service's clock; without it the suite waits in real time. */
  wait?(seconds: number): Promise<void>;
}

/**
 * single-pod's reference solution and its `image-typo` wrong solution, as labs/single-pod/lab.yaml
 * has them (the PGlite tier checks they still match). `{{pod}}` is the student's pod name.
 */
export const SINGLE_POD_REFERENCE = `cat > pod.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: {{pod}}
  labels:
    app: {{pod}}
spec:
  containers:
  - name: web
    image: nginx:1.25
    ports:
    - containerPort: 80
EOF
kubectl apply -f pod.yaml
sleep 10
kubectl get pods
`;

export const SINGLE_POD_IMAGE_TYPO = `apiVersion: v1
kind: Pod
metadata:
  name: "{{pod}}"
  labels:
    app: "{{pod}}"
spec:
  containers:
  - name: web
    image: ngnix:1.25
    ports:
    - containerPort: 80
`;

/** A small lab for uploads: `title` changes its content (a new version); `points` can break it. */
function quizLab(title = "Pod quiz", points = "1"): string {
  return `id: pod-quiz
title: ${title}
instructions: Create a pod named quiz.
checkpoints:
  - id: pod
    title: A pod named quiz exists
    points: ${points}
    check:
      kind: resource
      resource: pod
      name: quiz
solutions:
  reference:
    manifests:
      pod.yaml: |
        apiVersion: v1
        kind: Pod
        metadata:
          name: quiz
        spec:
          containers:
          - name: c
            image: nginx:1.25
  wrong: []
`;
}

const QUIZ_POD = `apiVersion: v1
kind: Pod
metadata:
  name: quiz
spec:
  containers:
  - name: c
    image: nginx:1.25
`;

const LOOK_AROUND = { kind: "transcript", text: "kubectl get pods\n" } as const;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LAB_VERSION_RE = /^sha256:[0-9a-f]{16}$/;
const NOBODY = "00000000-0000-4000-8000-000000000000";
/** Fixtures start a service and grade submissions: more than vitest's default 10 s on a busy machine. */
const HOOK_TIMEOUT_MS = 120_000;

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
  body: any;
}

interface SendOptions {
  key?: string;
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown;
  /** Sent as is (set the content type in headers). */
  body?: string;
  headers?: Record<string, string>;
}

export function defineApiSuite(
  tierName: string,
  getTarget: () => ApiTarget | Promise<ApiTarget>,
  options: { skip?: string } = {},
): void {
  const title = `the instructor API, ${tierName}`;
  describe.skipIf(Boolean(options.skip))(options.skip ? `${title} (skipped tier: ${options.skip})` : title, () => {
    let target: ApiTarget;
    const run = randomHex(4);
    const tier = tierName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 24)
      .replace(/-$/, "");
    const slugFor = (name: string) => `${tier}-${run}-${name}`;

    beforeAll(async () => {
      target = await getTarget();
    }, HOOK_TIMEOUT_MS);

    /** Lets time pass on the service's clock (the in-process tiers move it; workerd has the real one). */
    const pause = (seconds: number) =>
      target.wait ? target.wait(seconds) : new Promise<void>((r) => setTimeout(r, seconds * 1000));

    async function send(method: string, path: string, o: SendOptions = {}): Promise<Reply> {
      const headers: Record<string, string> = { ...(o.key ? { authorization: `Bearer ${o.key}` } : {}) };
      if (o.json !== undefined) headers["content-type"] = "application/json";
      Object.assign(headers, o.headers);
      const body = o.json !== undefined ? JSON.stringify(o.json) : o.body;
      const res = await target.fetch(path, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      let parsed: unknown = text;
      if (/json/.test(res.headers.get("content-type") ?? "")) parsed = JSON.parse(text);
      return { status: res.status, headers: res.headers, text, body: parsed };
    }

    /** Asserts an RFC 9457 problem with this status and code, for this request, and returns it. */
    function problem(r: Reply, status: number, code: string, instance: string) {
      expect(r.status, r.text).toBe(status);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      const requestId = r.headers.get("x-request-id");
      expect(requestId).toBeTruthy();
      expect(r.body).toMatchObject({
        type: `https://labgrader.dev/problems/${code.replace(/_/g, "-")}`,
        title: expect.any(String),
        status,
        detail: expect.any(String),
        instance,
        code,
        requestId,
      });
      return r.body;
    }

    async function newTenant(name: string): Promise<{ id: string; slug: string; admin: string }> {
      const slug = slugFor(name);
      const r = await send("POST", "/api/v1/tenants", {
        key: target.operatorToken,
        json: { slug, name: `Tenant ${slug}` },
      });
      expect(r.status, r.text).toBe(201);
      return { id: r.body.id, slug, admin: r.body.adminKey.key };
    }

    async function created(method: string, path: string, key: string, json: unknown) {
      const r = await send(method, path, { key, json });
      expect(r.status, r.text).toBe(201);
      return r.body;
    }

    async function uploadLab(key: string, yaml: string): Promise<Reply> {
      return send("POST", "/api/v1/labs", { key, body: yaml, headers: { "content-type": "application/yaml" } });
    }

    /** The student's own single-pod name, as the grader derives it from the student id. */
    async function podFor(key: string, student: string): Promise<string> {
      const r = await send("POST", "/api/v1/grade", {
        key,
        json: { lab: "single-pod", student, submission: LOOK_AROUND },
      });
      expect(r.status, r.text).toBe(200);
      const m = /^A pod named (web-[a-z]{4}) exists$/.exec(r.body.checkpoints[0].title);
      expect(m, r.body.checkpoints[0].title).not.toBeNull();
      return m![1];
    }

    const reference = (pod: string) => ({ kind: "transcript", text: SINGLE_POD_REFERENCE.replaceAll("{{pod}}", pod) });
    const imageTypo = (pod: string) => ({
      kind: "manifests",
      files: [{ name: "pod.yaml", content: SINGLE_POD_IMAGE_TYPO.replaceAll("{{pod}}", pod) }],
    });

    /** A course, an assignment on single-pod and three enrolled students, in a tenant of its own. */
    async function classroom(name: string, assignment: Record<string, unknown> = {}) {
      const t = await newTenant(name);
      const course = await created("POST", "/api/v1/courses", t.admin, { code: "K8S-101", title: "Kubernetes" });
      const a = await created("POST", "/api/v1/assignments", t.admin, {
        courseId: course.id,
        slug: "pod",
        title: "First pod",
        lab: "single-pod",
        ...assignment,
      });
      const st = await send("POST", "/api/v1/students", {
        key: t.admin,
        json: {
          courseId: course.id,
          students: [
            { externalId: "alice", name: "Alice Liddell", email: "alice@example.edu" },
            { externalId: "bob", name: "Bob Marley", email: "bob@example.edu" },
            { externalId: "carol", name: "Carol, Lewis", email: "carol@example.edu" },
          ],
        },
      });
      expect(st.status, st.text).toBe(200);
      const ids = Object.fromEntries(
        st.body.items.map((s: { externalId: string; id: string }) => [s.externalId, s.id]),
      );
      return { ...t, course, assignment: a, students: ids as Record<"alice" | "bob" | "carol", string> };
    }

    function submit(key: string, assignmentId: string, studentId: string, submission: unknown, headers = {}) {
      return send("POST", "/api/v1/submissions", { key, json: { assignmentId, studentId, submission }, headers });
    }

    describe("tenants", () => {
      it("the operator creates a tenant and gets its first admin key, shown once, that works at once", async () => {
        const slug = slugFor("first");
        const r = await send("POST", "/api/v1/tenants", {
          key: target.operatorToken,
          json: { slug, name: "First University" },
        });
        expect(r.status, r.text).toBe(201);
        expect(r.body).toEqual({
          id: expect.stringMatching(UUID_RE),
          slug,
          name: "First University",
          createdAt: expect.stringMatching(ISO_RE),
          adminKey: {
            id: expect.stringMatching(UUID_RE),
            key: expect.stringMatching(/^lg_[A-Za-z0-9_-]{32}$/),
            prefix: r.body.adminKey.key.slice(0, 11),
            role: "admin",
          },
        });
        const courses = await send("GET", "/api/v1/courses", { key: r.body.adminKey.key });
        expect(courses.status).toBe(200);
        expect(courses.body).toEqual({ items: [] });
      });

      it("a second tenant with a slug already taken is a conflict", async () => {
        const t = await newTenant("taken");
        const r = await send("POST", "/api/v1/tenants", {
          key: target.operatorToken,
          json: { slug: t.slug, name: "x" },
        });
        expect(problem(r, 409, "conflict", "/api/v1/tenants").detail).toBe(`a tenant with slug "${t.slug}" exists`);
      });

      it("a wrong operator token is refused with 401 and a Bearer challenge", async () => {
        const r = await send("POST", "/api/v1/tenants", {
          key: "not-the-operator-token",
          json: { slug: slugFor("nope"), name: "x" },
        });
        problem(r, 401, "unauthenticated", "/api/v1/tenants");
        expect(r.headers.get("www-authenticate")).toBe('Bearer realm="labgrader-operator"');
      });

      it("a slug that is not lowercase letters, digits and '-' is 422 pointing at /slug", async () => {
        const r = await send("POST", "/api/v1/tenants", {
          key: target.operatorToken,
          json: { slug: "Big Uni", name: "x" },
        });
        const p = problem(r, 422, "invalid", "/api/v1/tenants");
        expect(p.errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/slug"]);
      });
    });

    describe("API keys", () => {
      let t: Awaited<ReturnType<typeof newTenant>>;
      let instructor: { id: string; key: string; prefix: string };
      beforeAll(async () => {
        t = await newTenant("keys");
        instructor = await created("POST", "/api/v1/keys", t.admin, { name: "grading bot", role: "instructor" });
      }, HOOK_TIMEOUT_MS);

      it("an admin creates an instructor key, shown once, that works at once", async () => {
        expect(instructor).toEqual({
          id: expect.stringMatching(UUID_RE),
          name: "grading bot",
          role: "instructor",
          prefix: instructor.key.slice(0, 11),
          createdAt: expect.stringMatching(ISO_RE),
          lastUsedAt: null,
          revokedAt: null,
          key: expect.stringMatching(/^lg_[A-Za-z0-9_-]{32}$/),
        });
        const r = await send("GET", "/api/v1/courses", { key: instructor.key });
        expect(r.status).toBe(200);
        expect(r.body).toEqual({ items: [] });
      });

      it("the key list names every key by its prefix and never shows a key", async () => {
        const r = await send("GET", "/api/v1/keys", { key: t.admin });
        expect(r.status).toBe(200);
        const byName = Object.fromEntries(r.body.items.map((k: { name: string }) => [k.name, k]));
        expect(Object.keys(byName).sort()).toEqual(["first admin key", "grading bot"]);
        expect(byName["first admin key"]).toMatchObject({
          role: "admin",
          prefix: t.admin.slice(0, 11),
          revokedAt: null,
        });
        expect(byName["grading bot"]).toMatchObject({
          id: instructor.id,
          role: "instructor",
          prefix: instructor.prefix,
        });
        for (const k of r.body.items) expect(Object.keys(k).sort()).not.toContain("key");
        expect(r.text).not.toContain(t.admin);
        expect(r.text).not.toContain(instructor.key);
      });

      it("an instructor key may not list or create keys (403)", async () => {
        const list = await send("GET", "/api/v1/keys", { key: instructor.key });
        expect(problem(list, 403, "forbidden", "/api/v1/keys").detail).toBe(
          "this route needs an API key with the role admin",
        );
        const make = await send("POST", "/api/v1/keys", { key: instructor.key, json: { name: "x", role: "admin" } });
        problem(make, 403, "forbidden", "/api/v1/keys");
      });

      it("a revoked key is refused with 401 on its next request", async () => {
        const k = await created("POST", "/api/v1/keys", t.admin, { name: "leaked", role: "instructor" });
        const r = await send("DELETE", `/api/v1/keys/${k.id}`, { key: t.admin });
        expect(r.status, r.text).toBe(200);
        expect(r.body).toMatchObject({ id: k.id, name: "leaked", revokedAt: expect.stringMatching(ISO_RE) });
        const after = await send("GET", "/api/v1/courses", { key: k.key });
        expect(problem(after, 401, "unauthenticated", "/api/v1/courses").detail).toBe(
          "the API key is not valid or was revoked",
        );
      });

      it("revoking a key that does not exist is 404", async () => {
        const r = await send("DELETE", `/api/v1/keys/${NOBODY}`, { key: t.admin });
        expect(problem(r, 404, "not_found", `/api/v1/keys/${NOBODY}`).detail).toBe("API key not found");
      });
    });

    describe("labs", () => {
      let t: Awaited<ReturnType<typeof newTenant>>;
      let v1: string;
      beforeAll(async () => {
        t = await newTenant("labs");
      }, HOOK_TIMEOUT_MS);

      it("every tenant sees the built-in catalogue", async () => {
        const r = await send("GET", "/api/v1/labs", { key: t.admin });
        expect(r.status).toBe(200);
        const ids = r.body.items.map((l: { id: string }) => l.id);
        expect(ids).toEqual(expect.arrayContaining(["single-pod", "deployment-rollout", "taints-tolerations"]));
        expect(r.body.items.find((l: { id: string }) => l.id === "single-pod")).toEqual({
          id: "single-pod",
          version: expect.stringMatching(LAB_VERSION_RE),
          title: "Run a single nginx pod",
          source: "catalogue",
          shadowed: false,
        });
        const one = await send("GET", "/api/v1/labs/single-pod", { key: t.admin });
        expect(one.status).toBe(200);
        expect(one.body).toMatchObject({ id: "single-pod", title: "Run a single nginx pod", source: "catalogue" });
        expect(one.body.versions).toEqual([]);
        expect(one.body.checkpoints.map((k: { id: string; points: number }) => [k.id, k.points])).toEqual([
          ["pod-exists", 2],
          ["image", 3],
          ["port", 1],
          ["label", 2],
          ["running", 2],
        ]);
      });

      it("uploading lab.yaml stores version 1 of the lab (201)", async () => {
        const r = await uploadLab(t.admin, quizLab());
        expect(r.status, r.text).toBe(201);
        expect(r.body).toEqual({
          id: "pod-quiz",
          version: expect.stringMatching(LAB_VERSION_RE),
          seq: 1,
          title: "Pod quiz",
          files: ["lab.yaml"],
          createdAt: expect.stringMatching(ISO_RE),
          source: "tenant",
          created: true,
        });
        v1 = r.body.version;
      });

      it("uploading the same content again is not a new version (200)", async () => {
        const r = await uploadLab(t.admin, quizLab());
        expect(r.status, r.text).toBe(200);
        expect(r.body).toMatchObject({ id: "pod-quiz", version: v1, seq: 1, created: false });
      });

      it("a changed lab becomes version 2, and the versions are listed newest first", async () => {
        const r = await uploadLab(t.admin, quizLab("Pod quiz, second edition"));
        expect(r.status, r.text).toBe(201);
        expect(r.body).toMatchObject({ id: "pod-quiz", seq: 2, title: "Pod quiz, second edition", created: true });
        expect(r.body.version).toMatch(LAB_VERSION_RE);
        expect(r.body.version).not.toBe(v1);
        const lab = await send("GET", "/api/v1/labs/pod-quiz", { key: t.admin });
        expect(lab.status).toBe(200);
        expect(lab.body).toMatchObject({ id: "pod-quiz", title: "Pod quiz, second edition", source: "tenant" });
        expect(lab.body.versions.map((v: { seq: number; version: string }) => [v.seq, v.version])).toEqual([
          [2, r.body.version],
          [1, v1],
        ]);
      });

      it("the lab folder may come as JSON {files}; the newest content again is not a new version", async () => {
        const r = await send("POST", "/api/v1/labs", {
          key: t.admin,
          json: { files: { "lab.yaml": quizLab("Pod quiz, second edition") } },
        });
        expect(r.status, r.text).toBe(200);
        expect(r.body).toMatchObject({ id: "pod-quiz", seq: 2, created: false });
      });

      it("an assignment pinning a catalogue lab leaves the lab listed once, as the catalogue's", async () => {
        const course = await send("POST", "/api/v1/courses", { key: t.admin, json: { code: "PIN-1", title: "Pins" } });
        expect(course.status, course.text).toBe(201);
        const a = await send("POST", "/api/v1/assignments", {
          key: t.admin,
          json: { courseId: course.body.id, slug: "pinned", title: "Pinned", lab: "single-pod" },
        });
        expect(a.status, a.text).toBe(201);
        expect(a.body.lab).toEqual({
          id: "single-pod",
          source: "catalogue",
          version: expect.stringMatching(LAB_VERSION_RE),
        });
        const r = await send("GET", "/api/v1/labs", { key: t.admin });
        const singles = r.body.items.filter((l: { id: string }) => l.id === "single-pod");
        expect(singles).toEqual([
          {
            id: "single-pod",
            version: a.body.lab.version,
            title: "Run a single nginx pod",
            source: "catalogue",
            shadowed: false,
          },
        ]);
        const one = await send("GET", "/api/v1/labs/single-pod", { key: t.admin });
        expect(one.body.source).toBe("catalogue");
        expect(one.body.versions).toEqual([]);
      });

      it("the lab list shows the tenant's labs next to the catalogue", async () => {
        const r = await send("GET", "/api/v1/labs", { key: t.admin });
        const mine = r.body.items.filter((l: { source: string }) => l.source === "tenant");
        expect(mine).toEqual([
          {
            id: "pod-quiz",
            version: expect.stringMatching(LAB_VERSION_RE),
            seq: 2,
            title: "Pod quiz, second edition",
            files: ["lab.yaml"],
            createdAt: expect.stringMatching(ISO_RE),
            source: "tenant",
          },
        ]);
      });

      it("an invalid lab is refused with 422, each error at its file, line and column, and nothing stored", async () => {
        const r = await uploadLab(t.admin, quizLab("Pod quiz", "lots"));
        const p = problem(r, 422, "invalid", "/api/v1/labs");
        expect(p.detail).toBe("the lab has 1 error(s); the first: lab/lab.yaml:7:5: must be a number, not a string");
        expect(p.errors).toEqual([
          {
            pointer: "/files/lab.yaml",
            line: 7,
            column: 5,
            path: "checkpoints[0].points",
            detail: "must be a number, not a string",
          },
        ]);
        const lab = await send("GET", "/api/v1/labs/pod-quiz", { key: t.admin });
        expect(lab.body.versions).toHaveLength(2);
      });

      it("YAML that does not parse is 422 at the line of the mistake", async () => {
        const r = await uploadLab(t.admin, "id: broken\ntitle: [unclosed\n");
        const p = problem(r, 422, "invalid", "/api/v1/labs");
        expect(p.errors).toHaveLength(1);
        expect(p.errors[0]).toMatchObject({
          pointer: "/files/lab.yaml",
          line: 3,
          detail: expect.stringMatching(/^YAML: /),
        });
      });

      it("a lab that does not exist is 404", async () => {
        const r = await send("GET", "/api/v1/labs/no-such-lab", { key: t.admin });
        expect(problem(r, 404, "not_found", "/api/v1/labs/no-such-lab").detail).toBe("lab not found");
      });
    });

    describe("courses and assignments", () => {
      let t: Awaited<ReturnType<typeof newTenant>>;
      let course: { id: string };
      beforeAll(async () => {
        t = await newTenant("courses");
        course = await created("POST", "/api/v1/courses", t.admin, {
          code: "K8S-201",
          title: "Kubernetes operations",
          externalId: "lms-course-201",
        });
      }, HOOK_TIMEOUT_MS);

      it("a course is created, listed and fetched by id", async () => {
        expect(course).toEqual({
          id: expect.stringMatching(UUID_RE),
          code: "K8S-201",
          title: "Kubernetes operations",
          externalId: "lms-course-201",
          createdAt: expect.stringMatching(ISO_RE),
        });
        const list = await send("GET", "/api/v1/courses", { key: t.admin });
        expect(list.body).toEqual({ items: [course] });
        const one = await send("GET", `/api/v1/courses/${course.id}`, { key: t.admin });
        expect(one.status).toBe(200);
        expect(one.body).toEqual(course);
      });

      it("a second course with the same code is a conflict", async () => {
        const r = await send("POST", "/api/v1/courses", { key: t.admin, json: { code: "K8S-201", title: "Again" } });
        expect(problem(r, 409, "conflict", "/api/v1/courses").detail).toBe('a course with code "K8S-201" exists');
      });

      it("another tenant's course is not found", async () => {
        const other = await newTenant("courses-other");
        const r = await send("GET", `/api/v1/courses/${course.id}`, { key: other.admin });
        expect(problem(r, 404, "not_found", `/api/v1/courses/${course.id}`).detail).toBe("course not found");
      });

      it("an assignment pins the lab's current version and keeps it when the lab changes", async () => {
        const first = await uploadLab(t.admin, quizLab());
        expect(first.status, first.text).toBe(201);
        const a = await created("POST", "/api/v1/assignments", t.admin, {
          courseId: course.id,
          slug: "quiz",
          title: "Quiz",
          lab: "pod-quiz",
          opensAt: "2026-01-01T00:00:00.000Z",
          dueAt: "2030-01-01T00:00:00.000Z",
          attemptLimit: 5,
          cooldownSeconds: 10,
        });
        expect(a).toEqual({
          id: expect.stringMatching(UUID_RE),
          courseId: course.id,
          slug: "quiz",
          title: "Quiz",
          lab: { id: "pod-quiz", source: "tenant", version: first.body.version },
          opensAt: "2026-01-01T00:00:00.000Z",
          dueAt: "2030-01-01T00:00:00.000Z",
          attemptLimit: 5,
          cooldownSeconds: 10,
          integrationId: null,
          lineItemUrl: null,
          externalId: null,
          createdAt: expect.stringMatching(ISO_RE),
        });
        const second = await uploadLab(t.admin, quizLab("Pod quiz, second edition"));
        expect(second.status, second.text).toBe(201);
        const still = await send("GET", `/api/v1/assignments/${a.id}`, { key: t.admin });
        expect(still.body.lab).toEqual({ id: "pod-quiz", source: "tenant", version: first.body.version });
        const repinned = await send("PATCH", `/api/v1/assignments/${a.id}`, {
          key: t.admin,
          json: { lab: "pod-quiz" },
        });
        expect(repinned.status, repinned.text).toBe(200);
        expect(repinned.body.lab).toEqual({ id: "pod-quiz", source: "tenant", version: second.body.version });
      });

      it("PATCH changes the fields it names and leaves the others", async () => {
        const a = await created("POST", "/api/v1/assignments", t.admin, {
          courseId: course.id,
          slug: "patched",
          title: "Before",
          lab: "single-pod",
        });
        const r = await send("PATCH", `/api/v1/assignments/${a.id}`, {
          key: t.admin,
          json: { title: "After", attemptLimit: 3, dueAt: "2030-06-01T12:00:00.000Z" },
        });
        expect(r.status, r.text).toBe(200);
        expect(r.body).toEqual({ ...a, title: "After", attemptLimit: 3, dueAt: "2030-06-01T12:00:00.000Z" });
        const cleared = await send("PATCH", `/api/v1/assignments/${a.id}`, { key: t.admin, json: { dueAt: null } });
        expect(cleared.body).toEqual({ ...a, title: "After", attemptLimit: 3 });
        const list = await send("GET", `/api/v1/assignments?courseId=${course.id}`, { key: t.admin });
        expect(list.body.items.map((x: { slug: string }) => x.slug).sort()).toEqual(["patched", "quiz"]);
      });

      it("a second assignment with a slug the course already has is a conflict", async () => {
        const r = await send("POST", "/api/v1/assignments", {
          key: t.admin,
          json: { courseId: course.id, slug: "quiz", title: "Again", lab: "single-pod" },
        });
        expect(problem(r, 409, "conflict", "/api/v1/assignments").detail).toBe(
          'the course has an assignment with slug "quiz"',
        );
      });

      it("an externalId another assignment has is a conflict, on create and on PATCH, and nothing changes", async () => {
        const first = await created("POST", "/api/v1/assignments", t.admin, {
          courseId: course.id,
          slug: "linked",
          title: "Linked",
          lab: "single-pod",
          externalId: "resource-link-7",
        });
        const again = await send("POST", "/api/v1/assignments", {
          key: t.admin,
          json: {
            courseId: course.id,
            slug: "linked-2",
            title: "Linked 2",
            lab: "single-pod",
            externalId: "resource-link-7",
          },
        });
        expect(problem(again, 409, "conflict", "/api/v1/assignments").detail).toBe(
          'an assignment with externalId "resource-link-7" exists',
        );
        const other = await created("POST", "/api/v1/assignments", t.admin, {
          courseId: course.id,
          slug: "unlinked",
          title: "Unlinked",
          lab: "single-pod",
        });
        const patched = await send("PATCH", `/api/v1/assignments/${other.id}`, {
          key: t.admin,
          json: { title: "Renamed", externalId: "resource-link-7" },
        });
        expect(problem(patched, 409, "conflict", `/api/v1/assignments/${other.id}`).detail).toBe(
          'an assignment with externalId "resource-link-7" exists',
        );
        const unchanged = await send("GET", `/api/v1/assignments/${other.id}`, { key: t.admin });
        expect(unchanged.body).toEqual(other);
        expect(first.externalId).toBe("resource-link-7");
      });

      const invalid: [string, Record<string, unknown>, string, unknown][] = [
        [
          "a lab nobody has",
          { lab: "no-such-lab" },
          "/lab",
          'no lab "no-such-lab" in this tenant\'s labs or the built-in catalogue',
        ],
        ["a course of nobody", { courseId: NOBODY }, "/courseId", "no such course"],
        ["a slug with capitals", { slug: "Pod One" }, "/slug", expect.any(String)],
        ["an attempt limit of 0", { attemptLimit: 0 }, "/attemptLimit", expect.any(String)],
        [
          "a due date before the opening",
          { opensAt: "2026-04-01T00:00:00Z", dueAt: "2026-03-01T00:00:00Z" },
          "/dueAt",
          "must be after opensAt",
        ],
      ];
      it.each(invalid)("an assignment with %s is 422 pointing at the field", async (_name, change, pointer, detail) => {
        const r = await send("POST", "/api/v1/assignments", {
          key: t.admin,
          json: { courseId: course.id, slug: "bad", title: "Bad", lab: "single-pod", ...change },
        });
        const p = problem(r, 422, "invalid", "/api/v1/assignments");
        expect(p.errors).toEqual([{ pointer, detail }]);
      });

      it("a PATCH with nothing in it, or moving the due date before the opening, is 422", async () => {
        const a = await created("POST", "/api/v1/assignments", t.admin, {
          courseId: course.id,
          slug: "dated",
          title: "Dated",
          lab: "single-pod",
          opensAt: "2026-04-01T00:00:00.000Z",
        });
        const empty = await send("PATCH", `/api/v1/assignments/${a.id}`, { key: t.admin, json: {} });
        expect(problem(empty, 422, "invalid", `/api/v1/assignments/${a.id}`).errors).toEqual([
          { pointer: "/", detail: expect.any(String) },
        ]);
        const early = await send("PATCH", `/api/v1/assignments/${a.id}`, {
          key: t.admin,
          json: { dueAt: "2026-03-01T00:00:00.000Z" },
        });
        expect(problem(early, 422, "invalid", `/api/v1/assignments/${a.id}`).errors).toEqual([
          { pointer: "/dueAt", detail: "must be after opensAt" },
        ]);
        const unchanged = await send("GET", `/api/v1/assignments/${a.id}`, { key: t.admin });
        expect(unchanged.body).toEqual(a);
      });

      it("an assignment that does not exist is 404, whether the id is a uuid or not", async () => {
        for (const id of [NOBODY, "not-a-uuid"]) {
          const r = await send("GET", `/api/v1/assignments/${id}`, { key: t.admin });
          expect(problem(r, 404, "not_found", `/api/v1/assignments/${id}`).detail).toBe("assignment not found");
        }
      });
    });

    describe("students", () => {
      let t: Awaited<ReturnType<typeof newTenant>>;
      let course: { id: string };
      beforeAll(async () => {
        t = await newTenant("students");
        course = await created("POST", "/api/v1/courses", t.admin, { code: "K8S-301", title: "Kubernetes security" });
      }, HOOK_TIMEOUT_MS);
      const roster = async () => {
        const r = await send("GET", `/api/v1/students?courseId=${course.id}`, { key: t.admin });
        expect(r.status).toBe(200);
        return r.body.items.map((s: { externalId: string; name: string | null }) => [s.externalId, s.name]).sort();
      };

      it("a bulk import creates the students and enrols them in the course", async () => {
        const r = await send("POST", "/api/v1/students", {
          key: t.admin,
          json: {
            courseId: course.id,
            students: [
              { externalId: "s-1", name: "Ada", email: "ada@example.edu" },
              { externalId: "s-2", name: "Grace" },
              { externalId: "s-3" },
            ],
          },
        });
        expect(r.status, r.text).toBe(200);
        expect(r.body.items).toEqual([
          {
            id: expect.stringMatching(UUID_RE),
            externalId: "s-1",
            name: "Ada",
            email: "ada@example.edu",
            createdAt: expect.stringMatching(ISO_RE),
          },
          {
            id: expect.stringMatching(UUID_RE),
            externalId: "s-2",
            name: "Grace",
            email: null,
            createdAt: expect.stringMatching(ISO_RE),
          },
          {
            id: expect.stringMatching(UUID_RE),
            externalId: "s-3",
            name: null,
            email: null,
            createdAt: expect.stringMatching(ISO_RE),
          },
        ]);
        expect(await roster()).toEqual([
          ["s-1", "Ada"],
          ["s-2", "Grace"],
          ["s-3", null],
        ]);
        const one = await send("GET", `/api/v1/students/${r.body.items[0].id}`, { key: t.admin });
        expect(one.body).toEqual(r.body.items[0]);
      });

      it("importing a known external id again updates that student instead of adding one", async () => {
        const before = await send("GET", "/api/v1/students", { key: t.admin });
        const r = await send("POST", "/api/v1/students", {
          key: t.admin,
          json: { courseId: course.id, students: [{ externalId: "s-3", name: "Margaret" }] },
        });
        expect(r.status, r.text).toBe(200);
        const old = before.body.items.find((s: { externalId: string }) => s.externalId === "s-3");
        expect(r.body.items).toEqual([{ ...old, name: "Margaret" }]);
        const after = await send("GET", "/api/v1/students", { key: t.admin });
        expect(after.body.items).toHaveLength(before.body.items.length);
      });

      it("the same external id twice in one request is 422 at the second, and nobody is stored", async () => {
        const r = await send("POST", "/api/v1/students", {
          key: t.admin,
          json: { courseId: course.id, students: [{ externalId: "s-9" }, { externalId: "s-9", name: "Twin" }] },
        });
        const p = problem(r, 422, "invalid", "/api/v1/students");
        expect(p.detail).toBe('students 0 and 1 have the same externalId "s-9"');
        expect(p.errors).toEqual([{ pointer: "/students/1/externalId", detail: "repeats /students/0/externalId" }]);
        expect((await roster()).map((s: string[]) => s[0])).toEqual(["s-1", "s-2", "s-3"]);
      });

      it("more than 1000 students in one request is 422 pointing at /students", async () => {
        const students = Array.from({ length: 1001 }, (_, i) => ({ externalId: `bulk-${i}` }));
        const r = await send("POST", "/api/v1/students", { key: t.admin, json: { courseId: course.id, students } });
        const p = problem(r, 422, "invalid", "/api/v1/students");
        expect(p.errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/students"]);
        expect((await roster()).length).toBe(3);
      });
    });

    describe("submissions, reports, regrades and the gradebook", () => {
      let c: Awaited<ReturnType<typeof classroom>>;
      let right: Reply;
      let wrong: Reply;
      let pods: Record<"alice" | "bob", string>;
      beforeAll(async () => {
        c = await classroom("grading");
        pods = { alice: await podFor(c.admin, "alice"), bob: await podFor(c.admin, "bob") };
        right = await submit(c.admin, c.assignment.id, "alice", reference(pods.alice));
        wrong = await submit(c.admin, c.assignment.id, c.students.bob, imageTypo(pods.bob));
      }, HOOK_TIMEOUT_MS);

      it("the reference solution of single-pod scores full marks, graded before the response", async () => {
        expect(right.status, right.text).toBe(201);
        expect(right.body).toMatchObject({
          id: expect.stringMatching(UUID_RE),
          assignmentId: c.assignment.id,
          studentId: c.students.alice,
          source: "api",
          status: "graded",
          error: null,
          score: 10,
          maxScore: 10,
          submittedAt: expect.stringMatching(ISO_RE),
          createdAt: expect.stringMatching(ISO_RE),
          gradedAt: expect.stringMatching(ISO_RE),
        });
        const { report } = right.body;
        expect(report).toMatchObject({
          lab: { id: "single-pod", version: c.assignment.lab.version, title: "Run a single nginx pod" },
          student: "alice",
          gradable: true,
          score: 10,
          maxScore: 10,
          authenticity: [],
        });
        expect(
          report.checkpoints.map((k: { id: string; awarded: number; passed: boolean }) => [k.id, k.awarded, k.passed]),
        ).toEqual([
          ["pod-exists", 2, true],
          ["image", 3, true],
          ["port", 1, true],
          ["label", 2, true],
          ["running", 2, true],
        ]);
      });

      it("a wrong solution loses exactly the checkpoints it gets wrong", async () => {
        expect(wrong.status, wrong.text).toBe(201);
        expect(wrong.body).toMatchObject({ studentId: c.students.bob, status: "graded", score: 5, maxScore: 10 });
        expect(
          wrong.body.report.checkpoints.map((k: { id: string; awarded: number; passed: boolean }) => [
            k.id,
            k.awarded,
            k.passed,
          ]),
        ).toEqual([
          ["pod-exists", 2, true],
          ["image", 0, false],
          ["port", 1, true],
          ["label", 2, true],
          ["running", 0, false],
        ]);
        const image = wrong.body.report.checkpoints[1];
        expect(image.hint).toBe("spec.containers[0] needs name web and image nginx:1.25.");
      });

      it("the report is served as JSON and as text", async () => {
        const json = await send("GET", `/api/v1/submissions/${wrong.body.id}/report`, { key: c.admin });
        expect(json.status).toBe(200);
        expect(json.body).toEqual(wrong.body.report);
        const text = await send("GET", `/api/v1/submissions/${wrong.body.id}/report?format=text`, { key: c.admin });
        expect(text.status).toBe(200);
        expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
        const lines = text.text.split("\n");
        expect(lines.slice(0, 5)).toEqual([
          `Run a single nginx pod (single-pod, ${c.assignment.lab.version})`,
          "student: bob",
          "score: 5/10",
          "",
          `PASS  pod-exists  2/2  A pod named ${pods.bob} exists`,
        ]);
        expect(lines[5]).toBe("FAIL  image  0/3  The pod runs nginx:1.25 in a container named web");
        expect(lines).toContain("      hint: spec.containers[0] needs name web and image nginx:1.25.");
      });

      it("a submission shows what was sent and the history of its results", async () => {
        const r = await send("GET", `/api/v1/submissions/${right.body.id}`, { key: c.admin });
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ id: right.body.id, status: "graded", score: 10, maxScore: 10 });
        expect(r.body.payload).toEqual(reference(pods.alice));
        expect(r.body.results).toEqual([
          {
            id: expect.stringMatching(UUID_RE),
            reason: "grade",
            gradable: true,
            score: 10,
            maxScore: 10,
            graderVersion: right.body.report.grader.version,
            lab: { id: "single-pod", version: c.assignment.lab.version },
            createdAt: expect.stringMatching(ISO_RE),
          },
        ]);
      });

      it("the list filters by assignment, student and status", async () => {
        const byAssignment = await send("GET", `/api/v1/submissions?assignmentId=${c.assignment.id}`, { key: c.admin });
        expect(byAssignment.body.items.map((s: { id: string }) => s.id).sort()).toEqual(
          [right.body.id, wrong.body.id].sort(),
        );
        expect(byAssignment.body.nextCursor).toBeNull();
        const bob = await send("GET", `/api/v1/submissions?studentId=${c.students.bob}`, { key: c.admin });
        expect(bob.body.items).toEqual([
          expect.objectContaining({ id: wrong.body.id, studentId: c.students.bob, score: 5, maxScore: 10 }),
        ]);
        const graded = await send("GET", "/api/v1/submissions?status=graded", { key: c.admin });
        expect(graded.body.items).toHaveLength(2);
        const failed = await send("GET", "/api/v1/submissions?status=failed", { key: c.admin });
        expect(failed.body).toEqual({ items: [], nextCursor: null });
        const future = await send("GET", "/api/v1/submissions?since=2099-01-01T00:00:00Z", { key: c.admin });
        expect(future.body).toEqual({ items: [], nextCursor: null });
        const bad = await send("GET", "/api/v1/submissions?status=lost", { key: c.admin });
        expect(problem(bad, 422, "invalid", "/api/v1/submissions").errors).toEqual([
          { pointer: "status", detail: expect.stringContaining("one of received") },
        ]);
      });

      it("regrading one submission adds a result and keeps the earlier one", async () => {
        // Later than the first grading, so "newest first" has one answer.
        await pause(1);
        const r = await send("POST", `/api/v1/submissions/${right.body.id}/regrade`, { key: c.admin });
        expect(r.status, r.text).toBe(200);
        expect(r.body).toMatchObject({ id: right.body.id, status: "graded", score: 10, maxScore: 10 });
        expect(r.body.results.map((x: { reason: string; score: number }) => [x.reason, x.score])).toEqual([
          ["regrade", 10],
          ["grade", 10],
        ]);
        expect(r.body.results[0].id).not.toBe(r.body.results[1].id);
        const stored = await send("GET", `/api/v1/submissions/${right.body.id}`, { key: c.admin });
        expect(stored.body.results).toEqual(r.body.results);
      });

      it("regrading an assignment regrades every submission of it", async () => {
        await pause(1);
        const r = await send("POST", `/api/v1/assignments/${c.assignment.id}/regrade`, { key: c.admin });
        expect(r.status, r.text).toBe(200);
        expect(r.body).toEqual({ regraded: 2, graded: 2, ungradable: 0, failed: 0 });
        const bob = await send("GET", `/api/v1/submissions/${wrong.body.id}`, { key: c.admin });
        expect(bob.body.results.map((x: { reason: string; score: number }) => [x.reason, x.score])).toEqual([
          ["regrade", 5],
          ["grade", 5],
        ]);
      });

      it("regrading something that does not exist is 404", async () => {
        const one = await send("POST", `/api/v1/submissions/${NOBODY}/regrade`, { key: c.admin });
        expect(problem(one, 404, "not_found", `/api/v1/submissions/${NOBODY}/regrade`).detail).toBe(
          "submission not found",
        );
        const all = await send("POST", `/api/v1/assignments/${NOBODY}/regrade`, { key: c.admin });
        expect(problem(all, 404, "not_found", `/api/v1/assignments/${NOBODY}/regrade`).detail).toBe(
          "assignment not found",
        );
      });

      it("the gradebook has every enrolled student's best score per assignment", async () => {
        const r = await send("GET", `/api/v1/courses/${c.course.id}/gradebook`, { key: c.admin });
        expect(r.status).toBe(200);
        expect(r.body.course).toEqual({ id: c.course.id, code: "K8S-101", title: "Kubernetes" });
        expect(r.body.assignments).toEqual([{ id: c.assignment.id, slug: "pod", title: "First pod" }]);
        const rows = Object.fromEntries(
          r.body.rows.map((row: { student: { externalId: string } }) => [row.student.externalId, row]),
        );
        expect(Object.keys(rows).sort()).toEqual(["alice", "bob", "carol"]);
        expect(rows.alice).toEqual({
          student: { id: c.students.alice, externalId: "alice", name: "Alice Liddell", email: "alice@example.edu" },
          scores: { [c.assignment.id]: { best: 10, max: 10, attempts: 1 } },
          total: 10,
        });
        expect(rows.bob.scores).toEqual({ [c.assignment.id]: { best: 5, max: 10, attempts: 1 } });
        expect(rows.bob.total).toBe(5);
        expect(rows.carol.scores).toEqual({ [c.assignment.id]: null });
        expect(rows.carol.total).toBe(0);
      });

      it("the gradebook as CSV is one quoted row per student, ready for a spreadsheet", async () => {
        const r = await send("GET", `/api/v1/courses/${c.course.id}/gradebook?format=csv`, { key: c.admin });
        expect(r.status).toBe(200);
        expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
        expect(r.headers.get("content-disposition")).toBe('attachment; filename="K8S-101-gradebook.csv"');
        const [header, ...rows] = r.text.split("\r\n");
        expect(header).toBe("externalId,name,email,pod,total");
        expect(rows.sort()).toEqual([
          "",
          "alice,Alice Liddell,alice@example.edu,10,10",
          "bob,Bob Marley,bob@example.edu,5,5",
          'carol,"Carol, Lewis",carol@example.edu,,0',
        ]);
        const byAccept = await send("GET", `/api/v1/courses/${c.course.id}/gradebook`, {
          key: c.admin,
          headers: { accept: "text/csv" },
        });
        expect(byAccept.text).toBe(r.text);
      });

      it("a submission for a student or assignment the tenant does not have is 422 at that field", async () => {
        const nobody = await submit(c.admin, c.assignment.id, "mallory", LOOK_AROUND);
        expect(problem(nobody, 422, "invalid", "/api/v1/submissions").errors).toEqual([
          { pointer: "/studentId", detail: "no such student (create it with POST /api/v1/students)" },
        ]);
        const nowhere = await submit(c.admin, NOBODY, "alice", LOOK_AROUND);
        expect(problem(nowhere, 422, "invalid", "/api/v1/submissions").errors).toEqual([
          { pointer: "/assignmentId", detail: "no such assignment" },
        ]);
        const shapeless = await submit(c.admin, c.assignment.id, "alice", { kind: "video" });
        expect(problem(shapeless, 422, "invalid", "/api/v1/submissions").errors.length).toBeGreaterThan(0);
      });
    });

    describe("listing submissions page by page", () => {
      let c: Awaited<ReturnType<typeof classroom>>;
      const made: string[] = [];
      beforeAll(async () => {
        c = await classroom("paging");
        for (const student of ["alice", "bob", "carol", "alice", "bob"]) {
          const r = await submit(c.admin, c.assignment.id, student, LOOK_AROUND);
          expect(r.status, r.text).toBe(201);
          made.push(r.body.id);
        }
      }, HOOK_TIMEOUT_MS);

      it("walking the cursor two at a time returns every submission once, newest first", async () => {
        const all = await send("GET", `/api/v1/submissions?assignmentId=${c.assignment.id}&limit=100`, {
          key: c.admin,
        });
        expect(all.body.nextCursor).toBeNull();
        const everything = all.body.items.map((s: { id: string }) => s.id);
        expect([...everything].sort()).toEqual([...made].sort());
        const pages: string[][] = [];
        let cursor: string | null = null;
        do {
          const q: string = `assignmentId=${c.assignment.id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
          const r = await send("GET", `/api/v1/submissions?${q}`, { key: c.admin });
          expect(r.status, r.text).toBe(200);
          pages.push(r.body.items.map((s: { id: string }) => s.id));
          cursor = r.body.nextCursor;
        } while (cursor && pages.length < 10);
        expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
        expect(pages.flat()).toEqual(everything);
        const times = all.body.items.map((s: { createdAt: string }) => s.createdAt);
        expect([...times].sort().reverse()).toEqual(times);
      });

      it("a cursor the API did not hand out, or a limit out of range, is 422", async () => {
        const forged = await send("GET", "/api/v1/submissions?cursor=bm90LWEtY3Vyc29y", { key: c.admin });
        expect(problem(forged, 422, "invalid", "/api/v1/submissions").errors).toEqual([
          { pointer: "cursor", detail: "not a cursor from a previous page" },
        ]);
        for (const limit of ["0", "101", "ten"]) {
          const r = await send("GET", `/api/v1/submissions?limit=${limit}`, { key: c.admin });
          expect(problem(r, 422, "invalid", "/api/v1/submissions").errors).toEqual([
            { pointer: "limit", detail: "must be an integer from 1 to 100" },
          ]);
        }
      });
    });

    describe("Idempotency-Key", () => {
      let c: Awaited<ReturnType<typeof classroom>>;
      beforeAll(async () => {
        c = await classroom("idempotency");
      }, HOOK_TIMEOUT_MS);

      it("a repeated POST returns the first response, marked as replayed, and creates nothing more", async () => {
        const key = `course-${randomHex(8)}`;
        const body = { code: "K8S-401", title: "Kubernetes at scale" };
        const first = await send("POST", "/api/v1/courses", {
          key: c.admin,
          json: body,
          headers: { "idempotency-key": key },
        });
        expect(first.status, first.text).toBe(201);
        expect(first.headers.get("idempotent-replayed")).toBeNull();
        const again = await send("POST", "/api/v1/courses", {
          key: c.admin,
          json: body,
          headers: { "idempotency-key": key },
        });
        expect(again.status).toBe(201);
        expect(again.headers.get("idempotent-replayed")).toBe("true");
        expect(again.body).toEqual(first.body);
        const list = await send("GET", "/api/v1/courses", { key: c.admin });
        expect(list.body.items.filter((x: { code: string }) => x.code === "K8S-401")).toEqual([first.body]);
      });

      it("a repeated submission is stored and graded once", async () => {
        const key = `sub-${randomHex(8)}`;
        const first = await submit(c.admin, c.assignment.id, "alice", LOOK_AROUND, { "idempotency-key": key });
        expect(first.status, first.text).toBe(201);
        const again = await submit(c.admin, c.assignment.id, "alice", LOOK_AROUND, { "idempotency-key": key });
        expect(again.status).toBe(201);
        expect(again.headers.get("idempotent-replayed")).toBe("true");
        expect(again.body).toEqual(first.body);
        const list = await send("GET", `/api/v1/submissions?assignmentId=${c.assignment.id}`, { key: c.admin });
        expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([first.body.id]);
        const one = await send("GET", `/api/v1/submissions/${first.body.id}`, { key: c.admin });
        expect(one.body.results).toHaveLength(1);
      });

      it("the same key with a different body is a conflict", async () => {
        const key = `course-${randomHex(8)}`;
        const first = await send("POST", "/api/v1/courses", {
          key: c.admin,
          json: { code: "K8S-402", title: "One" },
          headers: { "idempotency-key": key },
        });
        expect(first.status, first.text).toBe(201);
        const other = await send("POST", "/api/v1/courses", {
          key: c.admin,
          json: { code: "K8S-403", title: "Another" },
          headers: { "idempotency-key": key },
        });
        expect(problem(other, 409, "conflict", "/api/v1/courses").detail).toBe(
          "this Idempotency-Key was used for a different request",
        );
        const list = await send("GET", "/api/v1/courses", { key: c.admin });
        expect(list.body.items.map((x: { code: string }) => x.code)).not.toContain("K8S-403");
      });
    });

    describe("attempt limits and cooldowns", () => {
      it("past the attempt limit a submission is refused with 409 attempts_exhausted and not stored", async () => {
        const c = await classroom("attempts", { attemptLimit: 2 });
        for (let i = 0; i < 2; i++)
          expect((await submit(c.admin, c.assignment.id, "alice", LOOK_AROUND)).status).toBe(201);
        const third = await submit(c.admin, c.assignment.id, "alice", LOOK_AROUND);
        expect(problem(third, 409, "attempts_exhausted", "/api/v1/submissions").detail).toBe("all 2 attempts are used");
        const list = await send("GET", `/api/v1/submissions?assignmentId=${c.assignment.id}`, { key: c.admin });
        expect(list.body.items).toHaveLength(2);
        const bob = await submit(c.admin, c.assignment.id, "bob", LOOK_AROUND);
        expect(bob.status, "the limit is per student").toBe(201);
      });

      it("within the cooldown a submission is refused with 429 and Retry-After, and accepted after it", async () => {
        const c = await classroom("cooldown", { cooldownSeconds: 2 });
        expect((await submit(c.admin, c.assignment.id, "alice", LOOK_AROUND)).status).toBe(201);
        const soon = await submit(c.admin, c.assignment.id, "alice", LOOK_AROUND);
        const p = problem(soon, 429, "cooldown", "/api/v1/submissions");
        const retryAfter = Number(soon.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(2);
        expect(p.detail).toBe(`wait ${retryAfter} s before the next attempt (one attempt every 2 s)`);
        await pause(retryAfter + 0.1);
        const later = await submit(c.admin, c.assignment.id, "alice", LOOK_AROUND);
        expect(later.status, later.text).toBe(201);
      });
    });

    describe("requests and errors", () => {
      let t: Awaited<ReturnType<typeof newTenant>>;
      beforeAll(async () => {
        t = await newTenant("requests");
      }, HOOK_TIMEOUT_MS);

      it("a body over the limit is refused with 413", async () => {
        const huge = JSON.stringify({ code: "BIG", title: "x".repeat(6 * 1024 * 1024) });
        const r = await send("POST", "/api/v1/courses", {
          key: t.admin,
          body: huge,
          headers: { "content-type": "application/json" },
        });
        expect(problem(r, 413, "too_large", "/api/v1/courses").detail).toBe(
          "the request body is larger than 6291456 bytes",
        );
        const list = await send("GET", "/api/v1/courses", { key: t.admin });
        expect(list.body).toEqual({ items: [] });
      });

      it("a body that is not JSON is refused with 415, and broken JSON with 400", async () => {
        const form = await send("POST", "/api/v1/courses", {
          key: t.admin,
          body: "code=K8S&title=x",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        });
        expect(problem(form, 415, "unsupported_media_type", "/api/v1/courses").detail).toBe(
          "send the body as JSON (Content-Type: application/json)",
        );
        const lab = await send("POST", "/api/v1/labs", {
          key: t.admin,
          body: "id: x",
          headers: { "content-type": "text/html" },
        });
        problem(lab, 415, "unsupported_media_type", "/api/v1/labs");
        const broken = await send("POST", "/api/v1/courses", {
          key: t.admin,
          body: '{"code": ',
          headers: { "content-type": "application/json" },
        });
        expect(problem(broken, 400, "bad_request", "/api/v1/courses").detail).toBe("the body is not valid JSON");
      });

      it("a request id the client sends is echoed back, in the header and in a problem", async () => {
        const ok = await send("GET", "/api/v1/courses", {
          key: t.admin,
          headers: { "x-request-id": `suite-${run}-1` },
        });
        expect(ok.headers.get("x-request-id")).toBe(`suite-${run}-1`);
        const bad = await send("GET", `/api/v1/courses/${NOBODY}`, {
          key: t.admin,
          headers: { "x-request-id": `suite-${run}-2` },
        });
        expect(problem(bad, 404, "not_found", `/api/v1/courses/${NOBODY}`).requestId).toBe(`suite-${run}-2`);
        const mine = await send("GET", "/api/v1/courses", { key: t.admin, headers: { "x-request-id": "has spaces" } });
        expect(mine.headers.get("x-request-id")).toMatch(UUID_RE);
      });

      it("no key, or something that is not a key, is 401 with a Bearer challenge", async () => {
        for (const authorization of [undefined, "Bearer not-a-key", `Basic ${btoa("a:b")}`]) {
          const r = await send("GET", "/api/v1/courses", authorization ? { headers: { authorization } } : {});
          problem(r, 401, "unauthenticated", "/api/v1/courses");
          expect(r.headers.get("www-authenticate")).toBe('Bearer realm="labgrader"');
        }
      });

      it("an unknown route is a 404 problem naming it", async () => {
        const r = await send("GET", "/api/v1/nothing-here", { key: t.admin });
        expect(problem(r, 404, "not_found", "/api/v1/nothing-here").detail).toBe(
          "no route for GET /api/v1/nothing-here",
        );
      });
    });

    describe("POST /api/v1/grade", () => {
      let t: Awaited<ReturnType<typeof newTenant>>;
      beforeAll(async () => {
        t = await newTenant("try");
      }, HOOK_TIMEOUT_MS);

      it("grades a submission against a catalogue lab and stores nothing", async () => {
        const pod = await podFor(t.admin, "alice");
        const r = await send("POST", "/api/v1/grade", {
          key: t.admin,
          json: { lab: "single-pod", student: "alice", submission: reference(pod) },
        });
        expect(r.status, r.text).toBe(200);
        expect(r.body).toMatchObject({
          lab: { id: "single-pod" },
          student: "alice",
          gradable: true,
          score: 10,
          maxScore: 10,
        });
        const list = await send("GET", "/api/v1/submissions", { key: t.admin });
        expect(list.body).toEqual({ items: [], nextCursor: null });
      });

      it("grades against lab files sent with the request", async () => {
        const r = await send("POST", "/api/v1/grade", {
          key: t.admin,
          json: {
            labFiles: { "lab.yaml": quizLab() },
            submission: { kind: "manifests", files: [{ name: "pod.yaml", content: QUIZ_POD }] },
          },
        });
        expect(r.status, r.text).toBe(200);
        expect(r.body).toMatchObject({
          lab: { id: "pod-quiz", title: "Pod quiz" },
          gradable: true,
          score: 1,
          maxScore: 1,
        });
        const labs = await send("GET", "/api/v1/labs/pod-quiz", { key: t.admin });
        expect(labs.status, "trying a lab does not upload it").toBe(404);
      });

      it("a lab nobody has is 422 pointing at /lab", async () => {
        const r = await send("POST", "/api/v1/grade", {
          key: t.admin,
          json: { lab: "no-such-lab", submission: LOOK_AROUND },
        });
        expect(problem(r, 422, "invalid", "/api/v1/grade").errors).toEqual([
          { pointer: "/lab", detail: "no such lab" },
        ]);
      });
    });

    describe("LTI launches", () => {
      it("a login from the LMS gets its authorization request back, with a state bound to this browser by a cookie", async () => {
        const t = await newTenant("lti");
        const lms = "https://lms.example";
        const i = await created("POST", "/api/v1/integrations", t.admin, {
          name: "LMS",
          issuer: lms,
          clientId: "tool-1",
          deploymentId: "d1",
          tokenUrl: `${lms}/token`,
          authLoginUrl: `${lms}/auth`,
          platformJwksUrl: `${lms}/jwks`,
        });
        expect(new URL(i.loginUrl).pathname).toBe(`/lti/${t.slug}/login`);
        expect(new URL(i.launchUrl).pathname).toBe(`/lti/${t.slug}/launch`);
        const q = new URLSearchParams({
          iss: lms,
          login_hint: "u-1",
          target_link_uri: i.launchUrl,
          client_id: "tool-1",
          lti_message_hint: "m-1",
        });
        const res = await target.fetch(`/lti/${t.slug}/login?${q}`, { redirect: "manual" });
        expect(res.status, await res.text()).toBe(302);
        const to = new URL(res.headers.get("location") ?? "");
        expect(`${to.origin}${to.pathname}`).toBe(`${lms}/auth`);
        const sent = Object.fromEntries(to.searchParams);
        expect(sent).toMatchObject({
          scope: "openid",
          response_type: "id_token",
          response_mode: "form_post",
          prompt: "none",
          client_id: "tool-1",
          redirect_uri: i.launchUrl,
          login_hint: "u-1",
          lti_message_hint: "m-1",
        });
        expect(sent.state).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
        expect(sent.nonce).toMatch(/^[A-Za-z0-9_-]{32}$/);
        const cookie = res.headers.get("set-cookie") ?? "";
        expect(cookie).toMatch(/^lg_lti_[A-Za-z0-9_-]+=[A-Za-z0-9_-]+;/);
        expect(cookie).toMatch(/HttpOnly/i);
        expect(cookie).toContain(`Path=/lti/${t.slug}/launch`);

        const launch = (headers: Record<string, string>) =>
          send("POST", `/lti/${t.slug}/launch`, {
            body: new URLSearchParams({ id_token: "not.a.jwt", state: sent.state }).toString(),
            headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
          });
        // Posted from a browser without the login's cookie: refused before the token is read.
        const elsewhere = await launch({});
        expect(problem(elsewhere, 400, "bad_request", `/lti/${t.slug}/launch`).detail).toContain(
          "did not begin in this browser",
        );
        // With it, the id_token is what is wrong.
        const bound = await launch({ cookie: cookie.split(";")[0] });
        expect(problem(bound, 401, "unauthenticated", `/lti/${t.slug}/launch`).detail).toBe(
          "the id_token was refused: it is not a well-formed JWT",
        );
      });
    });
  });
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}
