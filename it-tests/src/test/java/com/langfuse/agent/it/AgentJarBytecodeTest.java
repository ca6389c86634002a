package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.support.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.utility.OpenedClassReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks how the agent's own classes in the packaged jar were compiled. String concatenation must
 * compile to {@code StringBuilder} calls. Compiled as invokedynamic, each new shape spins classes
 * at run time, which cost the agent's start-up 3.5 MiB of peak RSS and 60 ms of CPU in a
 * hello-world app. The root POM passes {@code -XDstringConcat=inline} to javac for this.
 */
class AgentJarBytecodeTest {

  private static final String CONCAT_FACTORY = "java/lang/invoke/StringConcatFactory";

  @Test
  void agentClassesConcatenateWithoutInvokedynamic() throws IOException {
    List<String> checked = new ArrayList<>();
    List<String> offenders = new ArrayList<>();
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        boolean ours =
            name.startsWith("com/langfuse/agent/") || name.startsWith("inst/com/langfuse/agent/");
        if (!ours || !name.endsWith(".class")) {
          continue;
        }
        checked.add(name);
        try (InputStream in = jar.getInputStream(entry)) {
          List<String> sites = concatenationSites(in.readAllBytes());
          for (String site : sites) {
            offenders.add(name + " " + site);
          }
        }
      }
    }
    assertThat(checked).hasSizeGreaterThan(300);
    assertThat(offenders).isEmpty();
  }

  @Test
  void findsConcatenationCompiledAsInvokedynamic(@TempDir Path dir) throws IOException {
    // Compiled without the flag, javac's default since Java 9, the concatenation must be found.
    Path source = dir.resolve("Joined.java");
    Files.writeString(
        source, "class Joined { String join(String a, int b) { return a + \"-\" + b; } }");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "-d", dir.toString(), source.toString());
    assertThat(status).isZero();
    byte[] compiled = Files.readAllBytes(dir.resolve("Joined.class"));
    assertThat(concatenationSites(compiled))
        .containsExactly("join(Ljava/lang/String;I)Ljava/lang/String;");
  }

  /** Returns the methods of a class file that concatenate strings through invokedynamic. */
  private static List<String> concatenationSites(byte[] classFile) {
    List<String> sites = new ArrayList<>();
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(OpenedClassReader.ASM_API) {
              @Override
              public MethodVisitor visitMethod(
                  int access,
                  String name,
                  String descriptor,
                  String signature,
                  String[] exceptions) {
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                  @Override
                  public void visitInvokeDynamicInsn(
                      String indyName, String indyDescriptor, Handle bootstrap, Object... args) {
                    if (CONCAT_FACTORY.equals(bootstrap.getOwner())) {
                      sites.add(name + descriptor);
                    }
                  }
                };
              }
            },
            ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return sites;
  }
}
