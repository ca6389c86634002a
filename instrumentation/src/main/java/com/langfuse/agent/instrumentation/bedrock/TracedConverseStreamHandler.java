package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.instrumentation.genai.StreamObservation;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/** The application's ConverseStream response handler, observed. */
final class TracedConverseStreamHandler
    extends TracedEventStreamHandler<ConverseStreamResponse, ConverseStreamOutput>
    implements ConverseStreamResponseHandler {

  TracedConverseStreamHandler(
      ConverseStreamResponseHandler delegate, StreamObservation<Object> observation) {
    super(delegate, observation);
  }
}
