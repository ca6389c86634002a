package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.bridge.CallHandler;
import java.util.List;

/**
 * Traces LangChain4j chat and embedding model calls, AI Service method calls and tool executions.
 *
 * <p>The advice calls it through the scope bridge, which leaves the agent's call depth alone, so
 * an instrumented SDK below a LangChain4j model is traced too and its span nests under the
 * model's span. Model calls nested in a model call on the same thread are counted by {@link
 * ModelCallDepth} and left untraced: only the outermost records a generation.
 */
public final class LangChain4jCallHandler implements CallHandler {

  /** The state of a nested model call: it only lowers the depth on exit. */
  private static final TracedCall NESTED = (returned, thrown) -> {};

  /**
   * The type that marks LangChain4j 1.x: releases before 1.0.0 call it {@code ChatLanguageModel}.
   */
  private static final String VERSION_1_TYPE = "dev.langchain4j.model.chat.ChatModel";

  /**
   * Creates the handler for one LangChain4j class loader.
   *
   * @throws UnsupportedOperationException when that LangChain4j is older than 1.0.0; the bridge
   *     logs it at DEBUG and leaves the calls of that class loader untraced
   */
  public LangChain4jCallHandler() {
    try {
      Class.forName(VERSION_1_TYPE, false, LangChain4jCallHandler.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new UnsupportedOperationException(
          "LangChain4j 1.0.0 or later is required, and this version lacks "
              + VERSION_1_TYPE
              + ", so its calls stay untraced");
    }
  }

  @Override
  public Object onEnter(int operation, Object self, Object request) {
    if (request == null) {
      return null;
    }
    switch (operation) {
      case LangChain4jOperations.CHAT:
      case LangChain4jOperations.STREAMING_CHAT:
      case LangChain4jOperations.EMBED_ALL:
      case LangChain4jOperations.EMBED_REQUEST:
        return enterModelCall(operation, self, request);
      case LangChain4jOperations.AI_SERVICE:
        return AiServiceCalls.start((Object[]) request);
      case LangChain4jOperations.TOOL:
        return ToolCall.start(request);
      default:
        return null;
    }
  }

  /**
   * Ends the call. For an AI Service call, {@code returned} is a one-element array that holds the
   * method's return value, and the handler may put a traced replacement into it.
   */
  @Override
  public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    if (operation == LangChain4jOperations.AI_SERVICE) {
      Object[] result = (Object[]) returned;
      result[0] = ((AiServiceCall) state).exit(result[0], thrown);
      return returned;
    }
    if (isModelCall(operation)) {
      ModelCallDepth.exit();
    }
    ((TracedCall) state).exit(returned, thrown);
    return returned;
  }

  private static Object enterModelCall(int operation, Object self, Object request) {
    if (!ModelCallDepth.enter()) {
      return NESTED;
    }
    try {
      return startModelCall(operation, self, request);
    } catch (Throwable t) {
      // The bridge leaves the call untraced and never calls onExit, so lower the depth here.
      ModelCallDepth.exit();
      throw t;
    }
  }

  private static TracedCall startModelCall(int operation, Object self, Object request) {
    switch (operation) {
      case LangChain4jOperations.CHAT:
        return ChatCall.start(self, (dev.langchain4j.model.chat.request.ChatRequest) request);
      case LangChain4jOperations.STREAMING_CHAT:
        return StreamingChatCall.start(self, (Object[]) request);
      case LangChain4jOperations.EMBED_ALL:
        return EmbeddingCall.startEmbedAll(self, (List<?>) request);
      default:
        return EmbeddingRequests.start(self, request);
    }
  }

  private static boolean isModelCall(int operation) {
    return operation >= LangChain4jOperations.CHAT
        && operation <= LangChain4jOperations.EMBED_REQUEST;
  }
}
