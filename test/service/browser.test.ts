/**
 * The student form in a real browser: the Node server (src/server.ts) on an in-memory PGlite
 * with the demo tenant, driven by headless Chromium through playwright-core. A student opens
 * their link, reads their own pod name in the instructions, pastes or uploads manifests,
 * reads the report, goes back to the history, gets clear errors for bad uploads, and can do
 * all of it with the keyboard alone; and a student launched from the LMS (LTI 1.3) lands on
 * the same form.
 */
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadLab } from "../../src/grading/lab/load.ts";
import { resolveParameters } from "../../src/grading/lab/parameters.ts";
import { readLab } from "../../src/node/labs.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { DEMO } from "../../src/service/seed.ts";
import { call } from "../support/app.ts";
import { type LtiPlatform, startLtiPlatform } from "../support/lti-platform.ts";

const chromiumPath = inject("chromiumPath");
const chromiumSkipped = inject("chromiumSkipped");

// The flags measured to start Debian's Chromium reliably in containers and CI (STACK.md).
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

interface SinglePodSolutions {
  solutions: {
    reference: { transcript: string };
    wrong: { name: string; manifests?: Record<string, string> }[];
  };
}

const labYaml = load(
  readFileSync(new URL("../../labs/single-pod/lab.yaml", import.meta.url), "utf8"),
) as SinglePodSolutions;

/** The manifest inside the reference transcript's heredoc (`cat > pod.yaml <<'EOF' ... EOF`). */
function referenceManifest(pod: string): string {
  const m = /<<'EOF'\n([\s\S]*?)\nEOF\n/.exec(labYaml.solutions.reference.transcript);
  if (!m) throw new Error("the single-pod reference solution no longer writes its manifest with a heredoc");
  return `${m[1]}\n`.replaceAll("{{pod}}", pod);
}

/** The known-wrong solution whose image is misspelt (ngnix:1.25). */
function imageTypoManifest(pod: string): string {
  const wrong = labYaml.solutions.wrong.find((w) => w.name === "image-typo");
  const text = wrong?.manifests?.["pod.yaml"];
  if (!text) throw new Error("the single-pod lab no longer has the image-typo wrong solution");
  return text.replaceAll("{{pod}}", pod);
}

/** The pod name the lab's parameters give a student, computed apart from the server. */
async function podFor(student: string): Promise<string> {
  const read = readLab(DEMO.lab);
  if (!read.ok) throw new Error(read.error);
  const loaded = await loadLab(read.source);
  if (!loaded.ok) throw new Error(`${DEMO.lab} does not load`);
  return String(resolveParameters(loaded.lab, student).pod);
}

const TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC`;
const REPORT_PATH = /^\/s\/[^/]+\/submissions\/[0-9a-f-]{36}$/;

describe.skipIf(!chromiumPath)(
  `the student form in headless Chromium${chromiumSkipped ? ` (skipped: ${chromiumSkipped})` : ""}`,
  () => {
    let server: RunningServer;
    let browser: Browser;
    const serverLog: string[] = [];
    const api = { fetch: (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init) };

    beforeAll(async () => {
      [server, browser] = await Promise.all([
        startServer({ port: 0, seed: true, sweepEveryMs: 0, log: (line) => serverLog.push(line) }),
        chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS }),
      ]);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** A fresh student enrolled in the demo course, and their signed link (absolute URL). */
    async function newStudentLink(externalId: string): Promise<string> {
      const demo = server.demo!;
      const enrolled = await call(api, demo.adminKey, "POST", "/api/v1/students", {
        courseId: demo.courseId,
        students: [{ externalId, name: `Student ${externalId}` }],
      });
      expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
      const links = await call(api, demo.adminKey, "POST", `/api/v1/assignments/${demo.assignmentId}/links`, {
        studentIds: [externalId],
      });
      expect(links.status, JSON.stringify(links.body)).toBe(200);
      expect(links.body.items).toHaveLength(1);
      return links.body.items[0].url as string;
    }

    async function openPage(url: string): Promise<Page> {
      const page = await browser.newPage();
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);
      return page;
    }

    /**
     * The demo school's integration with an LMS, registered on both sides as an administrator
     * would: the LMS's endpoints in labgrader, the tool's key and URLs in the LMS.
     */
    async function connect(platform: LtiPlatform, name: string, clientId: string): Promise<void> {
      const demo = server.demo!;
      const made = await call(api, demo.adminKey, "POST", "/api/v1/integrations", {
        name,
        issuer: platform.issuer,
        clientId,
        deploymentId: "1",
        tokenUrl: platform.tokenUrl,
        authLoginUrl: platform.authUrl,
        platformJwksUrl: platform.jwksUrl,
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const jwks = (await (await api.fetch(new URL(made.body.jwksUrl).pathname)).json()) as {
        keys: { kid: string }[];
      };
      platform.registerTool({
        clientId,
        publicJwk: jwks.keys.find((k) => k.kid === made.body.keyId),
        deploymentId: "1",
        redirectUris: [made.body.launchUrl],
        loginUrl: made.body.loginUrl,
      });
    }

    /** The pod name the instructions ask this student for (the first bold word). */
    async function podFromInstructions(page: Page): Promise<string> {
      const text = await page.getByRole("region", { name: "Instructions" }).locator("strong").first().textContent();
      return text ?? "";
    }

    async function submitAndWait(page: Page) {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.getByRole("button", { name: "Submit for grading" }).click(),
      ]);
      await page.waitForLoadState("domcontentloaded");
      return response;
    }

    /** Every checkpoint row as its cells' text: id, title, points, result, explanation, hint. */
    async function checkpointRows(page: Page): Promise<string[][]> {
      const rows = page
        .getByRole("table", { name: "Each checkpoint, the points it gave, and why" })
        .locator("tbody tr");
      const out: string[][] = [];
      for (const row of await rows.all())
        out.push((await row.locator("th, td").allTextContents()).map((t) => t.trim()));
      return out;
    }

    /** The text as the page shows it, laid out (paragraphs apart), as a student reads it. */
    async function shownText(locator: Locator): Promise<string> {
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is asserted
      return locator.innerText();
    }

    /** The focused element as assistive technology announces it (role and accessible name). */
    async function focused(page: Page): Promise<string> {
      // A link's snapshot continues with its URL (`- link "x":` then `- /url: ...`): keep the first line.
      const snapshot = await page.locator(":focus").ariaSnapshot();
      return snapshot.split("\n")[0].replace(/:$/, "");
    }

    it("the demo student's link shows the assignment, its instructions with this student's own pod name, and an empty history", async () => {
      const page = await openPage(`${server.url}${server.demo!.studentPath}`);
      expect(await page.title()).toBe("Lab 1: your first Pod · labgrader");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Lab 1: your first Pod");
      const pod = await podFromInstructions(page);
      expect(pod).toBe(await podFor("student-1"));
      expect(pod).toMatch(/^web-[a-z]{4}$/);
      const instructions = await shownText(page.getByRole("region", { name: "Instructions" }));
      expect(instructions).toContain(`Create a pod named ${pod} in the default namespace`);
      expect(instructions).toContain(`labelled app=${pod}.`);
      expect(instructions).not.toContain("{{pod}}");
      const progress = page.getByRole("region", { name: "Your progress" });
      expect(await shownText(progress)).toBe(
        "Your progress\n\nNo graded attempt yet.\n\nAttempts\n\nYou have not submitted anything yet.",
      );
      await page.close();
    });

    it("a pasted reference manifest is graded: the report shows the full score and every checkpoint passed with its reason; back on the assignment the attempt is in the history and the best score is the progress", async () => {
      const page = await openPage(`${server.url}${server.demo!.studentPath}`);
      const pod = await podFromInstructions(page);
      await page.getByLabel("Manifests").fill(referenceManifest(pod));
      const response = await submitAndWait(page);
      expect(response.status()).toBe(303);
      const reportUrl = new URL(page.url());
      expect(reportUrl.pathname).toMatch(REPORT_PATH);
      expect(await page.title()).toBe("Report: Lab 1: your first Pod · labgrader");
      expect(await page.getByRole("region", { name: "Score" }).locator("strong").textContent()).toBe(
        "10 of 10 points (100%)",
      );
      expect(await page.getByRole("meter", { name: "Score" }).getAttribute("value")).toBe("10");
      expect(await checkpointRows(page)).toEqual([
        ["pod-exists", `A pod named ${pod} exists`, "2 of 2", "Passed", `pod "${pod}" exists in namespace default`, ""],
        [
          "image",
          "The pod runs nginx:1.25 in a container named web",
          "3 of 3",
          "Passed",
          `pod "${pod}" exists in namespace default and has spec.containers[name=web].image nginx:1.25`,
          "",
        ],
        [
          "port",
          "The container declares port 80",
          "1 of 1",
          "Passed",
          `pod "${pod}" exists in namespace default and has spec.containers[name=web].ports[0].containerPort 80`,
          "",
        ],
        ["label", `The pod is labelled app=${pod}`, "2 of 2", "Passed", `1 pod matches app=${pod}`, ""],
        [
          "running",
          "The pod is Running and Ready",
          "2 of 2",
          "Passed",
          `pod "${pod}" exists in namespace default and has status.phase Running, has status.conditions[type=Ready].status True`,
          "",
        ],
      ]);
      expect(await shownText(page.getByRole("region", { name: "Authenticity" }))).toBe(
        "Authenticity\n\nNo findings: nothing in the submission disagrees with the replay.",
      );

      await page.getByRole("link", { name: "Back to the assignment" }).click();
      await page.waitForURL(`${server.url}${server.demo!.studentPath}`);
      expect(await shownText(page.locator("dl.facts"))).toMatch(/Attempts\s+1 used \(no limit\)/);
      const progress = page.getByRole("region", { name: "Your progress" });
      expect(await shownText(progress.locator("p").first())).toBe("Best score: 10 of 10 points (100%)");
      expect(await progress.getByRole("meter", { name: "Best score" }).getAttribute("value")).toBe("10");
      const history = progress.getByRole("listitem");
      expect(await history.allInnerTexts()).toEqual([
        expect.stringMatching(new RegExp(`^Report of ${TIME} — Graded: 10 of 10 points \\(100%\\)$`)),
      ]);
      expect(await history.getByRole("link").getAttribute("href")).toBe(reportUrl.pathname);
      await page.close();
    });

    it("an uploaded manifest is graded, and a failed checkpoint shows its reason and its hint with the student's pod name", async () => {
      const page = await openPage(await newStudentLink("upload-1"));
      const pod = await podFromInstructions(page);
      expect(pod).toMatch(/^web-[a-z]{4}$/);
      await page.getByLabel("Files").setInputFiles({
        name: "pod.yaml",
        mimeType: "application/yaml",
        buffer: Buffer.from(imageTypoManifest(pod)),
      });
      const response = await submitAndWait(page);
      expect(response.status()).toBe(303);
      expect(new URL(page.url()).pathname).toMatch(REPORT_PATH);
      expect(await page.getByRole("region", { name: "Score" }).locator("strong").textContent()).toBe(
        "5 of 10 points (50%)",
      );
      expect(await checkpointRows(page)).toEqual([
        ["pod-exists", `A pod named ${pod} exists`, "2 of 2", "Passed", `pod "${pod}" exists in namespace default`, ""],
        [
          "image",
          "The pod runs nginx:1.25 in a container named web",
          "0 of 3",
          "Not passed",
          `pod "${pod}" has spec.containers[name=web].image ngnix:1.25; expected nginx:1.25; pod "${pod}" is Pending with ImagePullBackOff: container web cannot pull its image ngnix:1.25`,
          "spec.containers[0] needs name web and image nginx:1.25.",
        ],
        [
          "port",
          "The container declares port 80",
          "1 of 1",
          "Passed",
          `pod "${pod}" exists in namespace default and has spec.containers[name=web].ports[0].containerPort 80`,
          "",
        ],
        ["label", `The pod is labelled app=${pod}`, "2 of 2", "Passed", `1 pod matches app=${pod}`, ""],
        [
          "running",
          "The pod is Running and Ready",
          "0 of 2",
          "Skipped",
          'skipped: requires "image", which did not pass',
          `Wait for the pod to become Ready; check kubectl describe pod ${pod} for events.`,
        ],
      ]);
      // Backticks in a hint become code, not literal backquotes.
      const hint = page.getByRole("row", { name: /^running/ }).locator("td code");
      expect(await hint.textContent()).toBe(`kubectl describe pod ${pod}`);
      await page.close();
    });

    it("an upload that is not a manifest or transcript (a .png) is refused with the error list, and the typed text is kept", async () => {
      const page = await openPage(await newStudentLink("bad-upload-1"));
      const typedManifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: typed-by-hand\n";
      const typedTranscript = "kubectl apply -f pod.yaml\nkubectl get pods";
      await page.getByLabel("Manifests").fill(typedManifest);
      await page.getByLabel("Transcript").fill(typedTranscript);
      await page.getByLabel("Files").setInputFiles({
        name: "screenshot.png",
        mimeType: "image/png",
        buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      });
      const response = await submitAndWait(page);
      expect(response.status()).toBe(422);
      expect(await page.title()).toBe("Error: Lab 1: your first Pod · labgrader");
      const alert = page.getByRole("alert");
      expect(await alert.getByRole("heading").textContent()).toBe("Your submission was not accepted");
      expect(await alert.getByRole("listitem").allInnerTexts()).toEqual([
        "screenshot.png: only .yaml, .yml, .json (manifests) and .txt, .cast, .sh (transcripts) are accepted.",
      ]);
      expect(await page.getByLabel("Manifests").inputValue()).toBe(typedManifest);
      expect(await page.getByLabel("Transcript").inputValue()).toBe(typedTranscript);
      // Nothing was stored: the refused post used no attempt.
      expect(await shownText(page.locator("dl.facts"))).toMatch(/Attempts\s+0 used \(no limit\)/);
      await page.close();
    });

    it("an empty submission is refused with the error list and uses no attempt", async () => {
      const page = await openPage(await newStudentLink("empty-1"));
      const response = await submitAndWait(page);
      expect(response.status()).toBe(422);
      const alert = page.getByRole("alert");
      expect(await alert.getByRole("listitem").allInnerTexts()).toEqual([
        "Nothing to grade: paste or upload your manifests, or paste your terminal transcript.",
      ]);
      expect(await page.getByLabel("Manifests").inputValue()).toBe("");
      expect(await shownText(page.locator("dl.facts"))).toMatch(/Attempts\s+0 used \(no limit\)/);
      await page.close();
    });

    it("with the keyboard alone a student tabs through the form to the submit button and submits", async () => {
      const page = await openPage(await newStudentLink("keyboard-1"));
      const pod = await podFromInstructions(page);
      const order: string[] = [];
      const submit = '- button "Submit for grading"';
      for (let i = 0; i < 10 && order.at(-1) !== submit; i++) {
        await page.keyboard.press("Tab");
        order.push(await focused(page));
      }
      expect(order).toEqual([
        '- link "Skip to main content"',
        '- textbox "Manifests"',
        '- button "Files"',
        '- textbox "Transcript"',
        submit,
      ]);
      // Back to the manifests field (Shift+Tab), type the manifest, Tab to the button, Enter.
      for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+Tab");
      expect(await focused(page)).toBe('- textbox "Manifests"');
      await page.keyboard.insertText(referenceManifest(pod));
      for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
      expect(await focused(page)).toBe(submit);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.keyboard.press("Enter"),
      ]);
      expect(response.status()).toBe(303);
      await page.waitForURL(REPORT_PATH_URL);
      expect(await page.getByRole("region", { name: "Score" }).locator("strong").textContent()).toBe(
        "10 of 10 points (100%)",
      );
      await page.close();
    });

    it("the server logged every request as one JSON line, the form posts with their statuses, and no errors", () => {
      const lines = serverLog.map((l) => JSON.parse(l) as Record<string, unknown>);
      const requests = lines.filter((l) => l.msg === "request");
      for (const r of requests) {
        expect(Object.keys(r).sort()).toEqual(
          ["level", "method", "ms", "msg", "path", "requestId", "status", "tenant", "time"].filter(
            (k) => k !== "tenant" || "tenant" in r,
          ),
        );
      }
      const formPosts = requests.filter((r) => r.method === "POST" && String(r.path).startsWith("/s/"));
      // In test order: pasted reference, uploaded typo, .png, empty, keyboard.
      expect(formPosts.map((r) => r.status)).toEqual([303, 303, 422, 422, 303]);
      expect(lines.filter((l) => l.level === "error")).toEqual([]);
    });

    it("a student who opens the assignment in the LMS (an LTI 1.3 launch) lands on its form as that LMS user, and is graded", async () => {
      const platform = await startLtiPlatform();
      try {
        const demo = server.demo!;
        const clientId = "browser-tool";
        await connect(platform, "Browser LMS", clientId);
        const linked = await call(api, demo.adminKey, "PATCH", `/api/v1/assignments/${demo.assignmentId}`, {
          externalId: "rl-browser",
        });
        expect(linked.status, JSON.stringify(linked.body)).toBe(200);

        // The browser goes where the LMS sends it: the tool's login, the platform's auto-posting
        // form, the launch, and on to the assignment.
        const page = await browser.newPage();
        await page.goto(
          platform.launchUrl({
            clientId,
            user: { sub: "lms-browser-7", name: "Ada Lovelace" },
            resourceLink: { id: "rl-browser", title: "Lab 1" },
          }),
        );
        await page.waitForURL((u) => /^\/s\/[^/]+$/.test(u.pathname));
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Lab 1: your first Pod");
        const pod = await podFromInstructions(page);
        expect(pod).toBe(await podFor("lms-browser-7"));
        await page.getByLabel("Manifests").fill(referenceManifest(pod));
        const response = await submitAndWait(page);
        expect(response.status()).toBe(303);
        expect(await page.getByRole("region", { name: "Score" }).locator("strong").textContent()).toBe(
          "10 of 10 points (100%)",
        );
        await page.close();
        const students = await call(api, demo.adminKey, "GET", `/api/v1/students?courseId=${demo.courseId}`);
        expect(students.body.items).toContainEqual(
          expect.objectContaining({ externalId: "lms-browser-7", name: "Ada Lovelace" }),
        );
      } finally {
        await platform.close();
      }
    });

    it("an instructor adds an assignment from the LMS (deep linking): picks it, returns to the LMS, and students launched into the new link land on it", async () => {
      const platform = await startLtiPlatform();
      try {
        const demo = server.demo!;
        const clientId = "browser-deep-link";
        await connect(platform, "Browser LMS with deep linking", clientId);

        const page = await browser.newPage();
        await page.goto(platform.deepLinkingUrl({ clientId, user: { sub: "lms-teacher-9", name: "Grace Hopper" } }));
        await page.getByRole("heading", { level: 1, name: "Add an assignment to the LMS" }).waitFor();
        await page.getByRole("button", { name: "Add Lab 1: your first Pod to the LMS" }).click();
        await page.getByRole("heading", { level: 1, name: "Return to the LMS" }).waitFor();
        // The page's policy lets this one form go to the LMS: a real browser enforces it.
        await page.getByRole("button", { name: "Return to the LMS" }).click();
        await page.waitForURL((u) => u.pathname === "/deep-linking/return");
        expect(await page.textContent("body")).toContain("Added 1 item(s)");
        await page.close();

        const [link] = platform.deepLinks().filter((d) => d.clientId === clientId);
        expect(link.item).toMatchObject({ type: "ltiResourceLink", custom: { assignment: demo.assignmentId } });
        const student = await browser.newPage();
        await student.goto(
          platform.launchUrl({
            clientId,
            user: { sub: "lms-browser-8", name: "Alan Turing" },
            resourceLink: { id: link.resourceLinkId },
            custom: link.item.custom as Record<string, string>,
            ...(link.lineItemUrl ? { lineItemUrl: link.lineItemUrl } : {}),
          }),
        );
        await student.waitForURL((u) => /^\/s\/[^/]+$/.test(u.pathname));
        expect(await student.getByRole("heading", { level: 1 }).textContent()).toBe("Lab 1: your first Pod");
        expect(await podFromInstructions(student)).toBe(await podFor("lms-browser-8"));
        await student.close();
      } finally {
        await platform.close();
      }
    });
  },
);

const REPORT_PATH_URL = (url: URL) => REPORT_PATH.test(url.pathname);
