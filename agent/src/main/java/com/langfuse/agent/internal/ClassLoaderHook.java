package com.langfuse.agent.internal;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.bridge.AgentJar;
import com.langfuse.agent.bootstrap.bridge.ClassDefinitions;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Changes {@code java.lang.ClassLoader} once, at premain, so that its two {@code defineClass}
 * methods that every class loader ends in hand each class to {@link ClassDefinitions} first. The
 * JDK's {@code InstrumentationImpl} gets a call too, made when another agent attaches later, so
 * that the agent can register its transformer again before that agent may change {@code
 * ClassLoader}. After that the agent keeps no class file transformer registered. While one is
 * registered, the JVM copies every class file it loads, about 22 MB for the demo's OpenAI app,
 * which the heap then grows by.
 *
 * <p>The change is a call at the start of each method and one before each return, with no branch
 * and no new local variable, so the methods' stack map frames stay valid as they are.
 */
final class ClassLoaderHook {

  private static final String CLASS_LOADER = "java/lang/ClassLoader";
  private static final String INSTRUMENTATION_IMPL = "sun/instrument/InstrumentationImpl";
  private static final String AGENTMAIN = "loadClassAndCallAgentmain";
  private static final String AGENTMAIN_DESCRIPTOR = "(Ljava/lang/String;Ljava/lang/String;)V";
  private static final String DEFINITIONS = Type.getInternalName(ClassDefinitions.class);
  private static final String FROM_ARRAY =
      "(Ljava/lang/String;[BIILjava/security/ProtectionDomain;)Ljava/lang/Class;";
  private static final String FROM_BUFFER =
      "(Ljava/lang/String;Ljava/nio/ByteBuffer;Ljava/security/ProtectionDomain;)Ljava/lang/Class;";

  private ClassLoaderHook() {}

