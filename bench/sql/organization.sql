-- GET /api/v1/organizations/{id}: the row.
\set i random(1, :n)
SELECT oid, aid, mid, rid FROM bench_ids WHERE n = :i \gset
SELECT * FROM organizations WHERE id = :oid;
