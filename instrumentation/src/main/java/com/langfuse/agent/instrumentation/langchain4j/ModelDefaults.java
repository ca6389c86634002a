package com.langfuse.agent.instrumentation.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;

/** The model name, default parameters and provider that a chat model reports about itself. */
final class ModelDefaults {

  private ModelDefaults() {}

  /** Returns the model's default request parameters, or null when it has none. */
  static ChatRequestParameters of(Object model) {
    if (model instanceof ChatModel) {
      return ((ChatModel) model).defaultRequestParameters();
    }
    if (model instanceof StreamingChatModel) {
      return ((StreamingChatModel) model).defaultRequestParameters();
    }
    return null;
  }

  /**
   * Returns the {@code gen_ai.provider.name} for the model's {@code provider()}: the OpenTelemetry
   * name where one exists, else the LangChain4j name in lower case.
   */
  static String providerName(Object model) {
    Object provider = null;
    if (model instanceof ChatModel) {
      provider = ((ChatModel) model).provider();
    } else if (model instanceof StreamingChatModel) {
      provider = ((StreamingChatModel) model).provider();
    }
    return providerName(provider == null ? null : provider.toString());
  }

  static String providerName(String provider) {
    if (provider == null || provider.equals("OTHER")) {
      return "langchain4j";
    }
    switch (provider) {
      case "OPEN_AI":
        return "openai";
      case "AZURE_OPEN_AI":
        return "azure.ai.openai";
      case "ANTHROPIC":
        return "anthropic";
      case "GOOGLE_AI_GEMINI":
        return "gcp.gemini";
      case "GOOGLE_VERTEX_AI_GEMINI":
      case "GOOGLE_VERTEX_AI_ANTHROPIC":
        return "gcp.vertex_ai";
      case "GOOGLE_GENAI":
        return "gcp.gen_ai";
      case "AMAZON_BEDROCK":
        return "aws.bedrock";
      case "MISTRAL_AI":
        return "mistral_ai";
      case "WATSONX":
        return "ibm.watsonx.ai";
      default:
        return provider.toLowerCase();
    }
  }
}
