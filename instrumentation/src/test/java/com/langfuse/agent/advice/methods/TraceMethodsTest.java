package com.langfuse.agent.advice.methods;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceMethodsTest {

  @Test
  void hashFormNamesOneMethod() {
    TraceMethods methods = TraceMethods.parse("com.acme.Agent#run");

    assertThat(methods.methodsByClass()).containsOnlyKeys("com.acme.Agent");
    assertThat(methods.methodsByClass().get("com.acme.Agent")).containsExactly("run");
    assertThat(methods.malformed()).isEmpty();
  }

  @Test
  void bracketFormNamesSeveralMethods() {
    TraceMethods methods = TraceMethods.parse("com.acme.Worker[process, retry]");

    assertThat(methods.methodsByClass().get("com.acme.Worker")).containsExactly("process", "retry");
  }

  @Test
  void entriesForOneClassMerge() {
    TraceMethods methods =
        TraceMethods.parse(" com.acme.Agent#run ; com.acme.Agent[stop];com.acme.Outer$Inner#go;");

    assertThat(methods.methodsByClass().get("com.acme.Agent")).isEqualTo(Set.of("run", "stop"));
    assertThat(methods.methodsByClass().get("com.acme.Outer$Inner")).containsExactly("go");
    assertThat(methods.malformed()).isEmpty();
  }

  @Test
  void malformedEntriesAreListed() {
    String[] invalid = {
      "com.acme.Agent", "com.acme.Agent#", "#run", "com.acme.Agent[run", "com.acme.Agent[]",
      "com.acme.Agent[run,]", "com.acme.Agent#run#stop", "com.acme.Agent#run[stop]",
      "com..acme.Agent#run", "com.acme.Agent#run()", "1com.Agent#run"
    };

    for (String entry : invalid) {
      TraceMethods methods = TraceMethods.parse(entry + ";com.acme.Ok#fine");
      assertThat(methods.malformed()).as(entry).containsExactly(entry);
      assertThat(methods.methodsByClass()).as(entry).containsOnlyKeys("com.acme.Ok");
    }
  }

  @Test
  void unsetValueNamesNothing() {
    assertThat(TraceMethods.parse(null).methodsByClass()).isEmpty();
    assertThat(TraceMethods.parse("  ").methodsByClass()).isEmpty();
    assertThat(TraceMethods.parse(" ; ").malformed()).isEmpty();
  }
}
