package com.langfuse.agent.internal.lifecycle;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.export.TaskManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Registers the agent for CRaC checkpoint and restore notifications, with no CRaC API on the
 * application's class path required and none compiled into the agent.
 *
 * <p>It looks for the implementations that {@code org.crac} would pick, in the same order: the
 * package named by the system property {@code org.crac.Core.Compat} (AWS Lambda SnapStart sets
 * it to a package on the system class path), then {@code javax.crac}, then {@code jdk.crac} (Azul
 * Zulu and BellSoft Liberica builds with CRaC). Each is looked up through the bootstrap class
 * loader and through the system class loader: a lookup from the bootstrap loader alone would miss
 * a package on the system class path and register nothing, silently. The first one found gets
 * the agent's resource, and only that one, because an application's {@code org.crac} forwards to
 * the same implementation and a second registration would run every callback twice.
 *
 * <p>Registering in premain, before the application registers anything, puts the agent's {@code
 * beforeCheckpoint} after the application's (it runs in reverse registration order), so spans the
 * application ends in its own callbacks are still flushed, and puts the agent's {@code
 * afterRestore} first, so export runs again before the application resumes its work.
 */
public final class CracRegistration {

  static final String COMPAT_PROPERTY = "org.crac.Core.Compat";
  static final String LAMBDA_INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

  /** Strong references to the registered resources, which every implementation holds weakly. */
  private static final List<Object> REGISTERED = new CopyOnWriteArrayList<>();

  private CracRegistration() {}

  /**
   * Registers the agent's checkpoint resource with the first CRaC implementation found. Logs
   * what it did; never throws. {@code flushTimeoutMillis} bounds the flush before a checkpoint.
   */
  public static void register(TaskManager taskManager, long flushTimeoutMillis) {
    try {
      CheckpointLifecycle lifecycle = new CheckpointLifecycle(taskManager, flushTimeoutMillis);
      List<String> packages = candidatePackages(System.getProperty(COMPAT_PROPERTY));
      String registeredWith = registerFirst(packages, lookupLoaders(), lifecycle);
      if (registeredWith != null) {
        AgentLog.debug("registered for checkpoint and restore through " + registeredWith);
        return;
      }
      reportNoImplementation(packages);
    } catch (Throwable t) {
      AgentLog.warn(
          "registering for checkpoint and restore failed, so a checkpoint of this JVM would find"
              + " the agent's connections open",
          t);
    }
  }

  /** Lists the packages to try, in the order {@code org.crac} tries them. */
  static List<String> candidatePackages(String compatPackage) {
    List<String> packages = new ArrayList<>();
    if (compatPackage != null && !compatPackage.isBlank()) {
      packages.add(compatPackage.trim());
    }
    packages.addAll(Arrays.asList("javax.crac", "jdk.crac"));
    return packages;
  }

  /**
   * Registers with the first package that one of {@code loaders} can load, and returns its
   * description, or null when none could be loaded or registration failed in every one found.
   */
  static String registerFirst(
      List<String> packages, List<ClassLoader> loaders, CheckpointLifecycle lifecycle) {
    for (String packageName : packages) {
      for (ClassLoader loader : loaders) {
        CracApi api = CracApi.find(packageName, loader);
        if (api == null) {
          continue;
        }
        try {
          REGISTERED.add(api.register(new CracResourceHandler(lifecycle, api.describe())));
          return api.describe();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
          AgentLog.warn(
              "registering for checkpoint and restore through "
                  + api.describe()
                  + " failed, trying the next CRaC implementation: "
                  + e);
        }
      }
    }
    return null;
  }

  /**
   * Lists the bootstrap loader (null), then the system loader, which delegates to the platform's.
   *
   * <p>NOTE: an implementation that only an application class loader can load (a Spring Boot
   * nested jar) is not found: the agent does not watch for {@code org.crac} being loaded later.
   */
  private static List<ClassLoader> lookupLoaders() {
    List<ClassLoader> loaders = new ArrayList<>();
    loaders.add(null);
    loaders.add(ClassLoader.getSystemClassLoader());
    return loaders;
  }

  private static void reportNoImplementation(List<String> packages) {
    if ("snap-start".equals(System.getenv(LAMBDA_INITIALIZATION_TYPE))) {
      AgentLog.warn(
          LAMBDA_INITIALIZATION_TYPE
              + "=snap-start, but none of the CRaC packages "
              + packages
              + " is on the class path, so the agent is not told about the snapshot: spans queued"
              + " when it is taken are sent by each restored copy, and connections open then"
              + " fail once and are retried. Check that "
              + COMPAT_PROPERTY
              + " names the runtime's CRaC package");
      return;
    }
    AgentLog.debug(
        "no CRaC implementation found (tried " + packages + "), so no checkpoint is expected");
  }
}
