package com.langfuse.agent.it;

import com.langfuse.agent.it.support.ChildJvm;
import org.junit.jupiter.api.Assumptions;

/** The Google Gen AI scenarios on Java 25, skipped where Temurin 25 is not installed. */
class GoogleGenAiJava25Test extends GoogleGenAiScenarioSuite {

  @Override
  ChildJvm childJvm() {
    String java25 = ChildJvm.java25Home();
    Assumptions.assumeTrue(java25 != null, "Temurin 25 is not installed here");
    return new ChildJvm().javaHome(java25);
  }
}
