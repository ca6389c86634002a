package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON of an immutable SDK request body, serialized on first use and shared by the deferred
 * attributes that read it, so the body is serialized once, on the exporter thread. Readers take
 * either its top-level members as JSON text or its tree.
 */
final class RequestJson {

  private final Object body;
  private RawJson.Members members;
  private JsonNode tree;

  RequestJson(Object body) {
    this.body = body;
  }

  /** Returns the top-level members of the body as it is written to the wire. */
  synchronized RawJson.Members members() {
    if (members == null) {
      members = RawJson.parse(Json.serialize(body)).members();
    }
    return members;
  }

  synchronized JsonNode tree() {
    if (tree == null) {
      tree = Json.tree(body);
    }
    return tree;
  }
}
