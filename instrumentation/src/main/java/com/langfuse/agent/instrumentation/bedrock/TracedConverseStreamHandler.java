package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.instrumentation.genai.StreamObservation;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * The application's ConverseStream response handler, given to the SDK in its place: it passes every
 * callback on unchanged, and hands the application a publisher that shows each event to the
 * observation before delivering it.
 */
final class TracedConverseStreamHandler implements ConverseStreamResponseHandler {

  private final ConverseStreamResponseHandler delegate;
  private final StreamObservation<Object> observation;

  TracedConverseStreamHandler(
      ConverseStreamResponseHandler delegate, StreamObservation<Object> observation) {
    this.delegate = delegate;
    this.observation = observation;
  }

  @Override
  public void responseReceived(ConverseStreamResponse response) {
    observation.onItem(response);
    delegate.responseReceived(response);
  }

  @Override
  public void onEventStream(SdkPublisher<ConverseStreamOutput> publisher) {
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
