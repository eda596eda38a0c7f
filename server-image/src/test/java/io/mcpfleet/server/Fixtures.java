package io.mcpfleet.server;

/** Manifests shared by the transport tests. */
final class Fixtures {

  private Fixtures() {}

  static final String TOOLS = """
      listPageSize: 2
      tools:
        - name: echo
          description: Echo
          inputSchema:
            type: object
            properties: {message: {type: string}}
            required: [message]
          static: {text: "{{message}}"}
        - name: info
          description: Structured
          outputSchema:
            type: object
            properties: {product: {type: string}}
            required: [product]
          static: {json: {product: mcp-fleet}}
        - name: liar
          description: Declares an outputSchema its output breaks
          outputSchema:
            type: object
            properties: {count: {type: integer}}
            required: [count]
          static: {json: {count: "many"}}
        - name: d
          static: {text: d}
        - name: e
          static: {text: e}
      resilience:
        maxRequestBodyBytes: 2048
      """;
}
