package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Spring AI scenarios on Spring AI 1.1.2 and Spring Boot 3.5.7. */
class SpringAi1Test extends SpringAiScenarioSuite {

  @Override
  Path applicationJar() {
    return Path.of(System.getProperty("it.sdk.versions", "sdk-versions"))
        .resolve("spring-ai-1.1.2/target/spring-ai-app.jar");
  }

  /** Spring AI 1.x asks OpenAI for stream usage only when the options enable it. */
  @Test
  void streamWithoutUsageHasNoUsage() {
    ReceivedSpan generation = only("openai-client-stream", "generation");
    assertThat(generation.attr("langfuse.observation.usage_details")).isNull();
    assertThat(generation.attr("gen_ai.usage.input_tokens")).isNull();
  }
}
