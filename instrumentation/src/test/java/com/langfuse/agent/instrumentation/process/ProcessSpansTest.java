package com.langfuse.agent.instrumentation.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessSpansTest {

  @Test
  void baseNameDropsDirectory() {
    assertThat(ProcessSpans.baseName("/usr/lib/jvm/bin/java")).isEqualTo("java");
    assertThat(ProcessSpans.baseName("C:\\Tools\\git.exe")).isEqualTo("git.exe");
    assertThat(ProcessSpans.baseName("sh")).isEqualTo("sh");
  }

  @Test
  void baseNameOfNothingIsProcess() {
    assertThat(ProcessSpans.baseName(null)).isEqualTo("process");
    assertThat(ProcessSpans.baseName("")).isEqualTo("process");
    assertThat(ProcessSpans.baseName("/tmp/")).isEqualTo("process");
  }

  @Test
  void shortenCutsLongArgument() {
    String classPath = "x".repeat(ProcessSpans.MAX_ARGUMENT_LENGTH + 10);

    List<String> shortened = ProcessSpans.shorten(List.of("java", "-cp", classPath));

    assertThat(shortened.get(2))
        .isEqualTo("x".repeat(ProcessSpans.MAX_ARGUMENT_LENGTH) + "...(10 more characters)");
  }

  @Test
  void shortenCountsArgumentsBeyondLimit() {
    List<String> command = new ArrayList<>();
    for (int i = 0; i < ProcessSpans.MAX_ARGUMENTS + 5; i++) {
      command.add("a" + i);
    }

    List<String> shortened = ProcessSpans.shorten(command);

    assertThat(shortened).hasSize(ProcessSpans.MAX_ARGUMENTS + 1);
    assertThat(shortened.get(ProcessSpans.MAX_ARGUMENTS)).isEqualTo("...(5 more arguments)");
  }

  @Test
  void shortenKeepsShortCommand() {
    List<String> command = List.of("sh", "-c", "exit 0");

    assertThat(ProcessSpans.shorten(command)).isEqualTo(command);
  }
}
