package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.instrumentation.genai.StreamObservation;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/**
 * The application's InvokeModelWithResponseStream response handler, given to the SDK in its place,
 * as {@link TracedConverseStreamHandler} is for ConverseStream.
 */
final class TracedInvokeModelStreamHandler implements InvokeModelWithResponseStreamResponseHandler {

  private final InvokeModelWithResponseStreamResponseHandler delegate;
  private final StreamObservation<Object> observation;

  TracedInvokeModelStreamHandler(
      InvokeModelWithResponseStreamResponseHandler delegate,
      StreamObservation<Object> observation) {
    this.delegate = delegate;
    this.observation = observation;
  }

  @Override
  public void responseReceived(InvokeModelWithResponseStreamResponse response) {
    observation.onItem(response);
    delegate.responseReceived(response);
  }

  @Override
  public void onEventStream(SdkPublisher<ResponseStream> publisher) {
    delegate.onEventStream(new ObservedPublisher<>(publisher, observation::onItem));
  }

  @Override
  public void exceptionOccurred(Throwable error) {
    delegate.exceptionOccurred(error);
  }

  @Override
  public void complete() {
    delegate.complete();
  }
}
