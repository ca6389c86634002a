package com.langfuse.agent.instrumentation.springai;

/** The wire format of a Spring AI 1.x HTTP client: OpenAI chat completions or Anthropic messages. */
enum ProviderFormat {
  OPENAI("openai"),
  ANTHROPIC("anthropic");

  private final String provider;

  ProviderFormat(String provider) {
    this.provider = provider;
  }

  /** The {@code gen_ai.provider.name} value. */
  String provider() {
    return provider;
  }

  static ProviderFormat forOperation(int operation) {
    return operation >= SpringAiOperations.ANTHROPIC_CHAT ? ANTHROPIC : OPENAI;
  }
}
