CREATE TABLE "lti_nonces" (
	"tenant_id" uuid NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lti_nonces_tenant_id_nonce_pk" PRIMARY KEY("tenant_id","nonce")
);
--> statement-breakpoint
ALTER TABLE "lti_nonces" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "auth_login_url" text;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "platform_jwks_url" text;--> statement-breakpoint
ALTER TABLE "lti_nonces" ADD CONSTRAINT "lti_nonces_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lti_nonces_expires_idx" ON "lti_nonces" USING btree ("expires_at");--> statement-breakpoint
CREATE POLICY "lti_nonces_tenant_isolation" ON "lti_nonces" AS PERMISSIVE FOR ALL TO public USING (tenant_id::text = current_setting('app.tenant_id', true) or current_setting('app.tenant_id', true) = '*') WITH CHECK (tenant_id::text = current_setting('app.tenant_id', true) or current_setting('app.tenant_id', true) = '*');--> statement-breakpoint
-- As 0001 does for every tenant table: the policy applies to the owning role too.
ALTER TABLE "lti_nonces" FORCE ROW LEVEL SECURITY;
