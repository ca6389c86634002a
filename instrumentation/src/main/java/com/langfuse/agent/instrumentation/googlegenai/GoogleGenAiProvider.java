package com.langfuse.agent.instrumentation.googlegenai;

import com.langfuse.agent.instrumentation.genai.GenAiProvider;

/** The provider name and error descriptions of the Google Gen AI SDK's generations. */
final class GoogleGenAiProvider {

  /**
   * The {@code gen_ai.provider.name} that the GenAI semantic conventions give to any Google
   * generative AI endpoint: one client of the SDK talks to the Gemini Developer API or Vertex AI.
   */
  static final String NAME = "gcp.gen_ai";

  static final GenAiProvider INSTANCE = new GenAiProvider(NAME, ErrorDescriptions::describe);

  private GoogleGenAiProvider() {}
}
