-- GET /api/v1/municipalities/{m}/dashboard: the list decisions with their entries, the latest
-- audit's counts per parameter, the roadmaps with their measures and reports, the indicators.
\set i random(1, :n)
SELECT oid, aid, mid, rid FROM bench_ids WHERE n = :i \gset
SELECT * FROM municipalities WHERE id = :mid;
SELECT d.*, e.organization_id FROM list_decisions d JOIN list_entries e ON e.decision_id = d.id WHERE d.municipality_id = :mid;
SELECT factor, parameter, count(*) FROM audit_findings WHERE audit_id = :aid AND present GROUP BY factor, parameter;
SELECT * FROM roadmaps WHERE municipality_id = :mid;
SELECT m.* FROM measures m JOIN roadmaps r ON r.id = m.roadmap_id WHERE r.municipality_id = :mid;
SELECT x.* FROM execution_reports x JOIN roadmaps r ON r.id = x.roadmap_id WHERE r.municipality_id = :mid AND x.current;
SELECT indicator_code, period_key, sum(value) FROM observations WHERE municipality_id = :mid GROUP BY indicator_code, period_key;
