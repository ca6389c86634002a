package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.instrumentation.genai.GenAiProvider;

/** The OpenAI SDK as the shared generation code sees it. */
final class OpenAiProvider {

  static final GenAiProvider INSTANCE = new GenAiProvider("openai", ErrorDescriptions::describe);

  private OpenAiProvider() {}
}
