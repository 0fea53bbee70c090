/**
 * The student form's post, parsed once: pasted manifests, uploaded files and a transcript become
 * one submission, or a list of problems in the student's terms ("deploy.yaml is 2.1 MB; the
 * limit is 1 MB"). Uploads ending in .txt, .cast or .sh are transcripts; the rest are manifests.
 */
import { SUBMISSION_LIMITS } from "../../grading/grade.ts";
import type { Submission, SubmittedFile } from "../../grading/types.ts";
import type { SubmissionFormValues } from "../../web/view-models.ts";
import type { Ctx } from "../context.ts";
import { ApiError } from "../errors.ts";

export type FormResult =
  | { ok: true; csrf: string; submission: Submission; values: SubmissionFormValues }
  | { ok: false; csrf: string; errors: string[]; values: SubmissionFormValues };

const MANIFEST_EXT = /\.(ya?ml|json)$/i;
const TRANSCRIPT_EXT = /\.(txt|cast|sh)$/i;
const MB = 1024 * 1024;

export async function formSubmission(c: Ctx): Promise<FormResult> {
  const type = c.req.header("content-type") ?? "";
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", "post the form (multipart/form-data)");
  }
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = (await c.req.parseBody({ all: true })) as typeof body;
  } catch {
    throw new ApiError("bad_request", "the form could not be read: submit it again");
  }
  const one = (name: string): string => {
    const v = body[name];
    const first = Array.isArray(v) ? v[0] : v;
    return typeof first === "string" ? first : "";
  };
  const csrf = one("csrf");
  const manifests = one("manifests").replace(/\r\n/g, "\n");
  let transcript = one("transcript").replace(/\r\n/g, "\n");
  const values: SubmissionFormValues = {
    ...(manifests ? { manifests } : {}),
    ...(transcript ? { transcript } : {}),
  };
  const errors: string[] = [];
  const uploads = ([] as (string | File)[]).concat(body.files ?? []).filter((f): f is File => typeof f !== "string");
  const files: SubmittedFile[] = [];
  const nonEmpty = uploads.filter((f) => f.size > 0 || f.name);
  if (nonEmpty.length > SUBMISSION_LIMITS.files) {
    errors.push(`You uploaded ${nonEmpty.length} files; the limit is ${SUBMISSION_LIMITS.files}.`);
  }
  for (const f of nonEmpty.slice(0, SUBMISSION_LIMITS.files)) {
    const name = f.name.split(/[\\/]/).pop() ?? "";
    if (!MANIFEST_EXT.test(name) && !TRANSCRIPT_EXT.test(name)) {
      errors.push(
        `${name || "A file"}: only .yaml, .yml, .json (manifests) and .txt, .cast, .sh (transcripts) are accepted.`,
      );
      continue;
    }
    if (f.size > SUBMISSION_LIMITS.fileBytes) {
      errors.push(
        `${name} is ${(f.size / MB).toFixed(1)} MB; the limit is ${SUBMISSION_LIMITS.fileBytes / MB} MB per file.`,
      );
      continue;
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await f.arrayBuffer());
    } catch {
      errors.push(`${name} is not a text file (it is not valid UTF-8).`);
      continue;
    }
    if (TRANSCRIPT_EXT.test(name)) {
      if (transcript) errors.push(`${name}: send one transcript, either pasted or uploaded, not both.`);
      else transcript = text.replace(/\r\n/g, "\n");
    } else if (files.some((x) => x.name === name)) {
      errors.push(`Two uploaded files are named ${name}: rename one.`);
    } else files.push({ name, content: text });
  }
  if (manifests.trim()) {
    if (files.some((x) => x.name === "pasted.yaml")) errors.push("An uploaded file is named pasted.yaml: rename it.");
    files.unshift({ name: "pasted.yaml", content: manifests });
  }
  if (errors.length === 0 && files.length === 0 && !transcript.trim()) {
    errors.push("Nothing to grade: paste or upload your manifests, or paste your terminal transcript.");
  }
  const total = files.reduce((a, f) => a + new TextEncoder().encode(f.content).length, 0) + transcript.length;
  if (total > SUBMISSION_LIMITS.totalBytes) {
    errors.push(
      `The submission is ${(total / MB).toFixed(1)} MB in all; the limit is ${SUBMISSION_LIMITS.totalBytes / MB} MB.`,
    );
  }
  if (errors.length) return { ok: false, csrf, errors, values };
  const submission: Submission = transcript.trim()
    ? { kind: "transcript", text: transcript, ...(files.length ? { files } : {}) }
    : { kind: "manifests", files };
  return { ok: true, csrf, submission, values };
}
