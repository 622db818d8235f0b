-- GET /api/v1/organizations?limit=100&cursor=…: a keyset page.
\set i random(1, :n)
SELECT oid, aid, mid, rid FROM bench_ids WHERE n = :i \gset
SELECT * FROM organizations WHERE id > :oid ORDER BY id LIMIT 101;
