package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.bootstrap.bridge.CallHandler;
import com.langfuse.agent.instrumentation.genai.Generation;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Traces calls of the OpenAI Java SDK's chat completions, responses and embeddings services as
 * Langfuse generations.
 *
 * <p>The advice calls it through the bridge with an operation code from {@link OpenAiOperations}. A
 * plain call ends its span on return; a stream, an async stream or a raw response is returned
 * wrapped, and the wrapper ends the span when the application has consumed or closed it; a future
 * ends the span when it completes. The application always receives the SDK's own result or
 * exception.
 */
public final class OpenAiCallHandler implements CallHandler {

  /**
   * Creates the handler for one SDK class loader.
   *
   * @throws UnsupportedOperationException when that SDK is older than the helpers support
   */
  public OpenAiCallHandler() {
    SdkVersionCheck.requireSupported(OpenAiCallHandler.class.getClassLoader());
  }

  @Override
  public Object onEnter(int operation, Object self, Object request) {
    OpenAiApi api = OpenAiApi.forOperation(operation);
    if (api == null || request == null) {
      return null;
    }
    return new Generation(
        OpenAiProvider.INSTANCE,
        api,
        api.start(request, OpenAiOperations.isStreaming(operation), self));
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
    switch (OpenAiOperations.form(operation)) {
      case OpenAiOperations.FORM_CREATE:
        generation.complete(returned);
        return returned;
      case OpenAiOperations.FORM_CREATE_STREAMING:
        return new TracedStreamResponse<>((StreamResponse<?>) returned, generation.observeStream());
      case OpenAiOperations.FORM_RAW_CREATE:
        return new TracedHttpResponseFor<>((HttpResponseFor<?>) returned, generation, false);
      case OpenAiOperations.FORM_RAW_CREATE_STREAMING:
        return new TracedHttpResponseFor<>((HttpResponseFor<?>) returned, generation, true);
      case OpenAiOperations.FORM_ASYNC_CREATE:
        endOnCompletion((CompletableFuture<?>) returned, generation);
        return returned;
      case OpenAiOperations.FORM_ASYNC_CREATE_STREAMING:
        return new TracedAsyncStreamResponse<>(
            (AsyncStreamResponse<?>) returned, generation.observeStream());
      default:
        generation.complete(null);
        return returned;
    }
  }

  /**
   * Ends the span when {@code future} completes, leaving the future the application holds as is.
   */
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
