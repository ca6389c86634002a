package com.langfuse.agent.it;

import com.langfuse.agent.it.support.ChildJvm;

/** The Google Gen AI scenarios on the build's google-genai, 2.3.0. */
class GoogleGenAiAgentTest extends GoogleGenAiScenarioSuite {

  @Override
  ChildJvm childJvm() {
    return new ChildJvm();
  }
}
