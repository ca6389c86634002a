package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.bootstrap.trace.AgentCleaner;
import com.langfuse.agent.instrumentation.genai.Generation;
import com.langfuse.agent.instrumentation.genai.StreamObservation;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.util.Optional;

/**
 * An {@link HttpResponseFor} from a {@code withRawResponse()} call that delegates to the SDK's and
 * records the call when the application first parses or closes it.
 *
 * <p>For a streaming call, {@link #parse()} returns the SDK's stream wrapped in a {@link
 * TracedStreamResponse}, the same wrapper on every call, and that wrapper ends the span.
 */
final class TracedHttpResponseFor<T> implements HttpResponseFor<T> {

  static final String ABANDONED = "response abandoned before it was parsed or closed";

  private final HttpResponseFor<T> delegate;
  private final Outcome outcome;

  TracedHttpResponseFor(HttpResponseFor<T> delegate, Generation generation, boolean streaming) {
    this.delegate = delegate;
    this.outcome = new Outcome(generation, streaming);
    outcome.cleanable = AgentCleaner.get().register(this, outcome::onAbandoned);
  }

  @Override
  public T parse() {
    T value;
    try {
      value = delegate.parse();
    } catch (RuntimeException | Error e) {
      outcome.onParseFailed(e);
      throw e;
    }
    return outcome.onParsed(value);
  }

  @Override
  public int statusCode() {
    return delegate.statusCode();
  }

  @Override
  public Headers headers() {
    return delegate.headers();
  }

  @Override
  public Optional<String> requestId() {
    return delegate.requestId();
  }

  @Override
  public InputStream body() {
    return delegate.body();
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      outcome.onClose();
    }
  }

  /** What became of the response; shared with the cleaner, so it must not refer to the wrapper. */
  private static final class Outcome {
    private final Generation generation;
    private final boolean streaming;
    private boolean settled;
    private TracedStreamResponse<?> stream;
    private Cleaner.Cleanable cleanable;

    Outcome(Generation generation, boolean streaming) {
      this.generation = generation;
      this.streaming = streaming;
    }

    @SuppressWarnings("unchecked")
    synchronized <T> T onParsed(T value) {
      if (stream != null) {
        return (T) stream;
      }
      if (settled) {
        return value;
      }
      settled = true;
      release();
      if (streaming && value instanceof StreamResponse) {
        stream =
            new TracedStreamResponse<>(
                (StreamResponse<Object>) value, generation.<Object>observeStream());
        return (T) stream;
      }
      generation.complete(value);
      return value;
    }

    synchronized void onParseFailed(Throwable error) {
      if (!settled) {
        settled = true;
        release();
        generation.fail(error);
      }
    }

    synchronized void onClose() {
      if (stream != null) {
        stream.observation().onClose();
        return;
      }
      if (!settled) {
        settled = true;
        release();
        if (streaming) {
          generation.endWithWarning(StreamObservation.CLOSED_EARLY);
        } else {
          generation.complete(null);
        }
      }
    }

    synchronized void onAbandoned() {
      if (!settled) {
        settled = true;
        generation.endWithWarning(ABANDONED);
      }
    }

    /** Drops the cleaner registration once the outcome is known; its action then does nothing. */
    private void release() {
      Cleaner.Cleanable registration = cleanable;
      cleanable = null;
      if (registration != null) {
        registration.clean();
      }
    }
  }
}
