package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.instrumentation.genai.GenAiProvider;

/** The OpenAI SDK's provider name and error descriptions, for the shared generation code. */
final class OpenAiProvider {

  static final GenAiProvider INSTANCE = new GenAiProvider("openai", ErrorDescriptions::describe);

  private OpenAiProvider() {}
}
