package com.langfuse.agent.it;

import java.nio.file.Path;

/** The Spring AI scenarios on Spring AI 2.0.1 and Spring Boot 4.0.7, over the official OpenAI and Anthropic SDKs. */
class SpringAi2Test extends SpringAiScenarioSuite {

  @Override
  Path applicationJar() {
    return Path.of(System.getProperty("it.sdk.versions", "sdk-versions"))
        .resolve("spring-ai-2.0.1/target/spring-ai-app.jar");
  }
}
