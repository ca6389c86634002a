package com.langfuse.agent.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.export.TaskManager;
import com.langfuse.agent.internal.lifecycle.fake.Core;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CracRegistrationTest {

  private static final String FAKE = "com.langfuse.agent.internal.lifecycle.fake";

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private TaskManager taskManager;

  @BeforeEach
  void captureLog() {
    AgentLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
    AgentConfig config =
        AgentConfig.fromMap(Map.of("LANGFUSE_PUBLIC_KEY", "pk-lf-test", "LANGFUSE_SECRET_KEY", "sk"));
    taskManager = new TaskManager(config, () -> null, new AgentStats());
  }

  @AfterEach
  void restoreLog() {
    taskManager.shutdown(1_000);
    AgentLog.setOutput(System.err);
  }

  @Test
  void candidatesFollowOrgCracOrder() {
    assertThat(CracRegistration.candidatePackages("com.example.crac"))
        .containsExactly("com.example.crac", "javax.crac", "jdk.crac");
    assertThat(CracRegistration.candidatePackages(null)).containsExactly("javax.crac", "jdk.crac");
    assertThat(CracRegistration.candidatePackages(" ")).containsExactly("javax.crac", "jdk.crac");
  }

  @Test
  void registersWithFirstFoundPackage() {
    String registered =
        CracRegistration.registerFirst(
            List.of("com.example.missing", FAKE, "jdk.crac"), loaders(), lifecycle());

    assertThat(registered).isEqualTo(FAKE + " from the system class loader");
  }

  @Test
  void missingPackagesRegisterNothing() {
    String registered =
        CracRegistration.registerFirst(List.of("com.example.missing"), loaders(), lifecycle());

    assertThat(registered).isNull();
  }

  @Test
  void resourceSurvivesGarbageCollection() throws Exception {
    CracRegistration.registerFirst(List.of(FAKE), loaders(), lifecycle());
    for (int i = 0; i < 3; i++) {
      System.gc();
    }

    Core.checkpointRestore();

    String output = log.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("INFO checkpoint 1: export paused");
    assertThat(output).contains("INFO restore after checkpoint 1: export resumed");
  }

  @Test
  void restoreWithoutCheckpointOnlyLogs() {
    CheckpointLifecycle lifecycle = lifecycle();

    lifecycle.afterRestore();
    lifecycle.afterRestore();

    String output = log.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("restore with no checkpoint callback before it");
    assertThat(output).doesNotContain("restore after checkpoint");
  }

  @Test
  void secondCheckpointWhilePausedDoesNothing() {
    CheckpointLifecycle lifecycle = lifecycle();

    lifecycle.beforeCheckpoint();
    lifecycle.beforeCheckpoint();
    lifecycle.afterRestore();

    String output = log.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("INFO checkpoint 1: export paused");
    assertThat(output).doesNotContain("checkpoint 2");
    assertThat(output).contains("INFO restore after checkpoint 1: export resumed");
  }

  private CheckpointLifecycle lifecycle() {
    return new CheckpointLifecycle(taskManager, 1_000);
  }

  private static List<ClassLoader> loaders() {
    return Arrays.asList(null, ClassLoader.getSystemClassLoader());
  }
}
