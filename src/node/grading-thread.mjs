// The grading thread's entry (grading-pool.ts): the server runs from its TypeScript source, and a
// thread starts without the parent's loader flags, so it registers tsx itself.
import { register } from "tsx/esm/api";

register();
await import("./grading-worker.ts");
