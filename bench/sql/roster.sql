-- GET /api/v1/municipalities/{m}/roster?year={y}: the same JSON the endpoint answers, in one
-- statement (the harness compares the two on sampled municipalities before timing).
\set i random(1, :n)
SELECT mid FROM bench_ids WHERE n = :i \gset
\set year :bench_year
WITH covering AS (
    SELECT f.organization_id, a.id AS audit_id, a.audit_date,
           SUM(CASE WHEN f.present THEN 1 ELSE 0 END) AS present,
           ROW_NUMBER() OVER (PARTITION BY f.organization_id ORDER BY a.audit_date DESC, a.id DESC) AS place
    FROM audit_findings f JOIN audits a ON a.id = f.audit_id
    WHERE a.municipality_id = :mid AND a.ended_at IS NULL AND a.audit_date <= make_date(:year::int, 12, 31)
    GROUP BY f.organization_id, a.id, a.audit_date
), listed AS (
    SELECT e.organization_id, array_agg(DISTINCT d.list_year ORDER BY d.list_year) AS years
    FROM list_decisions d JOIN list_entries e ON e.decision_id = d.id
    WHERE d.municipality_id = :mid AND d.list_year <= :year::int AND d.kind = 'shnor' AND d.withdrawal_reason IS NULL
      AND NOT EXISTS (SELECT 1 FROM list_decisions c WHERE c.supersedes = d.id)
    GROUP BY e.organization_id
)
SELECT json_build_object(
    'municipality', json_build_object('id', m.id, 'regionId', m.region_id, 'name', m.name, 'kind', m.kind, 'oktmo', m.oktmo),
    'year', :year::int,
    'schools', COALESCE((
        SELECT json_agg(json_build_object(
            'id', o.id, 'name', o.name, 'kind', o.kind,
            'listed', COALESCE(:year::int = ANY(l.years), false),
            'listedYears', COALESCE(to_json(l.years), '[]'::json),
            'audit', CASE WHEN c.audit_id IS NULL THEN NULL ELSE json_build_object(
                'auditId', c.audit_id, 'date', c.audit_date, 'presentParameters', c.present) END
        ) ORDER BY o.name, o.id)
        FROM organizations o
        LEFT JOIN covering c ON c.organization_id = o.id AND c.place = 1
        LEFT JOIN listed l ON l.organization_id = o.id
        WHERE o.municipality_id = m.id
          AND o.kind IN ('secondary_school', 'basic_school', 'primary_school', 'lyceum', 'gymnasium', 'evening_school')
    ), '[]'::json)
)
FROM municipalities m WHERE m.id = :mid;
