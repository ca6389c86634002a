package com.langfuse.agent.instrumentation.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

class ErrorDescriptionsTest {

  @Test
  void serviceErrorHasStatusCodeAndMessage() {
    ThrottlingException error =
        ThrottlingException.builder()
            .statusCode(429)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("ThrottlingException")
                    .errorMessage("Too many requests.")
                    .build())
            .build();

    assertThat(ErrorDescriptions.describe(new CompletionException(error)))
        .isEqualTo("HTTP 429 ThrottlingException: Too many requests.");
  }

  @Test
  void clientErrorHasClassAndMessage() {
    assertThat(ErrorDescriptions.describe(SdkClientException.create("Unable to connect")))
        .isEqualTo("software.amazon.awssdk.core.exception.SdkClientException: Unable to connect");
  }
}
