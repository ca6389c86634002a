package com.langfuse.agent.internal.exporter;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The parts of an {@code http} or {@code https} URL that a request needs, and the proxy to reach
 * it through. The proxy comes from the JVM's {@link ProxySelector}, which reads the {@code
 * http.proxyHost}, {@code https.proxyHost}, {@code socksProxyHost} and {@code http.nonProxyHosts}
 * system properties (or the operating system's settings with {@code java.net.useSystemProxies}).
 */
final class HttpTarget {

  private final URI uri;
  private final boolean secure;
  private final String host;
  private final int port;
  private final String hostHeader;
  private final String originForm;

  /** Parses {@code url}; throws IllegalArgumentException for anything but an http(s) URL. */
  HttpTarget(String url) {
    uri = URI.create(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(url + " is not an http or https URL");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(url + " has no host");
    }
    secure = scheme.equals("https");
    host = uri.getHost();
    int defaultPort = secure ? 443 : 80;
    port = uri.getPort() == -1 ? defaultPort : uri.getPort();
    hostHeader = port == defaultPort ? host : host + ":" + port;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    originForm = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  boolean secure() {
    return secure;
  }

  /** Returns the host as it appears in the URL, with the brackets of an IPv6 literal. */
  String host() {
    return host;
  }

  int port() {
    return port;
  }

  /** Returns the Host header value: the host, and the port unless it is the scheme's default. */
  String hostHeader() {
    return hostHeader;
  }

  /**
   * Returns the request target: the path and query, or the whole URL when the request goes to an
   * HTTP proxy in the clear.
   */
  String requestTarget(Proxy proxy) {
    boolean viaHttpProxy = proxy.type() == Proxy.Type.HTTP && !secure;
    return viaHttpProxy ? "http://" + hostHeader + originForm : originForm;
  }

  /** Returns the first proxy that the JVM's ProxySelector gives for this URL, or NO_PROXY. */
  Proxy proxy() {
    ProxySelector selector = ProxySelector.getDefault();
    if (selector == null) {
      return Proxy.NO_PROXY;
    }
    List<Proxy> proxies = selector.select(uri);
    if (proxies == null || proxies.isEmpty()) {
      return Proxy.NO_PROXY;
    }
    Proxy proxy = proxies.get(0);
    return proxy.address() instanceof InetSocketAddress ? proxy : Proxy.NO_PROXY;
  }
}
