package com.langfuse.agent.it;

import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.SdkVersions;
import java.io.IOException;

/**
 * The Bedrock scenarios on bedrockruntime 2.25.63, the oldest supported release. The application
 * compiled against the build's SDK runs on it unchanged, because every SDK method it calls already
 * exists there.
 */
class BedrockOldestSdkTest extends BedrockScenarioSuite {

  @Override
  ChildJvm childJvm() throws IOException {
    return new ChildJvm().classPath(SdkVersions.withModule("bedrock-2.25.63"));
  }

  @Override
  boolean sdkReadsCacheUsage() {
    return false;
  }
}
