package com.langfuse.agent.it;

import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.SdkVersions;
import java.io.IOException;

/**
 * The Google Gen AI scenarios on google-genai 1.0.0, the oldest supported release, which sends its
 * requests through Apache HttpClient instead of OkHttp and runs its async methods on the common
 * fork-join pool. The application compiled against 2.3.0 runs on 1.0.0 unchanged, because every SDK
 * method it calls already exists there.
 */
class GoogleGenAiOldestSdkTest extends GoogleGenAiScenarioSuite {

  @Override
  ChildJvm childJvm() throws IOException {
    return new ChildJvm().classPath(SdkVersions.withModule("google-genai-1.0.0"));
  }
}
