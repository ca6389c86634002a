package com.langfuse.agent.instrumentation.googlegenai;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.genai.types.GenerateContentConfig;
import org.junit.jupiter.api.Test;

class ModelParametersTest {

  @Test
  void nestedConfigBecomesScalars() {
    GenerateContentConfig config =
        GenerateContentConfig.fromJson(
            "{\"temperature\": 0.5, \"candidateCount\": 2, \"responseMimeType\":"
                + " \"application/json\", \"stopSequences\": [\"a\", \"b\"],"
                + " \"thinkingConfig\": {\"thinkingBudget\": 512, \"includeThoughts\": true},"
                + " \"toolConfig\": {\"functionCallingConfig\": {\"mode\": \"ANY\"}},"
                + " \"systemInstruction\": {\"parts\": [{\"text\": \"be brief\"}]}}");

    String parameters = ModelParameters.fromConfig(Json.tree(config), true);

    assertThat(parameters)
        .isEqualTo(
            "{\"temperature\":0.5,\"candidateCount\":2,\"responseMimeType\":\"application/json\","
                + "\"stopSequences\":\"[\\\"a\\\",\\\"b\\\"]\",\"thinkingBudget\":512,"
                + "\"includeThoughts\":true,\"functionCallingMode\":\"ANY\",\"stream\":true}");
  }

  @Test
  void noConfigHasNoParameters() {
    assertThat(ModelParameters.fromConfig(null, false)).isNull();
  }

  @Test
  void streamWithoutConfigIsParameter() {
    assertThat(ModelParameters.fromConfig(null, true)).isEqualTo("{\"stream\":true}");
  }
}
