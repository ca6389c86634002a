package com.langfuse.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link ClassLoaderHook#hook} on the class file of this JDK's {@code
 * java.lang.ClassLoader}. That the JVM accepts the result is checked by the it-tests, which
 * retransform the real class.
 */
class ClassLoaderHookTest {

  @Test
  void defineMethodsCallHookFirst() throws Exception {
    byte[] original = classLoaderClassFile();
    int[] changed = new int[1];

    byte[] hooked = ClassLoaderHook.hook(original, changed);

    assertThat(changed[0]).isEqualTo(2);
    Map<String, List<String>> before = calls(original);
    Map<String, List<String>> after = calls(hooked);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    String fromArray =
        "defineClass(Ljava/lang/String;[BIILjava/security/ProtectionDomain;)Ljava/lang/Class;";
    String fromBuffer =
        "defineClass(Ljava/lang/String;Ljava/nio/ByteBuffer;Ljava/security/ProtectionDomain;)"
            + "Ljava/lang/Class;";
    assertThat(after.get(fromArray).subList(0, 3))
        .containsExactly(
            "ClassDefinitions.bytes", "ClassDefinitions.offset", "ClassDefinitions.length");
    assertThat(after.get(fromBuffer).get(0)).isEqualTo("ClassDefinitions.buffer");
    for (String method : List.of(fromArray, fromBuffer)) {
      List<String> calls = after.get(method);
      assertThat(calls).as(method).contains("return");
      for (int i = 0; i < calls.size(); i++) {
        if (calls.get(i).equals("return")) {
          assertThat(calls.get(i - 1))
              .as(method + " before return")
              .isEqualTo("ClassDefinitions.defined");
        }
      }
    }
    for (String method : before.keySet()) {
      List<String> added = new ArrayList<>(after.get(method));
      if (method.equals(fromArray)) {
        added = added.subList(3, added.size());
      } else if (method.equals(fromBuffer)) {
        added = added.subList(1, added.size());
      }
      added.removeIf("ClassDefinitions.defined"::equals);
      assertThat(added).as(method).isEqualTo(before.get(method));
    }
  }

  @Test
  void agentmainCallGetsTheAttachCallFirst() throws Exception {
    byte[] original;
    try (InputStream in =
        ClassLoader.getSystemResourceAsStream("sun/instrument/InstrumentationImpl.class")) {
      original = in.readAllBytes();
    }

    byte[] hooked = ClassLoaderHook.hookAttach(original);

    String agentmain = "loadClassAndCallAgentmain(Ljava/lang/String;Ljava/lang/String;)V";
    List<String> before = calls(original).get(agentmain);
    List<String> after = calls(hooked).get(agentmain);
    assertThat(after.get(0)).isEqualTo("ClassDefinitions.agentAttaching");
    assertThat(after.subList(1, after.size())).isEqualTo(before);
    assertThat(ClassLoaderHook.hookAttach(classLoaderClassFile())).isNull();
  }

  @Test
  void otherClassIsLeftAsItWas() throws Exception {
    byte[] original;
    try (InputStream in = ClassLoader.getSystemResourceAsStream("java/lang/Thread.class")) {
      original = in.readAllBytes();
    }
    int[] changed = new int[1];

    ClassLoaderHook.hook(original, changed);

    assertThat(changed[0]).isZero();
  }

  @Test
  void anotherAgentOnTheCommandLineIsFound() {
    // In unit tests the agent jar's location is unknown, so the first -javaagent counts as ours.
    assertThat(ClassLoaderHook.otherAgent(List.of("-Xmx1g", "-javaagent:langfuse-agent.jar")))
        .isNull();
    assertThat(
            ClassLoaderHook.otherAgent(
                List.of("-javaagent:langfuse-agent.jar", "-agentlib:jdwp=transport=dt_socket")))
        .isNull();
    assertThat(
            ClassLoaderHook.otherAgent(
                List.of("-javaagent:langfuse-agent.jar", "-javaagent:/opt/otel.jar=x")))
        .isEqualTo("-javaagent:/opt/otel.jar=x");
    assertThat(
            ClassLoaderHook.otherAgent(
                List.of("-agentpath:/opt/libprofiler.so", "-javaagent:langfuse-agent.jar")))
        .isEqualTo("-agentpath:/opt/libprofiler.so");
    assertThat(ClassLoaderHook.otherAgent(List.of("-agentlib:hprof"))).isEqualTo("-agentlib:hprof");
  }

  @Test
  void xrunOptionIsNativeAgent() {
    assertThat(ClassLoaderHook.otherAgent(List.of("-javaagent:langfuse-agent.jar", "-Xrunyjp")))
        .isEqualTo("-Xrunyjp");
    assertThat(
            ClassLoaderHook.otherAgent(
                List.of("-javaagent:langfuse-agent.jar", "-Xrunjdwp:transport=dt_socket")))
        .isNull();
    assertThat(ClassLoaderHook.otherAgent(List.of("-javaagent:langfuse-agent.jar", "-Xrs")))
        .isNull();
  }

  @Test
  void agentOptionsNotLogged() {
    assertThat(ClassLoaderHook.withoutOptions("-javaagent:/opt/apm.jar=api_key=secret"))
        .isEqualTo("-javaagent:/opt/apm.jar=...");
    assertThat(ClassLoaderHook.withoutOptions("-agentpath:/opt/lib.so"))
        .isEqualTo("-agentpath:/opt/lib.so");
  }

  private static byte[] classLoaderClassFile() throws Exception {
    try (InputStream in = ClassLoader.getSystemResourceAsStream("java/lang/ClassLoader.class")) {
      return in.readAllBytes();
    }
  }

  /**
   * Returns the methods of a class file with the owner and name of each method they call, and
   * {@code return} for each reference they return.
   */
  private static Map<String, List<String>> calls(byte[] classFile) {
    Map<String, List<String>> calls = new LinkedHashMap<>();
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String descriptor, String signature, String[] e) {
                List<String> called = new ArrayList<>();
                calls.put(name + descriptor, called);
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitInsn(int opcode) {
                    if (opcode == Opcodes.ARETURN) {
                      called.add("return");
                    }
                  }

                  @Override
                  public void visitMethodInsn(
                      int opcode, String owner, String method, String desc, boolean itf) {
                    called.add(owner.substring(owner.lastIndexOf('/') + 1) + "." + method);
                  }
                };
              }
            },
            0);
    return calls;
  }
}
