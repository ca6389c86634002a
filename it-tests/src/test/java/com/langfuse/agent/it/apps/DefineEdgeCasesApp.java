package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls {@code ClassLoader.defineClass} with the class file of {@code example.defined.Asker} in
 * unusual ways, one new class loader per case, and prints one line per case: the class defined, or
 * the exception thrown, with identity hash codes masked so that runs compare equal. Each class that
 * is defined makes one LLM call naming its case.
 */
public final class DefineEdgeCasesApp {

  private static final String ASKER = "example.defined.Asker";

  private DefineEdgeCasesApp() {}

  public static void main(String[] args) throws Exception {
    byte[] classFile = askerClassFile();
    OpenAIClient client = OpenAiTestClient.fromEnvironment();
    try {
      for (Map.Entry<String, Definition> entry : cases(classFile).entrySet()) {
        String name = entry.getKey();
        Class<?> defined;
        try {
          defined = entry.getValue().define(new EdgeLoader());
        } catch (Throwable t) {
          System.out.println(name + ": " + masked(t.toString()));
          continue;
        }
        System.out.println(name + ": defined " + defined.getName());
        Object instance = defined.getConstructor().newInstance();
        defined.getMethod("ask", OpenAIClient.class, String.class).invoke(instance, client, name);
      }
    } finally {
      client.close();
    }
  }

  private static Map<String, Definition> cases(byte[] classFile) {
    int length = classFile.length;
    Map<String, Definition> cases = new LinkedHashMap<>();
    cases.put("null name", loader -> loader.fromArray(null, classFile, 0, length));
    cases.put("negative offset", loader -> loader.fromArray(ASKER, classFile, -1, length));
    cases.put("length past the end", loader -> loader.fromArray(ASKER, classFile, 0, length + 1));
    cases.put(
        "offset overflow", loader -> loader.fromArray(ASKER, classFile, Integer.MAX_VALUE, length));
    cases.put("null bytes", loader -> loader.fromArray(ASKER, null, 0, length));
    cases.put(
        "truncated class file",
        loader -> loader.fromArray(ASKER, Arrays.copyOf(classFile, length / 2), 0, length / 2));
    cases.put(
        "slashed name", loader -> loader.fromArray("example/defined/Asker", classFile, 0, length));
    cases.put(
        "wrong name", loader -> loader.fromArray("example.defined.Other", classFile, 0, length));
    cases.put(
        "read-only heap buffer",
        loader -> loader.fromBuffer(ASKER, ByteBuffer.wrap(classFile).asReadOnlyBuffer()));
    cases.put("sliced direct buffer", loader -> loader.fromBuffer(ASKER, slicedDirect(classFile)));
    cases.put(
        "duplicate definition",
        loader -> {
          loader.fromArray(ASKER, classFile, 0, length);
          return loader.fromArray(ASKER, classFile, 0, length);
        });
    return cases;
  }

  /** Returns a direct buffer whose position and limit frame the class file inside other bytes. */
  private static ByteBuffer slicedDirect(byte[] classFile) {
    ByteBuffer whole = ByteBuffer.allocateDirect(classFile.length + 32);
    whole.position(11);
    whole.put(classFile);
    whole.position(11).limit(11 + classFile.length);
    ByteBuffer slice = whole.slice();
    slice.position(0);
    return slice;
  }

  private static String masked(String text) {
    return text.replaceAll("@[0-9a-f]+", "@hash");
  }

  private static byte[] askerClassFile() throws IOException {
    try (InputStream in =
        DefineEdgeCasesApp.class
            .getClassLoader()
            .getResourceAsStream("example/defined/Asker.class")) {
      return in.readAllBytes();
    }
  }

  /** One way of calling {@code defineClass}. */
  private interface Definition {
    Class<?> define(EdgeLoader loader);
  }

  /** A class loader that makes {@code defineClass} reachable from the cases. */
  private static final class EdgeLoader extends ClassLoader {

    EdgeLoader() {
      super(DefineEdgeCasesApp.class.getClassLoader());
    }

    Class<?> fromArray(String name, byte[] bytes, int offset, int length) {
      return defineClass(name, bytes, offset, length, domain());
    }

    Class<?> fromBuffer(String name, ByteBuffer buffer) {
      return defineClass(name, buffer, domain());
    }

    private static ProtectionDomain domain() {
      return DefineEdgeCasesApp.class.getProtectionDomain();
    }
  }
}
