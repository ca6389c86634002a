package com.langfuse.agent.instrumentation.anthropic;

import com.langfuse.agent.instrumentation.genai.GenAiProvider;

/** The Anthropic SDK as the shared generation code sees it. */
final class AnthropicProvider {

  static final GenAiProvider INSTANCE = new GenAiProvider("anthropic", ErrorDescriptions::describe);

  private AnthropicProvider() {}
}
