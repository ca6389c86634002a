package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.instrumentation.genai.StreamObservation;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/** The application's InvokeModelWithResponseStream response handler, observed. */
final class TracedInvokeModelStreamHandler
    extends TracedEventStreamHandler<InvokeModelWithResponseStreamResponse, ResponseStream>
    implements InvokeModelWithResponseStreamResponseHandler {

  TracedInvokeModelStreamHandler(
      InvokeModelWithResponseStreamResponseHandler delegate,
      StreamObservation<Object> observation) {
    super(delegate, observation);
  }
}
