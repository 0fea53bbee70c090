import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTenant, startTestService, type TestService } from "../support/app.ts";

let svc: TestService;
let key: string;
let link: string;
let assignmentId: string;

const POD = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n  containers:\n  - name: web\n    image: nginx:1.25\n    ports:\n    - containerPort: 80\n`;

beforeAll(async () => {
  svc = await startTestService();
  ({ adminKey: key } = await createTenant(svc, "form"));
  const course = await call(svc, key, "POST", "/api/v1/courses", { code: "C1", title: "Course" });
  const a = await call(svc, key, "POST", "/api/v1/assignments", {
    courseId: course.body.id,
    slug: "pod",
    title: "Your first Pod",
    lab: "single-pod",
    attemptLimit: 3,
    cooldownSeconds: 60,
  });
  assignmentId = a.body.id;
  await call(svc, key, "POST", "/api/v1/students", { courseId: course.body.id, students: [{ externalId: "carol" }] });
  const links = await call(svc, key, "POST", `/api/v1/assignments/${assignmentId}/links`);
  link = new URL(links.body.items[0].url).pathname;
}, 120_000);
afterAll(() => svc.close());

async function page(path = link): Promise<{ status: number; text: string; headers: Headers }> {
  const r = await svc.fetch(path, { headers: { accept: "text/html" } });
  return { status: r.status, text: await r.text(), headers: r.headers };
}

async function csrf(): Promise<string> {
  const m = /name="csrf" value="([^"]+)"/.exec((await page()).text);
  if (!m) throw new Error("no csrf field");
  return m[1];
}

async function post(fields: Record<string, string | File | File[]>): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  }
  return svc.fetch(link, { method: "POST", body: form, headers: { accept: "text/html" } });
}

describe("the student form", () => {
  it("shows the assignment with the student's own parameters filled into the instructions", async () => {
    const p = await page();
    expect(p.status).toBe(200);
    expect(p.text).toContain("<h1>Your first Pod</h1>");
    expect(p.text).not.toContain("{{pod}}");
    expect(p.text).toContain("0 of 3 used");
    expect(p.headers.get("referrer-policy")).toBe("no-referrer");
    expect(p.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("logs the request without the link's token, which is the student's key", () => {
    const token = link.split("/")[2];
    expect(JSON.stringify(svc.logs)).not.toContain(token);
    expect(svc.logs).toContainEqual(expect.objectContaining({ method: "GET", path: "/s/[token]", status: 200 }));
  });

  it("refuses an empty post with a message and keeps the form", async () => {
    const r = await post({ csrf: await csrf(), manifests: "", transcript: "" });
    expect(r.status).toBe(422);
    const text = await r.text();
    expect(text).toContain('role="alert"');
    expect(text).toContain("Nothing to grade: paste or upload your manifests, or paste your terminal transcript.");
  });

  it("names an upload of the wrong type and keeps what the student typed", async () => {
    const r = await post({
      csrf: await csrf(),
      manifests: "kind: Pod # typed by hand",
      files: new File([new Uint8Array([137, 80, 78, 71])], "screenshot.png", { type: "image/png" }),
    });
    expect(r.status).toBe(422);
    const text = await r.text();
    expect(text).toContain(
      "screenshot.png: only .yaml, .yml, .json (manifests) and .txt, .cast, .sh (transcripts) are accepted.",
    );
    expect(text).toContain("kind: Pod # typed by hand");
  });

  it("names a file that is not UTF-8 text", async () => {
    const r = await post({
      csrf: await csrf(),
      files: new File([new Uint8Array([0xff, 0xfe, 0x00, 0xd8])], "pod.yaml"),
    });
    expect(r.status).toBe(422);
    expect(await r.text()).toContain("pod.yaml is not a text file (it is not valid UTF-8).");
  });

  it("grades an uploaded manifest, redirects to the report, and counts the attempt", async () => {
    const name = /<code>([a-z0-9-]+)<\/code>/.exec((await page()).text)?.[1] ?? "web";
    const r = await post({ csrf: await csrf(), files: new File([POD(name)], "pod.yaml") });
    expect(r.status).toBe(303);
    const location = r.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^${link}/submissions/[0-9a-f-]{36}$`));
    const report = await page(location);
    expect(report.status).toBe(200);
    expect(report.text).toContain("<table");
    const after = await page();
    expect(after.text).toContain("1 of 3 used");
  });

  it("refuses the next attempt during the cooldown, saying how long to wait", async () => {
    const r = await post({ csrf: await csrf(), manifests: POD("again") });
    expect(r.status).toBe(429);
    expect(await r.text()).toMatch(/Not accepted: wait \d+ s before the next attempt \(one attempt every 60 s\)\./);
  });

  it("refuses every attempt after the limit, even after the cooldown", async () => {
    for (let i = 0; i < 2; i++) {
      svc.clock.now = new Date(svc.clock.now.getTime() + 61_000);
      expect((await post({ csrf: await csrf(), manifests: POD(`p${i}`) })).status).toBe(303);
    }
    svc.clock.now = new Date(svc.clock.now.getTime() + 61_000);
    const r = await post({ csrf: await csrf(), manifests: POD("fourth") });
    expect(r.status).toBe(409);
    expect(await r.text()).toContain("Not accepted: all 3 attempts are used.");
    const subs = await call(svc, key, "GET", `/api/v1/submissions?assignmentId=${assignmentId}`);
    expect(subs.body.items).toHaveLength(3);
  });
});
