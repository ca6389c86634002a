package com.langfuse.agent.it.crac;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lists the open file descriptors of this process from {@code /proc/self/fd} (Linux only). */
final class OpenFiles {

  private static final String SOCKET_PREFIX = "socket:[";

  private OpenFiles() {}

  /**
   * Returns the target of every open descriptor, such as {@code /dev/urandom} or {@code
   * socket:[123] tcp 127.0.0.1:40000 -> 127.0.0.1:39009}; TCP sockets carry their addresses.
   */
  static List<String> list() {
    Map<String, String> tcp = tcpConnections();
    List<String> files = new ArrayList<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed while listing, such as the listing's own descriptor
        }
        if (target.startsWith(SOCKET_PREFIX)) {
          String inode = target.substring(SOCKET_PREFIX.length(), target.length() - 1);
          target = target + " " + tcp.getOrDefault(inode, "(not tcp)");
        }
        files.add(target);
      }
    } catch (IOException e) {
      throw new IllegalStateException("listing /proc/self/fd failed: " + e, e);
    }
    return files;
  }

  /**
   * Returns the TCP sockets among {@code files}. Other sockets are left out because every JVM that
   * used a socket keeps one end of a Unix socket pair open for good (the NIO dispatcher's
   * pre-close descriptor), which a CRaC JDK handles itself.
   */
  static List<String> sockets(List<String> files) {
    List<String> sockets = new ArrayList<>();
    for (String file : files) {
      if (file.startsWith(SOCKET_PREFIX) && file.contains(" tcp ")) {
        sockets.add(file);
      }
    }
    return sockets;
  }

  /** Maps socket inodes to "tcp local -> remote" from /proc/net/tcp and /proc/net/tcp6. */
  private static Map<String, String> tcpConnections() {
    Map<String, String> connections = new HashMap<>();
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length > 9) {
          connections.put(fields[9], "tcp " + address(fields[1]) + " -> " + address(fields[2]));
        }
      }
    }
    return connections;
  }

  /** Formats "0100007F:9C40" as "127.0.0.1:40000"; IPv6 addresses keep their hex form. */
  private static String address(String hex) {
    int colon = hex.indexOf(':');
    int port = Integer.parseInt(hex.substring(colon + 1), 16);
    String host = hex.substring(0, colon);
    if (host.length() == 8) {
      long value = Long.parseLong(host, 16);
      host = (value & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + ((value >> 16) & 0xFF) + "."
          + ((value >> 24) & 0xFF);
    }
    return host + ":" + port;
  }
}
