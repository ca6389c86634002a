package com.langfuse.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point, which does as little as possible. It appends the agent jar to
 * the bootstrap class path, so that the bootstrap classes at the jar's top level are visible from
 * every class loader. Then it hands over to the installer in the agent's own class loader.
 *
 * <p>This class is loaded by the system class loader before the jar is on the bootstrap path, so
 * it refers to no other agent class by type: a direct reference would load a second copy of a
 * bootstrap class into the system class loader.
 */
public final class LangfuseAgent {

  private static boolean started;

  private LangfuseAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    start(instrumentation, false);
  }

  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(instrumentation, true);
  }

  /**
   * The main classes of the source-file launcher: {@code launcher.Main} up to Java 21 and {@code
   * launcher.SourceLauncher} from Java 22.
   */
  private static final String SOURCE_LAUNCHER_PREFIX = "jdk.compiler/com.sun.tools.javac.launcher.";

  /**
   * Returns whether the JVM runs a tool of the JDK itself (javac, jar, jcmd, keytool, jshell and
   * so on). Their launchers start the main class from a JDK module, so {@code sun.java.command}
   * reads {@code jdk.compiler/com.sun.tools.javac.Main}. An agent that arrives there through an
   * inherited {@code JAVA_TOOL_OPTIONS} stays inert: no threads, no output. The source-file
   * launcher ({@code java Hello.java}) also starts from {@code jdk.compiler}, but it runs the
   * user's program, so it is not a tool.
   */
  static boolean isJdkTool(String javaCommand) {
    if (javaCommand == null || javaCommand.startsWith(SOURCE_LAUNCHER_PREFIX)) {
      return false;
    }
    int slash = javaCommand.indexOf('/');
    int space = javaCommand.indexOf(' ');
    if (slash <= 0 || (space >= 0 && space < slash)) {
      return false;
    }
    String module = javaCommand.substring(0, slash);
    return module.startsWith("jdk.") || module.startsWith("java.");
  }

  /**
   * Returns whether the standard {@code java} launcher runs no main class, as with {@code java
   * -version} or {@code java --help}, which leave {@code sun.java.command} unset. A JVM that a
   * native program creates through JNI has no main class either, but it is not the standard
   * launcher and may run anything, so it counts as running an application.
   */
  static boolean runsNoApplication(String launcher, String javaCommand) {
    return "SUN_STANDARD".equals(launcher) && (javaCommand == null || javaCommand.isBlank());
  }

  private static synchronized void start(Instrumentation instrumentation, boolean attachedLate) {
    if (started) {
      return;
    }
    started = true;
    String javaCommand = System.getProperty("sun.java.command");
    if (isJdkTool(javaCommand)
        || runsNoApplication(System.getProperty("sun.java.launcher"), javaCommand)) {
      return;
    }
    try {
      CodeSource codeSource = LangfuseAgent.class.getProtectionDomain().getCodeSource();
      if (codeSource == null) {
        // The bootstrap loader loaded this class, so the jar is on the boot class path too.
        System.err.println(
            "[langfuse-agent] ERROR the agent jar is on the boot class path"
                + " (-Xbootclasspath/a), so the application runs untraced: keep it only in"
                + " -javaagent");
        return;
      }
      URL location = codeSource.getLocation();
      File jar = new File(location.toURI());
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));

      Class<?> agentJar = Class.forName("com.langfuse.agent.bootstrap.bridge.AgentJar", true, null);
      agentJar.getMethod("setLocation", URL.class).invoke(null, location);
      ClassLoader agentLoader =
          (ClassLoader)
              Class.forName("com.langfuse.agent.bootstrap.bridge.AgentClassLoader", true, null)
                  .getConstructor()
                  .newInstance();
      Class<?> starter = agentLoader.loadClass("com.langfuse.agent.internal.AgentStarter");
      starter
          .getMethod("start", Instrumentation.class, boolean.class)
          .invoke(null, instrumentation, attachedLate);
    } catch (Throwable t) {
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
      System.err.println(
          "[langfuse-agent] ERROR agent start failed, the application runs untraced: " + cause);
    }
  }
}
