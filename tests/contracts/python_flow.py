"""A dashboard developer's first session, through the Python client generated from
schema/openapi.json: list, page to the end, read the audit trail, import a table. Run against
a server holding the demo dataset (`opora demo`)."""

import sys

from opora_client import AuthenticatedClient
from opora_client.api.access import list_audit_events
from opora_client.api.factors import import_audit
from opora_client.api.lists import get_list_dynamics, import_lists
from opora_client.api.territory import list_municipalities, list_organizations, list_regions
from opora_client.models import ProblemDetails
from opora_client.types import UNSET, File

base, token, demo = sys.argv[1], sys.argv[2], sys.argv[3]
client = AuthenticatedClient(base_url=base, token=token, raise_on_unexpected_status=True)


def ok(answer):
    if isinstance(answer, ProblemDetails) or answer is None:
        sys.exit(f"refused: {answer}")
    return answer


regions = ok(list_regions.sync(client=client, limit=50)).items
kuban = next(r for r in regions if r.code == "23")

organizations, cursor, pages = [], UNSET, 0
while True:
    page = ok(list_organizations.sync(client=client, limit=5, cursor=cursor))
    organizations += page.items
    pages += 1
    if not page.next_cursor:
        break
    cursor = page.next_cursor
assert len(organizations) == 55, f"the demo holds 55 organizations, paged {len(organizations)}"
assert len({o.id for o in organizations}) == 55, "no organization twice across pages"

events = ok(list_audit_events.sync(client=client, limit=20)).items
assert events, "the demo's writes are in the audit trail"

municipalities = ok(list_municipalities.sync(client=client, region_id=kuban.id, q="Калининский")).items
kalininsky = municipalities[0]
with open(f"{demo}/audit-kalininsky-2023.tsv", "rb") as table:
    payload = table.read()
report = ok(
    import_audit.sync(
        client=client,
        body=File(payload=payload, file_name="audit.tsv"),
        municipality_id=kalininsky.id,
        date=__import__("datetime").date(2023, 3, 1),
    )
)
assert report.status == "already_imported" and report.parameters == 24, report

seversky = next(m for m in ok(list_municipalities.sync(client=client, q="Северский")).items)
with open(f"{demo}/lists-seversky.tsv", "rb") as table:
    lists = ok(import_lists.sync(client=client, body=File(payload=table.read()), municipality_id=seversky.id))
assert lists.status == "unchanged", lists
dynamics = ok(get_list_dynamics.sync(client=client, id=seversky.id))
assert [(y.year, y.count) for y in dynamics.years] == [(2020, 8), (2022, 7), (2023, 5), (2024, 1)], dynamics.years

print(f"python client: {len(regions)} regions, {len(organizations)} organizations in {pages} pages, "
      f"{len(events)} audit events, audit import {report.status}, lists {lists.status}")
