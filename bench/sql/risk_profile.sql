-- GET /api/v1/audits/{a}/organizations/{o}/risk-profile: the audit, the school's findings,
-- the school and the catalogue.
\set i random(1, :n)
SELECT oid, aid, mid, rid FROM bench_ids WHERE n = :i \gset
SELECT * FROM audits WHERE id = :aid;
SELECT * FROM audit_findings WHERE audit_id = :aid AND organization_id = :oid ORDER BY factor, parameter;
SELECT * FROM organizations WHERE id = :oid;
SELECT c.* FROM catalogues c JOIN audits a ON a.catalogue_id = c.id WHERE a.id = :aid;
