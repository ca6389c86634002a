package com.langfuse.agent.it;

import java.nio.file.Path;

/** The Spring AI scenarios on Spring AI 1.1.2 and Spring Boot 3.5.7. */
class SpringAi1Test extends SpringAiScenarioSuite {

  @Override
  Path applicationJar() {
    return Path.of(System.getProperty("it.sdk.versions", "sdk-versions"))
        .resolve("spring-ai-1.1.2/target/spring-ai-app.jar");
  }
}
