package com.langfuse.agent.it;

import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.SdkVersions;
import java.io.IOException;

/**
 * The OpenAI scenarios on openai-java 4.0.0, the oldest supported release. The application
 * compiled against 4.105.0 runs on 4.0.0 unchanged, because every SDK method it calls already
 * exists there.
 */
class OpenAiOldestSdkTest extends OpenAiScenarioSuite {

  @Override
  ChildJvm childJvm() throws IOException {
    return new ChildJvm().classPath(SdkVersions.openAi("4.0.0"));
  }
}
