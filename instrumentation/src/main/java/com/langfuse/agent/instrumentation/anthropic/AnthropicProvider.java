package com.langfuse.agent.instrumentation.anthropic;

import com.langfuse.agent.instrumentation.genai.GenAiProvider;

/** The Anthropic SDK's provider name and error descriptions, for the shared generation code. */
final class AnthropicProvider {

  static final GenAiProvider INSTANCE = new GenAiProvider("anthropic", ErrorDescriptions::describe);

  private AnthropicProvider() {}
}
