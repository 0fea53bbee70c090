/**
 * Times, durations and scores as students read them. Times are shown in UTC with the zone
 * named, so a page renders the same wherever the server runs; `<time datetime>` carries the
 * exact instant for assistive technology and browser extensions.
 */
import { type Html, html } from "./html.ts";
import type { SubmissionStatus } from "./view-models.ts";

/** `2026-05-03 14:05 UTC`, or `2026-05-03 14:05:30 UTC` when the seconds matter. */
export function formatTime(at: Date): string {
  const iso = at.toISOString();
  const seconds = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === "00" ? "" : `:${seconds}`} UTC`;
}

export function timeTag(at: Date): Html {
  return html`<time datetime="${at.toISOString()}">${formatTime(at)}</time>`;
}

const UNITS: [name: string, seconds: number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

/**
 * A wait in its two largest units, the seconds rounded up so a cooldown never reads as over
 * before it is: 125_400 ms -> `2 minutes 6 seconds`; 90_061_000 ms -> `1 day 1 hour`;
 * 3_600_000 ms -> `1 hour`.
 */
export function formatDuration(ms: number): string {
  let rest = Math.max(1, Math.ceil(ms / 1000));
  const counts = UNITS.map(([name, size]) => {
    const n = Math.floor(rest / size);
    rest -= n * size;
    return { name, n };
  });
  const first = counts.findIndex((c) => c.n > 0);
  return counts
    .slice(first, first + 2)
    .filter((c) => c.n > 0)
    .map((c) => `${c.n} ${c.name}${c.n === 1 ? "" : "s"}`)
    .join(" ");
}

/** `7 of 10 points (70%)`; `1 of 1 point (100%)`; `0 of 0 points`. */
export function formatScore(score: number, maxScore: number): string {
  const points = `${score} of ${maxScore} point${maxScore === 1 ? "" : "s"}`;
  return maxScore > 0 ? `${points} (${Math.round((score / maxScore) * 100)}%)` : points;
}

const STATUS_LABELS: Record<SubmissionStatus, string> = {
  graded: "Graded",
  ungradable: "Not gradable (no attempt used)",
  failed: "Grading failed (kept, to be graded again)",
  pending: "Being graded",
};

export function statusLabel(status: SubmissionStatus): string {
  return STATUS_LABELS[status];
}
