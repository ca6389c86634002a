package com.langfuse.agent.bootstrap.config;

import com.langfuse.agent.bootstrap.privacy.MaskPattern;
import com.langfuse.agent.bootstrap.privacy.MaskPatterns;
import com.langfuse.agent.bootstrap.trace.RemoteParent;
import com.langfuse.agent.bootstrap.trace.W3cBaggage;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The agent's settings, read once at start from environment variables and system properties.
 *
 * <p>Every variable has a system property twin: {@code LANGFUSE_PUBLIC_KEY} is also {@code
 * -Dlangfuse.public.key}, and the system property wins. An invalid value never stops the
 * application: it produces one warning naming the variable and the value, and the default is used.
 * {@link #toString()} never includes the keys.
 */
public final class AgentConfig {

  public static final String DEFAULT_BASE_URL = "https://cloud.langfuse.com";

  /**
   * The default cap on one attribute value, 1 MiB of UTF-8. A span with its input and its output
   * both at the cap fits one request of the default LANGFUSE_AGENT_MAX_REQUEST_BYTES (3,000,000)
   * unless JSON escaping grows them by more than about 40%, so a large prompt is cut instead of
   * the whole span being dropped as too large.
   */
  public static final int DEFAULT_MAX_FIELD_BYTES = 1024 * 1024;

  /** CI variables that carry a commit id, read in this order when LANGFUSE_RELEASE is unset. */
  private static final String[] RELEASE_FALLBACKS = {
    "GITHUB_SHA", "CI_COMMIT_SHA", "CIRCLE_SHA1", "BITBUCKET_COMMIT", "BUILDKITE_COMMIT",
    "TRAVIS_COMMIT", "GIT_COMMIT", "VERCEL_GIT_COMMIT_SHA", "RENDER_GIT_COMMIT",
    "HEROKU_SLUG_COMMIT", "SOURCE_VERSION", "CODEBUILD_RESOLVED_SOURCE_VERSION"
  };

  private final String publicKey;
  private final String secretKey;
  private final String baseUrl;
  private final String environment;
  private final String release;
  private final String serviceName;
  private final String serviceVersion;
  private final int flushAt;
  private final long flushIntervalMillis;
  private final long timeoutMillis;
  private final boolean debug;
  private final int maxQueueSize;
  private final long maxQueueBytes;
  private final long shutdownTimeoutMillis;
  private final long lambdaFlushTimeoutMillis;
  private final int maxRequestBytes;
  private final int maxRetries;
  private final long maxRetryMillis;
  private final boolean captureContent;
  private final List<MaskPattern> maskPatterns;
  private final int maxFieldBytes;
  private final double sampleRate;
  private final List<String> tags;
  private final String mdcUserIdKey;
  private final String mdcSessionIdKey;
  private final String httpUserIdHeader;
  private final String httpSessionIdHeader;
  private final RemoteParent remoteParent;
  private final Function<String, String> lookup;
  private final List<String> warnings;
  private final String disabledReason;

  private AgentConfig(Function<String, String> lookup) {
    this.lookup = lookup;
    List<String> problems = new ArrayList<>();
    Reader reader = new Reader(lookup, problems);

    this.debug = reader.bool("LANGFUSE_DEBUG", false);
    boolean enabled = reader.bool("LANGFUSE_TRACING_ENABLED", true);
    this.publicKey = reader.string("LANGFUSE_PUBLIC_KEY");
    this.secretKey = reader.string("LANGFUSE_SECRET_KEY");
    String url = reader.string("LANGFUSE_BASE_URL");
    if (url == null) {
      url = reader.string("LANGFUSE_HOST");
    }
    if (url == null) {
      url = DEFAULT_BASE_URL;
    }
    String rawBaseUrl = stripTrailingSlashes(url);
    this.baseUrl = withoutUserInfo(rawBaseUrl);
    this.environment = environmentFrom(reader.string("LANGFUSE_TRACING_ENVIRONMENT"), problems);
    this.release = releaseFrom(reader);
    this.serviceName = serviceNameFrom(reader);
    this.serviceVersion = resourceAttribute(reader.string("OTEL_RESOURCE_ATTRIBUTES"), "service.version");

    this.flushAt = (int) reader.number("LANGFUSE_FLUSH_AT", 512, 1, 100_000);
    this.flushIntervalMillis = reader.seconds("LANGFUSE_FLUSH_INTERVAL", 5_000, 1, 3_600_000);
    this.timeoutMillis = reader.seconds("LANGFUSE_TIMEOUT", 5_000, 1, 600_000);
    this.maxQueueSize = (int) reader.number("LANGFUSE_AGENT_MAX_QUEUE_SIZE", 2048, 1, 10_000_000);
    this.maxQueueBytes =
        reader.number("LANGFUSE_AGENT_MAX_QUEUE_BYTES", 64L * 1024 * 1024, 1024, 1L << 40);
    this.shutdownTimeoutMillis =
        reader.seconds("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", 5_000, 0, 600_000);
    this.lambdaFlushTimeoutMillis =
        reader.seconds("LANGFUSE_AGENT_LAMBDA_FLUSH_TIMEOUT", 2_000, 0, 900_000);
    this.maxRequestBytes =
        (int) reader.number("LANGFUSE_AGENT_MAX_REQUEST_BYTES", 3_000_000, 1024, 4_000_000);
    this.maxRetries = (int) reader.number("LANGFUSE_AGENT_MAX_RETRIES", 5, 0, 100);
    this.maxRetryMillis = reader.seconds("LANGFUSE_AGENT_MAX_RETRY_TIME", 60_000, 0, 3_600_000);
    this.remoteParent = RemoteParent.read(reader::string, problems);

    this.captureContent = reader.bool("LANGFUSE_CAPTURE_CONTENT", true);
    this.maskPatterns = maskPatternsFrom(reader, problems);
    this.maxFieldBytes =
        (int)
            reader.number(
                "LANGFUSE_AGENT_MAX_FIELD_BYTES", DEFAULT_MAX_FIELD_BYTES, 1024, 4_000_000);
    this.sampleRate = reader.fraction("LANGFUSE_SAMPLE_RATE", 1.0);
    this.tags = tagsFrom(reader.string("LANGFUSE_TAGS"));
    this.mdcUserIdKey = orDefault(reader.string("LANGFUSE_MDC_USER_ID_KEY"), "userId");
    this.mdcSessionIdKey = orDefault(reader.string("LANGFUSE_MDC_SESSION_ID_KEY"), "sessionId");
    this.httpUserIdHeader = headerName(reader, "LANGFUSE_HTTP_USER_ID_HEADER", problems);
    this.httpSessionIdHeader = headerName(reader, "LANGFUSE_HTTP_SESSION_ID_HEADER", problems);

    String reason = null;
    if (!enabled) {
      reason = "LANGFUSE_TRACING_ENABLED=false";
    } else if (publicKey == null || secretKey == null) {
      if (publicKey == null && secretKey == null) {
        reason =
            "LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are not set: set them to your project's"
                + " API keys to enable tracing";
      } else if (publicKey == null) {
        reason =
            "LANGFUSE_PUBLIC_KEY is not set: set it to your project's public key to enable tracing";
      } else {
        reason =
            "LANGFUSE_SECRET_KEY is not set: set it to your project's secret key to enable tracing";
      }
      problems.add(reason);
    } else {
      String urlProblem = checkBaseUrl(rawBaseUrl, problems);
      if (urlProblem != null) {
        reason = urlProblem;
      }
    }
    this.disabledReason = reason;
    this.warnings = Collections.unmodifiableList(problems);
  }

  /** Reads the configuration of this process. */
  public static AgentConfig fromEnvironment() {
    Map<String, String> env = System.getenv();
    return from(env::get);
  }

  /**
   * Reads the configuration through {@code env}, a lookup by environment variable name; a system
   * property of the derived name takes precedence.
   */
  public static AgentConfig from(Function<String, String> env) {
    return new AgentConfig(
        name -> {
          String property = System.getProperty(propertyName(name));
          return property != null ? property : env.apply(name);
        });
  }

  /** Reads the configuration from {@code values} only, ignoring system properties; for tests. */
  public static AgentConfig fromMap(Map<String, String> values) {
    return new AgentConfig(values::get);
  }

  /** Maps {@code LANGFUSE_PUBLIC_KEY} to {@code langfuse.public.key}. */
  public static String propertyName(String variable) {
    return variable.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** Returns the raw value of any variable, with the same precedence as the typed settings. */
  public String raw(String variable) {
    String value = lookup.apply(variable);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Returns whether a boolean variable is true, or {@code fallback} when it is unset or invalid. */
  public boolean flag(String variable, boolean fallback) {
    return new Reader(lookup, new ArrayList<>()).bool(variable, fallback);
  }

  /** Whether the agent should install instrumentation and export. */
  public boolean isEnabled() {
    return disabledReason == null;
  }

  /** Why tracing is off, or null when it is on. */
  public String disabledReason() {
    return disabledReason;
  }

  /** Problems found while reading, each a complete message for one WARN line. */
  public List<String> warnings() {
    return warnings;
  }

  public String publicKey() {
    return publicKey;
  }

  public String secretKey() {
    return secretKey;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The OTLP traces endpoint under the base URL. */
  public String tracesEndpoint() {
    return baseUrl + "/api/public/otel/v1/traces";
  }

  public String environment() {
    return environment;
  }

  public String release() {
    return release;
  }

  public String serviceName() {
    return serviceName;
  }

  public String serviceVersion() {
    return serviceVersion;
  }

  public int flushAt() {
    return flushAt;
  }

  public long flushIntervalMillis() {
    return flushIntervalMillis;
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }

  public boolean debug() {
    return debug;
  }

  public int maxQueueSize() {
    return maxQueueSize;
  }

  public long maxQueueBytes() {
    return maxQueueBytes;
  }

  public long shutdownTimeoutMillis() {
    return shutdownTimeoutMillis;
  }

  /**
   * Returns how long the end of an AWS Lambda invocation waits for queued spans to be delivered,
   * in milliseconds. 0 turns that flush off.
   */
  public long lambdaFlushTimeoutMillis() {
    return lambdaFlushTimeoutMillis;
  }

  public int maxRequestBytes() {
    return maxRequestBytes;
  }

  public int maxRetries() {
    return maxRetries;
  }

  public long maxRetryMillis() {
    return maxRetryMillis;
  }

  /** Returns whether prompt and completion content is captured (LANGFUSE_CAPTURE_CONTENT). */
  public boolean captureContent() {
    return captureContent;
  }

  /**
   * Returns the masking patterns: those of LANGFUSE_MASK_PATTERNS and LANGFUSE_MASK_PATTERNS_FILE, then the
   * built-in set when LANGFUSE_MASK_BUILTIN is true. Invalid patterns are left out.
   */
  public List<MaskPattern> maskPatterns() {
    return maskPatterns;
  }

  /** Returns the cap on one exported attribute value, in bytes of UTF-8. */
  public int maxFieldBytes() {
    return maxFieldBytes;
  }

  /** Returns the fraction of traces exported, from 0 to 1. */
  public double sampleRate() {
    return sampleRate;
  }

  /** Returns the tags of every trace (LANGFUSE_TAGS), in order and without duplicates; may be empty. */
  public List<String> tags() {
    return tags;
  }

  /** Returns the MDC and ThreadContext key whose value becomes the trace's user id. */
  public String mdcUserIdKey() {
    return mdcUserIdKey;
  }

  /** Returns the MDC and ThreadContext key whose value becomes the trace's session id. */
  public String mdcSessionIdKey() {
    return mdcSessionIdKey;
  }

  /**
   * Returns the inbound HTTP request header whose value becomes the trace's user id when the
   * logging context has none, or null when none is configured (the default).
   */
  public String httpUserIdHeader() {
    return httpUserIdHeader;
  }

  /** Returns the same header for the trace's session id, or null when none is configured. */
  public String httpSessionIdHeader() {
    return httpSessionIdHeader;
  }

  /**
   * The span context inherited from the parent process through TRACEPARENT, TRACESTATE and
   * BAGGAGE, or null when TRACEPARENT is unset or invalid.
   */
  public RemoteParent remoteParent() {
    return remoteParent;
  }

  /** Whether the instrumentation {@code name} is on: LANGFUSE_AGENT_INSTRUMENTATION_NAME_ENABLED. */
  public boolean isInstrumentationEnabled(String name) {
    String variable =
        "LANGFUSE_AGENT_INSTRUMENTATION_"
            + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_')
            + "_ENABLED";
    return flag(variable, true);
  }

  @Override
  public String toString() {
    return "endpoint="
        + tracesEndpoint()
        + ", environment="
        + (environment == null ? "default" : environment)
        + ", release="
        + (release == null ? "none" : release)
        + ", flushAt="
        + flushAt
        + ", flushIntervalMillis="
        + flushIntervalMillis
        + ", timeoutMillis="
        + timeoutMillis
        + ", maxQueueSize="
        + maxQueueSize
        + ", maxQueueBytes="
        + maxQueueBytes
        + ", captureContent="
        + captureContent
        + ", maskPatterns="
        + maskPatterns.size()
        + ", sampleRate="
        + sampleRate;
  }

  private static List<MaskPattern> maskPatternsFrom(Reader reader, List<String> problems) {
    List<MaskPattern> patterns = new ArrayList<>();
    patterns.addAll(
        MaskPatterns.parse(
            MaskPatterns.PATTERNS_VARIABLE,
            reader.string(MaskPatterns.PATTERNS_VARIABLE),
            problems));
    patterns.addAll(MaskPatterns.parseFile(reader.string(MaskPatterns.FILE_VARIABLE), problems));
    if (reader.bool("LANGFUSE_MASK_BUILTIN", false)) {
      patterns.addAll(MaskPatterns.builtin());
    }
    return Collections.unmodifiableList(patterns);
  }

  /** Splits a comma-separated list, trimming each tag and dropping empty ones and repeats. */
  static List<String> tagsFrom(String value) {
    if (value == null) {
      return List.of();
    }
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    for (String tag : value.split(",")) {
      if (!tag.isBlank()) {
        tags.add(tag.trim());
      }
    }
    return List.copyOf(tags);
  }

  /**
   * Returns the environment name, or null with a warning when Langfuse would not accept it. The
   * Langfuse documentation (Environments page) allows at most 40 characters of {@code a-z},
   * {@code 0-9}, {@code -} and {@code _}, not starting with {@code langfuse}.
   */
  static String environmentFrom(String value, List<String> problems) {
    if (value == null) {
      return null;
    }
    boolean valid =
        value.length() <= 40
            && value.matches("[a-z0-9_-]+")
            && !value.startsWith("langfuse");
    if (valid) {
      return value;
    }
    String loggedValue = value;
    if (value.length() > 60) {
      loggedValue = value.substring(0, 60) + "... (" + value.length() + " characters)";
    }
    problems.add(
        "LANGFUSE_TRACING_ENVIRONMENT="
            + loggedValue
            + " is invalid: use at most 40 lowercase letters, digits, '-' and '_', not starting"
            + " with 'langfuse'; using the default environment");
    return null;
  }

  /**
   * Reads an HTTP header name, or returns null with a warning when it is not a token, the form
   * RFC 7230 gives header field names, since no request could carry such a header.
   */
  private static String headerName(Reader reader, String variable, List<String> problems) {
    String value = reader.string(variable);
    if (value == null || W3cBaggage.isToken(value)) {
      return value;
    }
    problems.add(
        variable
            + "="
            + value
            + " is invalid: use an HTTP header name such as X-User-Id (letters, digits and"
            + " !#$%&'*+-.^_`|~); no header is read");
    return null;
  }

  private static String orDefault(String value, String fallback) {
    return value != null ? value : fallback;
  }

  private static String releaseFrom(Reader reader) {
    String value = reader.string("LANGFUSE_RELEASE");
    for (int i = 0; value == null && i < RELEASE_FALLBACKS.length; i++) {
      value = reader.string(RELEASE_FALLBACKS[i]);
    }
    return value;
  }

  private static String serviceNameFrom(Reader reader) {
    String name = reader.string("OTEL_SERVICE_NAME");
    if (name == null) {
      name = resourceAttribute(reader.string("OTEL_RESOURCE_ATTRIBUTES"), "service.name");
    }
    return name != null ? name : "unknown_service:java";
  }

  /** Reads one key from the OTEL_RESOURCE_ATTRIBUTES format {@code k1=v1,k2=v2}. */
  static String resourceAttribute(String attributes, String key) {
    if (attributes == null) {
      return null;
    }
    for (String pair : attributes.split(",")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).trim().equals(key)) {
        String value = pair.substring(equals + 1).trim();
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  private static String checkBaseUrl(String url, List<String> problems) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      uri = null;
    }
    String scheme = uri == null ? null : uri.getScheme();
    boolean httpScheme = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    if (uri == null || !httpScheme || uri.getHost() == null) {
      String message =
          "LANGFUSE_BASE_URL="
              + withoutUserInfo(url)
              + " is invalid: use an http or https URL such as "
              + DEFAULT_BASE_URL
              + "; tracing is disabled";
      problems.add(message);
      return message;
    }
    if (uri.getRawUserInfo() != null) {
      // The user info may hold a password, so this message leaves the URL out.
      String message =
          "LANGFUSE_BASE_URL contains a user name or password, which the agent does not send:"
              + " remove it, since LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY authenticate;"
              + " tracing is disabled";
      problems.add(message);
      return message;
    }
    String part = null;
    if (uri.getRawQuery() != null) {
      part = "a query";
    } else if (uri.getRawFragment() != null) {
      part = "a fragment";
    } else if (uri.getPort() > 65535) {
      part = "a port above 65535";
    }
    if (part != null) {
      String message =
          "LANGFUSE_BASE_URL="
              + url
              + " is invalid because it has "
              + part
              + ": use the server's URL such as "
              + DEFAULT_BASE_URL
              + ", optionally with a path; tracing is disabled";
      problems.add(message);
      return message;
    }
    if ("http".equalsIgnoreCase(scheme) && !isLocalHost(uri.getHost())) {
      problems.add(
          "LANGFUSE_BASE_URL="
              + url
              + " uses plain http to a non-local host, so the API keys travel unencrypted: use"
              + " https");
    }
    return null;
  }

  /**
   * Returns {@code url} without a {@code user:password@} part, or unchanged when it has none. It
   * works on the text, so it also cleans a URL that {@link URI} rejects before it is logged.
   */
  static String withoutUserInfo(String url) {
    int authorityStart = url.indexOf("://");
    authorityStart = authorityStart < 0 ? 0 : authorityStart + 3;
    int authorityEnd = url.length();
    for (char end : new char[] {'/', '?', '#'}) {
      int index = url.indexOf(end, authorityStart);
      if (index >= 0 && index < authorityEnd) {
        authorityEnd = index;
      }
    }
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) {
      return url;
    }
    return url.substring(0, authorityStart) + url.substring(at + 1);
  }

  private static boolean isLocalHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.startsWith("127.")
        || h.equals("[::1]")
        || h.equals("::1");
  }

  private static String stripTrailingSlashes(String url) {
    String result = url.trim();
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  /** Typed reads that record one problem per invalid value. */
  private static final class Reader {
    private final Function<String, String> lookup;
    private final List<String> problems;

    Reader(Function<String, String> lookup, List<String> problems) {
      this.lookup = lookup;
      this.problems = problems;
    }

    String string(String name) {
      String value = lookup.apply(name);
      return value == null || value.isBlank() ? null : value.trim();
    }

    boolean bool(String name, boolean fallback) {
      String value = string(name);
      if (value == null) {
        return fallback;
      }
      String lower = value.toLowerCase(Locale.ROOT);
      if (lower.equals("true") || lower.equals("1") || lower.equals("yes")) {
        return true;
      }
      if (lower.equals("false") || lower.equals("0") || lower.equals("no")) {
        return false;
      }
      problems.add(
          name + "=" + value + " is invalid: use true or false; using the default " + fallback);
      return fallback;
    }

    long number(String name, long fallback, long min, long max) {
      String value = string(name);
      if (value == null) {
        return fallback;
      }
      try {
        long parsed = Long.parseLong(value);
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // Reported below with the accepted range.
      }
      problems.add(
          name
              + "="
              + value
              + " is invalid: use a whole number from "
              + min
              + " to "
              + max
              + "; using the default "
              + fallback);
      return fallback;
    }

    /** Reads a number from 0 to 1, such as a sampling rate. */
    double fraction(String name, double fallback) {
      String value = string(name);
      if (value == null) {
        return fallback;
      }
      try {
        double parsed = Double.parseDouble(value);
        if (parsed >= 0 && parsed <= 1) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // Reported below with the accepted range.
      }
      problems.add(
          name + "=" + value + " is invalid: use a number from 0 to 1; using the default " + fallback);
      return fallback;
    }

    /** Reads a duration given in seconds (fractions allowed) and returns milliseconds. */
    long seconds(String name, long fallbackMillis, long minMillis, long maxMillis) {
      String value = string(name);
      if (value == null) {
        return fallbackMillis;
      }
      try {
        double parsed = Double.parseDouble(value);
        long millis = Math.round(parsed * 1000);
        if (!Double.isNaN(parsed) && millis >= minMillis && millis <= maxMillis) {
          return millis;
        }
      } catch (NumberFormatException e) {
        // Reported below with the accepted range.
      }
      problems.add(
          name
              + "="
              + value
              + " is invalid: use a number of seconds from "
              + minMillis / 1000.0
              + " to "
              + maxMillis / 1000
              + "; using the default "
              + fallbackMillis / 1000.0);
      return fallbackMillis;
    }
  }
}
