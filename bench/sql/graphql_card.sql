-- The GraphQL school card: the school, its municipality and region, and its risk profile (the
-- audit, the school's findings, the catalogue).
\set i random(1, :n)
SELECT oid, aid, mid, rid FROM bench_ids WHERE n = :i \gset
SELECT * FROM organizations WHERE id = :oid;
SELECT * FROM municipalities WHERE id = :mid;
SELECT * FROM regions WHERE id = :rid;
SELECT * FROM audits WHERE id = :aid;
SELECT * FROM audit_findings WHERE audit_id = :aid AND organization_id = :oid ORDER BY factor, parameter;
SELECT c.* FROM catalogues c JOIN audits a ON a.catalogue_id = c.id WHERE a.id = :aid;
