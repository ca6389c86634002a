package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.instrumentation.genai.StreamObservation;
import software.amazon.awssdk.awscore.eventstream.EventStreamResponseHandler;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * A wrapper that the SDK gets in place of an application's event stream response handler. It
 * passes every callback on unchanged and records the initial response. The application receives a
 * publisher that records each event before delivering it. Each subclass adds the
 * operation's own handler interface.
 */
abstract class TracedEventStreamHandler<ResponseT, EventT>
    implements EventStreamResponseHandler<ResponseT, EventT> {

  private final EventStreamResponseHandler<ResponseT, EventT> delegate;
  private final StreamObservation<Object> observation;

  TracedEventStreamHandler(
      EventStreamResponseHandler<ResponseT, EventT> delegate,
      StreamObservation<Object> observation) {
    this.delegate = delegate;
    this.observation = observation;
  }

  @Override
  public void responseReceived(ResponseT response) {
    observation.onItem(response);
    delegate.responseReceived(response);
  }

  @Override
  public void onEventStream(SdkPublisher<EventT> publisher) {
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
