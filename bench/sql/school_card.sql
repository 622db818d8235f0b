-- GET /api/v1/organizations/{o}/card, the school's own rows: the school, its municipality and
-- region, its audits and findings, its list entries, its observations.
\set i random(1, :n)
SELECT oid, aid, mid, rid FROM bench_ids WHERE n = :i \gset
SELECT * FROM organizations WHERE id = :oid;
SELECT * FROM municipalities WHERE id = :mid;
SELECT * FROM regions WHERE id = :rid;
SELECT * FROM audits WHERE municipality_id = :mid ORDER BY audit_date DESC, id DESC;
SELECT * FROM audit_findings WHERE audit_id = :aid AND organization_id = :oid;
SELECT d.* FROM list_decisions d JOIN list_entries e ON e.decision_id = d.id WHERE e.organization_id = :oid;
SELECT * FROM observations WHERE organization_id = :oid;
