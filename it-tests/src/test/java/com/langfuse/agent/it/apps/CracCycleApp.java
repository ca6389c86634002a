package com.langfuse.agent.it.apps;

import com.langfuse.agent.bootstrap.AgentRuntime;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.crac.CheckpointException;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.crac.RestoreException;

/**
 * An application that carries {@code org.crac} and drives checkpoint and restore cycles through
 * it, creating spans with the agent's {@link Tracer} (the agent puts it on the boot class path)
 * before, during and after each checkpoint. Prints {@code created=N} at the end, and lines
 * starting with {@code problem:} for anything wrong it saw.
 *
 * <p>Modes, the first argument:
 *
 * <ul>
 *   <li>{@code cycles N}: N cycles, with a background thread creating spans all the time.
 *   <li>{@code unpaired}: afterRestore with no beforeCheckpoint, twice in a row, and a checkpoint
 *       that an application resource fails, between normal cycles.
 *   <li>{@code hanging}: one cycle while the export request hangs at the receiver; waits for the
 *       test to create the file named by the environment variable CRAC_SIGNAL_FILE first.
 *   <li>{@code plain}: no CRaC implementation: checkpointRestore() must throw
 *       UnsupportedOperationException and spans are exported as usual.
 * </ul>
 */
public final class CracCycleApp {

  private static final AtomicInteger CREATED = new AtomicInteger();
  private static final List<String> PROBLEMS = new ArrayList<>();

  /** A strong reference, because org.crac, like every implementation, keeps only weak ones. */
  private static AppResource appResource;

  /**
   * Descriptors of the random devices that the JDK's NativePRNG opened, recorded before the first
   * span. They stay open for the JVM's lifetime and are not the agent's to close. Any other
   * descriptor of a random device at a snapshot belongs to the agent.
   */
  private static Set<String> jdkRandomDescriptors = Set.of();

  private static volatile int cycle;
  private static volatile long checkpointStartNanos;

  private CracCycleApp() {}

  public static void main(String[] args) throws Exception {
    if (Tracer.class.getClassLoader() != null) {
      throw new IllegalStateException(
          "Tracer was loaded from the class path, not from the agent on the boot class path");
    }
    // The agent's exporter opens the same pair when OkHttp sets up TLS; open it here so that the
    // snapshot check below can tell the JDK's descriptors from the agent's.
    new SecureRandom().nextLong();
    jdkRandomDescriptors = randomDeviceDescriptors();

    String mode = args[0];
    if (!mode.equals("plain")) {
      setSnapshotAction(CracCycleApp::onSnapshot);
    }
    appResource = new AppResource();
    Core.getGlobalContext().register(appResource);

    switch (mode) {
      case "cycles":
        runCycles(Integer.parseInt(args[1]));
        break;
      case "unpaired":
        runUnpaired();
        break;
      case "hanging":
        runHanging();
        break;
      case "plain":
        runPlain();
        break;
      default:
        throw new IllegalArgumentException("unknown mode " + mode);
    }

    synchronized (PROBLEMS) {
      for (String problem : PROBLEMS) {
        System.out.println("problem: " + problem);
      }
    }
    System.out.println("created=" + CREATED.get());
  }

