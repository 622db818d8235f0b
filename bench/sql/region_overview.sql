-- GET /api/v1/regions/{r}/overview: per municipality of the region, schools, list sizes, the
-- latest audit's organizations per factor, execution, students.
\set i random(1, :n)
SELECT oid, aid, mid, rid FROM bench_ids WHERE n = :i \gset
SELECT municipality_id, count(*) FROM organizations WHERE region_id = :rid GROUP BY municipality_id;
SELECT d.municipality_id, d.list_year, count(DISTINCT e.organization_id) FROM list_decisions d JOIN list_entries e ON e.decision_id = d.id WHERE d.region_id = :rid GROUP BY 1, 2;
SELECT f.audit_id, f.factor, count(DISTINCT f.organization_id) FROM audit_findings f JOIN audits a ON a.id = f.audit_id WHERE a.region_id = :rid AND f.present GROUP BY 1, 2;
SELECT m.* FROM measures m JOIN roadmaps r ON r.id = m.roadmap_id WHERE r.region_id = :rid;
SELECT x.* FROM execution_reports x JOIN roadmaps r ON r.id = x.roadmap_id WHERE r.region_id = :rid AND x.current;
SELECT municipality_id, period_key, sum(value) FROM observations WHERE region_id = :rid AND indicator_code = 'students' GROUP BY 1, 2;