  /**
   * Retransforms {@code InstrumentationImpl} and {@code java.lang.ClassLoader} with the calls in
   * place and returns whether it worked. On false, {@code ClassLoader} is as it was and the caller
   * keeps its transformer.
   */
  static boolean install(Instrumentation instrumentation) {
    String reason = reasonToKeepTransformer(instrumentation);
    if (reason != null) {
      AgentLog.info(reason + ", so the class transformer stays registered");
      return false;
    }
    Class<?> instrumentationClass = instrumentation.getClass();
    // Both modules must read the module of the bootstrap class path to call ClassDefinitions.
    Module bridge = ClassDefinitions.class.getModule();
    for (Module module : List.of(ClassLoader.class.getModule(), instrumentationClass.getModule())) {
      if (!module.canRead(bridge)) {
        instrumentation.redefineModule(
            module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
      }
    }
    // Loaded now, not on the first class defined through the changed methods.
    ClassDefinitions.isActive();

    OneShot transformer = new OneShot();
    instrumentation.addTransformer(transformer, true);
    try {
      // The attach call first: on its own it does nothing until the listener is set.
      instrumentation.retransformClasses(instrumentationClass);
      if (transformer.attachHooked) {
        instrumentation.retransformClasses(ClassLoader.class);
      }
    } catch (Throwable t) {
      AgentLog.debug("retransforming java.lang.ClassLoader failed: " + t);
      return false;
    } finally {
      instrumentation.removeTransformer(transformer);
    }

    if (!transformer.attachHooked || transformer.changedMethods != 2) {
      // The transformer then returned null for ClassLoader, so it is unchanged.
      AgentLog.debug(
          "the JDK's classes differ from what the hook expects (agentmain call "
              + (transformer.attachHooked ? "found" : "missing")
              + ", "
              + transformer.changedMethods
              + " of the two defineClass methods), so the class transformer stays registered");
      return false;
    }
    return true;
  }

  /** Returns why the hook must not be installed in this JVM, or null if it may be. */
  private static String reasonToKeepTransformer(Instrumentation instrumentation) {
    String otherAgent = otherAgent(instrumentation);
    if (otherAgent != null) {
      // Another agent that retransforms ClassLoader later would drop the calls without a word.
      return "another agent is on the command line (" + withoutOptions(otherAgent) + ")";
    }
    if (!instrumentation.isRetransformClassesSupported()) {
      return "the JVM cannot retransform classes";
    }
    String className = instrumentation.getClass().getName().replace('.', '/');
    if (!INSTRUMENTATION_IMPL.equals(className)) {
      return "the Instrumentation class " + className + " is not the JDK's";
    }
    return null;
  }

  /**
   * Returns the first JVM option that loads another Java or native agent, or null if there is none.
   * The JVM's own list of options is read: it includes those from JAVA_TOOL_OPTIONS and
   * JDK_JAVA_OPTIONS. A debugger ({@code -agentlib:jdwp} or {@code -Xrunjdwp}) does not count.
   */
  static String otherAgent(Instrumentation instrumentation) {
    return otherAgent(runtimeArguments(instrumentation));
  }

  static String otherAgent(List<String> arguments) {
    boolean ours = false;
    for (String argument : arguments) {
      if (argument.startsWith("-javaagent:")) {
        if (!ours) {
          ours = isThisAgent(argument);
          if (ours) {
            continue;
          }
        }
        return argument;
      }
      if (isNativeAgent(argument)) {
        return argument;
      }
    }
    return null;
  }

  /**
   * Returns whether the option loads a native agent other than the debugger. {@code -Xrun} is the
   * older form of {@code -agentlib}.
   */
  private static boolean isNativeAgent(String argument) {
    if (argument.startsWith("-agentpath:")) {
      return true;
    }
    if (argument.startsWith("-agentlib:")) {
      return !argument.startsWith("-agentlib:jdwp");
    }
    return argument.startsWith("-Xrun") && !argument.startsWith("-Xrunjdwp");
  }

  /** Returns an agent option without the agent's own options, which may contain a secret. */
  static String withoutOptions(String option) {
    int equals = option.indexOf('=');
    return equals < 0 ? option : option.substring(0, equals) + "=...";
  }

  /**
   * Returns whether a {@code -javaagent:} option names this agent's jar. When the jar's location is
   * unknown, the first such option counts as this agent.
   */
  private static boolean isThisAgent(String argument) {
    String jar = argument.substring("-javaagent:".length());
    int options = jar.indexOf('=');
    if (options >= 0) {
      jar = jar.substring(0, options);
    }
    try {
      URL location = AgentJar.location();
      if (location == null) {
        return true;
      }
      Path own = Paths.get(location.toURI());
      Path optionJar = Paths.get(jar);
      // The JVM resolves symbolic links in the location, so compare the files themselves.
      return optionJar.toAbsolutePath().normalize().equals(own.toAbsolutePath().normalize())
          || Files.isSameFile(optionJar, own);
    } catch (Exception e) {
      // Counted as another agent, which keeps the transformer: the safe side.
      return false;
    }
  }

  /**
   * Returns the JVM's options, from {@code jdk.internal.misc.VM}, which the management API reads
   * too; loading that API costs more at start-up. On failure, returns one entry that counts as
   * another agent, so that the caller keeps the transformer.
   */
  private static List<String> runtimeArguments(Instrumentation instrumentation) {
    try {
      JdkInternals.exportMisc(instrumentation);
      Object arguments =
          Class.forName(JdkInternals.MISC + ".VM").getMethod("getRuntimeArguments").invoke(null);
      return Arrays.asList((String[]) arguments);
    } catch (Throwable t) {
      AgentLog.debug("reading the JVM options failed: " + t);
      return List.of("-javaagent:unknown (the JVM options could not be read)");
    }
  }

  /** Returns the class file of {@code ClassLoader} with the calls added. */
  static byte[] hook(byte[] classFile, int[] changedMethods) {
    // A named class, not a lambda: a lambda would spin a hidden class at every start-up.
    return rewrite(classFile, new DefineMethods(changedMethods));
  }

  /**
   * Returns the class file of the JDK's {@code InstrumentationImpl} with a call to {@link
   * ClassDefinitions#agentAttaching} at the start of the method that calls an attaching agent's
   * {@code agentmain}, or null if that method is missing.
   */
  static byte[] hookAttach(byte[] classFile) {
    AgentmainMethod change = new AgentmainMethod();
    byte[] hooked = rewrite(classFile, change);
    return change.found ? hooked : null;
  }

  /** Picks {@link CallFirst} for the two {@code defineClass} methods and counts them. */
  private static final class DefineMethods implements MethodChange {
    private final int[] changedMethods;

    DefineMethods(int[] changedMethods) {
      this.changedMethods = changedMethods;
    }

    @Override
    public MethodVisitor visitor(int access, String name, String descriptor, MethodVisitor next) {
      if (!"defineClass".equals(name) || (access & Opcodes.ACC_STATIC) != 0) {
        return next;
      }
      boolean fromArray = FROM_ARRAY.equals(descriptor);
      if (!fromArray && !FROM_BUFFER.equals(descriptor)) {
        return next;
      }
      changedMethods[0]++;
      return new CallFirst(next, !fromArray);
    }
  }

  /** Adds the call to {@link ClassDefinitions#agentAttaching} first in the agentmain method. */
  private static final class AgentmainMethod implements MethodChange {
    private boolean found;

    @Override
    public MethodVisitor visitor(int access, String name, String descriptor, MethodVisitor next) {
      if (!AGENTMAIN.equals(name) || !AGENTMAIN_DESCRIPTOR.equals(descriptor)) {
        return next;
      }
      found = true;
      return new MethodVisitor(Opcodes.ASM9, next) {
        @Override
        public void visitCode() {
          super.visitCode();
          super.visitMethodInsn(Opcodes.INVOKESTATIC, DEFINITIONS, "agentAttaching", "()V", false);
        }
      };
    }
  }

  /** Picks the visitor for one method of a class file: {@code next} to copy the method as it is. */
  private interface MethodChange {
    MethodVisitor visitor(int access, String name, String descriptor, MethodVisitor next);
  }

  /**
   * Returns the class file with each method written through the visitor that {@code change} picks.
   */
  private static byte[] rewrite(byte[] classFile, MethodChange change) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            return change.visitor(access, name, descriptor, next);
          }
        },
        0);
    return writer.toByteArray();
  }

  /**
   * Writes the call to {@link ClassDefinitions} before the method's first instruction, and one
   * before each return.
   */
  private static final class CallFirst extends MethodVisitor {
    private final boolean fromBuffer;

    CallFirst(MethodVisitor next, boolean fromBuffer) {
      super(Opcodes.ASM9, next);
      this.fromBuffer = fromBuffer;
    }

    @Override
    public void visitCode() {
      super.visitCode();
      if (fromBuffer) {
        // buffer = ClassDefinitions.buffer(this, name, buffer, domain)
        loadArguments(Opcodes.ALOAD, Opcodes.ALOAD, Opcodes.ALOAD);
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC,
            DEFINITIONS,
            "buffer",
            "(Ljava/lang/ClassLoader;Ljava/lang/String;Ljava/nio/ByteBuffer;"
                + "Ljava/security/ProtectionDomain;)Ljava/nio/ByteBuffer;",
            false);
        super.visitVarInsn(Opcodes.ASTORE, 2);
        return;
      }
      // chosen = ClassDefinitions.bytes(this, name, bytes, offset, length, domain)
      loadArguments(Opcodes.ALOAD, Opcodes.ALOAD, Opcodes.ILOAD, Opcodes.ILOAD, Opcodes.ALOAD);
      super.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          DEFINITIONS,
          "bytes",
          "(Ljava/lang/ClassLoader;Ljava/lang/String;[BIILjava/security/ProtectionDomain;)[B",
          false);
      // offset = ClassDefinitions.offset(chosen, bytes, offset), the same for length
      adjust("offset", 3);
      adjust("length", 4);
      // bytes = chosen
      super.visitVarInsn(Opcodes.ASTORE, 2);
    }

    /** Before each return, passes the class about to be returned to {@link ClassDefinitions}. */
    @Override
    public void visitInsn(int opcode) {
      if (opcode == Opcodes.ARETURN) {
        // ClassDefinitions.defined(type), with type left on the stack for the return
        super.visitInsn(Opcodes.DUP);
        super.visitMethodInsn(
            Opcodes.INVOKESTATIC, DEFINITIONS, "defined", "(Ljava/lang/Class;)V", false);
      }
      super.visitInsn(opcode);
    }

    /** Loads {@code this} and then the arguments, one per opcode, from local variable 1 on. */
    private void loadArguments(int... opcodes) {
      super.visitVarInsn(Opcodes.ALOAD, 0);
      for (int i = 0; i < opcodes.length; i++) {
        super.visitVarInsn(opcodes[i], i + 1);
      }
    }

    /** With the chosen array on the stack, stores {@code ClassDefinitions.method}'s result. */
    private void adjust(String method, int local) {
      super.visitInsn(Opcodes.DUP);
      super.visitVarInsn(Opcodes.ALOAD, 2);
      super.visitVarInsn(Opcodes.ILOAD, local);
      super.visitMethodInsn(Opcodes.INVOKESTATIC, DEFINITIONS, method, "([B[BI)I", false);
      super.visitVarInsn(Opcodes.ISTORE, local);
    }
  }

  /**
   * Adds the calls to {@code ClassLoader} and {@code InstrumentationImpl} when they are
   * retransformed, and changes nothing else.
   */
  private static final class OneShot implements ClassFileTransformer {
    private volatile int changedMethods;
    private volatile boolean attachHooked;

    @Override
    public byte[] transform(
        Module module,
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classfileBuffer) {
      if (classBeingRedefined == null || loader != null) {
        return null;
      }
      try {
        if (CLASS_LOADER.equals(className)) {
          int[] changed = new int[1];
          byte[] hooked = hook(classfileBuffer, changed);
          changedMethods = changed[0];
          return changed[0] == 2 ? hooked : null;
        }
        if (INSTRUMENTATION_IMPL.equals(className)) {
          byte[] hooked = hookAttach(classfileBuffer);
          attachHooked = hooked != null;
          return hooked;
        }
      } catch (Throwable t) {
        AgentLog.debug("changing " + className + " failed: " + t);
      }
      return null;
    }
  }
}