  private static void runCycles(int cycles) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    Thread background =
        new Thread(
            () -> {
              int next = 0;
              while (running.get()) {
                span("background-" + next++);
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "span-producer");
    background.setDaemon(true);
    background.start();
    System.gc(); // the registered resources must survive a collection

    try {
      for (cycle = 1; cycle <= cycles; cycle++) {
        span("cycle-" + cycle + "-before-1");
        span("cycle-" + cycle + "-before-2");
        Core.checkpointRestore();
        span("cycle-" + cycle + "-after-1");
        span("cycle-" + cycle + "-after-2");
      }
    } finally {
      running.set(false);
      background.join();
    }
  }

  private static void runUnpaired() throws Exception {
    cycle = 1;
    span("first");
    restoreOnly();
    span("after-lone-restore");
    restoreOnly();
    span("after-second-lone-restore");
    Core.checkpointRestore();
    span("after-cycle");

    cycle = 2;
    appResource.failNextCheckpoint = true;
    try {
      Core.checkpointRestore();
      problem("a checkpoint failed by the application resource did not throw");
    } catch (CheckpointException expected) {
      System.out.println("checkpoint failed as intended");
    }
    span("after-failed-checkpoint");

    cycle = 3;
    Core.checkpointRestore();
    span("after-last-cycle");
    restoreOnly();
    span("last");
  }

  private static void runHanging() throws Exception {
    cycle = 1;
    span("before-1");
    span("before-2");
    awaitSignalFile();
    if (AgentRuntime.taskManager().flush(100)) {
      problem("the flush succeeded, but the receiver was told to hang");
    }
    Core.checkpointRestore();
    span("after-1");
  }

  /** Waits until the test creates the file named by CRAC_SIGNAL_FILE: the export request hangs. */
  private static void awaitSignalFile() throws InterruptedException {
    Path signal = Path.of(System.getenv("CRAC_SIGNAL_FILE"));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(signal)) {
      if (System.nanoTime() > deadline) {
        problem("the test did not create " + signal + " within 60 s");
        return;
      }
      Thread.sleep(20);
    }
  }

  private static void runPlain() {
    span("before");
    try {
      Core.checkpointRestore();
      problem("checkpointRestore() returned without a CRaC implementation");
    } catch (UnsupportedOperationException expected) {
      System.out.println("checkpointRestore unsupported");
    } catch (CheckpointException | RestoreException e) {
      problem("checkpointRestore() threw " + e);
    }
    span("after");
  }

  /** Runs where a real JDK writes the image: every beforeCheckpoint has returned. */
  private static void onSnapshot() {
    if (checkpointStartNanos != 0) {
      long millis = (System.nanoTime() - checkpointStartNanos) / 1_000_000;
      System.out.println("checkpoint-ms=" + millis);
    }
    for (String descriptor : randomDeviceDescriptors()) {
      if (!jdkRandomDescriptors.contains(descriptor)) {
        problem("open at snapshot of cycle " + cycle + ": " + descriptor);
      }
    }
    span("cycle-" + cycle + "-during-checkpoint");
  }

  private static void problem(String description) {
    synchronized (PROBLEMS) {
      PROBLEMS.add(description);
    }
  }

  private static void span(String name) {
    SpanData span = Tracer.startSpan(name, "span", SpanData.KIND_INTERNAL);
    span.end();
    CREATED.incrementAndGet();
  }

  private static void restoreOnly() throws Exception {
    implementationCore().getMethod("restoreOnly").invoke(null);
  }

  private static void setSnapshotAction(Runnable action) throws Exception {
    implementationCore().getMethod("setSnapshotAction", Runnable.class).invoke(null, action);
  }

  /** Loads the test double's Core: the package org.crac was pointed at, or jdk.crac. */
  private static Class<?> implementationCore() throws ClassNotFoundException {
    String implementation = System.getProperty("org.crac.Core.Compat", "jdk.crac");
    return Class.forName(implementation + ".Core");
  }

  /** Returns "fd -> target" for every open descriptor of /dev/random or /dev/urandom. */
  private static Set<String> randomDeviceDescriptors() {
    Set<String> found = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
          continue; // the listing's own descriptor, closed by now
        }
        if (target.equals("/dev/random") || target.equals("/dev/urandom")) {
          found.add(fd.getFileName() + " -> " + target);
        }
      }
    } catch (IOException e) {
      problem("listing /proc/self/fd failed: " + e);
    }
    return found;
  }

  /** The application's own resource, registered after the agent's. */
  private static final class AppResource implements Resource {
    volatile boolean failNextCheckpoint;

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
      checkpointStartNanos = System.nanoTime();
      span("cycle-" + cycle + "-app-before-checkpoint");
      if (failNextCheckpoint) {
        failNextCheckpoint = false;
        throw new IllegalStateException("this application resource fails the checkpoint");
      }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
      span("cycle-" + cycle + "-app-after-restore");
    }
  }
}
