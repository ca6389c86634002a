package com.langfuse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LangfuseAgentTest {

  @Test
  void jdkToolIsRecognized() {
    assertThat(LangfuseAgent.isJdkTool("jdk.compiler/com.sun.tools.javac.Main -version")).isTrue();
    assertThat(LangfuseAgent.isJdkTool("jdk.jcmd/sun.tools.jcmd.JCmd -l")).isTrue();
  }

  @Test
  void applicationIsNoJdkTool() {
    assertThat(LangfuseAgent.isJdkTool("com.example.App arg/with/slash")).isFalse();
    assertThat(LangfuseAgent.isJdkTool("app.jar")).isFalse();
    assertThat(LangfuseAgent.isJdkTool("com.example.app/com.example.Main")).isFalse();
    assertThat(LangfuseAgent.isJdkTool(null)).isFalse();
    assertThat(
            LangfuseAgent.isJdkTool("jdk.compiler/com.sun.tools.javac.launcher.Main Hello.java"))
        .isFalse();
    assertThat(
            LangfuseAgent.isJdkTool(
                "jdk.compiler/com.sun.tools.javac.launcher.SourceLauncher Hello.java"))
        .isFalse();
  }

  @Test
  void launcherWithoutMainClassRunsNoApplication() {
    // java -version and java --help leave sun.java.command unset.
    assertThat(LangfuseAgent.runsNoApplication("SUN_STANDARD", null)).isTrue();
    assertThat(LangfuseAgent.runsNoApplication("SUN_STANDARD", "")).isTrue();
  }

  @Test
  void launcherWithMainClassRunsApplication() {
    assertThat(LangfuseAgent.runsNoApplication("SUN_STANDARD", "app.jar")).isFalse();
    assertThat(LangfuseAgent.runsNoApplication("SUN_STANDARD", "com.example.App")).isFalse();
  }

  @Test
  void embeddedJvmRunsApplication() {
    // A JVM that a native program creates through JNI is not the standard launcher.
    assertThat(LangfuseAgent.runsNoApplication("generic", null)).isFalse();
    assertThat(LangfuseAgent.runsNoApplication(null, null)).isFalse();
  }
}
