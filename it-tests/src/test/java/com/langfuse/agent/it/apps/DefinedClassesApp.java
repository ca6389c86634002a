package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.sun.tools.attach.VirtualMachine;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Defines classes through each form of {@code ClassLoader.defineClass} and has no code for the
 * agent.
 *
 * <p>{@code trace}: defines {@code example.defined.Asker} three times, in three new class loaders:
 * from a whole array, from an array at an offset, and from a direct buffer. Each copy makes one LLM
 * call.
 *
 * <p>{@code late-agent JAR[=OPTIONS]...}: first attaches the agent in each {@code JAR} ({@link
 * LateAgent}) to this JVM in turn, then does what {@code trace} does. Needs {@code
 * -Djdk.attach.allowAttachSelf=true}.
 *
 * <p>{@code late-native LIBRARY}: first attaches the native agent {@code LIBRARY} to this JVM,
 * defines one more class ({@code window}) and loads the OpenAI client's chat service, waits until
 * the agent has given up its hook, then does what {@code trace} does. Needs {@code
 * -Djdk.attach.allowAttachSelf=true}.
 *
 * <p>{@code allocation}: defines 1,000 generated classes of about 8 KB each and prints the bytes
 * that the defining thread allocated meanwhile, as {@code allocated=N}. A JVM with a class file
 * transformer registered copies each class file into a new array, about 8 MB more here.
 */
public final class DefinedClassesApp {

  public static final int GENERATED_CLASSES = 1_000;
  public static final int PADDING_BYTES = 8_000;

  private DefinedClassesApp() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("allocation")) {
      printAllocation();
      return;
    }
    byte[] classFile = askerClassFile();
    Map<String, Class<?>> askers = new LinkedHashMap<>();
    OpenAIClient client = null;
    if (args[0].equals("late-native")) {
      System.out.println("hook in place before: " + hookInPlace());
      VirtualMachine self = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
      try {
        self.loadAgentPath(args[1]);
      } finally {
        self.detach();
      }
      askers.put(
          "window", new DefiningLoader().define("example.defined.Asker", classFile, "array"));
      // Loads the SDK's chat service classes while the hook is lost and not yet noticed.
      client = client();
      client.chat().completions();
      awaitHookGiveUp();
      System.out.println("hook in place after: " + hookInPlace());
    }
    if (args[0].equals("late-agent")) {
      for (int i = 1; i < args.length; i++) {
        VirtualMachine self = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
          int options = args[i].indexOf('=');
          if (options < 0) {
            self.loadAgent(args[i]);
          } else {
            self.loadAgent(args[i].substring(0, options), args[i].substring(options + 1));
          }
        } finally {
          self.detach();
        }
      }
    }
    for (String way : new String[] {"array", "offset", "direct"}) {
      askers.put(way, new DefiningLoader().define("example.defined.Asker", classFile, way));
    }
    if (client == null) {
      client = client();
    }
    try {
      for (Map.Entry<String, Class<?>> entry : askers.entrySet()) {
        String way = entry.getKey();
        Class<?> asker = entry.getValue();
        Object instance = asker.getConstructor().newInstance();
        Object answer =
            asker.getMethod("ask", OpenAIClient.class, String.class).invoke(instance, client, way);
        System.out.println(way + ": " + answer);
      }
    } finally {
      client.close();
    }
  }

  /**
   * Waits until the agent stops passing defined classes on, which it does once it has noticed that
   * {@code ClassLoader} lost its calls and has retransformed the classes defined meanwhile.
   */
  private static void awaitHookGiveUp() throws Exception {
    Method isActive = classDefinitions().getMethod("isActive");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((Boolean) isActive.invoke(null)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the agent still uses the lost hook after 30 s");
      }
      Thread.sleep(50);
    }
  }

  private static OpenAIClient client() {
    return OpenAiTestClient.fromEnvironment();
  }

  /** Returns what the agent's own check of its {@code defineClass} hook finds. */
  private static boolean hookInPlace() throws Exception {
    return (Boolean) classDefinitions().getMethod("hookInPlace").invoke(null);
  }

  /** Returns the agent's class on the bootstrap class path that the hook calls. */
  private static Class<?> classDefinitions() throws ClassNotFoundException {
    return Class.forName("com.langfuse.agent.bootstrap.bridge.ClassDefinitions", false, null);
  }

  private static byte[] askerClassFile() throws IOException {
    try (InputStream in =
        DefinedClassesApp.class
            .getClassLoader()
            .getResourceAsStream("example/defined/Asker.class")) {
      return in.readAllBytes();
    }
  }

  private static void printAllocation() throws Exception {
    byte[][] classFiles = new byte[GENERATED_CLASSES][];
    for (int i = 0; i < GENERATED_CLASSES; i++) {
      classFiles[i] = generatedClassFile("generated/Padded" + i);
    }
    DefiningLoader loader = new DefiningLoader();
    // A first class outside the measurement loads what defining a class needs.
    loader.define("generated.Warmup", generatedClassFile("generated/Warmup"), "array");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < GENERATED_CLASSES; i++) {
      loader.define("generated.Padded" + i, classFiles[i], "array");
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    System.out.println("allocated=" + allocated);
  }

  /**
   * Returns a class file for an empty class with this internal name, whose constant pool carries an
   * unused string of {@link #PADDING_BYTES} bytes.
   */
  static byte[] generatedClassFile(String internalName) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0xCAFEBABE);
    out.writeShort(0); // minor version
    out.writeShort(52); // major version: Java 8, which needs no stack map frames here
    out.writeShort(6); // constant pool count: entries 1 to 5
    out.writeByte(1); // 1: Utf8, the class name
    out.writeUTF(internalName);
    out.writeByte(7); // 2: Class, naming 1
    out.writeShort(1);
    out.writeByte(1); // 3: Utf8, the superclass name
    out.writeUTF("java/lang/Object");
    out.writeByte(7); // 4: Class, naming 3
    out.writeShort(3);
    out.writeByte(1); // 5: Utf8, the padding
    out.writeUTF("x".repeat(PADDING_BYTES));
    out.writeShort(0x0001 | 0x0020); // public, super
    out.writeShort(2); // this class
    out.writeShort(4); // superclass
    out.writeShort(0); // interfaces
    out.writeShort(0); // fields
    out.writeShort(0); // methods
    out.writeShort(0); // attributes
    out.flush();
    return bytes.toByteArray();
  }

  /** A class loader that defines the given class file in the requested way. */
  static final class DefiningLoader extends ClassLoader {

    DefiningLoader() {
      super(DefinedClassesApp.class.getClassLoader());
    }

    Class<?> define(String name, byte[] classFile, String way) {
      ProtectionDomain domain = DefinedClassesApp.class.getProtectionDomain();
      switch (way) {
        case "array":
          return defineClass(name, classFile, 0, classFile.length, domain);
        case "offset":
          byte[] padded = new byte[classFile.length + 12];
          System.arraycopy(classFile, 0, padded, 7, classFile.length);
          return defineClass(name, padded, 7, classFile.length, domain);
        case "direct":
          ByteBuffer buffer = ByteBuffer.allocateDirect(classFile.length);
          buffer.put(classFile).flip();
          return defineClass(name, buffer, domain);
        default:
          throw new IllegalArgumentException(way);
      }
    }
  }
}
