package com.langfuse.agent.bootstrap.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataUrisTest {

  @Test
  void imageUriBecomesPlaceholder() {
    String text = "see data:image/jpeg;base64,/9j/4AAQSkZJRg== here";

    assertThat(DataUris.replace(text))
        .isEqualTo("see [base64 image/jpeg, 10 bytes, removed by langfuse-agent] here");
  }

  @Test
  void parametersAreLeftOutOfMediaType() {
    String text = "data:audio/wav;name=clip.wav;base64,UklGRiQAAABXQVZF";

    assertThat(DataUris.replace(text))
        .isEqualTo("[base64 audio/wav, 12 bytes, removed by langfuse-agent]");
  }

  @Test
  void missingMediaTypeIsTextPlain() {
    assertThat(DataUris.replace("data:;base64,SGVsbG8="))
        .isEqualTo("[base64 text/plain, 5 bytes, removed by langfuse-agent]");
  }

  @Test
  void everyUriIsReplaced() {
    String text =
        "[\"data:image/png;base64,AAAA\",\"data:image/gif;base64,BBBBBBBB\",\"plain\"]";

    assertThat(DataUris.replace(text))
        .isEqualTo(
            "[\"[base64 image/png, 3 bytes, removed by langfuse-agent]\","
                + "\"[base64 image/gif, 6 bytes, removed by langfuse-agent]\",\"plain\"]");
  }

  @Test
  void nonBase64UriIsKept() {
    String text = "data:text/plain,hello and metadata: {\"a\":1} and data:image/png;base64,";

    assertThat(DataUris.replace(text)).isSameAs(text);
  }

  @Test
  void textWithoutUriIsSameInstance() {
    String text = "nothing to see";

    assertThat(DataUris.replace(text)).isSameAs(text);
  }
}
