package com.langfuse.agent.instrumentation.googlegenai;

import com.google.genai.types.Content;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.langfuse.agent.bootstrap.bridge.CallHandler;
import com.langfuse.agent.instrumentation.genai.Generation;
import com.langfuse.agent.instrumentation.genai.StreamObservation;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Traces the Google Gen AI SDK's requests to {@code generateContent} and {@code
 * streamGenerateContent} as Langfuse generations, one per HTTP request.
 *
 * <p>The advice sits on the package-private methods of {@code Models} and {@code AsyncModels} that
 * send one request each, below the public methods' automatic function calling loop, so each round
 * trip of that loop is its own generation. A plain call ends its span on return and a future when
 * it completes. A stream is returned unchanged and observed through its {@code iterator()} and
 * {@code close()} (see {@link ObservedStreams}). The application always receives the SDK's own
 * result or exception.
 */
public final class GoogleGenAiCallHandler implements CallHandler {

  public GoogleGenAiCallHandler() {}

  @Override
  public Object onEnter(int operation, Object self, Object request) {
    switch (operation) {
      case GoogleGenAiOperations.GENERATE:
      case GoogleGenAiOperations.GENERATE_STREAM:
      case GoogleGenAiOperations.ASYNC_GENERATE:
      case GoogleGenAiOperations.ASYNC_GENERATE_STREAM:
        return start(operation, (Object[]) request);
      case GoogleGenAiOperations.EMBED:
      case GoogleGenAiOperations.ASYNC_EMBED:
        return startEmbedding((Object[]) request);
      case GoogleGenAiOperations.STREAM_ITERATOR:
      case GoogleGenAiOperations.STREAM_CLOSE:
        return ObservedStreams.find(self);
      default:
        return null;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    switch (operation) {
      case GoogleGenAiOperations.STREAM_ITERATOR:
        if (thrown != null || returned == null) {
          return returned;
        }
        return new ObservedIterator<>(
            (Iterator<GenerateContentResponse>) returned,
            (StreamObservation<GenerateContentResponse>) state);
      case GoogleGenAiOperations.STREAM_CLOSE:
        ((StreamObservation<?>) state).onClose();
        return returned;
      default:
        return exitRequest((Generation) state, operation, returned, thrown);
    }
  }

  @SuppressWarnings("unchecked")
  private static Generation start(int operation, Object[] arguments) {
    if (arguments == null || arguments.length != 3) {
      return null;
    }
    return new Generation(
        GoogleGenAiProvider.INSTANCE,
        GenerateContentApi.INSTANCE,
        GenerateContentApi.start(
            (String) arguments[0],
            (List<Content>) arguments[1],
            (GenerateContentConfig) arguments[2],
            GoogleGenAiOperations.isStreaming(operation)));
  }

  /**
   * Starts the span of an embeddings request, whose arguments are {@code (model, contents, config)}
   * in google-genai 1.x and {@code (model, contents, content, apiType, config)} in 2.x.
   */
  @SuppressWarnings("unchecked")
  private static Generation startEmbedding(Object[] arguments) {
    if (arguments == null || (arguments.length != 3 && arguments.length != 5)) {
      return null;
    }
    return new Generation(
        GoogleGenAiProvider.INSTANCE,
        EmbedContentApi.INSTANCE,
        EmbedContentApi.start(
            (String) arguments[0],
            (List<Content>) arguments[1],
            arguments.length == 5 ? (Content) arguments[2] : null,
            (EmbedContentConfig) arguments[arguments.length - 1]));
  }

  private static Object exitRequest(
      Generation generation, int operation, Object returned, Throwable thrown) {
    if (thrown != null) {
      generation.fail(thrown);
      return returned;
    }
    if (returned == null) {
      generation.complete(null);
      return null;
    }
    switch (operation) {
      case GoogleGenAiOperations.GENERATE_STREAM:
        ObservedStreams.register(returned, generation.observeStream());
        return returned;
      case GoogleGenAiOperations.ASYNC_GENERATE:
      case GoogleGenAiOperations.ASYNC_EMBED:
        ((CompletableFuture<?>) returned)
            .whenComplete(
                (response, error) -> {
                  if (error != null) {
                    generation.fail(ErrorDescriptions.unwrap(error));
                  } else {
                    generation.complete(response);
                  }
                });
        return returned;
      case GoogleGenAiOperations.ASYNC_GENERATE_STREAM:
        return observeWhenComplete((CompletableFuture<?>) returned, generation);
      default:
        generation.complete(returned);
        return returned;
    }
  }

  /**
   * Returns a future that completes like {@code future}, once the stream it completed with is
   * registered. The SDK's public method chains its own step onto this future instead of the one the
   * request returned, so no callback reads the stream before the agent registers it.
   */
  private static CompletableFuture<?> observeWhenComplete(
      CompletableFuture<?> future, Generation generation) {
    return future.whenComplete(
        (stream, error) -> {
          // An exception thrown here would complete the returned future exceptionally.
          try {
            if (error != null) {
              generation.fail(ErrorDescriptions.unwrap(error));
            } else if (stream == null) {
              generation.complete(null);
            } else {
              ObservedStreams.register(stream, generation.observeStream());
            }
          } catch (Throwable t) {
            GoogleGenAiProvider.INSTANCE.logCaptureFailure("observing an async stream", t);
          }
        });
  }
}
