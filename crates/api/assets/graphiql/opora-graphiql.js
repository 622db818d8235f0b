// Starts GraphiQL on /graphql. A token goes into the Headers tab:
// {"Authorization": "Bearer <token>"}; the schema loads without one.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: "/graphql" });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      // `/graphql?docs` opens with the documentation explorer showing the loaded schema.
      visiblePlugin: /[?&]docs\b/.test(window.location.search) ? "Documentation Explorer" : undefined,
      defaultQuery:
        "# Opora GraphQL. Put a token in Headers: {\"Authorization\": \"Bearer …\"}\n" +
        "{\n  me { subject role capabilities }\n  regions(first: 10) { edges { node { code name } } }\n}\n",
    })
  );
})();
