import { describe, expect, it } from "vitest";
import {
  formatRFC1123Z,
  humanDuration,
  shortHumanDuration,
  translateTimestampSince,
} from "../../../../src/cli/kubectl/printers/age.ts";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe("humanDuration keeps two or three significant figures, as apimachinery does", () => {
  it.each([
    ["a clock one second ahead still reads 0s", -1 * s, "0s"],
    ["a clock two seconds ahead is invalid", -2 * s, "<invalid>"],
    ["zero is 0s", 0, "0s"],
    ["seconds up to 119 stay seconds", 119 * s, "119s"],
    ["two minutes exactly drop the seconds", 2 * m, "2m"],
    ["under ten minutes keep seconds", 2 * m + 5 * s, "2m5s"],
    ["under three hours are whole minutes", 179 * m + 59 * s, "179m"],
    ["three hours exactly", 3 * h, "3h"],
    ["under eight hours keep minutes", 7 * h + 59 * m, "7h59m"],
    ["under two days are whole hours", 47 * h, "47h"],
    ["under eight days keep hours", 2 * d + 5 * h, "2d5h"],
    ["whole days drop the hours", 2 * d, "2d"],
    ["under two years are days", 729 * d, "729d"],
    ["under eight years keep days", 731 * d, "2y1d"],
    ["eight years and more are years", 8 * 365 * d + 40 * d, "8y"],
  ])("%s", (_name, ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe("shortHumanDuration shows one unit", () => {
  it.each([
    ["59 seconds", 59 * s, "59s"],
    ["90 seconds are a minute", 90 * s, "1m"],
    ["23 hours", 23 * h + 59 * m, "23h"],
    ["400 days are a year", 400 * d, "1y"],
  ])("%s", (_name, ms, want) => {
    expect(shortHumanDuration(ms)).toBe(want);
  });
});

describe("timestamps", () => {
  const now = Date.parse("2024-05-01T12:00:00Z");
  it("a missing creation timestamp is <unknown>", () => {
    expect(translateTimestampSince(undefined, now)).toBe("<unknown>");
  });
  it("an age is measured against the virtual now", () => {
    expect(translateTimestampSince("2024-05-01T11:57:55Z", now)).toBe("2m5s");
  });
  it("describe prints RFC 1123 with a numeric UTC zone", () => {
    expect(formatRFC1123Z("2024-05-01T09:05:03Z")).toBe("Wed, 01 May 2024 09:05:03 +0000");
  });
});
