package com.langfuse.agent.instrumentation.anthropic;

import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.langfuse.agent.bootstrap.bridge.CallHandler;
import com.langfuse.agent.instrumentation.genai.Generation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Traces calls of the Anthropic Java SDK's messages and beta messages services as Langfuse
 * generations.
 *
 * <p>The advice calls it through the bridge with an operation code from {@link
 * AnthropicOperations}. A plain call ends its span on return. A stream, an async stream or a raw
 * response is returned wrapped, and the wrapper ends the span when the application has consumed or
 * closed it. A future ends the span when it completes. The application always receives the SDK's
 * own result or exception.
 */
public final class AnthropicCallHandler implements CallHandler {

  public AnthropicCallHandler() {}

  @Override
  public Object onEnter(int operation, Object self, Object request) {
    AnthropicApi api = AnthropicApi.forOperation(operation);
    if (api == null || request == null) {
      return null;
    }
    return new Generation(
        AnthropicProvider.INSTANCE, api, api.start(request, AnthropicOperations.isStreaming(operation)));
  }

  @Override
  public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    Generation generation = (Generation) state;
    if (thrown != null) {
      generation.fail(thrown);
      return returned;
    }
    if (returned == null) {
      generation.complete(null);
      return null;
    }
    switch (AnthropicOperations.form(operation)) {
      case AnthropicOperations.FORM_CREATE:
        generation.complete(returned);
        return returned;
      case AnthropicOperations.FORM_CREATE_STREAMING:
        return new TracedStreamResponse<>((StreamResponse<?>) returned, generation.observeStream());
      case AnthropicOperations.FORM_RAW_CREATE:
        return new TracedHttpResponseFor<>((HttpResponseFor<?>) returned, generation, false);
      case AnthropicOperations.FORM_RAW_CREATE_STREAMING:
        return new TracedHttpResponseFor<>((HttpResponseFor<?>) returned, generation, true);
      case AnthropicOperations.FORM_ASYNC_CREATE:
        endOnCompletion((CompletableFuture<?>) returned, generation);
        return returned;
      case AnthropicOperations.FORM_ASYNC_CREATE_STREAMING:
        return new TracedAsyncStreamResponse<>(
            (AsyncStreamResponse<?>) returned, generation.observeStream());
      default:
        generation.complete(null);
        return returned;
    }
  }

  /** Ends the span when {@code future} completes; the application gets the same future. */
  private static void endOnCompletion(CompletableFuture<?> future, Generation generation) {
    future.whenComplete(
        (value, error) -> {
          if (error != null) {
            generation.fail(unwrap(error));
          } else {
            generation.complete(value);
          }
        });
  }

  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
