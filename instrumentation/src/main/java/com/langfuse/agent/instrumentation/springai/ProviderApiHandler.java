package com.langfuse.agent.instrumentation.springai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.langfuse.agent.bootstrap.bridge.CallHandler;
import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.SpanData;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Flux;

/**
 * Traces the requests of Spring AI 1.x's own OpenAI and Anthropic HTTP clients ({@code OpenAiApi},
 * {@code AnthropicApi}): each is one model round trip, so each is one generation.
 *
 * <p>Spring AI's request and response types are Jackson-annotated records that mirror the
 * provider's wire format, so the handler reads them as JSON trees and needs no type of its own per
 * provider. A blocking request ends its span on return. A streamed one returns a {@code Flux} that
 * is observed per subscription, under the span that an observed {@code ChatModel.stream} passed
 * up through the Reactor context, or else the span current when the request was made.
 */
public final class ProviderApiHandler implements CallHandler {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public ProviderApiHandler() {}

  @Override
  public Object onEnter(int operation, Object self, Object request) {
    if (request == null) {
      return null;
    }
    ProviderFormat format = ProviderFormat.forOperation(operation);
    JsonNode body = MAPPER.valueToTree(request);
    switch (operation) {
      case SpringAiOperations.OPENAI_CHAT:
      case SpringAiOperations.ANTHROPIC_CHAT:
        return new ApiCall(format, ProviderRequests.startChat(format, body, null));
      case SpringAiOperations.OPENAI_CHAT_STREAM:
      case SpringAiOperations.ANTHROPIC_CHAT_STREAM:
        return new ApiStream(format, body, CurrentSpan.get());
      case SpringAiOperations.OPENAI_EMBEDDINGS:
        return new ApiCall(format, ProviderRequests.startEmbeddings(format, body));
      default:
        return null;
    }
  }

  @Override
  public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    if (state instanceof ApiStream) {
      if (thrown != null || !(returned instanceof Flux)) {
        return returned;
      }
      return ((ApiStream) state).observe((Flux<?>) returned);
    }
    ApiCall call = (ApiCall) state;
    try {
      if (thrown != null) {
        SpringAiSpans.recordError(call.span, thrown);
      } else if (returned instanceof ResponseEntity) {
        Object body = ((ResponseEntity<?>) returned).getBody();
        if (body != null) {
          JsonNode response = MAPPER.valueToTree(body);
          if (operation == SpringAiOperations.OPENAI_EMBEDDINGS) {
            ProviderResponses.recordEmbeddings(call.span, response);
          } else {
            ProviderResponses.recordChat(call.format, call.span, response);
          }
        }
      }
    } catch (Throwable t) {
      SpringAiSpans.logCaptureFailure("reading the " + call.format.provider() + " response", t);
    } finally {
      call.span.end();
    }
    return returned;
  }

  /** A blocking request in progress. */
  private static final class ApiCall {
    final ProviderFormat format;
    final SpanData span;

    ApiCall(ProviderFormat format, SpanData span) {
      this.format = format;
      this.span = span;
    }
  }

  /** A streamed request whose {@code Flux} is not subscribed yet. */
  private static final class ApiStream {
    private final ProviderFormat format;
    private final JsonNode body;
    private final SpanData parent;

    ApiStream(ProviderFormat format, JsonNode body, SpanData parent) {
      this.format = format;
      this.body = body;
      this.parent = parent;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Flux<?> observe(Flux<?> source) {
      return ObservedFlux.observe(
          (Flux) source,
          context -> {
            SpanData contextParent = ObservedFlux.parentFrom(context);
            SpanData effectiveParent = contextParent != null ? contextParent : parent;
            SpanData span = ProviderRequests.startChat(format, body, effectiveParent);
            return new ProviderStreamObserver(format, span, effectiveParent, MAPPER);
          });
    }
  }
}
