package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.bridge.CallHandler;
import com.langfuse.agent.instrumentation.genai.Generation;
import com.langfuse.agent.instrumentation.genai.StreamObservation;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;

/**
 * Traces the Converse, ConverseStream and InvokeModel calls of the AWS SDK's Bedrock Runtime
 * clients as Langfuse generations.
 *
 * <p>The advice calls it through the bridge with an operation code from {@link BedrockOperations}.
 * A blocking call ends its span on return. An async call ends it when its future completes.
 * ConverseStream and InvokeModelWithResponseStream get a response handler that observes the events
 * in place of the application's, and its span ends when the call's future completes. The
 * application always receives the SDK's own result or exception.
 *
 * <p>NOTE: a ConverseStream or InvokeModelWithResponseStream span ends only with the call's future,
 * which the SDK completes once the application has consumed the event stream or cancelled it. A
 * stream that the application never subscribes to leaves its span open, and so unexported.
 */
public final class BedrockCallHandler implements CallHandler {

  /** The first bedrockruntime release with the Converse API, the oldest one traced. */
  static final String OLDEST_SUPPORTED = "2.25.63";

  private static final String CONVERSE_REQUEST =
      "software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest";

  /**
   * Creates the handler for the SDK that this class links against, or throws {@link
   * UnsupportedOperationException} when that SDK predates the Converse API. The bridge catches it,
   * logs it at DEBUG, and leaves the SDK's calls untraced: its InvokeModel methods match the advice
   * too, but the helpers link against Converse types.
   */
  public BedrockCallHandler() {
    requireConverseApi(BedrockCallHandler.class.getClassLoader());
  }

  static void requireConverseApi(ClassLoader loader) {
    try {
      Class.forName(CONVERSE_REQUEST, false, loader);
    } catch (ClassNotFoundException e) {
      throw new UnsupportedOperationException(
          "bedrockruntime "
              + OLDEST_SUPPORTED
              + " or later is required, and this version lacks "
              + CONVERSE_REQUEST
              + ", so its calls stay untraced");
    }
  }

  @Override
  public Object onEnter(int operation, Object self, Object request) {
    switch (operation) {
      case BedrockOperations.CONVERSE:
      case BedrockOperations.CONVERSE_ASYNC:
        return request instanceof SdkPojo
            ? new Generation(
                BedrockApi.PROVIDER,
                BedrockApi.CONVERSE,
                ConverseRequests.start((SdkPojo) request, false))
            : null;
      case BedrockOperations.INVOKE_MODEL:
      case BedrockOperations.INVOKE_MODEL_ASYNC:
        return request instanceof InvokeModelRequest
            ? new Generation(
                BedrockApi.PROVIDER,
                BedrockApi.INVOKE_MODEL,
                InvokeModelRequests.start((InvokeModelRequest) request))
            : null;
      case BedrockOperations.CONVERSE_STREAM:
        return converseStream((Object[]) request);
      case BedrockOperations.INVOKE_MODEL_STREAM:
        return invokeModelStream((Object[]) request);
      default:
        return null;
    }
  }

  @Override
  public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    if (state instanceof StreamObservation) {
      StreamObservation<?> observation = (StreamObservation<?>) state;
      if (thrown != null) {
        observation.onError(thrown);
      } else if (returned instanceof CompletableFuture) {
        ((CompletableFuture<?>) returned)
            .whenComplete(
                (value, error) -> {
                  if (error != null) {
                    observation.onError(error);
                  } else {
                    observation.onComplete();
                  }
                });
      } else {
        observation.onComplete();
      }
      return returned;
    }

    Generation generation = (Generation) state;
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

  /**
   * Starts the span of a ConverseStream call whose advice passed {@code {request, handler}}, and
   * puts a handler that observes the stream in the array's second element.
   */
  private static StreamObservation<Object> converseStream(Object[] call) {
    if (call == null
        || call.length != 2
        || !(call[0] instanceof SdkPojo)
        || !(call[1] instanceof ConverseStreamResponseHandler)) {
      return null;
    }
    Generation generation =
        new Generation(
            BedrockApi.PROVIDER,
            BedrockApi.CONVERSE_STREAM,
            ConverseRequests.start((SdkPojo) call[0], true));
    StreamObservation<Object> observation = generation.observeStream();
    call[1] = new TracedConverseStreamHandler((ConverseStreamResponseHandler) call[1], observation);
    return observation;
  }

  /**
   * Starts the span of an InvokeModelWithResponseStream call whose advice passed {@code {request,
   * handler}}, and puts a handler that observes the stream in the array's second element.
   */
  private static StreamObservation<Object> invokeModelStream(Object[] call) {
    if (call == null
        || call.length != 2
        || !(call[0] instanceof InvokeModelWithResponseStreamRequest)
        || !(call[1] instanceof InvokeModelWithResponseStreamResponseHandler)) {
      return null;
    }
    InvokeModelWithResponseStreamRequest request = (InvokeModelWithResponseStreamRequest) call[0];
    StreamObservation<Object> observation =
        new StreamObservation<>(
            BedrockApi.PROVIDER,
            InvokeModelRequests.start(request.modelId(), request.body()),
            new InvokeModelStreamAccumulator(ModelFamily.of(request.modelId())));
    call[1] =
        new TracedInvokeModelStreamHandler(
            (InvokeModelWithResponseStreamResponseHandler) call[1], observation);
    return observation;
  }
}
