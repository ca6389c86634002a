package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.bridge.CallHandler;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/**
 * Traces the Converse, ConverseStream and InvokeModel calls of the AWS SDK's Bedrock Runtime
 * clients as Langfuse generations.
 *
 * <p>The advice calls it through the bridge with an operation code from {@link BedrockOperations}.
 * A blocking call ends its span on return. An async call ends it when its future completes.
 * ConverseStream gets a response handler that observes the events in place of the application's,
 * and ends the span when the call's future completes. The application always receives the SDK's own
 * result or exception.
 */
public final class BedrockCallHandler implements CallHandler {

  public BedrockCallHandler() {}

  @Override
  public Object onEnter(int operation, Object self, Object request) {
    switch (operation) {
      case BedrockOperations.CONVERSE:
      case BedrockOperations.CONVERSE_ASYNC:
        return converse((SdkPojo) request);
      case BedrockOperations.INVOKE_MODEL:
      case BedrockOperations.INVOKE_MODEL_ASYNC:
        return invokeModel((InvokeModelRequest) request);
      case BedrockOperations.CONVERSE_STREAM:
        return converseStream((Object[]) request);
      default:
        return null;
    }
  }

  @Override
  public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    if (state instanceof ConverseStreamObservation) {
      ConverseStreamObservation observation = (ConverseStreamObservation) state;
      if (thrown != null || !(returned instanceof CompletableFuture)) {
        observation.finish(thrown);
      } else {
        ((CompletableFuture<?>) returned).whenComplete((value, error) -> observation.finish(error));
      }
      return returned;
    }

    BedrockGeneration generation = (BedrockGeneration) state;
    if (thrown != null) {
      generation.fail(thrown);
    } else if (returned instanceof CompletableFuture) {
      ((CompletableFuture<?>) returned)
          .whenComplete(
              (value, error) -> {
                if (error != null) {
                  generation.fail(error);
                } else {
                  generation.complete(value);
                }
              });
    } else {
      generation.complete(returned);
    }
    return returned;
  }

  private static BedrockGeneration converse(SdkPojo request) {
    if (request == null) {
      return null;
    }
    SpanData span = ConverseRequests.start(request, false);
    return new BedrockGeneration(
        span, (target, response) -> ConverseResults.record(target, (SdkPojo) response));
  }

  private static BedrockGeneration invokeModel(InvokeModelRequest request) {
    if (request == null) {
      return null;
    }
    SpanData span = InvokeModelRequests.start(request);
    String modelId = request.modelId();
    return new BedrockGeneration(
        span,
        (target, response) ->
            InvokeModelResults.record(target, modelId, (InvokeModelResponse) response));
  }

  /**
   * Starts the span of a ConverseStream call whose advice passed {@code {request, handler}}, and
   * puts a handler that observes the stream in the array's second element.
   */
  private static ConverseStreamObservation converseStream(Object[] call) {
    if (call == null
        || call.length != 2
        || !(call[0] instanceof SdkPojo)
        || !(call[1] instanceof ConverseStreamResponseHandler)) {
      return null;
    }
    ConverseStreamObservation observation =
        new ConverseStreamObservation(ConverseRequests.start((SdkPojo) call[0], true));
    call[1] = new TracedConverseStreamHandler((ConverseStreamResponseHandler) call[1], observation);
    return observation;
  }
}
