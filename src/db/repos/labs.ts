/** Lab versions of one tenant: every upload (and every catalogue lab an assignment pins) is a row. */
import { and, desc, eq, max } from "drizzle-orm";
import { labVersions } from "../schema.ts";
import type { Tx } from "../types.ts";

export type LabVersion = typeof labVersions.$inferSelect;

export const labRepo = (tx: Tx, tenantId: string) => ({
  /** Stores a version unless this exact content is already the newest one of the lab id (from that source). */
  async add(v: {
    labId: string;
    version: string;
    title: string;
    files: Record<string, string>;
    source?: LabVersion["source"];
  }): Promise<{
    row: LabVersion;
    created: boolean;
  }> {
    const source = v.source ?? "tenant";
    const [latest] = await tx
      .select()
      .from(labVersions)
      .where(and(eq(labVersions.tenantId, tenantId), eq(labVersions.labId, v.labId), eq(labVersions.source, source)))
      .orderBy(desc(labVersions.seq))
      .limit(1);
    if (latest && latest.version === v.version) return { row: latest, created: false };
    const [row] = await tx
      .insert(labVersions)
      .values({ ...v, source, tenantId, seq: (latest?.seq ?? 0) + 1 })
      .returning();
    return { row, created: true };
  },
  /** The newest version of each lab id. */
  async latest(): Promise<LabVersion[]> {
    const newest = tx
      // A name of its own: drizzle renders the aliased column unqualified in the join, where
      // "seq" would be ambiguous with lab_versions.seq.
      .select({ labId: labVersions.labId, seq: max(labVersions.seq).as("newest_seq") })
      .from(labVersions)
      .where(eq(labVersions.tenantId, tenantId))
      .groupBy(labVersions.labId)
      .as("newest");
    const rows = await tx
      .select({ v: labVersions })
      .from(labVersions)
      .innerJoin(newest, and(eq(newest.labId, labVersions.labId), eq(newest.seq, labVersions.seq)))
      .where(and(eq(labVersions.tenantId, tenantId), eq(labVersions.source, "tenant")))
      .orderBy(labVersions.labId);
    return rows.map((r) => r.v);
  },
  /** The uploads of a lab id, newest first. */
  versions(labId: string): Promise<LabVersion[]> {
    return tx
      .select()
      .from(labVersions)
      .where(and(eq(labVersions.tenantId, tenantId), eq(labVersions.labId, labId), eq(labVersions.source, "tenant")))
      .orderBy(desc(labVersions.seq));
  },
  /** A pinned version (from either source), or without a version the newest upload. */
  async find(labId: string, version?: string): Promise<LabVersion | undefined> {
    const [row] = await tx
      .select()
      .from(labVersions)
      .where(
        version
          ? and(eq(labVersions.tenantId, tenantId), eq(labVersions.labId, labId), eq(labVersions.version, version))
          : and(eq(labVersions.tenantId, tenantId), eq(labVersions.labId, labId), eq(labVersions.source, "tenant")),
      )
      .orderBy(desc(labVersions.seq))
      .limit(1);
    return row;
  },
});
