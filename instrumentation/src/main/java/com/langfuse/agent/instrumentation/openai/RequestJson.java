package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON tree of an immutable SDK request body, built on first use and shared by the deferred
 * attributes that read it, so the body is serialized once, on the exporter thread.
 */
final class RequestJson {

  private final Object body;
  private JsonNode tree;

  RequestJson(Object body) {
    this.body = body;
  }

  synchronized JsonNode tree() {
    if (tree == null) {
      tree = Json.tree(body);
    }
    return tree;
  }
}
