"""The standard introspection query, sent as GraphiQL and the code generators send it, must be
answered, and the schema it describes must equal the committed schema/schema.graphql."""

import json
import sys
import urllib.request

from graphql import build_ast_schema, build_client_schema, get_introspection_query, parse
from graphql.utilities import lexicographic_sort_schema, print_schema

base, token, committed = sys.argv[1], sys.argv[2], sys.argv[3]
request = urllib.request.Request(
    f"{base}/graphql",
    data=json.dumps({"query": get_introspection_query(descriptions=True)}).encode(),
    headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
)
with urllib.request.urlopen(request, timeout=30) as response:
    answer = json.load(response)
if answer.get("errors"):
    sys.exit(f"the introspection query was refused: {answer['errors']}")
served = print_schema(lexicographic_sort_schema(build_client_schema(answer["data"])))
with open(committed, encoding="utf-8") as file:
    published = print_schema(lexicographic_sort_schema(build_ast_schema(parse(file.read()))))
if served != published:
    import difflib

    sys.stdout.writelines(difflib.unified_diff(published.splitlines(True), served.splitlines(True), "committed", "served"))
    sys.exit("the served GraphQL schema differs from schema/schema.graphql")
print(f"introspection: {len(answer['data']['__schema']['types'])} types, equal to {committed}")
