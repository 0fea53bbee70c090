DROP INDEX "lab_versions_tenant_lab_seq_key";--> statement-breakpoint
DROP INDEX "results_tenant_submission_idx";--> statement-breakpoint
ALTER TABLE "lab_versions" ADD COLUMN "source" text DEFAULT 'tenant' NOT NULL;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "lab_versions_tenant_lab_source_seq_key" ON "lab_versions" USING btree ("tenant_id","lab_id","source","seq");--> statement-breakpoint
CREATE INDEX "results_tenant_submission_idx" ON "results" USING btree ("tenant_id","submission_id","seq");